import { InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { type FitStep, GaussianMixture } from '../src/index.js';
import fixtures from './fixtures/sklearn-gmm.json' with { type: 'json' };

const X = fixtures.datasets.multivariate.X;

describe('fitSteps', () => {
  it.each([
    'none',
    'squarem',
  ] as const)('run to the end fits exactly as fit does (acceleration %s)', (acceleration) => {
    const options = { nComponents: 3, randomState: 4, tol: 1e-6, acceleration };
    const stepped = new GaussianMixture(options);
    const steps: FitStep[] = [];
    const returned = (() => {
      const generator = stepped.fitSteps(X);
      for (;;) {
        const next = generator.next();
        if (next.done) return next.value;
        steps.push(next.value);
      }
    })();
    const fitted = new GaussianMixture(options).fit(X);
    expect(returned).toBe(stepped);
    expect(stepped.params).toEqual(fitted.params);
    expect(stepped.lowerBound).toBe(fitted.lowerBound);
    expect(stepped.nIter).toBe(fitted.nIter);
    expect(stepped.converged).toBe(fitted.converged);
    expect(stepped.history).toEqual(fitted.history);
    expect(steps.map((step) => step.iteration)).toEqual(
      Array.from({ length: fitted.nIter + 1 }, (_, i) => i),
    );
    expect(steps.slice(1).map((step) => step.lowerBound)).toEqual(fitted.history);
  });

  it('shows the initialisation first, then each iteration on the model itself', () => {
    const options = { nComponents: 2, randomState: 1, initParams: 'random_from_data' as const };
    const initial = new GaussianMixture({ ...options, maxIter: 0 }).fit(X);
    const gmm = new GaussianMixture(options);
    const steps = gmm.fitSteps(X);
    const zero = steps.next();
    expect(zero.value).toMatchObject({ iteration: 0, lowerBound: Number.NEGATIVE_INFINITY, nEStep: 0 });
    expect(gmm.means).toEqual(initial.means);
    const one = steps.next().value as FitStep;
    expect(one.iteration).toBe(1);
    expect(gmm.lowerBound).toBe(one.lowerBound);
    expect(gmm.means).toEqual(new GaussianMixture({ ...options, maxIter: 1 }).fit(X).means);
    expect(gmm.converged).toBe(false);
    // Dropping the generator keeps the parameters reached.
    steps.return(gmm);
    expect(gmm.nIter).toBe(1);
  });

  it('runs one EM run: nInit must be 1, and workers need fitAsync', () => {
    expect(() => new GaussianMixture({ nInit: 3 }).fitSteps(X).next()).toThrow(
      'Invalid option nInit: expected 1 with fitSteps (it steps through one run), received 3.',
    );
    expect(() => new GaussianMixture({ workers: 2 }).fitSteps(X).next()).toThrow(InvalidOptionError);
  });
});
