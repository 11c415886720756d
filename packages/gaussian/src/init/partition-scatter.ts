import { type KernelInstance, privateKernelInstance, wasmKernels } from '../kernels/wasm/module.js';

/**
 * Rows per call of the WebAssembly kernel: with K components about 512 / K rows of each are packed
 * per call, enough to fill its 4 × 4 tiles; the block and its workspace stay in L2 cache.
 */
const BLOCK_ROWS = 512;
/**
 * Fewer features than this keep the JavaScript loop: the kernel's 4 × 4 tiles are mostly padding
 * there (the same bound as the E-step's choice of generated JavaScript for 3 to 6 features).
 */
const MIN_FEATURES = 7;
/** Below this many rows × features², setting up an instance costs more than it saves. */
const MIN_WORK = 1 << 18;

/** One instance, kept for the next initialisation (its memory depends on d and K, not on n). */
let cached: { instance: KernelInstance; doubles: number } | undefined;

/**
 * Second moments of a hard partition (the k-means labels) for full covariances, in WebAssembly
 * SIMD: s2[c] += Σ_{labels i = c} (x_i − m_c)(x_i − m_c)ᵀ (upper triangle), with nk and s1 as the
 * kernels' `accumulate` adds them for one-hot responsibilities (the same bits: counts, and sums of
 * x_i − m_c in row order). The loop over every row and component of `accumulate` cost 100 ms of a
 * 32-feature, 50 000-row initialisation. Returns false (nothing added) where WebAssembly is
 * unavailable or the data too small for it to pay.
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
  if (d < MIN_FEATURES || n * d * d < MIN_WORK) return false;
  const module = wasmKernels();
  if (module instanceof Error) return false;
  const p = (d + 3) & ~3;
  // Layout in doubles from `base`, each array 16-byte aligned: a block of rows and their labels
  // (i32), the means, the kernel's workspace, the statistics.
  let size = 0;
  const take = (doubles: number) => {
    const at = size;
    size += doubles + (doubles & 1);
    return at;
  };
  const rowsAt = take(BLOCK_ROWS * d);
  const labelsAt = take(BLOCK_ROWS / 2);
  const meansAt = take(k * p);
  const respAt = take(BLOCK_ROWS);
  const diffAt = take(BLOCK_ROWS * p);
  const weightedAt = take(BLOCK_ROWS * p);
  const nkAt = take(k);
  const s1At = take(k * p);
  const sAt = take(k * p * p);
  if (!cached || cached.instance.module !== module || cached.doubles < size) {
    cached = { instance: privateKernelInstance(module, size * 8), doubles: size };
  }
  const { exports, buffer, base } = cached.instance;
  const f64 = new Float64Array(buffer, base, size);
  // Zeros: the padding columns of the means and of D, and the statistics.
  f64.fill(0);
  const i32 = new Int32Array(buffer, base + labelsAt * 8, BLOCK_ROWS);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) f64[meansAt + c * p + j] = centres[c * d + j]!;
  }
  const at = (doubles: number) => base + doubles * 8;
  for (let from = 0; from < n; from += BLOCK_ROWS) {
    const to = Math.min(n, from + BLOCK_ROWS);
    f64.set(X.subarray(from * d, to * d), rowsAt);
    i32.set(labels.subarray(from, to));
    exports.fullPartitionScatter(
      at(rowsAt),
      to - from,
      d,
      p,
      k,
      at(labelsAt),
      at(meansAt),
      at(respAt),
      at(diffAt),
      at(weightedAt),
      at(nkAt),
      at(s1At),
      at(sAt),
    );
  }
  for (let c = 0; c < k; c++) {
    nk[c]! += f64[nkAt + c]!;
    for (let j = 0; j < d; j++) s1[c * d + j]! += f64[s1At + c * p + j]!;
    const from = sAt + c * p * p;
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) s2[c * d * d + a * d + b]! += f64[from + a * p + b]!;
    }
  }
  return true;
}
