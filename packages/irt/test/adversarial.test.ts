// Hostile input: every call either throws a typed EMError or returns finite, consistent numbers —
// never a TypeError from deep inside, a NaN result, an infinite parameter or a hang.
import { EMError } from '@em/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IrtJSON, ItemResponseModel, type ItemType, LSAT } from '../src/index.js';

const runs = process.env.CI ? 60 : 150;
const itemTypes: ItemType[] = ['Rasch', '1PL', '2PL', '3PL', 'graded', 'gpcm'];

const hostile = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    1e308,
    -1e308,
    5e-324,
    0.5,
    -1,
    2,
    3,
    null,
    undefined,
    '1',
    '__proto__',
    '',
    true,
    {},
    [],
  ),
  fc.double(),
  fc.string(),
);
const response = (K: number) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: K - 1 }) },
    { weight: 1, arbitrary: fc.constant(null) },
  );

/** Either a typed error, or a result whose numbers are all finite (or NaN only where documented: excluded items). */
function typedOrFinite(f: () => void): void {
  try {
    f();
  } catch (error) {
    if (!(error instanceof EMError)) throw error;
  }
}

function checkModel(model: ItemResponseModel, data: unknown[][]): void {
  expect(Number.isFinite(model.logLikelihood)).toBe(true);
  expect(Number.isFinite(model.aic())).toBe(true);
  for (const item of model.items) {
    for (const v of [item.slope, ...item.intercepts, item.guessing]) {
      if (item.excluded) expect(Number.isNaN(v)).toBe(true);
      else expect(Number.isFinite(v)).toBe(true);
    }
  }
  for (const w of model.warnings) expect(typeof w.message).toBe('string');
  for (const method of ['EAP', 'MAP'] as const) {
    const { theta, se } = model.scores(data as number[][], { method });
    for (const v of theta) expect(Number.isFinite(v)).toBe(true);
    for (const v of se) expect(v >= 0 || Number.isNaN(v)).toBe(true);
  }
  for (const v of model.testInformation([-50, -3, 0, 3, 50])) expect(Number.isFinite(v) && v >= 0).toBe(true);
  for (const v of model.expectedScore([-50, 0, 50])) expect(Number.isFinite(v)).toBe(true);
  const copy = ItemResponseModel.fromJSON(JSON.stringify(model));
  expect(JSON.stringify(copy)).toBe(JSON.stringify(model));
}

describe('adversarial', () => {
  it('valid-shaped random data of any size: finite, consistent results or typed errors', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...itemTypes),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 2, max: 5 }),
        fc.infiniteStream(fc.nat()),
        (itemType, rows, cols, K0, seeds) => {
          const K = itemType === 'graded' || itemType === 'gpcm' ? K0 : 2;
          const it = seeds[Symbol.iterator]();
          const data = Array.from({ length: rows }, () =>
            Array.from({ length: cols }, () => {
              const r = it.next().value as number;
              return r % 11 === 0 ? null : r % K;
            }),
          );
          typedOrFinite(() => {
            const model = new ItemResponseModel({
              itemType,
              maxIter: 200,
              nCategories: K > 2 ? K : undefined,
            }).fit(data);
            checkModel(model, data);
          });
        },
      ),
      { numRuns: runs },
    );
  });

  it('hostile values anywhere in the responses', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...itemTypes),
        fc.array(
          fc.array(fc.oneof({ weight: 6, arbitrary: response(3) }, { weight: 1, arbitrary: hostile }), {
            minLength: 1,
            maxLength: 5,
          }),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        (itemType, data) => {
          typedOrFinite(() => {
            const model = new ItemResponseModel({ itemType, maxIter: 100 }).fit(data as number[][]);
            checkModel(model, data);
          });
        },
      ),
      { numRuns: runs },
    );
  });

  it('hostile weights, options and scoring inputs', () => {
    fc.assert(
      fc.property(
        fc.array(hostile, { minLength: 0, maxLength: 34 }),
        fc.record({
          itemType: fc.oneof(fc.constantFrom(...itemTypes), hostile),
          quadraturePoints: fc.oneof(fc.integer({ min: -5, max: 250 }), hostile),
          tol: fc.oneof(fc.double(), hostile),
          fixedSlope: fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), hostile),
        }),
        fc.array(fc.oneof(fc.double(), hostile), { maxLength: 5 }),
        (weights, options, theta) => {
          typedOrFinite(() => {
            const model = new ItemResponseModel({ ...(options as object), maxIter: 50 }).fit(LSAT.patterns, {
              weights: weights as number[],
            });
            checkModel(model, LSAT.patterns as number[][]);
          });
          typedOrFinite(() => {
            const info = new ItemResponseModel().fit(LSAT.patterns).testInformation(theta as number[]);
            for (const v of info) expect(Number.isFinite(v)).toBe(true);
          });
        },
      ),
      { numRuns: Math.ceil(runs / 3) },
    );
  });

  it('extreme but finite item parameters: scoring and information stay finite', () => {
    const big = fc.double({ min: -1e8, max: 1e8, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.record({ slope: big, intercepts: fc.tuple(big) }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 5 }),
        (items, theta) => {
          typedOrFinite(() => {
            const model = ItemResponseModel.fromItems('2PL', items);
            for (const v of model.testInformation(theta)) expect(Number.isFinite(v)).toBe(true);
            for (const v of model.expectedScore(theta)) expect(Number.isFinite(v)).toBe(true);
            const patterns = [items.map(() => 1), items.map(() => 0)];
            for (const method of ['EAP', 'MAP'] as const)
              for (const v of model.scores(patterns, { method }).theta) expect(Number.isFinite(v)).toBe(true);
          });
        },
      ),
      { numRuns: runs },
    );
  });

  it('tampered JSON: a typed error naming a field, or a model that scores finitely', () => {
    const base = new ItemResponseModel({ itemType: '3PL' })
      .fit(LSAT.patterns, { weights: LSAT.frequencies })
      .toJSON();
    const paths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] =>
      typeof value === 'object' && value !== null
        ? [
            prefix,
            ...Object.entries(value).flatMap(([k, v]) =>
              paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]),
            ),
          ]
        : [prefix];
    const all = paths(base).filter((p) => p.length > 0);
    fc.assert(
      fc.property(fc.constantFrom(...all), hostile, (path, value) => {
        const json = JSON.parse(JSON.stringify(base)) as IrtJSON;
        let target = json as unknown as Record<string | number, unknown>;
        for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
        target[path.at(-1)!] = value;
        typedOrFinite(() => {
          const model = ItemResponseModel.fromJSON(json);
          for (const v of model.scores(LSAT.patterns).theta) expect(Number.isFinite(v)).toBe(true);
        });
      }),
      { numRuns: runs * 2 },
    );
  });

  it('a large input does not hang: 20 000 persons × 30 items fits in seconds', () => {
    let state = 1;
    const random = () => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
    const data = Array.from({ length: 20_000 }, () => {
      const t = random() * 4 - 2;
      return Array.from({ length: 30 }, (_, j) =>
        random() < 1 / (1 + Math.exp(-(t - (j - 15) / 8))) ? 1 : 0,
      );
    });
    const model = new ItemResponseModel({ standardErrors: false, tol: 1e-4 }).fit(data);
    expect(Number.isFinite(model.logLikelihood)).toBe(true);
  });
});
