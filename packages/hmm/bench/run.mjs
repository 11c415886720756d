// `pnpm bench` for @em/hmm: Baum–Welch iterations per second on 1,000,000 observations, ours and
// pomegranate (single-threaded) in the same run, reported as a ratio.
//
//   node bench/run.mjs [--repeats 3] [--no-pomegranate]
//
// Both sides start from the same parameters on the same data (written to a temporary file) and
// time (fit with n updates − fit with 2 updates) / (n − 2) (pomegranate cannot run a single update): initialisation and input checks excluded.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HiddenMarkovModel } from '@em/hmm';
import { referenceEnv } from '../../../scripts/reference-env.mjs';
import { CASES, generateCase } from './cases.mjs';

const { values: args } = parseArgs({
  options: {
    repeats: { type: 'string', default: '3' },
    'no-pomegranate': { type: 'boolean', default: false },
  },
});
const repeats = Number(args.repeats);
const here = fileURLToPath(new URL('.', import.meta.url));
const python = process.env.PYTHON ?? '/usr/bin/python3';
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

function ours(c, X, init) {
  const fitMs = (updates) => {
    const hmm = new HiddenMarkovModel({
      nStates: c.s,
      emission: c.kind,
      covarianceType: 'diag',
      minCovar: 0,
      ...init,
      maxIter: updates,
      tol: 0,
    });
    const start = performance.now();
    hmm.fit(X);
    return { ms: performance.now() - start, hmm };
  };
  fitMs(2); // warm-up
  const per = [];
  let logProb;
  for (let r = 0; r < repeats; r++) {
    const many = fitMs(c.iterations);
    const two = fitMs(2);
    per.push((many.ms - two.ms) / (c.iterations - 2));
    logProb = many.hmm.score(X);
  }
  return { msPerIteration: median(per), logProb };
}

function reference(c, X, init) {
  if (args['no-pomegranate']) return { skipped: '--no-pomegranate' };
  const dir = mkdtempSync(join(tmpdir(), 'em-hmm-bench-'));
  try {
    writeFileSync(join(dir, 'case.json'), JSON.stringify({ ...c, init }));
    writeFileSync(join(dir, 'data.f64'), new Uint8Array(X.buffer));
    const out = spawnSync(
      python,
      [join(here, 'pomegranate_bench.py'), join(dir, 'case.json'), join(dir, 'data.f64'), String(repeats)],
      {
        encoding: 'utf8',
        env: referenceEnv(),
        maxBuffer: 1 << 24,
      },
    );
    if (out.error) return { skipped: `${python}: ${out.error.code ?? out.error.message}` };
    if (out.status !== 0)
      return { skipped: `${python} exited ${out.status}: ${out.stderr.trim().split('\n').at(-1)}` };
    return JSON.parse(out.stdout.trim().split('\n').at(-1));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `@em/hmm Baum–Welch vs pomegranate (single-threaded), median of ${repeats}; Node ${process.version}`,
);
for (const c of CASES) {
  const { X, init } = generateCase(c);
  const a = ours(c, X, init);
  const b = reference(c, X, init);
  const perSecond = (ms) => (1000 / ms).toFixed(2);
  console.log(`\n${c.name}`);
  console.log(
    `  @em/hmm       ${a.msPerIteration.toFixed(1)} ms/iteration  (${perSecond(a.msPerIteration)} it/s)`,
  );
  if (b.skipped) {
    console.log(`  pomegranate   skipped: ${b.skipped}`);
    continue;
  }
  console.log(
    `  pomegranate   ${b.msPerIteration.toFixed(1)} ms/iteration  (${perSecond(b.msPerIteration)} it/s), ${b.version}`,
  );
  console.log(`  speed-up      ${(b.msPerIteration / a.msPerIteration).toFixed(2)}× (target ≥ 2×)`);
  const rel = Math.abs(a.logProb - b.logProb) / Math.abs(b.logProb);
  console.log(
    `  final log-likelihood: ours ${a.logProb.toFixed(4)}, pomegranate ${b.logProb.toFixed(4)} (relative difference ${rel.toExponential(1)})`,
  );
}
