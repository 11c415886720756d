// Adversarial properties of BayesianGaussianMixture: whatever it is given, a typed EMError or a
// finite, consistent result — never a TypeError, a NaN or a hang. CI replays a fixed seed
// (test/setup.ts); local runs explore more.
import { EMError, InvalidInputError } from '@em/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BayesianGaussianMixture, type BayesianGaussianMixtureOptions } from '../../src/index.js';

const RUNS = process.env.CI ? 60 : 150;

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
  expect(bgm.lowerBound === Number.NEGATIVE_INFINITY || Number.isFinite(bgm.lowerBound)).toBe(true);
  const labels = bgm.predict(X as number[][]);
  for (const label of labels) expect(label >= 0 && label < nComponents).toBe(true);
  const copy = BayesianGaussianMixture.fromJSON(JSON.stringify(bgm));
  expect(copy.toJSON()).toEqual(bgm.toJSON());
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
    }
  });
});
