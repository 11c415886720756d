// The initial parameters from k-means labels must be those from the one-hot responsibility matrix
// the labels stand for, to the last bit, for every kernel (the tied one included, which takes the
// matrix), so skipping the matrix changes no fit.
import { mulberry32 } from '@em/core/numeric';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parametersFromResponsibilities } from '../src/init/initialize.js';
import { parametersFromLabels } from '../src/init/parameters-from-labels.js';
import { kernelForModel } from '../src/kernels/index.js';

/** Equal to the bit (the sign of zero included). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  return x.every((v, i) => v === y[i]);
}

const MODELS = ['full', 'tied', 'diag', 'spherical', 'VVV', 'EEE', 'VII', 'EEI'] as const;

describe('parametersFromLabels', () => {
  it('gives the bits of parametersFromResponsibilities on the one-hot matrix', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 1, max: 300 }),
          d: fc.integer({ min: 1, max: 5 }),
          k: fc.integer({ min: 1, max: 7 }),
          // Some components get no row (their labels are never drawn).
          used: fc.integer({ min: 1, max: 7 }),
          model: fc.constantFrom(...MODELS),
          scale: fc.constantFrom(1, 1e-3, 1e5, -1),
          seed: fc.integer({ min: 0, max: 2 ** 31 }),
        }),
        ({ n, d, k, used, model, scale, seed }) => {
          const random = mulberry32(seed);
          const data = Float64Array.from({ length: n * d }, () => scale * (4 * random() - 2));
          const labels = Int32Array.from({ length: n }, () => Math.floor(random() * Math.min(used, k)));
          const resp = new Float64Array(n * k);
          for (let i = 0; i < n; i++) resp[i * k + labels[i]!] = 1;
          const kernel = kernelForModel(model, d);
          const X = { data, rows: n, cols: d };
          const fromMatrix = parametersFromResponsibilities(kernel, X, k, resp, 1e-6);
          const fromLabels = parametersFromLabels(kernel, X, k, labels, 1e-6);
          expect(sameBits(fromLabels.weights, fromMatrix.weights)).toBe(true);
          expect(sameBits(fromLabels.means, fromMatrix.means)).toBe(true);
          expect(sameBits(fromLabels.covariances, fromMatrix.covariances)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});
