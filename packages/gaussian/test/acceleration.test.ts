import { InvalidOptionError } from '@em/core';
import { createRandom, multivariateNormal, normal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { GaussianMixture, UnivariateGaussianMixture } from '../src/index.js';
import { kernelFor } from '../src/kernels/index.js';
import { packMixture, unpackMixture } from '../src/pack.js';
import fixtures from './fixtures/sklearn-gmm.json' with { type: 'json' };

/** The seed example made hard: 4000 points from N(20, 5) and 8000 from N(30, 5) overlap a lot. */
function poorlySeparated(seed: number): number[] {
  const rng = createRandom(seed);
  return [
    ...normal(rng, { loc: 20, scale: 5, size: 4000 }),
    ...normal(rng, { loc: 30, scale: 5, size: 8000 }),
  ];
}

/** Lower bound after every iteration, with the E-steps spent so far. */
function trace(options: ConstructorParameters<typeof GaussianMixture>[0], X: number[][]) {
  const steps: { lowerBound: number; nEStep: number }[] = [];
  const gmm = new GaussianMixture({
    ...options,
    onIteration: (info) => void steps.push({ lowerBound: info.logLikelihood, nEStep: info.nEStep }),
  }).fit(X);
  return { gmm, steps };
}

describe("acceleration: 'squarem'", () => {
  it.each([
    7, 8, 9,
  ])('needs at least 3× fewer E-steps to the same lower bound on poorly separated data (seed %i)', (seed) => {
    const X = poorlySeparated(seed).map((x) => [x]);
    const options = { nComponents: 2, randomState: 1, tol: 1e-8, maxIter: 10_000 };
    const plain = trace(options, X);
    const fast = trace({ ...options, acceleration: 'squarem' }, X);
    expect(plain.gmm.converged && fast.gmm.converged).toBe(true);
    const target = plain.gmm.lowerBound;
    const reached = fast.steps.find((step) => step.lowerBound >= target);
    expect(reached).toBeDefined();
    expect(plain.steps.at(-1)!.nEStep / reached!.nEStep).toBeGreaterThanOrEqual(3);
    // Same optimum or closer: plain EM stops where its steps get small, not at the optimum.
    expect(fast.gmm.lowerBound).toBeGreaterThanOrEqual(target);
  });

  it.each([
    'full',
    'tied',
    'diag',
    'spherical',
  ] as const)('reaches the same lower bound as plain EM with fewer E-steps (2-D, %s)', (covarianceType) => {
    const rng = createRandom(3);
    const a = multivariateNormal(rng, {
      mean: [0, 0],
      cov: [
        [1, 0.5],
        [0.5, 1],
      ],
      size: 3000,
    });
    const b = multivariateNormal(rng, {
      mean: [1.5, 1],
      cov: [
        [1, -0.3],
        [-0.3, 2],
      ],
      size: 3000,
    });
    const X = [a, b].flatMap((m) =>
      Array.from({ length: m.rows }, (_, i) => [m.data[2 * i]!, m.data[2 * i + 1]!]),
    );
    const options = { nComponents: 2, covarianceType, randomState: 1, tol: 1e-10, maxIter: 10_000 };
    const plain = trace(options, X);
    const fast = trace({ ...options, acceleration: 'squarem' }, X);
    expect(Math.abs(fast.gmm.lowerBound - plain.gmm.lowerBound)).toBeLessThan(1e-8);
    expect(fast.steps.at(-1)!.nEStep).toBeLessThan(plain.steps.at(-1)!.nEStep);
    // The safeguard: the lower bound never decreases from one cycle to the next.
    for (let i = 1; i < fast.steps.length; i++) {
      expect(fast.steps[i]!.lowerBound).toBeGreaterThanOrEqual(fast.steps[i - 1]!.lowerBound);
    }
  });

  it('leaves the default fit untouched (plain EM, scikit-learn parity)', () => {
    const X = fixtures.datasets.multivariate.X;
    const options = { nComponents: 3, randomState: 2 };
    const none = new GaussianMixture({ ...options, acceleration: 'none' }).fit(X);
    expect(none.params).toEqual(new GaussianMixture(options).fit(X).params);
    expect(none.options.acceleration).toBe('none');
  });

  it('works through UnivariateGaussianMixture and warm starts', () => {
    const x = poorlySeparated(7);
    const uni = new UnivariateGaussianMixture({
      nComponents: 2,
      randomState: 1,
      tol: 1e-8,
      acceleration: 'squarem',
    }).fit(x);
    expect(uni.model.converged).toBe(true);
    const gmm = new GaussianMixture({
      nComponents: 2,
      randomState: 1,
      tol: 1e-8,
      maxIter: 10_000,
      acceleration: 'squarem',
      warmStart: true,
    });
    const X = x.map((v) => [v]);
    gmm.fit(X);
    // A warm restart from a converged fit stops at once (the last cycle's gain, reported by the
    // next one's first lower bound, can exceed tol: one more cycle then).
    gmm.fit(X);
    expect(gmm.nIter).toBeLessThanOrEqual(2);
    expect(gmm.converged).toBe(true);
  });

  it('rejects an unknown acceleration when the model is made', () => {
    expect(() => new GaussianMixture({ acceleration: 'fast' as never })).toThrow(InvalidOptionError);
    expect(() => new GaussianMixture({ acceleration: 'fast' as never })).toThrow(
      "Invalid option acceleration: expected 'none', 'squarem' or { method: 'squarem', stepMin?, stepMax?, stepFactor? }, received \"fast\".",
    );
  });
});

describe('pack / unpack (log-Cholesky)', () => {
  it.each(['full', 'tied', 'diag', 'spherical'] as const)('round-trips %s parameters', (covarianceType) => {
    const X = fixtures.datasets.multivariate.X;
    const { params } = new GaussianMixture({ nComponents: 3, covarianceType, randomState: 0 }).fit(X);
    const kernel = kernelFor(covarianceType, params.nFeatures);
    const back = unpackMixture(kernel, packMixture(params), params)!;
    for (const key of ['weights', 'means', 'covariances', 'precisionsCholesky'] as const) {
      const original = params[key]!;
      for (let i = 0; i < original.length; i++) expect(back[key]![i]).toBeCloseTo(original[i]!, 10);
    }
  });

  it('maps any vector with positive weights to a positive-definite mixture; rejects a negative weight', () => {
    const X = fixtures.datasets.multivariate.X;
    const { params } = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
    const kernel = kernelFor('full', params.nFeatures);
    const vector = packMixture(params).map((v, i) => (i < 2 ? v : v + Math.sin(i) * 3));
    const moved = unpackMixture(kernel, vector, params)!;
    expect(moved).toBeDefined();
    expect(moved.weights[0]! + moved.weights[1]!).toBeCloseTo(1, 15);
    vector[0] = -0.1;
    expect(unpackMixture(kernel, vector, params)).toBeUndefined();
  });
});
