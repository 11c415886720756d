// Hostile input for every export of @em/mixtures, in the shape of @em/testkit: each call ends in a
// typed EMError or a finite, consistent result — never a TypeError, a NaN, a hang or a contradictory
// model accepted from JSON. CI replays a fixed seed (test/setup.ts); local runs draw more.
import {
  adversarialRecorder,
  adversarialRuns,
  asyncPropertyTypedOrFinite,
  expectRefused,
  expectTypedError,
  extremeFinite,
  hostileMatrix,
  hostileNumber,
  hostileOptions,
  hostileString,
  hostileValue,
  hugeSize,
  matrixOf,
  propertyTypedOrFinite,
  tamperedJson,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustedRandIndex,
  BernoulliMixture,
  CategoricalMixture,
  type MixtureJSON,
  MultinomialMixture,
  PoissonMixture,
  RegressionMixture,
  selectModel,
  sparseCounts,
} from '../src/index.js';

const recorder = adversarialRecorder('@em/mixtures');
const anyValue = fc.oneof(hostileValue, hostileNumber, hugeSize, hostileString);
const counts = matrixOf(
  fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: hostileNumber }),
  {
    minRows: 1,
    maxRows: 12,
  },
);
const data = fc.oneof(counts, hostileMatrix);

type Fitted = BernoulliMixture | CategoricalMixture | MultinomialMixture | PoissonMixture;
const CLASSES = [BernoulliMixture, CategoricalMixture, MultinomialMixture, PoissonMixture] as const;

/** A fitted mixture: weights a distribution, history as long as nIter, posteriors rows of probabilities. */
function consistent(model: Fitted, X: unknown) {
  const proba = model.predictProba(X as never);
  return {
    weights: model.weights,
    history: model.history,
    lowerBound: model.lowerBound,
    proba,
    score: model.score(X as never),
  };
}
function check({ weights, history, lowerBound, proba }: ReturnType<typeof consistent>): void {
  expect(Math.abs(weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
  expect(history.at(-1)).toBe(lowerBound);
  for (const row of proba) expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
}

const base = { nComponents: 2, maxIter: 20, randomState: 1 };
const fitted = () => ({
  bernoulli: new BernoulliMixture(base).fit([
    [1, 1, 0],
    [1, 0, 0],
    [0, 0, 1],
    [0, 1, 1],
  ]),
  categorical: new CategoricalMixture(base).fit([
    [0, 1],
    [1, 2],
    [2, 0],
    [0, 0],
    [1, 1],
  ]),
  multinomial: new MultinomialMixture(base).fit([
    [5, 3, 0, 1],
    [4, 4, 1, 0],
    [0, 1, 6, 3],
    [1, 0, 3, 5],
  ]),
  poisson: new PoissonMixture(base).fit([
    [5, 3],
    [4, 4],
    [0, 1],
    [1, 0],
  ]),
});

describe('@em/mixtures under hostile input', () => {
  it('fit, predict and score of arbitrary matrices, every mixture', () => {
    propertyTypedOrFinite(
      recorder,
      fc.record({
        k: fc.nat({ max: CLASSES.length - 1 }),
        X: data,
        nComponents: fc.integer({ min: 1, max: 3 }),
      }),
      ({ k, X, nComponents }) => consistent(new CLASSES[k]!({ ...base, nComponents }).fit(X as never), X),
      { check },
    );
  });

  it('regression mixtures with arbitrary x, y and family', () => {
    const vector = fc.oneof(
      fc.array(fc.oneof(hostileNumber, extremeFinite), { minLength: 1, maxLength: 12 }),
      anyValue,
    );
    propertyTypedOrFinite(
      recorder,
      fc.record({
        x: vector,
        y: vector,
        family: fc.oneof(fc.constantFrom('gaussian', 'poisson', 'binomial'), anyValue),
      }),
      ({ x, y, family }) => {
        const model = new RegressionMixture({ ...base, family: family as never }).fit(x as never, y as never);
        return {
          coefficients: model.coefficients,
          proba: model.predictProba(x as never, y as never),
          history: model.history,
        };
      },
    );
  });

  it('arbitrary options', () => {
    const keys = [
      'nComponents',
      'tol',
      'stopRule',
      'maxIter',
      'nInit',
      'randomState',
      'warmStart',
      'acceleration',
      'onIteration',
      'signal',
      'alpha',
      'unknownOption',
    ];
    propertyTypedOrFinite(
      recorder,
      fc.record({
        k: fc.nat({ max: CLASSES.length - 1 }),
        options: fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 3 }),
      }),
      ({ k, options }) => {
        const X = [
          [1, 0, 2],
          [0, 1, 1],
          [2, 2, 0],
          [1, 1, 1],
        ];
        return consistent(new CLASSES[k]!({ maxIter: 20, ...options } as never).fit(X as never), X);
      },
      { check },
    );
  });

  it('every method of fitted models, given anything; selectModel, sparseCounts, adjustedRandIndex too', () => {
    const models = Object.values(fitted());
    const methods = ['predict', 'predictProba', 'scoreSamples', 'score', 'bic', 'aic', 'sample'] as const;
    propertyTypedOrFinite(
      recorder,
      fc.record({
        m: fc.nat({ max: models.length + 2 }),
        method: fc.constantFrom(...methods),
        a: fc.oneof(data, anyValue),
        b: fc.oneof(fc.constant(undefined), anyValue),
      }),
      ({ m, method, a, b }) => {
        if (m === models.length) return sparseCounts(a as never, b as never);
        if (m === models.length + 1) return adjustedRandIndex(a as never, b as never);
        if (m === models.length + 2)
          return selectModel(
            (k) => new PoissonMixture({ nComponents: k, randomState: 1 }),
            [a],
            b as never,
          ).table.map((row) => row.bic);
        return (models[m]![method] as (x: unknown) => unknown).call(models[m], a);
      },
    );
  });

  it('tampered JSON of every mixture: refused with a typed error, or a consistent model', () => {
    const models = fitted();
    const X = {
      bernoulli: [[1, 0, 1]],
      categorical: [[0, 1]],
      multinomial: [[1, 2, 0, 3]],
      poisson: [[2, 3]],
    };
    for (const [name, model] of Object.entries(models) as [keyof typeof X, Fitted][]) {
      const Class = model.constructor as unknown as { fromJSON(json: unknown): Fitted };
      propertyTypedOrFinite(
        recorder,
        tamperedJson(JSON.parse(JSON.stringify(model))),
        ({ document }) => consistent(Class.fromJSON(document), X[name]),
        { check, numRuns: adversarialRuns(40, 120) },
      );
    }
  });
});

// The cases found while auditing, kept as regression tests.
describe('@em/mixtures: regression cases of the audit', () => {
  const saved = (): MixtureJSON => JSON.parse(JSON.stringify(fitted().poisson)) as MixtureJSON;

  it('history ↔ nIter ↔ lowerBound ↔ converged: contradictions refused, naming the field', () => {
    const cases: [string, (j: MixtureJSON) => void][] = [
      [
        'json.fit.history',
        (j) => {
          j.fit.nIter += 1;
        },
      ],
      [
        'json.fit.lowerBound',
        (j) => {
          j.fit.lowerBound = 0;
        },
      ],
      [
        'json.fit.lowerBound',
        (j) => {
          j.fit.lowerBound = null;
        },
      ],
      [
        'json.fit.history[0]',
        (j) => {
          j.fit.history[0] = null;
        },
      ],
      [
        'json.fit.converged',
        (j) => Object.assign(j.fit, { nIter: 0, history: [], lowerBound: null, converged: true }),
      ],
      [
        'json.fit.nIter',
        (j) => {
          j.options.maxIter = 1;
        },
      ],
    ];
    for (const [field, edit] of cases) {
      const json = saved();
      edit(json);
      expectRefused(recorder, () => PoissonMixture.fromJSON(json), field);
    }
  });

  it('nInit: 1e12 (it hung) and maxIter beyond 1e9 are refused', () => {
    expectTypedError(recorder, () => new BernoulliMixture({ nInit: 1e12 }), ['nInit']);
    expectTypedError(recorder, () => new PoissonMixture({ maxIter: 1e12 }), ['maxIter']);
  });

  it('a row no component can produce: a NumericalError naming it, not NaN probabilities', () => {
    const x = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5];
    const model = new RegressionMixture({ ...base, nInit: 5 }).fit(
      x,
      [0.1, 1, 2.1, 2.9, 4, 5.1, 10, 8.1, 6, 4.1, 2, 0.1],
    );
    for (const call of [
      () => model.predictProba([1e308, 1], [1, 1]),
      () => model.score([1, 2], [1e308, 1]),
      () => model.bic([1, 2], [-1e308, 1]),
    ])
      expectTypedError(recorder, call, ['Row 0 has probability']);
  });

  it('a fit aborted before its first iteration throws, and the model keeps its previous fit', () => {
    const controller = new AbortController();
    const model = new PoissonMixture({ ...base, warmStart: true, signal: controller.signal }).fit([
      [1],
      [5],
      [2],
      [6],
    ]);
    const before = model.weights;
    controller.abort();
    expectTypedError(recorder, () => model.fit([[1], [5], [2], [6]]), ['before its first iteration']);
    expect(model.weights).toEqual(before);
  });

  it('selectModel: null options and a create that returns no model are typed errors', () => {
    expectTypedError(
      recorder,
      () => selectModel((k) => new PoissonMixture({ nComponents: k }), [[[1]]], null as never),
      ['options'],
    );
    expectTypedError(recorder, () => selectModel(() => null as never, [[[1]]]), ['create']);
    expectTypedError(recorder, () => sparseCounts([[[0, 1]]], Symbol('n') as never), ['nFeatures']);
  });

  it('huge sizes: a 20 000-word vocabulary costs per non-zero, and huge counts stay finite', () => {
    const docs = sparseCounts(
      Array.from({ length: 40 }, (_, i) => [
        [i * 500, 3],
        [(i * 997) % 20_000, 2],
      ]),
      20_000,
    );
    const model = new MultinomialMixture({ ...base, alpha: 0.01 }).fit(docs);
    expect(Number.isFinite(model.lowerBound)).toBe(true);
    expectTypedError(recorder, () => fitted().poisson.sample(1e12), ['nSamples']);
  });
});

describe('@em/mixtures streamed and sharded fits under hostile input', () => {
  const streamable = [
    () => new BernoulliMixture({ nComponents: 2, maxIter: 3 }),
    () => new CategoricalMixture({ nComponents: 2, maxIter: 3 }),
    () => new PoissonMixture({ nComponents: 2, maxIter: 3 }),
    () => new MultinomialMixture({ nComponents: 2, maxIter: 3 }),
    () => new RegressionMixture({ nComponents: 2, maxIter: 3 }),
    () => new RegressionMixture({ nComponents: 2, maxIter: 3, family: 'poisson' }),
  ];
  const which = fc.integer({ min: 0, max: 5 });
  it('fitStream of arbitrary chunks, sources and options: a typed error or a finite fit', async () => {
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.tuple(
        which,
        fc.oneof(fc.array(hostileMatrix, { maxLength: 3 }), hostileValue),
        fc.oneof(hostileOptions(['initSample', 'onProgress']), fc.constant({})),
      ),
      async ([which, chunks, options]) => {
        const model = await streamable[which]!().fitStream(chunks as never, options as never);
        return model.lowerBound;
      },
    );
  });

  it('partialFit of arbitrary batches and options, one after another', () => {
    propertyTypedOrFinite(
      recorder,
      fc.tuple(
        fc.constantFrom(0, 1, 2, 3, 4),
        fc.array(fc.tuple(hostileMatrix, fc.oneof(hostileOptions(['alpha', 't0']), fc.constant(undefined))), {
          minLength: 1,
          maxLength: 3,
        }),
      ),
      ([which, batches]) => {
        const model = streamable[which]!();
        for (const [X, options] of batches) model.partialFit(X as never, options as never);
        return model.lowerBound;
      },
    );
  });

  it('shardStatistics of arbitrary parameters, fitFromStatistics of arbitrary sources', async () => {
    const wire = fc.oneof(
      hostileValue,
      fc.dictionary(
        fc.constantFrom('weights', 'rates', 'nFeatures'),
        fc.oneof(hostileValue, fc.record({ f64: fc.array(hostileNumber, { maxLength: 4 }) })),
      ),
    );
    await asyncPropertyTypedOrFinite(recorder, wire, async (params) => {
      const part = await new PoissonMixture({ nComponents: 2 }).shardStatistics(params as never, [
        [
          [1, 2],
          [3, 4],
        ],
      ]);
      return part.logLikelihood;
    });
    // Another model's parameters, or this model's with hostile values: typed errors naming the field.
    const anyParams = fc.oneof(
      hostileValue,
      fc.dictionary(
        fc.constantFrom(
          'weights',
          'rates',
          'coefficients',
          'sigmas',
          'probabilities',
          'center',
          'trial',
          'nFeatures',
          'documentLength',
        ),
        fc.oneof(hostileValue, fc.record({ f64: fc.array(hostileNumber, { maxLength: 6 }) })),
      ),
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.tuple(fc.constantFrom(3, 4, 5), anyParams),
      async ([model, params]) => {
        const part = await streamable[model]!().shardStatistics(params as never, [
          [
            [1, 2],
            [3, 4],
          ],
        ]);
        return part.logLikelihood;
      },
    );
    const part = fc.oneof(
      hostileValue,
      fc.record({ rows: hostileNumber, logLikelihood: hostileNumber, stats: wire }),
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({
        rows: fc.oneof(fc.constant(4), hostileNumber),
        cols: fc.oneof(fc.constant(1), hostileNumber),
        sample: fc.oneof(fc.constant([0, 1, 9, 10]), hostileValue),
        layouts: fc.oneof(fc.constant([{ nFeatures: 1 }]), hostileValue),
        parts: fc.array(part, { maxLength: 2 }),
      }),
      async ({ parts, ...source }) => {
        const model = await new PoissonMixture({ nComponents: 2, maxIter: 3 }).fitFromStatistics({
          ...source,
          statistics: () => parts,
        } as never);
        return model.lowerBound;
      },
    );
  });
});
