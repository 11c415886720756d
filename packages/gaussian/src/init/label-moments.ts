import { forEachBlock } from './kmeans-blocks.js';
import { scatterOfPartition } from './partition-scatter.js';

/** Per block of rows: counts (k each), sums of x − m (k × d each), and second moments (k × d × d each). */
export interface BlockMoments {
  nk: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
}

/**
 * The full covariance kernel's statistics of a hard partition (k-means labels) around `centres`,
 * per block of `blockRows` rows (`kmeans-blocks.ts`), each in row order: the counts, the sums of
 * x − m, and the upper triangles of Σ (x − m)(x − m)ᵀ per label — in WebAssembly when it pays
 * (`partition-scatter.ts`), else with the full kernel's arithmetic here. The initialisation's
 * M-step adds the blocks in block order, on whichever thread they were computed. (Its first pass,
 * counts and sums around zero, is the k-means shard's `sum` step: x − 0 is x exactly.)
 */
export function labelMoments(
  X: Float64Array,
  rows: number,
  d: number,
  k: number,
  labels: Int32Array,
  centres: Float64Array,
  blockRows: number,
): BlockMoments {
  const blocks = Math.max(1, Math.ceil(rows / blockRows));
  const nk = new Float64Array(blocks * k);
  const s1 = new Float64Array(blocks * k * d);
  const s2 = new Float64Array(blocks * k * d * d);
  forEachBlock(rows, blockRows, (b, start, end) => {
    const counts = nk.subarray(b * k, (b + 1) * k);
    const sums = s1.subarray(b * k * d, (b + 1) * k * d);
    const moments = s2.subarray(b * k * d * d, (b + 1) * k * d * d);
    const block = X.subarray(start * d, end * d);
    const own = labels.subarray(start, end);
    if (scatterOfPartition(block, end - start, d, k, own, centres, counts, sums, moments)) return;
    const diff = new Float64Array(d);
    for (let i = start; i < end; i++) {
      const c = labels[i]!;
      counts[c]! += 1;
      for (let j = 0; j < d; j++) {
        const v = X[i * d + j]! - centres[c * d + j]!;
        diff[j] = v;
        sums[c * d + j]! += v;
      }
      for (let a = 0, at = c * d * d; a < d; a++) {
        for (let e = a; e < d; e++) moments[at + a * d + e]! += diff[a]! * diff[e]!;
      }
    }
  });
  return { nk, s1, s2 };
}
