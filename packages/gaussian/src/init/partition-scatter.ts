import { type KernelInstance, privateKernelInstance, wasmKernels } from '../kernels/wasm/module.js';

/** Rows per call of the WebAssembly kernel (a multiple of its tile height, 4). */
const BLOCK_ROWS = 64;
/**
 * Fewer features than this keep the JavaScript loop: the kernel's 4 × 4 tiles are mostly padding
 * there (the same bound as the E-step's choice of generated JavaScript for 3 to 6 features).
 */
const MIN_FEATURES = 7;

/** One small instance, kept for the next initialisation (its memory grows with d only). */
let cached: { instance: KernelInstance; doubles: number } | undefined;

/**
 * Second moments of a hard partition (the k-means labels) for full covariances, in WebAssembly
 * SIMD: s2[c] += Σ_{labels i = c} (x_i − m_c)(x_i − m_c)ᵀ (upper triangle), with nk and s1 as the
 * kernels' `accumulate` adds them for one-hot responsibilities (the same bits: counts, and sums of
 * x_i − m_c in row order). The loop over every row and component of `accumulate` cost 100 ms of a
 * 32-feature, 50 000-row initialisation; this reads each row once. Returns false (nothing added)
 * where WebAssembly is unavailable or there are too few features for it to pay.
 */
export function scatterOfPartition(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  labels: Int32Array,
  centres: Float64Array,
  nk: Float64Array,
  s1: Float64Array,
  s2: Float64Array,
): boolean {
  if (d < MIN_FEATURES) return false;
  const module = wasmKernels();
  if (module instanceof Error) return false;
  const p = (d + 3) & ~3;
  // Layout in doubles from `base`: rows, mean, D, r ⊙ D, ones, nk, s1, S (each 16-byte aligned).
  const rowsAt = 0;
  const meanAt = rowsAt + BLOCK_ROWS * d + 2;
  const diffAt = meanAt + p;
  const weightedAt = diffAt + BLOCK_ROWS * p;
  const onesAt = weightedAt + BLOCK_ROWS * p;
  const nkAt = onesAt + BLOCK_ROWS;
  const s1At = nkAt + 2;
  const sAt = s1At + p;
  const doubles = sAt + p * p;
  if (!cached || cached.instance.module !== module || cached.doubles < doubles) {
    cached = { instance: privateKernelInstance(module, doubles * 8), doubles };
  }
  const { exports, buffer, base } = cached.instance;
  const f64 = new Float64Array(buffer, base, doubles);
  f64.fill(0);
  f64.fill(1, onesAt, onesAt + BLOCK_ROWS);
  const at = (doubles: number) => base + doubles * 8;

  // Rows of each component, in row order (a counting sort of the labels).
  const starts = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) starts[labels[i]! + 1]!++;
  for (let c = 0; c < k; c++) starts[c + 1]! += starts[c]!;
  const order = new Int32Array(n);
  const next = starts.slice(0, k);
  for (let i = 0; i < n; i++) order[next[labels[i]!]!++] = i;

  for (let c = 0; c < k; c++) {
    f64.fill(0, nkAt, doubles);
    for (let j = 0; j < d; j++) f64[meanAt + j] = centres[c * d + j]!;
    for (let from = starts[c]!; from < starts[c + 1]!; from += BLOCK_ROWS) {
      const to = Math.min(starts[c + 1]!, from + BLOCK_ROWS);
      for (let t = from, row = rowsAt; t < to; t++, row += d) {
        const x = order[t]! * d;
        for (let j = 0; j < d; j++) f64[row + j] = X[x + j]!;
      }
      exports.fullScatterRows(
        at(rowsAt),
        to - from,
        d,
        p,
        at(meanAt),
        at(diffAt),
        at(weightedAt),
        at(onesAt),
        at(nkAt),
        at(s1At),
        at(sAt),
      );
    }
    nk[c]! += f64[nkAt]!;
    for (let j = 0; j < d; j++) s1[c * d + j]! += f64[s1At + j]!;
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) s2[c * d * d + a * d + b]! += f64[sAt + a * p + b]!;
    }
  }
  return true;
}
