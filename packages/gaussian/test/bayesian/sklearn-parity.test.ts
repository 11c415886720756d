// BayesianGaussianMixture against scikit-learn 1.2.1 (scripts/make-bayesian-fixtures.py): both
// start from the same initial responsibilities (respInit here, a patched _initialize_parameters
// there), for both weight priors, the 4 covariance types and 3 data sets.
import { describe, expect, it } from 'vitest';
import {
  BayesianGaussianMixture,
  type BayesianGaussianMixtureOptions,
  type CovarianceType,
  type WeightConcentrationPriorType,
} from '../../src/index.js';
import fixtures from '../fixtures/sklearn-bayesian.json' with { type: 'json' };
import { expectClose } from '../helpers.js';

interface Dataset {
  X: number[][];
  nComponents: number;
  resp: number[][];
  query: number[][];
}
const datasets = fixtures.datasets as Record<string, Dataset>;
const input = (name: string) => {
  const { X } = datasets[name]!;
  // The univariate data as number[], so the 1-D kernels are the ones under test.
  return name === 'univariate' ? X.map((row) => row[0]!) : X;
};

interface Settings {
  dataset: string;
  nComponents: number;
  covarianceType: string;
  weightConcentrationPriorType: string;
  maxIter: number;
  tol?: number;
  priors?: Record<string, unknown> | null;
}

function fitRun(run: Settings): BayesianGaussianMixture {
  return new BayesianGaussianMixture({
    nComponents: run.nComponents,
    covarianceType: run.covarianceType as CovarianceType,
    weightConcentrationPriorType: run.weightConcentrationPriorType as WeightConcentrationPriorType,
    tol: run.tol ?? 0,
    regCovar: fixtures.regCovar,
    maxIter: run.maxIter,
    respInit: datasets[run.dataset]!.resp,
    ...((run.priors ?? {}) as BayesianGaussianMixtureOptions),
  }).fit(input(run.dataset));
}

const REL = 1e-7;

describe('scikit-learn 1.2.1 BayesianGaussianMixture parity from pinned responsibilities', () => {
  expect(fixtures.sklearn).toBe('1.2.1');
  for (const run of fixtures.runs) {
    const expected = run.expected;
    const label = `${run.dataset} ${run.covarianceType} ${run.weightConcentrationPriorType}${run.priors ? ' (explicit priors)' : ''}, ${run.tol === 0 ? `${run.maxIter} iterations` : `to convergence (tol ${run.tol})`}`;
    it(label, () => {
      const bgm = fitRun(run);
      expect(Math.abs(bgm.lowerBound - expected.lowerBound)).toBeLessThanOrEqual(
        REL * Math.abs(expected.lowerBound),
      );
      expectClose(bgm.weights, expected.weights, REL, 'weights');
      expectClose(bgm.means, expected.means, REL, 'means');
      expectClose(bgm.covariances, expected.covariances, REL, 'covariances');
      expectClose(bgm.precisionsCholesky, expected.precisionsCholesky, REL, 'precisionsCholesky');
      expectClose(bgm.weightConcentration, expected.weightConcentration, REL, 'weightConcentration');
      expectClose(bgm.meanPrecision, expected.meanPrecision, REL, 'meanPrecision');
      expectClose(bgm.degreesOfFreedom, expected.degreesOfFreedom, REL, 'degreesOfFreedom');
      expect(bgm.nIter).toBe(expected.nIter);
      expect(bgm.converged).toBe(expected.converged);
      expect(bgm.history.at(-1)).toBe(bgm.lowerBound);
    });
  }
});

describe('scikit-learn 1.2.1 on the posterior after 5 iterations', () => {
  for (const evaluation of fixtures.evaluations) {
    it(`${evaluation.dataset} ${evaluation.covarianceType} ${evaluation.weightConcentrationPriorType}: scoreSamples, predictProba, predict, score`, () => {
      const bgm = fitRun(evaluation);
      const query = datasets[evaluation.dataset]!.query;
      expectClose(bgm.scoreSamples(query), evaluation.scoreSamples, 1e-9, 'scoreSamples');
      expectClose(bgm.predictProba(query), evaluation.predictProba, 1e-7, 'predictProba');
      expect(Array.from(bgm.predict(query))).toEqual(evaluation.predict);
      expectClose(bgm.score(query), evaluation.score, 1e-9, 'score');
    });
  }
});
