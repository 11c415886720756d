// The prior option against hostile input: wrong dimensions, ranges and forms are typed errors naming
// the field (prior.mean, prior.scale, prior.dof, prior.shrinkage) with what was expected and received;
// whatever prior and data, a fit ends in a typed error or a finite model — never NaN, a hang or a TypeError.
import { InvalidInputError, InvalidOptionError } from '@em/core';
import {
  adversarialRecorder,
  adversarialRuns,
  expectTypedError,
  extremeFinite,
  hostileNumber,
  hostileValue,
  matrixOf,
  propertyTypedOrFinite,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultPrior,
  GaussianMixture,
  PRIOR_MODELS,
  type PriorOption,
  selectModel,
} from '../../src/index.js';

const recorder = adversarialRecorder('@em/gaussian');
const X = [
  [0, 0.2],
  [0.4, 0.1],
  [0.2, 0.5],
  [5, 5.3],
  [5.4, 5.1],
  [5.2, 4.8],
  [2.5, 2.4],
];

function refused(prior: unknown, covarianceType: string, mentions: string[]): InvalidOptionError {
  const error = expectTypedError(
    recorder,
    () => new GaussianMixture({ nComponents: 2, covarianceType, prior } as never).fit(X),
    mentions,
  );
  expect(error).toBeInstanceOf(InvalidOptionError);
  return error as InvalidOptionError;
}

describe('prior: typed errors naming the field, expected and received', () => {
  it('a mean whose length is not d', () => {
    const error = refused({ mean: [1, 2, 3] }, 'VVV', ['prior.mean', 'length d = 2']);
    expect(error.option).toBe('prior.mean');
    expect(error.received).toEqual([1, 2, 3]);
  });

  it('a scale that is not d × d, not symmetric, not positive definite, or a matrix where a number belongs', () => {
    expect(
      refused(
        {
          scale: [
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
          ],
        },
        'VVV',
        ['prior.scale', '2 × 2'],
      ).option,
    ).toBe('prior.scale');
    expect(refused({ scale: [[1, 0], [0]] }, 'EEE', ['prior.scale[1]', 'length 2']).option).toBe(
      'prior.scale[1]',
    );
    expect(
      refused(
        {
          scale: [
            [1, 0.5],
            [0.2, 1],
          ],
        },
        'EEV',
        ['prior.scale[0][1]', 'symmetric'],
      ).option,
    ).toBe('prior.scale[0][1]');
    refused(
      {
        scale: [
          [1, 2],
          [2, 1],
        ],
      },
      'VEV',
      ['prior.scale', 'positive definite'],
    );
    refused({ scale: 2 }, 'VVV', ['prior.scale', '2 × 2']);
    refused(
      {
        scale: [
          [1, 0],
          [0, 1],
        ],
      },
      'VVI',
      ['prior.scale', 'a finite number > 0'],
    );
    refused({ scale: -1 }, 'EII', ['prior.scale', 'a finite number > 0']);
  });

  it('dof ≤ d − 1 and a negative shrinkage', () => {
    const dof = refused({ dof: 1 }, 'VVV', ['prior.dof', '> d − 1 = 1']);
    expect(dof.received).toBe(1);
    const shrinkage = refused({ shrinkage: -0.1 }, 'VVV', ['prior.shrinkage', '>= 0']);
    expect(shrinkage.received).toBe(-0.1);
  });

  it('unknown fields, other forms, and models without a prior', () => {
    refused({ shrink: 1 }, 'VVV', ['prior.shrink', 'no such field']);
    refused('mclust', 'VVV', ['prior', "'default'"]);
    refused([1, 2], 'VVV', ['prior']);
    expect(refused('default', 'full', ['prior', "Use 'VVV'"]).option).toBe('prior');
    refused('default', 'VEE', ['prior', 'mclust drops this model']);
  });

  it('missing values, fitStream and partialFit: refused, not silently ignored', () => {
    expectTypedError(
      recorder,
      () =>
        new GaussianMixture({ nComponents: 1, covarianceType: 'VVV', prior: 'default', missing: 'em' }).fit([
          [0, 1],
          [Number.NaN, 2],
          [1, 1],
          [2, 0],
        ]),
      ['prior', 'missing values'],
    );
    expectTypedError(
      recorder,
      () => new GaussianMixture({ covarianceType: 'VVV', prior: 'default' }).partialFit(X),
      ['partialFit'],
    );
  });

  it('one row: the default scale (the data’s variance) needs two, said as such; defaultPrior too', () => {
    const fit = (prior: PriorOption) => () =>
      new GaussianMixture({ covarianceType: 'VVV', prior }).fit([[1, 2]]);
    expect(
      expectTypedError(recorder, fit('default'), ['X (number of samples)', 'prior.scale']),
    ).toBeInstanceOf(InvalidInputError);
    expect(expectTypedError(recorder, () => defaultPrior([[1, 2]], 1, 'VVV'), ['at least 2'])).toBeInstanceOf(
      InvalidInputError,
    );
    // With the scale given, one row has a MAP estimate (no maximum-likelihood one), mclust's
    // mvn('VVV', x, prior = priorControl(scale = diag(2))) Sigma 0.1111111 I:
    // Σ = Λ / (ν + n + d + 1 + [κ > 0]) = I / (4 + 1 + 2 + 1 + 1) (the prior mean is the row itself).
    const gmm = new GaussianMixture({
      covarianceType: 'VVV',
      prior: {
        scale: [
          [1, 0],
          [0, 1],
        ],
      },
    }).fit([[1, 2]]);
    const values = (gmm.covariances as number[][][])[0]!.flat();
    expect(values.map((v) => Number(v.toFixed(12)))).toEqual(
      [1 / 9, 0, 0, 1 / 9].map((v) => Number(v.toFixed(12))),
    );
  });

  it('selectModel with a prior over scikit-learn’s names is refused before any fit', () => {
    expectTypedError(recorder, () => selectModel(X, { prior: 'default', nComponents: [1, 2] }), [
      'prior',
      "Use 'VVV'",
    ]);
  });
});

describe('prior: hostile hyperparameters and data', () => {
  const priorArb: fc.Arbitrary<unknown> = fc.oneof(
    fc.constant('default'),
    hostileValue,
    fc.record(
      {
        shrinkage: fc.oneof(hostileNumber, fc.double({ min: 0, max: 100, noNaN: true })),
        mean: fc.oneof(fc.array(extremeFinite, { maxLength: 4 }), hostileValue),
        dof: fc.oneof(hostileNumber, fc.double({ min: -2, max: 20, noNaN: true })),
        scale: fc.oneof(
          hostileNumber,
          fc.double({ min: 1e-300, max: 1e300, noNaN: true }),
          fc.array(fc.array(extremeFinite, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
        ),
      },
      { requiredKeys: [] },
    ),
  );

  it('a fit ends in a typed error or finite parameters', () => {
    propertyTypedOrFinite(
      recorder,
      fc.tuple(
        priorArb,
        fc.constantFrom(...PRIOR_MODELS),
        fc.integer({ min: 1, max: 3 }),
        fc.oneof(fc.constant(X), matrixOf(extremeFinite, { minRows: 2, maxRows: 10 })),
      ),
      ([prior, covarianceType, nComponents, data]) => {
        const gmm = new GaussianMixture({
          nComponents,
          covarianceType,
          prior: prior as PriorOption,
          maxIter: 50,
        }).fit(data as number[][]);
        return {
          weights: gmm.weights,
          means: gmm.means,
          covariances: gmm.covariances,
          lowerBound: gmm.lowerBound,
        };
      },
      { numRuns: adversarialRuns(40, 100) },
    );
  });
});

describe('prior: JSON round trip', () => {
  it.each([
    ['default', 'default' as PriorOption, 'VVV'],
    [
      'given',
      {
        shrinkage: 0.1,
        mean: Float64Array.of(1, 1),
        dof: 5,
        scale: [
          [0.5, 0.1],
          [0.1, 0.5],
        ],
      } as PriorOption,
      'EEV',
    ],
    ['scalar scale', { scale: 0.3 } as PriorOption, 'VEI'],
  ] as const)('%s: the prior and the fit survive toJSON / fromJSON', (_label, prior, covarianceType) => {
    const gmm = new GaussianMixture({ nComponents: 2, covarianceType, prior, initParams: 'hc' }).fit(X);
    const json = JSON.parse(JSON.stringify(gmm));
    const back = GaussianMixture.fromJSON(json);
    const expected =
      prior === 'default' ? 'default' : { ...prior, ...('mean' in prior ? { mean: [1, 1] } : {}) };
    expect(json.options.prior).toEqual(expected);
    expect(back.options.prior).toEqual(expected);
    expect(back.means).toEqual(gmm.means);
    expect(Array.from(back.predict(X))).toEqual(Array.from(gmm.predict(X)));
    // Refitting the loaded model fits the same MAP estimate.
    expect(new GaussianMixture(back.options).fit(X).means).toEqual(gmm.means);
  });

  it('a tampered prior in a saved model is refused naming the field', () => {
    const json = JSON.parse(
      JSON.stringify(new GaussianMixture({ nComponents: 2, covarianceType: 'VVV', prior: 'default' }).fit(X)),
    );
    json.options.prior = { shrinkage: -1 };
    expectTypedError(recorder, () => GaussianMixture.fromJSON(json), ['prior.shrinkage']);
    json.options.prior = 'mclust';
    expectTypedError(recorder, () => GaussianMixture.fromJSON(json), ['prior']);
    json.options.prior = 'default';
    json.options.covarianceType = 'full';
    expectTypedError(recorder, () => GaussianMixture.fromJSON(json), ['prior']);
  });
});
