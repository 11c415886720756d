import { InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import {
  GaussianMixture,
  MCLUST_MODELS,
  mclustParameterCount,
  SingularCovarianceError,
} from '../src/index.js';
import fixtures from './fixtures/mclust-models.json' with { type: 'json' };

const faithful = fixtures.datasets.find((ds) => ds.name === 'faithful')!;
const iris = fixtures.datasets.find((ds) => ds.name === 'iris')!;

describe.each(MCLUST_MODELS.map((m) => [m]))('mclust model %s through the whole API', (model) => {
  const options = {
    nComponents: 3,
    covarianceType: model,
    initialClasses: iris.hcClasses[2],
    randomState: 0,
  };
  const gmm = new GaussianMixture(options).fit(iris.X);

  it('fits, predicts, scores and counts its parameters as mclust', () => {
    expect(gmm.converged).toBe(true);
    expect(gmm.predict(iris.X).length).toBe(150);
    const proba = gmm.predictProba(iris.X.slice(0, 3));
    for (const row of proba) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // mclust ends with the parameters of its last log-likelihood: the lower bound is their score.
    expect(gmm.score(iris.X)).toBeCloseTo(gmm.lowerBound, 12);
    expect(gmm.nParameters()).toBe(mclustParameterCount(model, 3, 4));
    const n = iris.X.length;
    expect(gmm.bic(iris.X)).toBeCloseTo(-2 * n * gmm.score(iris.X) + gmm.nParameters() * Math.log(n), 8);
    expect(gmm.aic(iris.X)).toBeCloseTo(-2 * n * gmm.score(iris.X) + 2 * gmm.nParameters(), 8);
    // mclust's BIC for the same start (fixtures), with scikit-learn's sign.
    const reference = iris.bic.find((row) => row.model === model)!.values[2];
    if (reference !== null) expect(Math.abs(-gmm.bic(iris.X) - reference!)).toBeLessThan(0.05);
  });

  it('samples from the fitted model', () => {
    const { X, labels } = gmm.sample(50);
    expect(X.length).toBe(50);
    expect(X[0]!.length).toBe(4);
    expect(labels.length).toBe(50);
  });

  it('round-trips through toJSON / fromJSON', () => {
    const copy = GaussianMixture.fromJSON(JSON.stringify(gmm));
    expect(copy.covarianceType).toBe(model);
    expect(Array.from(copy.scoreSamples(iris.X.slice(0, 5)))).toEqual(
      Array.from(gmm.scoreSamples(iris.X.slice(0, 5))),
    );
    expect(copy.nParameters()).toBe(gmm.nParameters());
  });
});

describe('mclust models: constraints hold in the fitted covariances', () => {
  const fit = (model: (typeof MCLUST_MODELS)[number]) =>
    new GaussianMixture({ nComponents: 2, covarianceType: model, initialClasses: faithful.hcClasses[1] }).fit(
      faithful.X,
    );
  const det = (m: number[][]) => m[0]![0]! * m[1]![1]! - m[0]![1]! * m[1]![0]!;

  it('EII: one variance; VII: one per component; EEI: one diagonal', () => {
    const eii = fit('EII').covariances as number[];
    expect(eii[0]).toBeCloseTo(eii[1]!, 12);
    const eei = fit('EEI').covariances as number[][];
    expect(eei[0]).toEqual(eei[1]);
  });

  it('EEV, EVV and EVE: equal volumes (determinants); VEE: proportional matrices', () => {
    for (const model of ['EEV', 'EVV', 'EVE'] as const) {
      const cov = fit(model).covariances as number[][][];
      expect(det(cov[0]!) / det(cov[1]!), model).toBeCloseTo(1, 6);
    }
    const vee = fit('VEE').covariances as number[][][];
    const ratio = vee[0]![0]![0]! / vee[1]![0]![0]!;
    expect(vee[0]![0]![1]! / vee[1]![0]![1]!).toBeCloseTo(ratio, 8);
    expect(vee[0]![1]![1]! / vee[1]![1]![1]!).toBeCloseTo(ratio, 8);
  });
});

describe('mclust models: bad input', () => {
  it('suggests the model meant', () => {
    expect(() => new GaussianMixture({ covarianceType: 'vev' as never })).toThrow(/Did you mean 'VEV'\?/);
    expect(() => new GaussianMixture({ covarianceType: 'VVX' as never })).toThrow(InvalidOptionError);
  });

  it('rejects regCovar, which mclust does not add', () => {
    expect(() => new GaussianMixture({ covarianceType: 'VVV', regCovar: 1e-6 })).toThrow(/regCovar/);
    expect(new GaussianMixture({ covarianceType: 'VVV' }).options.regCovar).toBe(0);
  });

  it('checks initialClasses against the data', () => {
    const X = faithful.X.slice(0, 10);
    expect(() => new GaussianMixture({ nComponents: 2, initialClasses: [0, 1] }).fit(X)).toThrow(
      /initialClasses.*one label per row of X \(10\)/,
    );
    expect(() =>
      new GaussianMixture({ nComponents: 2, initialClasses: [0, 1, 2, 0, 1, 0, 1, 0, 1, 0] }).fit(X),
    ).toThrow(/initialClasses\[2\]/);
  });

  it('reports a model mclust cannot estimate as a SingularCovarianceError', () => {
    // Three points on a line: no full covariance for a component.
    const X = [
      [0, 0],
      [1, 1],
      [2, 2],
      [10, 0],
      [11, 3],
      [12, 1],
    ];
    expect(() =>
      new GaussianMixture({ nComponents: 2, covarianceType: 'VVV', initialClasses: [0, 0, 0, 1, 1, 1] }).fit(
        X,
      ),
    ).toThrow(SingularCovarianceError);
  });
});
