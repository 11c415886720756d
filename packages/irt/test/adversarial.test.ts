// Hostile input for every export of @em/irt, in the shape of @em/testkit: each call ends in a typed
// EMError or a finite, consistent result — never a TypeError from deep inside, a NaN, a hang or a
// contradictory model accepted from JSON. CI replays a fixed seed (test/setup.ts); local runs draw more.
import { mulberry32 } from '@em/core/numeric';
import { ChunkShapeError, SourceNotReReadableError } from '@em/core/stream';
import {
  adversarialRecorder,
  adversarialRuns,
  asyncPropertyTypedOrFinite,
  expectRefused,
  expectTypedError,
  expectTypedErrorAsync,
  extremeFinite,
  hostileNumber,
  hostileOptions,
  hostileString,
  hostileValue,
  hugeSize,
  propertyTypedOrFinite,
  tamperedJson,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  gaussHermite,
  type IrtJSON,
  ItemResponseModel,
  type ItemType,
  LSAT,
  rectangularQuadrature,
} from '../src/index.js';

const recorder = adversarialRecorder('@em/irt');
const itemTypes: ItemType[] = ['Rasch', '1PL', '2PL', '3PL', 'graded', 'gpcm'];
const anyValue = fc.oneof(hostileValue, hostileNumber, hugeSize, hostileString);
const response = (K: number) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: K - 1 }) },
    { weight: 1, arbitrary: fc.constant(null) },
  );

/**
 * What a fitted model reports, all of which must be finite or null (excluded items' parameters, and the
 * SEs of a singular information matrix, are null with a warning).
 */
function summary(model: ItemResponseModel, data: readonly (readonly (number | null)[])[]) {
  return {
    logLikelihood: model.logLikelihood,
    aic: model.aic(),
    bic: model.bic(),
    history: model.history,
    items: model.items,
    irt: model.irtParameters(),
    se: model.standardErrors(),
    seIrt: model.standardErrors('irt'),
    eap: model.scores(data as number[][]).theta,
    map: model.scores(data as number[][], { method: 'MAP' }).theta,
    information: model.testInformation([-50, -3, 0, 3, 50]),
    expected: model.expectedScore([-50, 0, 50]),
    json: ItemResponseModel.fromJSON(JSON.stringify(model)).toJSON(),
  };
}

const LSAT_FIT = () =>
  new ItemResponseModel({ maxIter: 60 }).fit(LSAT.patterns, { weights: LSAT.frequencies });

describe('@em/irt under hostile input', () => {
  it('valid-shaped random responses of any size and every item type', () => {
    propertyTypedOrFinite(
      recorder,
      fc
        .record({
          itemType: fc.constantFrom(...itemTypes),
          rows: fc.integer({ min: 1, max: 15 }),
          cols: fc.integer({ min: 1, max: 5 }),
          K: fc.integer({ min: 2, max: 4 }),
        })
        .chain(({ itemType, rows, cols, K }) => {
          const k = itemType === 'graded' || itemType === 'gpcm' ? K : 2;
          return fc.record({
            itemType: fc.constant(itemType),
            K: fc.constant(k),
            data: fc.array(fc.array(response(k), { minLength: cols, maxLength: cols }), {
              minLength: rows,
              maxLength: rows,
            }),
          });
        }),
      ({ itemType, K, data }) => {
        const model = new ItemResponseModel({
          itemType,
          maxIter: 60,
          nCategories: K > 2 ? K : undefined,
        }).fit(data);
        return summary(model, data);
      },
      { numRuns: adversarialRuns(20, 80) },
    );
  });

  it('hostile values anywhere in the responses, weights and item names', () => {
    propertyTypedOrFinite(
      recorder,
      fc.record({
        data: fc.oneof(
          fc.array(
            fc.array(fc.oneof({ weight: 6, arbitrary: response(3) }, { weight: 1, arbitrary: anyValue }), {
              minLength: 1,
              maxLength: 4,
            }),
            { minLength: 1, maxLength: 8 },
          ),
          anyValue,
        ),
        weights: fc.oneof(fc.constant(undefined), fc.array(hostileNumber, { maxLength: 8 }), anyValue),
        itemNames: fc.oneof(fc.constant(undefined), fc.array(hostileString, { maxLength: 4 }), anyValue),
      }),
      ({ data, weights, itemNames }) => {
        const model = new ItemResponseModel({ itemType: '2PL', maxIter: 40 }).fit(data as never, {
          weights: weights as never,
          itemNames: itemNames as never,
        });
        return summary(model, data as never);
      },
      { numRuns: adversarialRuns(30, 100) },
    );
  });

  it('arbitrary options', () => {
    const keys = [
      'itemType',
      'quadrature',
      'quadraturePoints',
      'fixedSlope',
      'guessingPrior',
      'nCategories',
      'missing',
      'standardErrors',
      'maxIter',
      'tol',
      'stopRule',
      'acceleration',
      'onIteration',
      'signal',
      'unknownOption',
    ];
    propertyTypedOrFinite(
      recorder,
      fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 3 }),
      (options) =>
        summary(
          new ItemResponseModel({ maxIter: 30, ...options } as never).fit(LSAT.patterns, {
            weights: LSAT.frequencies,
          }),
          LSAT.patterns,
        ),
      { numRuns: adversarialRuns(30, 100) },
    );
  });

  it('every method of a fitted model, and the quadrature rules, given anything', () => {
    const model = LSAT_FIT();
    const calls: ((a: unknown, b: unknown) => unknown)[] = [
      (a, b) => model.scores(a as never, b as never),
      (a, b) => model.marginalLogLikelihood(a as never, b as never),
      (a, b) => model.probabilities(a as never, b as never),
      (a, b) => model.itemInformation(a as never, b as never),
      (a) => model.testInformation(a as never),
      (a) => model.expectedScore(a as never),
      (a) => model.simulate(a as never, mulberry32(1)),
      (a) => model.standardErrors(a as never),
      (a) => gaussHermite(a as never),
      (a, b) => rectangularQuadrature(a as never, b as never),
    ];
    propertyTypedOrFinite(
      recorder,
      fc.record({
        call: fc.nat({ max: calls.length - 1 }),
        a: fc.oneof(anyValue, fc.array(fc.oneof(hostileNumber, extremeFinite), { maxLength: 6 })),
        b: fc.oneof(fc.constant(undefined), anyValue, fc.integer({ min: -1, max: 6 })),
      }),
      ({ call, a, b }) => calls[call]!(a, b),
    );
  });

  it('extreme but finite item parameters: scoring and information stay finite', () => {
    const big = fc.oneof(fc.double({ min: -1e8, max: 1e8, noNaN: true }), extremeFinite);
    propertyTypedOrFinite(
      recorder,
      fc.record({
        items: fc.array(fc.record({ slope: big, intercepts: fc.tuple(big) }), { minLength: 1, maxLength: 5 }),
        theta: fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), extremeFinite), {
          minLength: 1,
          maxLength: 5,
        }),
      }),
      ({ items, theta }) => {
        const model = ItemResponseModel.fromItems('2PL', items);
        const patterns = [items.map(() => 1), items.map(() => 0)];
        return {
          information: model.testInformation(theta),
          expected: model.expectedScore(theta),
          eap: model.scores(patterns).theta,
          map: model.scores(patterns, { method: 'MAP' }).theta,
        };
      },
    );
  });

  it('tampered JSON: refused with a typed error, or a model that scores finitely', () => {
    const saved = JSON.parse(
      JSON.stringify(
        new ItemResponseModel({ itemType: '3PL', maxIter: 60 }).fit(LSAT.patterns, {
          weights: LSAT.frequencies,
        }),
      ),
    );
    propertyTypedOrFinite(
      recorder,
      tamperedJson(saved),
      ({ document }) => {
        const model = ItemResponseModel.fromJSON(document as IrtJSON);
        return { theta: model.scores(LSAT.patterns).theta, aic: model.aic(), bic: model.bic() };
      },
      { numRuns: adversarialRuns(80, 300) },
    );
  });
});

// The cases found while auditing, kept as regression tests.
describe('@em/irt: contradictory models are refused, naming the field', () => {
  const saved = (): IrtJSON => JSON.parse(JSON.stringify(LSAT_FIT())) as IrtJSON;
  const cases: [string, (j: IrtJSON) => void][] = [
    [
      'json.fit.logLikelihood',
      (j) => {
        j.fit.logLikelihood = 1e308;
      },
    ],
    [
      'json.fit.history',
      (j) => {
        j.fit.nIter += 1;
      },
    ],
    [
      'json.fit.history',
      (j) => {
        j.fit.history = [1, 2];
      },
    ],
    [
      'json.fit.logLikelihood',
      (j) => {
        j.fit.logLikelihood = j.fit.history.at(-1)! - 10;
      },
    ],
    [
      'json.fit.logLikelihood',
      (j) => {
        j.fit.logLikelihood = null;
      },
    ],
    [
      'json.fit.converged',
      (j) => Object.assign(j.fit, { nIter: 0, history: [], logLikelihood: null, converged: true }),
    ],
    [
      'a symmetric matrix',
      (j) => {
        j.covariance![1]! += 1;
      },
    ],
    [
      'json.covariance[0]',
      (j) => {
        j.covariance![0] = -1;
      },
    ],
    [
      'json.fit.nObservations',
      (j) => {
        j.fit.nObservations = 0;
      },
    ],
    [
      'json.warnings[0].item',
      (j) => {
        j.warnings = [{ code: 'constant-item', message: 'x', item: 99 }];
      },
    ],
    [
      'json.items[1].name',
      (j) => {
        j.items[1]!.name = '\u001b[2J';
      },
    ],
    [
      'json.items[0].guessing',
      (j) => {
        j.items[0]!.guessing = 0.2;
      },
    ],
  ];
  for (const [i, [field, edit]] of cases.entries())
    it(`contradiction ${i + 1} refused: ${field}`, () => {
      const json = saved();
      edit(json);
      expectRefused(recorder, () => ItemResponseModel.fromJSON(json), field);
    });
});

describe('@em/irt: regression cases of the audit', () => {
  it('a bank from fromItems has no likelihood: logLikelihood, aic and bic throw instead of NaN', () => {
    const bank = ItemResponseModel.fromItems('2PL', [{ slope: 1, intercepts: [0] }]);
    for (const call of [() => bank.logLikelihood, () => bank.aic(), () => bank.bic()])
      expectTypedError(recorder, call, ['not fitted']);
    expect(bank.scores([[1]]).theta[0]).toBeGreaterThan(0);
  });

  it('a fit aborted before its first iteration throws', () => {
    const controller = new AbortController();
    controller.abort();
    expectTypedError(
      recorder,
      () =>
        new ItemResponseModel({ signal: controller.signal }).fit(LSAT.patterns, {
          weights: LSAT.frequencies,
        }),
      ['before its first iteration'],
    );
  });

  it('huge ability arrays, quadrature ranges and null signals are refused before any work', () => {
    const model = LSAT_FIT();
    for (const call of [
      () => model.testInformation({ length: 1e12 } as never),
      () => model.simulate({ length: 1e12 } as never, mulberry32(1)),
      () => model.expectedScore({ length: 2 ** 32 } as never),
    ])
      expectTypedError(recorder, call, ['theta']);
    expectTypedError(recorder, () => rectangularQuadrature(21, 1e308), ['range']);
    expectTypedError(recorder, () => rectangularQuadrature(21, Symbol('x') as never), ['range']);
    expectTypedError(recorder, () => new ItemResponseModel({ signal: null as never }), ['signal']);
  });

  it('item names with control bytes are refused: they would reach warnings raw', () => {
    expectTypedError(
      recorder,
      () =>
        new ItemResponseModel().fit(
          [
            [1, 0],
            [1, 1],
          ],
          { itemNames: ['\u001b[31mred', 'b'] },
        ),
      ['itemNames[0]'],
    );
  });

  it('a large input does not hang: 5 000 persons × 20 items fits', () => {
    const random = mulberry32(1);
    const data = Array.from({ length: 5000 }, () => {
      const t = random() * 4 - 2;
      return Array.from({ length: 20 }, (_, j) =>
        random() < 1 / (1 + Math.exp(-(t - (j - 10) / 6))) ? 1 : 0,
      );
    });
    const model = new ItemResponseModel({ standardErrors: false, tol: 1e-4 }).fit(data);
    expect(Number.isFinite(model.logLikelihood)).toBe(true);
  });
});

describe('@em/irt streamed, sharded and online fits under hostile input', () => {
  const rows = (K: number) =>
    fc.array(fc.array(response(K), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 });
  const chunks = fc.oneof(
    { weight: 3, arbitrary: fc.array(rows(2), { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.array(fc.oneof(rows(3), anyValue), { maxLength: 3 }) },
    { weight: 1, arbitrary: anyValue },
  );

  it('fitStream of arbitrary chunks, sources and options: a typed error or a finite fit', async () => {
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.tuple(
        fc.constantFrom(...itemTypes),
        chunks,
        fc.oneof(hostileOptions(['itemNames', 'onProgress']), fc.constant({})),
      ),
      async ([itemType, source, options]) => {
        const model = await new ItemResponseModel({ itemType, maxIter: 20 }).fitStream(
          source as never,
          options as never,
        );
        return { items: model.items, se: model.standardErrors(), logLikelihood: model.logLikelihood };
      },
      { numRuns: adversarialRuns(20, 80) },
    );
  });

  it('partialFit of arbitrary batches and options, one after another', () => {
    propertyTypedOrFinite(
      recorder,
      fc.tuple(
        fc.constantFrom(...itemTypes),
        fc.array(
          fc.tuple(
            fc.oneof(rows(2), rows(3), anyValue),
            fc.oneof(hostileOptions(['alpha', 't0']), fc.constant(undefined)),
          ),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
      ),
      ([itemType, batches]) => {
        const model = new ItemResponseModel({ itemType });
        for (const [X, options] of batches) model.partialFit(X as never, options as never);
        return { items: model.items, eap: model.scores([[1, 0, null]]).theta };
      },
      { numRuns: adversarialRuns(30, 100) },
    );
  });

  it('shardStatistics of arbitrary parameters, fitFromStatistics of arbitrary scans and parts', async () => {
    const valid = {
      model: 'ItemResponseModel',
      itemType: '2PL',
      quadrature: 'gauss-hermite',
      quadraturePoints: 5,
      fixedSlope: 1,
      allowMissing: true,
      categories: [2, 2],
      active: [0, 1],
      x: [1, 0.5, 1, -0.5],
    };
    const params = fc.oneof(
      hostileValue,
      fc.record({ weights: fc.record({ f64: fc.array(hostileNumber, { maxLength: 2 }) }) }), // a mixture's
      fc
        .tuple(
          fc.constantFrom(...Object.keys(valid)),
          fc.oneof(anyValue, fc.array(hostileNumber, { maxLength: 4 })),
        )
        .map(([key, value]) => ({ ...valid, [key]: value })),
    );
    await asyncPropertyTypedOrFinite(recorder, fc.tuple(params, chunks), async ([p, source]) => {
      const part = await new ItemResponseModel().shardStatistics(p as never, source as never);
      return part.stats;
    });
    const scan = fc.oneof(
      hostileValue,
      fc.record({
        rows: fc.oneof(fc.constant(3), hostileNumber),
        cols: fc.oneof(fc.constant(2), hostileNumber),
        counts: fc.oneof(
          fc.constant([
            [1, 2],
            [2, 1],
          ]),
          fc.array(fc.array(hostileNumber, { maxLength: 3 }), { maxLength: 3 }),
        ),
        missing: fc.oneof(fc.constant(0), hostileNumber),
        firstMissing: fc.oneof(fc.constant(null), anyValue),
      }),
    );
    const part = fc.oneof(
      hostileValue,
      fc.record({
        rows: fc.oneof(fc.constant(3), hostileNumber),
        logLikelihood: hostileNumber,
        stats: fc.array(hostileNumber, { maxLength: 24 }),
        emptyPersons: fc.oneof(fc.constant(0), hostileNumber),
        firstEmpty: fc.oneof(fc.constant([]), anyValue),
      }),
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({
        scans: fc.oneof(fc.array(scan, { maxLength: 2 }), hostileValue),
        parts: fc.array(part, { maxLength: 2 }),
      }),
      async ({ scans, parts }) => {
        const model = await new ItemResponseModel({ maxIter: 5, quadraturePoints: 5 }).fitFromStatistics({
          scans,
          statistics: () => parts,
        } as never);
        return model.items;
      },
    );
  });

  it('scanShard and scoreStream of arbitrary chunks', async () => {
    const model = LSAT_FIT();
    await asyncPropertyTypedOrFinite(recorder, chunks, async (source) => {
      const scan = await new ItemResponseModel().scanShard(source as never);
      const scores: number[] = [];
      for await (const { theta } of model.scoreStream(source as never)) scores.push(...theta);
      return { scan, scores };
    });
  });

  it("a one-shot source, a chunk of another width and a mixture's parameters: named typed errors", async () => {
    const data = [
      [1, 0, 1],
      [0, 1, 1],
    ];
    const once = [data, data].values();
    const reread = await expectTypedErrorAsync(recorder, () => new ItemResponseModel().fitStream(once), [
      'source',
    ]);
    expect(reread).toBeInstanceOf(SourceNotReReadableError);
    const shape = await expectTypedErrorAsync(
      recorder,
      () => new ItemResponseModel().fitStream([data, [[1, 0]]]),
      ['source chunk 1'],
    );
    expect(shape).toBeInstanceOf(ChunkShapeError);
    await expectTypedErrorAsync(
      recorder,
      () =>
        new ItemResponseModel().shardStatistics({ weights: { f64: [1] }, rates: { f64: [2] } } as never, [
          data,
        ]),
      ['params', 'ItemResponseModel'],
    );
  });
});
