// The k-means reuses the last run's WebAssembly instance (a fresh memory costs a page fault per
// 4 KiB): a reused one must look exactly like a new one, and runs must give the bits of plain
// Lloyd (kmeans-reference.ts) whichever instance they get.
import { mulberry32 } from '@em/core/numeric';
import { describe, expect, it } from 'vitest';
import { kmeans } from '../src/init/kmeans.js';
import { kmeansInstance, releaseKmeansInstance } from '../src/init/kmeans-instance.js';
import { wasmKernels } from '../src/kernels/wasm/module.js';
import * as reference from './kmeans-reference.js';

function compiled() {
  const module = wasmKernels();
  if (module instanceof Error) throw module;
  return module;
}

describe('the k-means instance', () => {
  it('is reused once its run ended, zeroed over the bytes asked for, while it is large enough; a larger request gets a new one', () => {
    const first = kmeansInstance(compiled(), 4096);
    // A run not ended (a worker's, between messages) keeps its instance to itself.
    const other = kmeansInstance(compiled(), 2048);
    expect(other).not.toBe(first);
    releaseKmeansInstance(first);
    new Uint8Array(other.buffer, other.base, 4096).fill(7);
    releaseKmeansInstance(other);
    const again = kmeansInstance(compiled(), 2048);
    expect(again).toBe(other);
    expect(new Uint8Array(again.buffer, again.base, 2048).every((b) => b === 0)).toBe(true);
    releaseKmeansInstance(again);
    const larger = kmeansInstance(compiled(), again.buffer.byteLength + 65536);
    releaseKmeansInstance(larger);
    expect(larger).not.toBe(again);
    expect(larger.buffer.byteLength - larger.base).toBeGreaterThanOrEqual(again.buffer.byteLength + 65536);
  });

  it('gives plain Lloyd bit for bit on a large run followed by smaller ones with an odd number of rows', () => {
    const random = mulberry32(5);
    const sizes = [
      [9001, 7, 6],
      [4097, 3, 4],
      [5003, 12, 3],
    ] as const;
    for (const [n, d, k] of sizes) {
      // Large values first: a reused memory that kept them would change distances and labels.
      const X = Float64Array.from(
        { length: n * d },
        (_, i) => (i % 5) * 1e3 + Math.floor(random() * 1e6) / 97,
      );
      const ours = kmeans(X, n, d, k, mulberry32(n), 300, 1e-4, 'wasm');
      const theirs = reference.kmeans(X, n, d, k, mulberry32(n), 300, 1e-4);
      expect(Array.from(ours.labels), `n = ${n}, d = ${d}`).toEqual(Array.from(theirs.labels));
      expect(Array.from(ours.centers)).toEqual(Array.from(theirs.centers));
      expect(ours.nIter).toBe(theirs.nIter);
    }
  });
});
