// The k-means' per-block sums run four features at a time (`kmeans-shard.ts`; `label-moments.ts` adds row by row):
// each must still be the plain row-by-row sum, bit for bit, since the k-means on one thread and on
// workers, and scikit-learn's tolerance scale, are pinned to those bits. Checked here against the
// plain loops for feature counts around the groups of four (1 … 9) and a block cut mid-way.
import { mulberry32 } from '@em/core/numeric';
import { describe, expect, it } from 'vitest';
import { kmeansShard } from '../src/init/kmeans-shard.js';
import { labelMoments } from '../src/init/label-moments.js';

/** Equal to the bit (the sign of zero included). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  return a.every((v, i) => Object.is(v, b[i]));
}

function rows(n: number, d: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  // Magnitudes over six orders, so that the order of the additions shows in the last bits.
  return Float64Array.from({ length: n * d }, () => (random() - 0.3) * 10 ** Math.floor(6 * random()));
}

const n = 1000;
const blockRows = 256; // 4 blocks, the last one short
const k = 3;

describe('the k-means block sums, four features at a time = row by row, to the bit', () => {
  for (const d of [1, 2, 3, 4, 5, 7, 8, 9]) {
    it(`${d} feature(s): feature sums, squared deviations, sums by label, deviations by label`, () => {
      const X = rows(n, d, d);
      const shard = kmeansShard(X, n, d, k, 2, blockRows, undefined, 'js');
      const means = Float64Array.from({ length: d }, (_, j) => 0.25 * j - 0.5);
      const [sums, squares] = shard.run([{ op: 'spread' }, { op: 'spread', means }]);
      const blocks = Math.ceil(n / blockRows);
      const plainSums = new Float64Array(blocks * d);
      const plainSquares = new Float64Array(blocks * d);
      for (let i = 0; i < n; i++) {
        const b = Math.floor(i / blockRows);
        for (let j = 0; j < d; j++) {
          plainSums[b * d + j]! += X[i * d + j]!;
          plainSquares[b * d + j]! += (X[i * d + j]! - means[j]!) ** 2;
        }
      }
      expect(sameBits(sums!.blocks!, plainSums)).toBe(true);
      expect(sameBits(squares!.blocks!, plainSquares)).toBe(true);

      // The seeding's labels (every row to the first seed, then measured candidates) are what 'sum' adds.
      const labels = Int32Array.from({ length: n }, (_, i) => (i * 7 + (i >> 2)) % k);
      const centres = Float64Array.from({ length: k * d }, (_, at) => at * 0.1);
      const plainBySum = new Float64Array(blocks * k * d);
      const plainCounts = new Float64Array(blocks * k);
      const plainDeviations = new Float64Array(blocks * k * d);
      for (let i = 0; i < n; i++) {
        const b = Math.floor(i / blockRows);
        const c = labels[i]!;
        plainCounts[b * k + c]! += 1;
        for (let j = 0; j < d; j++) {
          plainBySum[(b * k + c) * d + j]! += X[i * d + j]!;
          plainDeviations[(b * k + c) * d + j]! += X[i * d + j]! - centres[c * d + j]!;
        }
      }
      const moments = labelMoments(X, n, d, k, labels, centres, blockRows);
      expect(sameBits(moments.nk, plainCounts)).toBe(true);
      expect(sameBits(moments.s1, plainDeviations)).toBe(true);
      // The shard's labels set row by row (an empty cluster's relocation), then summed.
      const relabel = Array.from(labels, (label, row) => ({ op: 'relocate' as const, row, label }));
      const bySum = shard.run([...relabel, { op: 'sum' }]).at(-1);
      expect(sameBits(bySum!.blocks!, plainBySum)).toBe(true);
      expect(sameBits(bySum!.counts!, plainCounts)).toBe(true);
      shard.close();
    });
  }
});
