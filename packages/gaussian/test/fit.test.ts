import { NumericalError } from '@em/core';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { addStats, eStepChunk, zeroStats } from '../src/estep.js';
import { GaussianMixture } from '../src/index.js';
import { kernelFor } from '../src/kernels/index.js';
import fixtures from './fixtures/sklearn-gmm.json' with { type: 'json' };
import { expectClose } from './helpers.js';

const X = fixtures.datasets.multivariate.X;

describe('fit', () => {
  it('accepts number[][], ml-matrix, and flat matrices alike', () => {
    const options = { nComponents: 3, randomState: 2 };
    const reference = new GaussianMixture(options).fit(X).params;
    expect(new GaussianMixture(options).fit(new Matrix(X)).params).toEqual(reference);
    const data = Float64Array.from(X.flat());
    expect(new GaussianMixture(options).fit({ data, rows: X.length, cols: 3 }).params).toEqual(reference);
  });

  it('fitPredict equals fit then predict', () => {
    const options = { nComponents: 3, randomState: 2 };
    expect(new GaussianMixture(options).fitPredict(X)).toEqual(
      new GaussianMixture(options).fit(X).predict(X),
    );
  });

  it('keeps the best of nInit runs, by lower bound', () => {
    const seen: number[] = [];
    const observed = new GaussianMixture({
      nComponents: 3,
      initParams: 'random',
      maxIter: 5,
      tol: 0,
      nInit: 4,
      randomState: 9,
      onIteration: (info) => {
        if (info.iteration === 5) seen.push(info.logLikelihood);
      },
    }).fit(X);
    expect(seen).toHaveLength(4);
    expect(observed.lowerBound).toBe(Math.max(...seen));
  });

  it('warmStart continues from the previous parameters', () => {
    const init = fixtures.runs.find(
      (r) => r.dataset === 'multivariate' && r.covarianceType === 'full' && r.maxIter === 20,
    )!;
    const options = {
      nComponents: 3,
      tol: 0,
      weightsInit: init.init.weights,
      meansInit: init.init.means,
      precisionsInit: init.init.precisions as number[][][],
    };
    const warm = new GaussianMixture({ ...options, maxIter: 5, warmStart: true });
    for (let i = 0; i < 4; i++) warm.fit(X);
    // 4 × 5 iterations from the same start as scikit-learn's 20.
    expectClose(warm.means, init.expected.means, 1e-8, 'means');
    expectClose(warm.covariances, init.expected.covariances, 1e-8, 'covariances');
  });

  it('warmStart converges at the first iteration of a refit, as scikit-learn', () => {
    const warm = fixtures.warmStart;
    const gmm = new GaussianMixture({
      nComponents: warm.nComponents,
      covarianceType: 'full',
      tol: warm.tol,
      warmStart: true,
      weightsInit: warm.init.weights,
      meansInit: warm.init.means,
      precisionsInit: warm.init.precisions as number[][][],
    });
    for (const expected of warm.fits) {
      gmm.fit(X);
      expect([gmm.nIter, gmm.converged]).toEqual([expected.nIter, expected.converged]);
      expect(Math.abs(gmm.lowerBound - expected.lowerBound)).toBeLessThan(
        1e-10 * Math.abs(expected.lowerBound),
      );
      expectClose(gmm.means, expected.means, 1e-8, 'means');
      expectClose(gmm.covariances, expected.covariances, 1e-8, 'covariances');
    }
  });

  it('maxIter: 0 keeps the initial parameters (scikit-learn: initial means only)', () => {
    const gmm = new GaussianMixture({
      nComponents: 2,
      maxIter: 0,
      meansInit: [
        [0, 0, 0],
        [1, 1, 1],
      ],
      randomState: 0,
    }).fit(X);
    expect(gmm.means).toEqual([
      [0, 0, 0],
      [1, 1, 1],
    ]);
    expect(gmm.nIter).toBe(0);
    expect(gmm.converged).toBe(false);
  });

  it('stops on an aborted signal and when onIteration returns false', () => {
    const controller = new AbortController();
    controller.abort();
    const aborted = new GaussianMixture({ nComponents: 2, signal: controller.signal, randomState: 0 }).fit(X);
    // Aborted before its first iteration: nothing learned, so not fitted (no −∞ lower bound).
    expect(aborted.isFitted).toBe(false);
    const stopped = new GaussianMixture({
      nComponents: 2,
      tol: 0,
      randomState: 0,
      onIteration: (info) => info.iteration < 3,
    }).fit(X);
    expect(stopped.nIter).toBe(3);
    expect(stopped.converged).toBe(false);
  });

  it('NumericalError is the base of the singular-covariance error', () => {
    expect(() =>
      new GaussianMixture({ nComponents: 2, regCovar: 0 }).fit([
        [1, 1],
        [1, 1],
        [1, 1],
      ]),
    ).toThrow(NumericalError);
  });

  it('samples from the fitted mixture: sorted labels, counts near the weights, moments near the parameters', () => {
    const gmm = new GaussianMixture({ nComponents: 3, covarianceType: 'full', randomState: 1 }).fit(X);
    const { X: sample, labels } = gmm.sample(30000);
    expect(sample).toHaveLength(30000);
    for (let i = 1; i < labels.length; i++) expect(labels[i]!).toBeGreaterThanOrEqual(labels[i - 1]!);
    for (let c = 0; c < 3; c++) {
      const rows = sample.filter((_, i) => labels[i] === c);
      // Binomial standard error of a proportion is ≤ 0.003 here; means within ~5 standard errors.
      expect(Math.abs(rows.length / 30000 - gmm.weights[c]!)).toBeLessThan(0.015);
      const mean = [0, 1, 2].map((j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
      for (let j = 0; j < 3; j++) expect(Math.abs(mean[j]! - gmm.means[c]![j]!)).toBeLessThan(0.1);
    }
  });
});

describe('E-step statistics', () => {
  it('of two chunks add up to those of the whole (for every covariance type)', () => {
    const data = Float64Array.from(X.flat());
    const n = X.length;
    for (const covarianceType of ['full', 'tied', 'diag', 'spherical'] as const) {
      const gmm = new GaussianMixture({ nComponents: 3, covarianceType, randomState: 0, maxIter: 2 }).fit(X);
      const params = gmm.params;
      const kernel = kernelFor(covarianceType, 3);
      const whole = eStepChunk(kernel, { data, rows: n, cols: 3 }, params, new Float64Array(n * 3));
      const half = 137;
      const first = eStepChunk(
        kernel,
        { data: data.subarray(0, half * 3), rows: half, cols: 3 },
        params,
        new Float64Array(n * 3),
      );
      const second = eStepChunk(
        kernel,
        { data: data.subarray(half * 3), rows: n - half, cols: 3 },
        params,
        new Float64Array(n * 3),
      );
      const sum = addStats(addStats(zeroStats(kernel, 3, 3), first), second);
      expect(sum.n).toBe(whole.n);
      expectClose(sum.nk, whole.nk, 1e-12, 'nk');
      expectClose(sum.s1, whole.s1, 1e-9, 's1');
      expectClose(sum.s2, whole.s2, 1e-12, 's2');
      expectClose(sum.logLikelihood, whole.logLikelihood, 1e-13, 'logLikelihood');
      expectClose(whole.logLikelihood / n, gmm.score(X), 1e-13, 'mean log-likelihood');
    }
  });
});
