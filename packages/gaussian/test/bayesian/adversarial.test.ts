// Adversarial properties of BayesianGaussianMixture: whatever it is given, a typed EMError or a
// finite, consistent result — never a TypeError, a NaN or a hang. CI replays a fixed seed
// (test/setup.ts); local runs explore more.
import { EMError, InvalidInputError } from '@em/core';
import {
  adversarialRecorder,
  adversarialRuns,
  expectRefused,
  expectTypedError,
  expectTypedOrFinite,
  expectTypedOrFiniteAsync,
  extremeFinite,
  hostileMatrix,
  matrixOf,
  propertyTypedOrFinite,
  tamperedJson,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BayesianGaussianMixture,
  type BayesianGaussianMixtureOptions,
  mixtureStatistics,
  NoIterationError,
} from '../../src/index.js';

const RUNS = adversarialRuns(60, 150);

const hostileNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(
    0,
    -0,
    1e-300,
    -1e-300,
    1e300,
    -1e300,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.MIN_VALUE,
  ),
  fc.integer({ min: -5, max: 20 }),
);
const hostileValue = fc.oneof(
  hostileNumber,
  fc.string(),
  fc.constantFrom(null, undefined, {}, [], [[]], '__proto__', 'constructor', true),
  fc.array(hostileNumber, { maxLength: 4 }),
  fc.array(fc.array(hostileNumber, { maxLength: 3 }), { maxLength: 3 }),
);

/** A fit either throws an EMError or leaves a finite, consistent model. */
function checkFit(make: () => BayesianGaussianMixture, X: unknown): void {
  let bgm: BayesianGaussianMixture;
  try {
    bgm = make().fit(X as number[][]);
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(EMError);
    return;
  }
  const { weights, means, nComponents } = bgm;
  expect(weights.every(Number.isFinite)).toBe(true);
  expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  expect(means.flat().every(Number.isFinite)).toBe(true);
  // maxIter: 0 leaves no iteration to report a bound of (a typed error, as for the plain mixture).
  if (bgm.nIter === 0) expect(() => bgm.lowerBound).toThrow(NoIterationError);
  else expect(bgm.lowerBound === Number.NEGATIVE_INFINITY || Number.isFinite(bgm.lowerBound)).toBe(true);
  const labels = bgm.predict(X as number[][]);
  for (const label of labels) expect(label >= 0 && label < nComponents).toBe(true);
  const copy = BayesianGaussianMixture.fromJSON(JSON.stringify(bgm));
  // Compared as JSON: a −0 in the options (meanPrior: [-0, 0]) is written as 0, as JSON does.
  expect(JSON.stringify(copy)).toBe(JSON.stringify(bgm));
}

describe('adversarial BayesianGaussianMixture', () => {
  it('arbitrary options: a typed error or a working model', () => {
    const keys = [
      'nComponents',
      'covarianceType',
      'tol',
      'regCovar',
      'maxIter',
      'nInit',
      'initParams',
      'respInit',
      'weightConcentrationPriorType',
      'weightConcentrationPrior',
      'meanPrecisionPrior',
      'meanPrior',
      'degreesOfFreedomPrior',
      'covariancePrior',
      'randomState',
      'warmStart',
      'kernels',
      'n_components',
    ];
    const X = Array.from({ length: 12 }, (_, i) => [i % 3, (i * 7) % 5]);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), hostileValue, { maxKeys: 3 }), (raw) => {
        const options = { maxIter: 20, ...raw } as BayesianGaussianMixtureOptions;
        if (typeof options.maxIter !== 'number' || options.maxIter > 50) options.maxIter = 20;
        if (typeof options.nInit === 'number' && options.nInit > 3) options.nInit = 3;
        checkFit(() => new BayesianGaussianMixture(options), X);
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary data (shapes, extreme and non-finite values): a typed error or a finite result', () => {
    const rows = fc
      .integer({ min: 1, max: 3 })
      .chain((d) =>
        fc.array(fc.array(hostileNumber, { minLength: d, maxLength: d }), { minLength: 0, maxLength: 30 }),
      );
    const settings = fc.record({
      nComponents: fc.integer({ min: 1, max: 4 }),
      covarianceType: fc.constantFrom('full', 'tied', 'diag', 'spherical' as const),
      weightConcentrationPriorType: fc.constantFrom('dirichlet_process', 'dirichlet_distribution' as const),
      initParams: fc.constantFrom('kmeans', 'k-means++', 'random', 'random_from_data' as const),
      regCovar: fc.constantFrom(0, 1e-6, 1),
    });
    fc.assert(
      fc.property(rows, settings, fc.integer({ min: 0, max: 100 }), (X, options, randomState) => {
        checkFit(() => new BayesianGaussianMixture({ ...options, randomState, maxIter: 30 }), X);
      }),
      { numRuns: RUNS },
    );
  });

  it('clusters at extreme scales (1e-150 … 1e150) fit to finite numbers', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1e-150, 1e-20, 1, 1e20, 1e150),
        fc.constantFrom('full', 'tied', 'diag', 'spherical' as const),
        fc.constantFrom('dirichlet_process', 'dirichlet_distribution' as const),
        (scale, covarianceType, weightConcentrationPriorType) => {
          const X = Array.from({ length: 24 }, (_, i) => [
            scale * ((i % 2) * 10 + Math.sin(i)),
            scale * ((i % 2) * 10 + Math.cos(3 * i)),
          ]);
          checkFit(
            () =>
              new BayesianGaussianMixture({
                nComponents: 3,
                covarianceType,
                weightConcentrationPriorType,
                randomState: 0,
              }),
            X,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('tampered JSON: a typed error or a model equal to a valid one', () => {
    const base = new BayesianGaussianMixture({ nComponents: 3, randomState: 0, covarianceType: 'diag' })
      .fit(Array.from({ length: 30 }, (_, i) => [i % 3, (i * 7) % 11]))
      .toJSON();
    const paths: string[][] = [];
    const walk = (node: unknown, path: string[]) => {
      paths.push(path);
      if (node && typeof node === 'object')
        for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
    };
    walk(base, []);
    fc.assert(
      fc.property(fc.constantFrom(...paths.filter((p) => p.length > 0)), hostileValue, (path, value) => {
        const json = structuredClone(base) as unknown as Record<string, unknown>;
        let node = json;
        for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
        node[path.at(-1)!] = value;
        let model: BayesianGaussianMixture;
        try {
          model = BayesianGaussianMixture.fromJSON(json as never);
        } catch (error) {
          expect(error, String(error)).toBeInstanceOf(EMError);
          return;
        }
        if (!model.isFitted) return;
        expect(model.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
        for (const v of model.scoreSamples([
          [0, 0],
          [1e6, -1e6],
        ]))
          expect(Number.isFinite(v) || v === Number.NEGATIVE_INFINITY).toBe(true);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('tampered JSON fields are rejected with the field named', () => {
    const base = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 })
      .fit(Array.from({ length: 20 }, (_, i) => [i % 2, (i * 3) % 7]))
      .toJSON();
    // biome-ignore lint/suspicious/noExplicitAny: the tampering reaches into any field
    type Json = Record<string, any>;
    const cases: [string, (json: Json) => void][] = [
      ['json.format', (j) => Object.assign(j, { format: 'other' })],
      ['json.version', (j) => Object.assign(j, { version: 2 })],
      [
        'json.options.weightConcentrationPriorType',
        (j) => Object.assign(j.options, { weightConcentrationPriorType: 'x' }),
      ],
      ['json.fitted.weights[0]', (j) => j.fitted.weights.splice(0, 1, 0.9)],
      ['json.fitted.weightConcentration[0][1]', (j) => j.fitted.weightConcentration[0].splice(1, 1, -1)],
      ['json.fitted.meanPrecision[1]', (j) => j.fitted.meanPrecision.splice(1, 1, 0)],
      ['json.fitted.degreesOfFreedom[0]', (j) => j.fitted.degreesOfFreedom.splice(0, 1, 0.5)],
      ['json.fitted.covariances[0]', (j) => j.fitted.covariances[0][0].splice(0, 1, -3)],
      ['json.fitted.means', (j) => Object.assign(j.fitted, { means: [[1, 2]] })],
      ['json.fitted.history[0]', (j) => j.fitted.history.splice(0, 1, Number.NaN)],
      ['json.fitted.extra', (j) => Object.assign(j.fitted, { extra: 1 })],
      // Contradictions (issue #23): each field is valid alone, the model they make is not.
      [
        'json.fitted.covariances[1][0][1]',
        (j) => {
          j.fitted.covariances[1][0][1] += 0.25;
        },
      ],
      ['json.fitted.history', (j) => Object.assign(j.fitted, { nIter: j.fitted.nIter + 1 })],
      ['json.fitted.lowerBound', (j) => Object.assign(j.fitted, { lowerBound: j.fitted.lowerBound - 1 })],
      [
        'json.fitted.converged',
        (j) => Object.assign(j.fitted, { nIter: 0, history: [], lowerBound: null, converged: true }),
      ],
      ['json.fitted.nIter', (j) => Object.assign(j.options, { maxIter: 1 })],
      ['json.options.tol', (j) => Object.assign(j.options, { tol: -1 })],
      ['json.options.meanPrecisionPrior', (j) => Object.assign(j.options, { meanPrecisionPrior: 0 })],
      ['json.options.meanPrior', (j) => Object.assign(j.options, { meanPrior: [1, 2, 3] })],
      ['json.options.degreesOfFreedomPrior', (j) => Object.assign(j.options, { degreesOfFreedomPrior: 0.5 })],
    ];
    for (const [field, tamper] of cases) {
      const json = structuredClone(base) as Json;
      tamper(json);
      let caught: unknown;
      try {
        BayesianGaussianMixture.fromJSON(json as never);
      } catch (error) {
        caught = error;
      }
      expect(caught, field).toBeInstanceOf(InvalidInputError);
      expect((caught as InvalidInputError).argument, field).toBe(field);
      expectRefused(recorder, () => BayesianGaussianMixture.fromJSON(json as never), field);
    }
  });
});

// ——— In @em/testkit's shape, counted for the troubleshooting table ———

const recorder = adversarialRecorder('@em/gaussian', 'bayesian-adversarial');
const SEPARATED = Array.from({ length: 30 }, (_, i) => [
  (i % 2) * 10 + Math.sin(i),
  (i % 2) * 4 + Math.cos(i),
]);
const TYPES = ['full', 'tied', 'diag', 'spherical'] as const;
const UNEQUAL = Array.from({ length: 40 }, (_, i) =>
  i % 2 === 0 ? [Math.sin(i), Math.cos(i * 1.7)] : [10 + 3 * Math.sin(i), 4 + 3 * Math.cos(i * 1.7)],
);

describe('BayesianGaussianMixture in the kit shape', () => {
  it('fit on arbitrary shapes and extreme values: typed error or finite results', () => {
    propertyTypedOrFinite(
      recorder,
      fc.tuple(fc.oneof(hostileMatrix, matrixOf(extremeFinite, { minRows: 1 })), fc.constantFrom(...TYPES)),
      ([X, covarianceType]) => {
        const bgm = new BayesianGaussianMixture({
          nComponents: 2,
          covarianceType,
          randomState: 0,
          maxIter: 50,
        }).fit(X as number[][]);
        return { weights: bgm.weights, means: bgm.means, covariances: bgm.covariances, history: bgm.history };
      },
    );
  });

  it('tampered JSON (the kit’s mutations): a typed error or a model with finite, consistent answers', () => {
    for (const covarianceType of TYPES) {
      const valid = new BayesianGaussianMixture({ nComponents: 2, covarianceType, randomState: 0 })
        .fit(SEPARATED)
        .toJSON();
      propertyTypedOrFinite(
        recorder,
        tamperedJson(valid),
        ({ document }) => {
          const copy = BayesianGaussianMixture.fromJSON(document as never);
          if (!copy.isFitted) return copy.options.nComponents;
          if (copy.nIter > 0) expect(copy.history.at(-1)).toBe(copy.lowerBound);
          return {
            weights: copy.weights,
            proba: copy.predictProba([
              [0, 0],
              [10, 4],
            ]),
            history: copy.history,
          };
        },
        { numRuns: Math.ceil(adversarialRuns() / 2) },
      );
    }
  });

  it('issue #23: predictProba far away is finite (one-hot as at 1e6); score there a typed error; maxIter 0 has no lowerBound', () => {
    for (const covarianceType of TYPES) {
      const bgm = new BayesianGaussianMixture({ nComponents: 2, covarianceType, randomState: 0 }).fit(
        UNEQUAL, // spreads 1 and 3: at 1e6 the same term decides as at 1e200
      );
      const near = bgm.predictProba([[1e6, 1e6]]);
      const far = expectTypedOrFinite(recorder, () => bgm.predictProba([[1e200, 1e200]]));
      expect(far.value, covarianceType).toEqual(near);
      expectTypedError(recorder, () => bgm.score([[1e200, 1e200]]), [
        'outside the range of double precision',
      ]);
    }
    const initial = new BayesianGaussianMixture({ nComponents: 2, maxIter: 0, randomState: 0 }).fit(
      SEPARATED,
    );
    expectTypedError(recorder, () => initial.lowerBound, ['maxIter: 0']);
    expectTypedError(recorder, () => initial.sample(1e12), ['draw in batches']);
    expectTypedError(
      recorder,
      () => new BayesianGaussianMixture().fit(SEPARATED.map(([a, b]) => [a!, b! * 1e155])),
      ['scale the data'],
    );
  });
});

describe('BayesianGaussianMixture fitStream, partialFit, fitFromStatistics in the kit shape', () => {
  const summary = (bgm: BayesianGaussianMixture) => ({
    weights: bgm.weights,
    means: bgm.means,
    covariances: bgm.covariances,
    nIter: bgm.nIter,
  });

  it('fitStream on arbitrary shapes and extreme values, cut into chunks: typed error or finite results', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(hostileMatrix, matrixOf(extremeFinite, { minRows: 1 })),
        fc.constantFrom(...TYPES),
        fc.integer({ min: 1, max: 4 }),
        async (X, covarianceType, size) => {
          const rows = Array.isArray(X) ? (X as unknown[]) : [X];
          const chunks: unknown[] = [];
          for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
          await expectTypedOrFiniteAsync(
            recorder,
            async () =>
              summary(
                await new BayesianGaussianMixture({
                  nComponents: 2,
                  covarianceType,
                  randomState: 0,
                  maxIter: 20,
                }).fitStream(chunks as number[][][]),
              ),
            {},
            X,
          );
        },
      ),
      { numRuns: Math.ceil(adversarialRuns() / 2) },
    );
  });

  it('partialFit on a sequence of arbitrary batches: typed error or finite results', () => {
    propertyTypedOrFinite(
      recorder,
      fc.tuple(
        fc.array(fc.oneof(hostileMatrix, matrixOf(extremeFinite, { minRows: 1 })), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.constantFrom(...TYPES),
      ),
      ([batches, covarianceType]) => {
        const bgm = new BayesianGaussianMixture({ nComponents: 2, covarianceType, randomState: 0 });
        for (const batch of batches) bgm.partialFit(batch as number[][]);
        return summary(bgm);
      },
    );
  });

  it('fitFromStatistics with tampered statistics: typed error or finite results', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('nk', 's1', 's2', 'rows', 'logLikelihood'),
        hostileValue,
        async (key, value) => {
          await expectTypedOrFiniteAsync(
            recorder,
            async () =>
              summary(
                await new BayesianGaussianMixture({
                  nComponents: 2,
                  randomState: 0,
                  maxIter: 10,
                }).fitFromStatistics({
                  rows: SEPARATED.length,
                  cols: 2,
                  sample: SEPARATED,
                  statistics: async (params) => {
                    const part = await mixtureStatistics(params, [SEPARATED]);
                    return [{ ...part, [key]: value }];
                  },
                }),
              ),
            {},
            { key, value },
          );
        },
      ),
      { numRuns: Math.ceil(adversarialRuns() / 2) },
    );
  });
});
