// Arbitrary shapes, extreme finite values, NaN/±Infinity, hostile strings and tampered JSON: every call
// ends in a typed EMError or a finite, consistent result — never a TypeError, a NaN or a hang.
import { EMError } from '@em/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BernoulliMixture,
  CategoricalMixture,
  MultinomialMixture,
  PoissonMixture,
  RegressionMixture,
} from '../src/index.js';

const RUNS = process.env.CI ? 60 : 200;
const value = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, -1, 0.5, 1e300, -1e300, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53),
  fc.integer({ min: 0, max: 20 }),
  fc.double(),
  fc.string(),
  fc.constant(null),
);
const matrix = fc.oneof(
  fc.array(fc.array(value, { minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 12 }),
  fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 3, maxLength: 3 }), {
    minLength: 1,
    maxLength: 30,
  }),
  value,
);

function typedOrFinite(f: () => unknown): void {
  try {
    const out = f() as { lowerBound?: number } | undefined;
    if (out && typeof out === 'object' && 'lowerBound' in out)
      expect(Number.isNaN(out.lowerBound)).toBe(false);
  } catch (error) {
    if (!(error instanceof EMError)) throw error;
  }
}

const models = [
  (k: number) => new BernoulliMixture({ nComponents: k, maxIter: 20 }),
  (k: number) => new PoissonMixture({ nComponents: k, maxIter: 20 }),
  (k: number) => new CategoricalMixture({ nComponents: k, maxIter: 20 }),
  (k: number) => new MultinomialMixture({ nComponents: k, maxIter: 20 }),
];

describe('adversarial input', () => {
  it('fit/predict/score of arbitrary matrices: a typed error or finite numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 }), matrix, (m, k, X) => {
        const model = models[m]!(k);
        typedOrFinite(() => {
          model.fit(X as never);
          for (const v of model.scoreSamples(X as never)) expect(Number.isNaN(v)).toBe(false);
          for (const row of model.predictProba(X as never))
            expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
          return model;
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('regression with arbitrary X, y and family', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('gaussian', 'poisson', 'binomial'),
        fc.array(value, { maxLength: 20 }),
        fc.array(value, { maxLength: 20 }),
        (family, x, y) => {
          typedOrFinite(() =>
            new RegressionMixture({ nComponents: 2, family, maxIter: 20 }).fit(x as never, y as never),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('hostile options: a typed error', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), (options) => {
        typedOrFinite(() =>
          new BernoulliMixture(options as never).fit([
            [0, 1],
            [1, 0],
            [1, 1],
          ]),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('tampered JSON: a typed error naming the field, or a model that scores finitely', () => {
    const X = [
      [1, 0, 1],
      [0, 1, 1],
      [1, 1, 0],
      [0, 0, 1],
    ];
    const json = new BernoulliMixture({ nComponents: 2 }).fit(X).toJSON();
    const paths = [
      ['weights', 0],
      ['params', 'probabilities', 1, 2],
      ['fit', 'nIter'],
      ['fit', 'lowerBound'],
      ['kind'],
      ['version'],
      ['params', 'probabilities'],
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...paths), value, (path, v) => {
        const copy = JSON.parse(JSON.stringify(json));
        let target = copy;
        for (const key of path.slice(0, -1)) target = target[key];
        target[path[path.length - 1]!] = v;
        typedOrFinite(() => {
          const model = BernoulliMixture.fromJSON(copy);
          for (const s of model.scoreSamples(X)) expect(Number.isFinite(s)).toBe(true);
        });
      }),
      { numRuns: RUNS },
    );
    expect(() => BernoulliMixture.fromJSON('{not json')).toThrow(EMError);
    expect(() => PoissonMixture.fromJSON(json)).toThrow(/json.kind/);
  });

  it('huge sizes: a 20 000-word vocabulary costs per non-zero, and huge counts stay finite', () => {
    const X = {
      rows: 3,
      cols: 20_000,
      indptr: [0, 2, 3, 4],
      indices: [5, 19_999, 7, 5],
      values: [1e6, 3, 2, 1],
    };
    const model = new MultinomialMixture({ nComponents: 2 }).fit(X);
    for (const v of model.scoreSamples(X)) expect(Number.isFinite(v)).toBe(true);
    const p = new PoissonMixture({ nComponents: 1 }).fit([[2 ** 40], [0]]);
    expect(Number.isFinite(p.score([[2 ** 40], [0]]))).toBe(true);
  });
});
