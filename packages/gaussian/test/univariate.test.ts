import { InvalidInputError, InvalidOptionError } from '@em/core';
import { createRandom, normal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { GaussianMixture, UnivariateGaussianMixture } from '../src/index.js';
import fixtures from './fixtures/sklearn-gmm.json' with { type: 'json' };
import { expectClose } from './helpers.js';

describe('UnivariateGaussianMixture', () => {
  it('recovers the seed article: 4000 from N(20, 5) and 8000 from N(40, 5)', () => {
    const rng = createRandom(2024);
    const x = Float64Array.from([
      ...normal(rng, { loc: 20, scale: 5, size: 4000 }),
      ...normal(rng, { loc: 40, scale: 5, size: 8000 }),
    ]);
    const gmm = new UnivariateGaussianMixture({ nComponents: 2, randomState: 1 }).fit(x);
    const order = gmm.means[0]! < gmm.means[1]! ? [0, 1] : [1, 0];
    const pick = (values: number[]) => order.map((c) => values[c]!);
    // Sampling error of 4000–8000 draws: a few standard errors (5 / √4000 ≈ 0.08).
    const [m1, m2] = pick(gmm.means);
    const [s1, s2] = pick(gmm.standardDeviations);
    const [w1, w2] = pick(gmm.weights);
    expect(Math.abs(m1! - 20)).toBeLessThan(0.4);
    expect(Math.abs(m2! - 40)).toBeLessThan(0.3);
    expect(Math.abs(s1! - 5)).toBeLessThan(0.3);
    expect(Math.abs(s2! - 5)).toBeLessThan(0.2);
    expect(Math.abs(w1! - 1 / 3)).toBeLessThan(0.02);
    expect(Math.abs(w2! - 2 / 3)).toBeLessThan(0.02);
    const labels = gmm.predict([15, 45]);
    expect(labels[0]).toBe(order[0]);
    expect(labels[1]).toBe(order[1]);
  });

  it('matches scikit-learn on the univariate fixtures (variances = covariances)', () => {
    const x = fixtures.datasets.univariate.X.map((row) => row[0]!);
    for (const run of fixtures.runs.filter((r) => r.dataset === 'univariate' && r.maxIter === 20)) {
      const covarianceType = run.covarianceType as 'full' | 'tied' | 'diag' | 'spherical';
      const precisions = run.init.precisions.flat(2) as number[];
      const gmm = new UnivariateGaussianMixture({
        nComponents: run.nComponents,
        covarianceType,
        tol: 0,
        maxIter: run.maxIter,
        weightsInit: run.init.weights,
        meansInit: run.init.means.map((row) => row[0]!),
        variancesInit: precisions.map((p) => 1 / p),
      }).fit(x);
      const expected = run.expected;
      expectClose(gmm.means, expected.means.flat(), 1e-8, `${covarianceType} means`);
      const variances = (expected.covariances as unknown[]).flat(2) as number[];
      expectClose(
        gmm.variances,
        covarianceType === 'tied' ? [variances[0], variances[0]] : variances,
        1e-8,
        'variances',
      );
      expectClose(gmm.standardDeviations, gmm.variances.map(Math.sqrt), 0, 'standardDeviations');
      expect(Math.abs(gmm.lowerBound - expected.lowerBound)).toBeLessThan(
        1e-10 * Math.abs(expected.lowerBound),
      );
    }
  });

  it('agrees exactly with GaussianMixture on one-column data', () => {
    const x = [1, 1.4, 2.2, 0.7, 8, 9.1, 8.7, 9.9];
    const uni = new UnivariateGaussianMixture({ nComponents: 2, randomState: 3 }).fit(x);
    const multi = new GaussianMixture({ nComponents: 2, randomState: 3 }).fit(x.map((v) => [v]));
    expect(uni.means).toEqual(multi.means.map((row) => row[0]));
    expect(uni.variances).toEqual((multi.covariances as number[][][]).map((c) => c[0]![0]));
    expect(uni.predictProba(x)).toEqual(multi.predictProba(x));
    expect(uni.density([2])[0]).toBeCloseTo(Math.exp(multi.scoreSamples([2])[0]!), 15);
    expect(uni.bic(x)).toBe(multi.bic(x));
    expect(uni.nParameters()).toBe(5);
  });

  it('samples plain numbers and round-trips through JSON', () => {
    const gmm = new UnivariateGaussianMixture({ nComponents: 2, randomState: 5 }).fit([
      0, 0.5, 1, 10, 10.5, 11,
    ]);
    const { x, labels } = gmm.sample(50);
    expect(x).toBeInstanceOf(Float64Array);
    expect(x).toHaveLength(50);
    expect(labels).toHaveLength(50);
    const copy = UnivariateGaussianMixture.fromJSON(JSON.stringify(gmm));
    expect(copy.means).toEqual(gmm.means);
    expect(copy.variances).toEqual(gmm.variances);
  });

  it('historyLimit keeps the latest lower bounds of the same run; nIter counts all, JSON keeps both', () => {
    const x = fixtures.datasets.univariate.X.map((row) => row[0]!);
    const options = { nComponents: 3, tol: 0, maxIter: 25, randomState: 2 };
    const full = new UnivariateGaussianMixture(options).fit(x);
    const bounded = new UnivariateGaussianMixture({ ...options, historyLimit: 4 }).fit(x);
    expect(full.history).toHaveLength(25);
    expect(bounded.nIter).toBe(25);
    expect(bounded.history).toEqual(full.history.slice(-4));
    expect(bounded.history.at(-1)).toBe(bounded.lowerBound);
    expect(bounded.means).toEqual(full.means);
    const copy = UnivariateGaussianMixture.fromJSON(JSON.stringify(bounded));
    expect(copy.model.options.historyLimit).toBe(4);
    expect(copy.history).toEqual(bounded.history);
    expect(copy.nIter).toBe(25);
  });

  it('rejects multivariate data and models', () => {
    const gmm = new UnivariateGaussianMixture({ nComponents: 1 });
    expect(() =>
      gmm.fit([
        [1, 2],
        [3, 4],
      ] as never),
    ).toThrow(InvalidInputError);
    const multi = new GaussianMixture({ nComponents: 1 }).fit([
      [1, 2],
      [3, 4],
      [2, 2],
    ]);
    expect(() => UnivariateGaussianMixture.fromJSON(multi.toJSON())).toThrow(
      /json\.fitted\.nFeatures: expected 1/,
    );
    expect(() => new UnivariateGaussianMixture({ nComponents: 2, variancesInit: [1] })).toThrow(
      InvalidOptionError,
    );
  });
});
