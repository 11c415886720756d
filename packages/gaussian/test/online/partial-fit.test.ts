// partialFit is stepwise EM: checked against batch EM where they must agree (η = 1 on the whole data
// is one EM iteration), against the batch optimum it must approach, and for the invariants of
// every update (weights summing to 1, positive-definite covariances) whatever the schedule.
import { InvalidInputError, InvalidOptionError } from '@em/core';
import { createRandom, normal } from '@em/sampling';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CovarianceType, GaussianMixture, SingularCovarianceError } from '../../src/index.js';
import { expectClose } from '../helpers.js';

/** n rows of three 2-D groups around (0, 0), (5, 1) and (−2, 6), row-major, in random order. */
function threeGroups(n: number, seed: number): number[][] {
  const rng = createRandom(seed);
  const centres = [
    [0, 0],
    [5, 1],
    [-2, 6],
  ];
  return Array.from({ length: n }, () => {
    const centre = centres[rng.integer(3)]!;
    const [a, b] = normal(rng, { size: 2 });
    return [centre[0]! + a!, centre[1]! + 0.5 * a! + b!];
  });
}

const X = threeGroups(6000, 1);
const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

describe('partialFit against batch EM', () => {
  it.each(
    TYPES,
  )('%s: a first partialFit on the whole data is fit with maxIter 1 (η = 1)', (covarianceType) => {
    const options = { nComponents: 3, covarianceType, randomState: 4 };
    const online = new GaussianMixture(options).partialFit(X);
    const batch = new GaussianMixture({ ...options, maxIter: 1 }).fit(X);
    expectClose(online.weights, batch.weights, 1e-10, 'weights');
    expectClose(online.means, batch.means, 1e-10, 'means');
    expectClose(online.covariances, batch.covariances, 1e-10, 'covariances');
    expect(online.lowerBound).toBeCloseTo(batch.lowerBound, 12);
    expect(online.nIter).toBe(1);
  });

  it('after fit it continues from the fitted parameters: one more full-batch update is one more EM iteration', () => {
    const options = { nComponents: 3, randomState: 4, tol: 0 };
    const continued = new GaussianMixture({ ...options, maxIter: 4 }).fit(X).partialFit(X);
    const batch = new GaussianMixture({ ...options, maxIter: 5 }).fit(X);
    expectClose(continued.means, batch.means, 1e-10, 'means');
    expectClose(continued.covariances, batch.covariances, 1e-10, 'covariances');
  });

  it('mini-batches, 5 passes: the held-out log-likelihood comes within 0.01 nats/row of the batch fit', () => {
    const heldOut = threeGroups(3000, 2);
    const batch = new GaussianMixture({ nComponents: 3, randomState: 0 }).fit(X);
    const online = new GaussianMixture({ nComponents: 3, randomState: 0 });
    for (let pass = 0; pass < 5; pass++)
      for (let start = 0; start < X.length; start += 200) online.partialFit(X.slice(start, start + 200));
    expect(online.nIter).toBe(150);
    const gap = batch.score(heldOut) - online.score(heldOut);
    expect(Math.abs(gap)).toBeLessThan(0.01);
    const byX = (means: number[][]) =>
      means
        .slice()
        .sort((a, b) => a[0]! - b[0]!)
        .flat();
    const expected = byX(batch.means);
    for (const [i, value] of byX(online.means).entries())
      expect(Math.abs(value - expected[i]!)).toBeLessThan(0.05);
  });

  it('a later refit starts a new run: the first update after fit takes η = 1', () => {
    const gmm = new GaussianMixture({ nComponents: 3, randomState: 4 });
    gmm.partialFit(X.slice(0, 500)).partialFit(X.slice(500, 1000));
    gmm.fit(X);
    const refitted = gmm.params;
    gmm.partialFit(X);
    const fresh = new GaussianMixture({ nComponents: 3, randomState: 4 }).fit(X).partialFit(X);
    expect(gmm.params).toEqual(fresh.params);
    expect(gmm.params).not.toEqual(refitted);
  });
});

describe('partialFit invariants (property)', () => {
  it('any schedule, any batches: weights sum to 1, covariances stay positive definite, scores finite', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 1, noNaN: true }).filter((a) => a > 0.5),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.constantFrom(...TYPES),
        fc.array(fc.integer({ min: 3, max: 400 }), { minLength: 1, maxLength: 8 }),
        (alpha, t0, covarianceType, sizes) => {
          const gmm = new GaussianMixture({ nComponents: 3, covarianceType, randomState: 1 });
          let start = 0;
          for (const size of sizes) {
            gmm.partialFit(X.slice(start, start + size), { alpha, t0 });
            start += size;
          }
          expect(gmm.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
          expect(gmm.nIter).toBe(sizes.length);
          expect(Number.isFinite(gmm.score(X.slice(0, 100)))).toBe(true);
          expect(Number.isFinite(gmm.lowerBound)).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('partialFit: bad input', () => {
  it('names the option, the features, the first batch', () => {
    const gmm = () => new GaussianMixture({ nComponents: 3, randomState: 0 });
    expect(() => gmm().partialFit(X, { alpha: 0.5 })).toThrow(InvalidOptionError);
    expect(() => gmm().partialFit(X, { alpha: 0.5 })).toThrow(
      'Invalid option alpha: expected a number in (0.5, 1], received 0.5.',
    );
    expect(() => gmm().partialFit(X, { t0: -1 })).toThrow('Invalid option t0');
    expect(() => gmm().partialFit(X, { eta: 1 } as object)).toThrow('Invalid option eta');
    expect(() => gmm().partialFit([[0, 0]])).toThrow('at least nComponents = 3');
    expect(() =>
      gmm()
        .partialFit(X)
        .partialFit([[1, 2, 3]]),
    ).toThrow(InvalidInputError);
    expect(() => gmm().partialFit([[0, Number.NaN]])).toThrow(InvalidInputError);
    // With missing: 'em' NaN is a missing value (test/streaming/missing.test.ts); a row of NaN is not.
    expect(() => new GaussianMixture({ missing: 'em' }).partialFit([...X, [Number.NaN, Number.NaN]])).toThrow(
      InvalidInputError,
    );
  });

  it('a failed update leaves the model as it was', () => {
    const gmm = new GaussianMixture({ nComponents: 2, regCovar: 0, randomState: 0 }).fit([0, 1, 2, 5, 6, 7]);
    const before = gmm.params;
    expect(() => gmm.partialFit([0, 0, 0, 0])).toThrow(SingularCovarianceError);
    expect(gmm.params).toEqual(before);
  });
});
