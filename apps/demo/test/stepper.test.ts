import { GaussianMixture } from '@em/gaussian';
import { createRandom, multivariateNormal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { SteppedFit } from '../src/fit/stepper.js';

// The pages draw every EM iteration by running @em/gaussian one iteration at a time. That must be the
// same EM run as a single fit: same parameters and the same log-likelihood history.
const rng = createRandom(3);
const a = multivariateNormal(rng, {
  mean: [0, 0],
  cov: [
    [1, 0.4],
    [0.4, 0.6],
  ],
  size: 150,
});
const b = multivariateNormal(rng, {
  mean: [4, 1],
  cov: [
    [0.5, -0.2],
    [-0.2, 1.5],
  ],
  size: 100,
});
const X = { data: Float64Array.from([...a.data, ...b.data]), rows: 250, cols: 2 };

describe('SteppedFit', () => {
  for (const covarianceType of ['full', 'tied', 'diag', 'spherical'] as const) {
    it(`reproduces a one-shot fit iteration by iteration (${covarianceType})`, () => {
      const settings = {
        nComponents: 2,
        covarianceType,
        initParams: 'random' as const,
        randomState: 5,
        maxIter: 8,
        tol: 0,
      };
      const stepped = new SteppedFit(X, settings);
      expect(stepped.snapshot().iteration).toBe(0);
      while (!stepped.done) stepped.step();
      const oneShot = new GaussianMixture({ ...settings, tol: 0 }).fit(X);
      expect(stepped.iteration).toBe(8);
      const model = stepped.snapshot().model;
      const close = (actual: number[], expected: number[], digits: number) => {
        expect(actual).toHaveLength(expected.length);
        actual.forEach((value, i) => {
          expect(value).toBeCloseTo(expected[i]!, digits);
        });
      };
      close(stepped.history, oneShot.history, 10);
      close(model.means.flat(), oneShot.means.flat(), 9);
      close(model.weights, oneShot.weights, 10);
      close([model.covariances].flat(3) as number[], [oneShot.covariances].flat(3) as number[], 9);
    });
  }

  it('stops when the log-likelihood changes by less than tol, as scikit-learn', () => {
    const stepped = new SteppedFit(X, {
      nComponents: 2,
      covarianceType: 'full',
      initParams: 'kmeans',
      randomState: 0,
      maxIter: 100,
      tol: 1e-3,
    });
    while (!stepped.done) stepped.step();
    const oneShot = new GaussianMixture({ nComponents: 2, randomState: 0, tol: 1e-3 }).fit(X);
    expect(stepped.converged).toBe(true);
    expect(stepped.iteration).toBe(oneShot.nIter);
  });

  it('gives labels and their probabilities for every point', () => {
    const stepped = new SteppedFit(X, {
      nComponents: 2,
      covarianceType: 'full',
      initParams: 'kmeans',
      randomState: 0,
      maxIter: 50,
      tol: 1e-3,
    });
    while (!stepped.done) stepped.step();
    const { labels, confidence } = stepped.points();
    expect(labels).toHaveLength(250);
    // The first 150 points came from one cluster and the rest from the other: nearly all should agree.
    const first = labels[0]!;
    const agree = labels.filter((label, i) => (i < 150 ? label === first : label !== first)).length;
    expect(agree).toBeGreaterThan(240);
    expect(Math.min(...confidence)).toBeGreaterThanOrEqual(0.5);
    expect(Math.max(...confidence)).toBeLessThanOrEqual(1);
  });

  it("fits rows with missing cells with missing: 'em', as GaussianMixture does", () => {
    const holed = { ...X, data: X.data.slice() };
    for (let i = 0; i < holed.rows; i += 7) holed.data[i * 2 + (i % 2)] = Number.NaN;
    const settings = {
      nComponents: 2,
      covarianceType: 'full' as const,
      initParams: 'kmeans' as const,
      randomState: 0,
      maxIter: 100,
      tol: 1e-3,
      missing: 'em' as const,
    };
    const stepped = new SteppedFit(holed, settings);
    while (!stepped.done) stepped.step();
    const oneShot = new GaussianMixture(settings).fit(holed);
    expect(stepped.converged).toBe(true);
    expect(stepped.history).toEqual(oneShot.history);
    expect(stepped.snapshot().model.means).toEqual(oneShot.means);
    const { labels } = stepped.points();
    expect(labels).toHaveLength(250);
  });
});
