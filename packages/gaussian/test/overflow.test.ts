// The rescue of rows whose squared distances overflow, checked where the textbook computation is
// exact: forced through the rescue, ordinary rows must give the same responsibilities and
// log-densities as the plain log-sum-exp (the expansion m = s²A − 2sB + C is an identity).
import { normalizeLogRows } from '@em/core/numeric';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CovarianceType, GaussianMixture } from '../src/index.js';
import { kernelFor } from '../src/kernels/index.js';
import { rescueOverflowedRows } from '../src/overflow.js';

const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
const X = Array.from({ length: 45 }, (_, i) => [
  (i % 3) * 6 + Math.sin(i),
  (i % 3) * -3 + Math.cos(i * 1.3),
  Math.sin(i * 0.4),
]);

describe('rescueOverflowedRows', () => {
  for (const covarianceType of TYPES) {
    it(`${covarianceType}: on ordinary rows it equals the plain computation to 1e-9`, () => {
      const params = new GaussianMixture({ nComponents: 3, covarianceType, randomState: 0 }).fit(X).params;
      const kernel = kernelFor(covarianceType, 3);
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 3, maxLength: 3 }),
          (row) => {
            const x = Float64Array.from(row);
            const plain = new Float64Array(3);
            kernel.estimateLogProb(x, 1, 3, 3, params.means, params.precisionsCholesky, plain);
            for (let c = 0; c < 3; c++) plain[c]! += Math.log(params.weights[c]!);
            const forced = new Float64Array(3).fill(Number.NEGATIVE_INFINITY);
            const offsets = rescueOverflowedRows(kernel, x, 1, 3, params, forced);
            const plainNorm = normalizeLogRows({ data: plain, rows: 1, cols: 3 })[0]!;
            const rescuedNorm = normalizeLogRows({ data: forced, rows: 1, cols: 3 })[0]! + offsets.get(0)!;
            expect(Math.abs(rescuedNorm - plainNorm)).toBeLessThanOrEqual(
              1e-9 * Math.max(1, Math.abs(plainNorm)),
            );
            for (let c = 0; c < 3; c++) expect(Math.abs(forced[c]! - plain[c]!)).toBeLessThanOrEqual(1e-9);
          },
        ),
        { numRuns: 200 },
      );
    });
  }

  it('rows whose every log-joint is finite are left alone', () => {
    const params = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X).params;
    const logJoint = Float64Array.from([-3, -4, Number.NEGATIVE_INFINITY, -1]);
    expect(rescueOverflowedRows(kernelFor('full', 3), new Float64Array(6), 2, 3, params, logJoint).size).toBe(
      0,
    );
    expect(Array.from(logJoint)).toEqual([-3, -4, Number.NEGATIVE_INFINITY, -1]);
  });
});
