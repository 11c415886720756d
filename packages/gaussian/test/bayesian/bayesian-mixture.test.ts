import { InvalidInputError, InvalidOptionError, NotFittedError } from '@em/core';
import { describe, expect, it } from 'vitest';
import {
  BayesianGaussianMixture,
  type CovarianceType,
  NoIterationError,
  selectModel,
} from '../../src/index.js';
import { seedExample, threeClusters } from './data.js';

const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

describe('finds the number of components itself', () => {
  it('3 true clusters, nComponents 10: 3 weights above 1 % (Dirichlet process, every covariance type but spherical)', () => {
    const X = threeClusters();
    for (const covarianceType of ['full', 'tied', 'diag'] as const) {
      const bgm = new BayesianGaussianMixture({
        nComponents: 10,
        covarianceType,
        randomState: 0,
        maxIter: 1000,
      }).fit(X);
      expect(bgm.converged).toBe(true);
      expect(bgm.effectiveComponents(), covarianceType).toBe(3);
      const kept = bgm.weights.filter((w) => w > 0.01).sort();
      expect(kept[0]).toBeCloseTo(200 / 750, 2);
      expect(kept[2]).toBeCloseTo(300 / 750, 2);
    }
  });

  it('3 true clusters: the Dirichlet distribution prior (full covariance) finds 3 as well', () => {
    const bgm = new BayesianGaussianMixture({
      nComponents: 10,
      weightConcentrationPriorType: 'dirichlet_distribution',
      randomState: 0,
      maxIter: 1000,
    }).fit(threeClusters());
    expect(bgm.effectiveComponents()).toBe(3);
  });

  it("3 true clusters: selectModel's BIC picks the same number", () => {
    const X = threeClusters();
    const selection = selectModel(X, {
      nComponents: [1, 2, 3, 4, 5, 6],
      covarianceTypes: ['full'],
      randomState: 0,
    });
    expect(selection.best.nComponents).toBe(3);
  });

  it(
    'the seed example (2 Gaussians), nComponents 10: the best of 4 runs keeps 2 components',
    { timeout: 60_000 },
    () => {
      // Variational EM has local optima: single runs may end with one Gaussian split in two (as
      // scikit-learn's may); the split runs have a lower bound, so the best of a few runs is right.
      const bgm = new BayesianGaussianMixture({
        nComponents: 10,
        randomState: 0,
        maxIter: 5000,
        nInit: 4,
      }).fit(seedExample());
      expect(bgm.converged).toBe(true);
      expect(bgm.effectiveComponents()).toBe(2);
      const kept = bgm.weights.map((w, c) => [w, bgm.means[c]![0]!] as const).filter(([w]) => w > 0.01);
      kept.sort((a, b) => a[1] - b[1]);
      expect(kept[0]![0]).toBeCloseTo(1 / 3, 2);
      expect(kept[0]![1]).toBeCloseTo(20, 0);
      expect(kept[1]![1]).toBeCloseTo(40, 0);
    },
  );
});

describe('BayesianGaussianMixture behaviour', () => {
  const X = threeClusters();

  it('weights sum to 1, predictProba rows sum to 1, fitPredict equals fit then predict', () => {
    for (const covarianceType of TYPES) {
      for (const weightConcentrationPriorType of ['dirichlet_process', 'dirichlet_distribution'] as const) {
        const options = { nComponents: 4, covarianceType, weightConcentrationPriorType, randomState: 3 };
        const bgm = new BayesianGaussianMixture(options).fit(X);
        expect(bgm.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        for (const row of bgm.predictProba(X.slice(0, 20)))
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(Array.from(new BayesianGaussianMixture(options).fitPredict(X))).toEqual(
          Array.from(bgm.predict(X)),
        );
        const { X: drawn, labels } = bgm.sample(50);
        expect(drawn).toHaveLength(50);
        expect(labels).toHaveLength(50);
        expect(bgm.score(X)).toBeCloseTo(bgm.scoreSamples(X).reduce((a, b) => a + b, 0) / X.length, 10);
      }
    }
  });

  it('maxIter 0 keeps the initial posterior (as scikit-learn) but has no lower bound: NoIterationError, not −∞', () => {
    const bgm = new BayesianGaussianMixture({ nComponents: 3, maxIter: 0, randomState: 0 }).fit(X);
    expect(bgm.nIter).toBe(0);
    expect(() => bgm.lowerBound).toThrow(NoIterationError);
    expect(bgm.converged).toBe(false);
    expect(bgm.history).toEqual([]);
  });

  it('warmStart continues from the previous fit: a converged fit stops after one more iteration', () => {
    const bgm = new BayesianGaussianMixture({
      nComponents: 3,
      randomState: 0,
      warmStart: true,
      tol: 1e-6,
      maxIter: 1000,
    });
    bgm.fit(X);
    expect(bgm.converged).toBe(true);
    const first = bgm.lowerBound;
    bgm.fit(X);
    expect(bgm.nIter).toBe(1);
    expect(Math.abs(bgm.lowerBound - first)).toBeLessThan(1e-6);
  });

  it('onIteration sees the lower bound after each update; returning false stops', () => {
    const seen: number[] = [];
    const bgm = new BayesianGaussianMixture({
      nComponents: 3,
      randomState: 0,
      tol: 0,
      onIteration: (info) => {
        seen.push(info.logLikelihood);
        return info.iteration < 4;
      },
    }).fit(X);
    expect(seen).toEqual(bgm.history);
    expect(bgm.nIter).toBe(4);
  });

  it('the kernels (wasm, generated, generic) agree to rounding', () => {
    const fits = (['wasm', 'generated', 'generic'] as const).map((kernels) =>
      new BayesianGaussianMixture({ nComponents: 4, randomState: 1, kernels, tol: 0, maxIter: 30 }).fit(X),
    );
    for (const bgm of fits.slice(1)) {
      expect(Math.abs(bgm.lowerBound - fits[0]!.lowerBound)).toBeLessThan(
        1e-9 * Math.abs(fits[0]!.lowerBound),
      );
    }
  });

  it('toJSON/fromJSON round-trips exactly, for every covariance and prior type', () => {
    for (const covarianceType of TYPES) {
      for (const weightConcentrationPriorType of ['dirichlet_process', 'dirichlet_distribution'] as const) {
        const bgm = new BayesianGaussianMixture({
          nComponents: 3,
          covarianceType,
          weightConcentrationPriorType,
          randomState: 0,
        }).fit(X);
        const copy = BayesianGaussianMixture.fromJSON(JSON.stringify(bgm));
        expect(copy.toJSON()).toEqual(bgm.toJSON());
        expect(copy.params).toEqual(bgm.params);
        expect(Array.from(copy.scoreSamples(X))).toEqual(Array.from(bgm.scoreSamples(X)));
      }
    }
    const unfitted = BayesianGaussianMixture.fromJSON(
      new BayesianGaussianMixture({ nComponents: 2 }).toJSON(),
    );
    expect(unfitted.isFitted).toBe(false);
  });
});

describe('bad input gets a typed error naming the option', () => {
  const X = threeClusters().slice(0, 60);
  const optionError = (make: () => unknown, option: string) => {
    let caught: unknown;
    try {
      make();
    } catch (error) {
      caught = error;
    }
    expect(caught, option).toBeInstanceOf(InvalidOptionError);
    expect((caught as InvalidOptionError).option).toBe(option);
  };

  it('rejects an unknown weightConcentrationPriorType and non-positive priors in the constructor', () => {
    optionError(
      () => new BayesianGaussianMixture({ weightConcentrationPriorType: 'dirichlet' as never }),
      'weightConcentrationPriorType',
    );
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1' as never]) {
      optionError(
        () => new BayesianGaussianMixture({ weightConcentrationPrior: bad }),
        'weightConcentrationPrior',
      );
      optionError(() => new BayesianGaussianMixture({ meanPrecisionPrior: bad }), 'meanPrecisionPrior');
      optionError(() => new BayesianGaussianMixture({ degreesOfFreedomPrior: bad }), 'degreesOfFreedomPrior');
    }
    optionError(
      () => new BayesianGaussianMixture({ covarianceType: 'spherical', covariancePrior: 0 }),
      'covariancePrior',
    );
    optionError(
      () => new BayesianGaussianMixture({ covarianceType: 'full', covariancePrior: 2 }),
      'covariancePrior',
    );
    optionError(() => new BayesianGaussianMixture({ meanPrior: [1, Number.NaN] }), 'meanPrior[1]');
    optionError(
      () => new BayesianGaussianMixture({ weight_concentration_prior: 1 } as never),
      'weight_concentration_prior',
    );
    optionError(() => new BayesianGaussianMixture({ nComponents: 0 }), 'nComponents');
  });

  it('rejects priors of the wrong shape, not positive (definite) or below nFeatures − 1 at fit', () => {
    const fit = (options: object) => () => new BayesianGaussianMixture({ nComponents: 2, ...options }).fit(X);
    optionError(fit({ meanPrior: [0, 0, 0] }), 'meanPrior');
    optionError(fit({ degreesOfFreedomPrior: 0.5 }), 'degreesOfFreedomPrior');
    optionError(
      fit({
        covariancePrior: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
      }),
      'covariancePrior',
    );
    optionError(
      fit({
        covariancePrior: [
          [1, 2],
          [2, 1],
        ],
      }),
      'covariancePrior',
    );
    optionError(
      fit({
        covariancePrior: [
          [1, 0.5],
          [0, 1],
        ],
      }),
      'covariancePrior',
    );
    optionError(fit({ covarianceType: 'diag', covariancePrior: [1, -1] }), 'covariancePrior[1]');
    optionError(fit({ covarianceType: 'diag', covariancePrior: [1] }), 'covariancePrior');
    optionError(fit({ covarianceType: 'spherical', covariancePrior: [1, 1] }), 'covariancePrior');
    optionError(fit({ respInit: [[1, 0]] }), 'respInit');
    optionError(fit({ respInit: X.map(() => [1, -1]) }), 'respInit[0][1]');
  });

  it('NotFittedError before fit; InvalidInputError for the wrong number of features or samples', () => {
    expect(() => new BayesianGaussianMixture().predict([1])).toThrow(NotFittedError);
    expect(() => new BayesianGaussianMixture().weights).toThrow(NotFittedError);
    const bgm = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
    expect(() => bgm.predict([1, 2])).toThrow(InvalidInputError);
    expect(() =>
      new BayesianGaussianMixture({ nComponents: 5 }).fit([
        [1, 2],
        [3, 4],
      ]),
    ).toThrow(InvalidInputError);
    expect(() => new BayesianGaussianMixture().fit([[1, 2]])).toThrow(InvalidInputError);
    expect(() => bgm.sample(0)).toThrow(InvalidInputError);
    expect(() => bgm.effectiveComponents(2)).toThrow(InvalidInputError);
  });
});
