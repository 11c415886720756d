import { InvalidInputError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { GaussianMixture, MIXTURE_FORMAT, MIXTURE_SCHEMA_VERSION, NoIterationError } from '../src/index.js';

const X = [
  [0, 0],
  [1, 2],
  [2, 1],
  [3, 3],
  [8, 8],
  [9, 8],
  [8, 10],
  [10, 9],
];
const fitted = () =>
  JSON.parse(JSON.stringify(new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X)));

describe('toJSON / fromJSON', () => {
  it('writes a versioned, plain-JSON schema', () => {
    const json = fitted();
    expect(json.format).toBe(MIXTURE_FORMAT);
    expect(json.version).toBe(MIXTURE_SCHEMA_VERSION);
    expect(Object.keys(json.fitted).sort()).toEqual(
      [
        'converged',
        'covariances',
        'history',
        'lowerBound',
        'means',
        'nFeatures',
        'nIter',
        'precisionsCholesky',
        'weights',
      ].sort(),
    );
  });

  it('round-trips unfitted models and init options', () => {
    const gmm = new GaussianMixture({
      nComponents: 2,
      covarianceType: 'diag',
      weightsInit: new Float64Array([0.25, 0.75]),
      meansInit: [
        [0, 0],
        [9, 9],
      ],
      precisionsInit: [
        [1, 1],
        [2, 2],
      ],
      randomState: 7,
    });
    const copy = GaussianMixture.fromJSON(JSON.stringify(gmm));
    expect(copy.isFitted).toBe(false);
    expect(copy.toJSON()).toEqual(gmm.toJSON());
    expect(copy.fit(X).params).toEqual(gmm.fit(X).params);
  });

  it('keeps maxIter: 0 models (initial parameters, no lower bound: NoIterationError)', () => {
    const gmm = new GaussianMixture({ nComponents: 2, maxIter: 0, randomState: 0 }).fit(X);
    const json = JSON.parse(JSON.stringify(gmm));
    expect(json.fitted.lowerBound).toBeNull();
    const copy = GaussianMixture.fromJSON(json);
    expect(copy.means).toEqual(gmm.means);
    expect(() => copy.lowerBound).toThrow(NoIterationError);
  });

  // biome-ignore lint/suspicious/noExplicitAny: the tests corrupt arbitrary fields of parsed JSON
  type Json = Record<string, any>;
  const corrupt: [string, (json: Json) => void, RegExp][] = [
    [
      'another format',
      (j) => Object.assign(j, { format: 'sklearn' }),
      /json\.format: expected '@em\/gaussian\/GaussianMixture'/,
    ],
    ['a future version', (j) => Object.assign(j, { version: 2 }), /json\.version: expected schema version 1/],
    [
      'a missing field',
      (j) => delete j.fitted.means,
      /json\.fitted\.means: expected a field that is present/,
    ],
    [
      'an unknown field',
      (j) => Object.assign(j.fitted, { extra: 1 }),
      /json\.fitted\.extra: expected no such field/,
    ],
    [
      'feature names that are not strings',
      (j) => Object.assign(j, { featureNames: ['a', 2] }),
      /json\.featureNames: expected an array of strings/,
    ],
    [
      'a feature name too few',
      (j) => Object.assign(j, { featureNames: ['a'] }),
      /json\.featureNames: expected one name per feature \(2\)/,
    ],
    ['a wrong shape', (j) => j.fitted.means[1].pop(), /json\.fitted\.means.*expected length 2/],
    [
      'a non-finite number',
      (j) => j.fitted.weights.splice(0, 1, null),
      /json\.fitted\.weights\[0\]: expected a finite number/,
    ],
    [
      'weights not summing to 1',
      (j) => Object.assign(j.fitted, { weights: [0.5, 0.6] }),
      /weights summing to 1/,
    ],
    [
      'a non-triangular Cholesky factor',
      (j) => j.fitted.precisionsCholesky[0][1].splice(0, 1, 0.3),
      /triangular/,
    ],
    [
      'a non-positive-definite covariance',
      (j) =>
        j.fitted.covariances.splice(0, 1, [
          [1, 2],
          [2, 1],
        ]),
      /positive-definite/,
    ],
    [
      'an unknown covariance type',
      (j) => Object.assign(j.options, { covarianceType: 'round' }),
      /covarianceType/,
    ],
    [
      'a bad option value',
      (j) => Object.assign(j.options, { regCovar: -1 }),
      /regCovar: expected a finite number >= 0/,
    ],
  ];
  for (const [what, mutate, message] of corrupt) {
    it(`rejects ${what}`, () => {
      const json = fitted();
      mutate(json);
      expect(() => GaussianMixture.fromJSON(json)).toThrow(message);
    });
  }
  it('accepts optional feature names, and files without them', () => {
    const json = { ...fitted(), featureNames: ['width', 'height'] };
    const model = GaussianMixture.fromJSON(json);
    expect(model.means).toEqual(GaussianMixture.fromJSON(fitted()).means);
  });
  it('rejects text that is not JSON', () => {
    expect(() => GaussianMixture.fromJSON('{oops')).toThrow(InvalidInputError);
  });
});
