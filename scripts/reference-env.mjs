// The environment every bench gives a reference implementation (scikit-learn, R) that it times side
// by side with ours: one thread for BLAS and OpenMP, and OpenBLAS's kernels for this CPU.
//
// OpenBLAS picks its kernels by CPU model. Debian's 0.3.21 does not know newer ones (Intel's
// family 6 model 207, say) and falls back to its generic "Prescott" kernels, which took scikit-learn's
// 32-feature full-covariance fit 1.55 times as long as the AVX-512 ones on such a machine. Where
// OpenBLAS falls back on a CPU that has AVX-512 or AVX2, this names the matching kernels
// (OPENBLAS_CORETYPE SkylakeX or Haswell), so the reference runs at its best. A value already set
// in the environment is kept.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const SINGLE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

let coreType;

/** The OPENBLAS_CORETYPE to set, or undefined to leave OpenBLAS's own choice. */
export function openblasCoreType(python = process.env.PYTHON ?? '/usr/bin/python3') {
  if (coreType !== undefined) return coreType || undefined;
  coreType = '';
  if (process.env.OPENBLAS_CORETYPE) return undefined;
  const chosen = spawnSync(
    python,
    [
      '-c',
      "import numpy\nfrom threadpoolctl import threadpool_info\nprint(' '.join(str(i.get('architecture')) for i in threadpool_info() if i.get('internal_api') == 'openblas'))",
    ],
    { encoding: 'utf8', env: { ...process.env, ...SINGLE_THREAD } },
  );
  if (chosen.status !== 0 || !/\bPrescott\b/i.test(chosen.stdout)) return undefined;
  const flags = cpuFlags();
  coreType = flags.has('avx512f') ? 'SkylakeX' : flags.has('avx2') ? 'Haswell' : '';
  return coreType || undefined;
}

/** `process.env` with one BLAS/OpenMP thread and, where OpenBLAS would fall back, its kernels named. */
export function referenceEnv(extra = {}) {
  const type = openblasCoreType();
  return { ...process.env, ...SINGLE_THREAD, ...(type ? { OPENBLAS_CORETYPE: type } : {}), ...extra };
}

function cpuFlags() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('flags'));
    return new Set(line ? line.split(':')[1].trim().split(/\s+/) : []);
  } catch {
    return new Set();
  }
}
