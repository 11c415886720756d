// The pruned k-means (Hamerly's bounds, the first assignment taken from the seeding) must be plain
// Lloyd bit for bit: same labels, same centres to the last bit, same iteration count, for the
// same draws. The reference is the unpruned implementation, kmeans-reference.ts, with the same
// blocks of rows for its sums (blockRows: the default, 4096, is one block for these sizes; small
// ones give many blocks).
import { mulberry32 } from '@em/core/numeric';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kmeans, kmeansPlusPlus } from '../src/init/kmeans.js';
import * as reference from './kmeans-reference.js';

/** Equal to the bit (NaN payloads and the sign of zero included). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  return x.every((v, i) => v === y[i]);
}

interface Case {
  X: Float64Array;
  n: number;
  d: number;
  k: number;
  seed: number;
  maxIter: number;
  relativeTol: number;
  blockRows?: number;
}

/** Both engines of the seeding's distance pass (WebAssembly SIMD and JavaScript) against plain Lloyd. */
function expectSameKmeans({ X, n, d, k, seed, maxIter, relativeTol, blockRows = 4096 }: Case): void {
  const theirs = reference.kmeans(X, n, d, k, mulberry32(seed), maxIter, relativeTol, blockRows);
  for (const engine of ['wasm', 'js'] as const) {
    const ours = kmeans(X, n, d, k, mulberry32(seed), maxIter, relativeTol, engine, blockRows);
    expect(ours.nIter).toBe(theirs.nIter);
    expect(Array.from(ours.labels)).toEqual(Array.from(theirs.labels));
    expect(sameBits(ours.centers, theirs.centers)).toBe(true);
  }
}

/**
 * Blobs with random centres and spreads, at a random scale: tiny (squared distances underflow)
 * and huge (they overflow to infinity, and k-means++ finds no candidate) included.
 */
const blobData = fc
  .record({
    n: fc.integer({ min: 1, max: 400 }),
    d: fc.integer({ min: 1, max: 7 }),
    blobs: fc.integer({ min: 1, max: 6 }),
    spread: fc.double({ min: 0.01, max: 3, noNaN: true }),
    scale: fc.constantFrom(1, 1e-150, 1e-3, 1e3, 1e150, 1e160, 1e300),
    dataSeed: fc.integer({ min: 0, max: 2 ** 31 }),
  })
  .map(({ n, d, blobs, spread, scale, dataSeed }) => {
    const random = mulberry32(dataSeed);
    const centres = Float64Array.from({ length: blobs * d }, () => 20 * random() - 10);
    const X = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const b = Math.floor(random() * blobs);
      for (let j = 0; j < d; j++) X[i * d + j] = scale * (centres[b * d + j]! + spread * (random() - 0.5));
    }
    return { X, n, d };
  });

/** Small integers: many duplicate rows and exact ties between centres. */
const gridData = fc
  .record({
    n: fc.integer({ min: 1, max: 200 }),
    d: fc.integer({ min: 1, max: 4 }),
    levels: fc.integer({ min: 1, max: 4 }),
    dataSeed: fc.integer({ min: 0, max: 2 ** 31 }),
  })
  .map(({ n, d, levels, dataSeed }) => {
    const random = mulberry32(dataSeed);
    return { X: Float64Array.from({ length: n * d }, () => Math.floor(random() * levels)), n, d };
  });

const settings = fc.record({
  // Up to 30 components: 2 + ⌊ln k⌋ = 5 candidates per round, more than one group of four.
  kWanted: fc.integer({ min: 1, max: 30 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  maxIter: fc.constantFrom(0, 1, 2, 5, 300),
  relativeTol: fc.constantFrom(0, 1e-4, 1e-2),
  blockRows: fc.constantFrom(2, 16, 64, 4096),
});

describe('pruned k-means = plain Lloyd, bit for bit', () => {
  it('on blobs at every scale, any k, iteration cap and tolerance', () => {
    fc.assert(
      fc.property(blobData, settings, ({ X, n, d }, { kWanted, seed, maxIter, relativeTol, blockRows }) => {
        expectSameKmeans({ X, n, d, k: Math.min(n, kWanted), seed, maxIter, relativeTol, blockRows });
      }),
      { numRuns: 300 },
    );
  });

  it('on integer grids, where rows coincide, centres tie and clusters empty', () => {
    fc.assert(
      fc.property(gridData, settings, ({ X, n, d }, { kWanted, seed, maxIter, relativeTol, blockRows }) => {
        expectSameKmeans({ X, n, d, k: Math.min(n, kWanted), seed, maxIter, relativeTol, blockRows });
      }),
      { numRuns: 300 },
    );
  });

  it('k-means++ seeding draws the same seeds', () => {
    fc.assert(
      fc.property(blobData, settings, ({ X, n, d }, { kWanted, seed, blockRows }) => {
        const k = Math.min(n, kWanted);
        const theirs = Array.from(reference.kmeansPlusPlus(X, n, d, k, mulberry32(seed), blockRows));
        for (const engine of ['wasm', 'js'] as const) {
          const ours = kmeansPlusPlus(X, n, d, k, mulberry32(seed), engine, blockRows);
          expect(Array.from(ours)).toEqual(theirs);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('when identical rows make k-means++ pick one row twice (an empty cluster is relocated)', () => {
    // Zero potential: every draw falls through to the last row, so seeds repeat.
    const X = new Float64Array([1, 1, 1, 1, 1, 1, 5, 5]);
    for (let seed = 0; seed < 5; seed++)
      expectSameKmeans({ X, n: 4, d: 2, k: 3, seed, maxIter: 300, relativeTol: 1e-4 });
    const seeds = kmeansPlusPlus(new Float64Array(6).fill(2), 6, 1, 3, mulberry32(0));
    expect(new Set(seeds).size).toBeLessThan(3);
  });

  it('when squared distances overflow and k-means++ chooses no seed (index −1, as the plain loop)', () => {
    const X = new Float64Array([0, 0, -1e300, 0, 0, 0, 3, 1]);
    expect(Array.from(kmeansPlusPlus(X, 4, 2, 3, mulberry32(1)))).toEqual([2, -1, 3]);
    for (let seed = 0; seed < 5; seed++)
      expectSameKmeans({ X, n: 4, d: 2, k: 3, seed, maxIter: 300, relativeTol: 1e-4 });
  });

  it('on the benchmark shapes (thousands of rows, 2 to 32 features, many iterations)', () => {
    for (const [n, d, k] of [
      [4000, 2, 5],
      [3000, 8, 8],
      [1500, 32, 8],
    ] as const) {
      const random = mulberry32(n + d);
      const centres = Float64Array.from({ length: k * d }, () => 12 * random() - 6);
      const X = Float64Array.from({ length: n * d }, (_, at) => {
        const c = Math.floor(at / d) % k;
        return centres[c * d + (at % d)]! + 2 * (random() + random() + random() - 1.5);
      });
      for (let seed = 0; seed < 4; seed++) {
        for (const blockRows of [4096, 512])
          expectSameKmeans({ X, n, d, k, seed, maxIter: 300, relativeTol: 1e-4, blockRows });
      }
    }
  });
});
