// Hostile input for every export of @em/hmm, in the shape of @em/testkit: each call ends in a typed
// EMError or a finite, consistent result — never a TypeError from deep inside, a NaN, a hang or a
// contradictory model accepted from JSON. CI replays a fixed seed (test/setup.ts); local runs draw more.
// (fitAsync's worker faults are in parallel.test.ts: worker threads load the built package.)
import {
  adversarialRecorder,
  asyncPropertyTypedOrFinite,
  expectRefused,
  expectTypedError,
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
import { type EmissionType, HiddenMarkovModel, type HiddenMarkovModelJSON } from '../src/index.js';
import { CASINO } from './helpers.js';

const recorder = adversarialRecorder('@em/hmm');

/** A model's parameters are a Markov chain: probability rows in [0, 1] summing to 1. */
function checkModel(model: HiddenMarkovModel | undefined): void {
  if (!model) return;
  const p = model.getParameters();
  for (const row of [p.startProb, ...p.transMat]) {
    expect(row.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
  }
  expect(model.history).toHaveLength(model.nIter);
  if (model.nIter > 0) expect(model.logLikelihood).toBe(model.history.at(-1));
}

const anyValue = fc.oneof(hostileValue, hostileNumber, hugeSize, hostileString);
const OPTION_KEYS = [
  'nStates',
  'nComponents',
  'emission',
  'covarianceType',
  'minCovar',
  'nMix',
  'nFeatures',
  'startProb',
  'transMat',
  'emissionProb',
  'means',
  'covars',
  'weights',
  'lambdas',
  'startProbPrior',
  'transMatPrior',
  'emissionProbPrior',
  'weightsPrior',
  'params',
  'initParams',
  'algorithm',
  'maxIter',
  'tol',
  'nInit',
  'randomState',
  'acceleration',
  'stopRule',
  'onIteration',
  'signal',
  'workers',
  'unknownOption',
];

const casino = () => new HiddenMarkovModel(CASINO);
const gaussian = () =>
  new HiddenMarkovModel({ nStates: 2, covarianceType: 'full', randomState: 0, maxIter: 5 }).fit([
    [
      [0, 0],
      [1, 2],
      [5, 5],
      [6, 5],
      [0, 1],
    ],
  ]);

describe('@em/hmm under hostile input', () => {
  it('arbitrary options: a typed error or a valid fitted model', () => {
    propertyTypedOrFinite(
      recorder,
      fc.dictionary(fc.constantFrom(...OPTION_KEYS), anyValue, { maxKeys: 4 }),
      (options) => new HiddenMarkovModel({ maxIter: 3, ...options } as never).fit([[0, 1, 2, 1, 0, 2]]),
      { check: checkModel },
    );
  });

  it('arbitrary sequences for every emission type: a typed error or a finite fit', () => {
    const sequence = fc.oneof(
      fc.array(hostileNumber, { maxLength: 30 }),
      fc.array(fc.array(fc.oneof(hostileNumber, extremeFinite), { minLength: 1, maxLength: 3 }), {
        maxLength: 20,
      }),
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 40 }),
      fc.array(extremeFinite, { minLength: 1, maxLength: 20 }),
    );
    propertyTypedOrFinite(
      recorder,
      fc.record({
        sequences: fc.array(sequence, { maxLength: 4 }),
        emission: fc.constantFrom<EmissionType>('categorical', 'gaussian', 'gmm', 'poisson'),
        nStates: fc.integer({ min: 1, max: 4 }),
        covarianceType: fc.constantFrom('full', 'diag', 'spherical', 'tied' as const),
      }),
      ({ sequences, ...options }) =>
        new HiddenMarkovModel({ ...options, randomState: 1, maxIter: 4, nMix: 2 }).fit(sequences),
      { check: checkModel },
    );
  });

  it('every method of a fitted model, given anything', () => {
    const models = [casino(), gaussian()];
    const methods = [
      'score',
      'predict',
      'decode',
      'predictProba',
      'scoreSamples',
      'bic',
      'aic',
      'sample',
    ] as const;
    propertyTypedOrFinite(
      recorder,
      fc.record({
        model: fc.constantFrom(0, 1),
        method: fc.constantFrom(...methods),
        x: fc.oneof(anyValue, fc.array(fc.oneof(hostileNumber, extremeFinite), { maxLength: 8 })),
        second: fc.oneof(fc.constant(undefined), anyValue),
      }),
      ({ model, method, x, second }) =>
        (models[model]![method] as (a: unknown, b: unknown) => unknown).call(models[model], x, second),
    );
  });

  it('extreme but finite observations: a typed error or finite scores and valid paths', () => {
    const model = new HiddenMarkovModel({ nStates: 3, covarianceType: 'diag', randomState: 0 }).fit([
      0, 0.1, 5, 5.2, -3, -3.1, 0.05,
    ]);
    propertyTypedOrFinite(
      recorder,
      fc.array(extremeFinite, { minLength: 1, maxLength: 25 }),
      (xs) => ({ score: model.score(xs), path: model.predict(xs), proba: model.predictProba(xs) }),
      {
        check: ({ path, proba }) => {
          expect(path.every((s) => s >= 0 && s < 3)).toBe(true);
          for (const row of proba) expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
        },
      },
    );
  });

  it('tampered JSON: refused with a typed error, or a model as consistent as a saved one', () => {
    const json = JSON.parse(
      JSON.stringify(
        new HiddenMarkovModel({ nStates: 2, emission: 'categorical', randomState: 0 }).fit([
          [0, 1, 2, 2, 1, 0, 1],
        ]),
      ),
    );
    propertyTypedOrFinite(
      recorder,
      tamperedJson(json),
      ({ document }) => {
        const model = HiddenMarkovModel.fromJSON(document as HiddenMarkovModelJSON);
        checkModel(model);
        return model.score([0, 1, 2]);
      },
      { numRuns: 3 * (process.env.CI ? 40 : 150) },
    );
  });
});

// The cases found while auditing, kept as regression tests.
describe('@em/hmm: contradictory models are refused, naming the field', () => {
  const saved = (): HiddenMarkovModelJSON => JSON.parse(JSON.stringify(gaussian())) as HiddenMarkovModelJSON;

  it('history ↔ nIter ↔ logLikelihood ↔ converged, and nIter ≤ maxIter', () => {
    const cases: [string, (j: HiddenMarkovModelJSON) => void][] = [
      [
        'json.fit.history',
        (j) => {
          j.fit!.nIter -= 1;
        },
      ],
      [
        'json.fit.logLikelihood',
        (j) => {
          j.fit!.logLikelihood = 5;
        },
      ],
      [
        'json.fit.logLikelihood',
        (j) => {
          j.fit!.logLikelihood = null;
        },
      ],
      [
        'json.fit.history',
        (j) => {
          j.fit!.history = [1, 2];
        },
      ],
      [
        'json.fit.converged',
        (j) => Object.assign(j.fit!, { nIter: 0, history: [], logLikelihood: null, converged: true }),
      ],
      [
        'json.fit.nIter',
        (j) => {
          j.options.maxIter = j.fit!.nIter - 1;
        },
      ],
    ];
    for (const [field, edit] of cases) {
      const json = saved();
      edit(json);
      expectRefused(recorder, () => HiddenMarkovModel.fromJSON(json), field);
    }
  });

  it('options that contradict the parameters, or belong to a run', () => {
    const json = saved();
    json.options.nFeatures = 3;
    expectRefused(recorder, () => HiddenMarkovModel.fromJSON(json), 'json.options.nFeatures');
    const covars = saved();
    (covars.parameters.covars as number[][][])[0]![0]![1]! += 0.5;
    expectRefused(recorder, () => HiddenMarkovModel.fromJSON(covars), 'json.parameters.covars');
    const threads = saved();
    (threads.options as Record<string, unknown>).workers = 2;
    expectRefused(recorder, () => HiddenMarkovModel.fromJSON(threads), 'json.options.workers');
    const rows = saved();
    rows.parameters.transMat[0] = [0.5, 0.6];
    expectRefused(recorder, () => HiddenMarkovModel.fromJSON(rows), 'json.parameters.transMat[0]');
  });

  it('a model built from given parameters saves without a fit summary, and loads back unfitted', () => {
    const json = casino().toJSON();
    expect(json.fit).toBeUndefined();
    const copy = HiddenMarkovModel.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(copy.nIter).toBe(0);
    expect(copy.score([0, 5, 5])).toBe(casino().score([0, 5, 5]));
  });
});

describe('@em/hmm: regression cases of the audit', () => {
  it('a fit aborted before its first iteration throws and leaves the model as it was', () => {
    const model = gaussian();
    const before = model.getParameters();
    const controller = new AbortController();
    controller.abort();
    const refit = new HiddenMarkovModel({ nStates: 2, signal: controller.signal, randomState: 0 });
    expectTypedError(recorder, () => refit.fit([1, 2, 3, 4]), ['before its first iteration']);
    expectTypedError(recorder, () => refit.getParameters(), ['not fitted']);
    expect(model.getParameters()).toEqual(before);
  });

  it('a sequence the model cannot emit: score, bic and aic throw instead of ∓Infinity', () => {
    const strict = new HiddenMarkovModel({
      nStates: 1,
      emission: 'categorical',
      startProb: [1],
      transMat: [[1]],
      emissionProb: [[1, 0]],
    });
    for (const call of [() => strict.score([0, 1]), () => strict.bic([0, 1]), () => strict.aic([0, 1])])
      expectTypedError(recorder, call, ['Sequence 0 has probability 0 at position 1']);
  });

  it('Gaussian observations whose squares overflow: refused, saying to scale the data', () => {
    const error = expectTypedError(
      recorder,
      () => new HiddenMarkovModel({ nStates: 2, randomState: 0 }).fit([1e155, -1e155, 0, 3e154]),
      ['sequences', 'position 0', 'scale the data'],
    );
    expect(error.message).not.toMatch(/probability 0/);
    expectTypedError(recorder, () => gaussian().predictProba([[1e200, 1e200]]), ['scale the data']);
  });

  it('a null signal, hostile strings in options: typed errors without raw control bytes', () => {
    expectTypedError(recorder, () => new HiddenMarkovModel({ signal: null as never }), ['signal']);
    expectTypedError(recorder, () => new HiddenMarkovModel({ emission: '\u001b[2J\u0000' as never }), [
      'emission',
    ]);
  });

  it('huge sizes are refused before allocating', () => {
    expectTypedError(recorder, () => casino().sample(1e12), ['nSamples']);
    expectTypedError(recorder, () => new HiddenMarkovModel({ nStates: 1e6 }), ['nStates']);
    expectTypedError(recorder, () => new HiddenMarkovModel({ nInit: 1e12 }), ['nInit']);
  });

  it('many states (Int32 back-pointers beyond 256) and a single-step sequence', () => {
    const s = 300;
    const hmm = new HiddenMarkovModel({
      nStates: s,
      emission: 'categorical',
      startProb: new Array(s).fill(1 / s),
      transMat: Array.from({ length: s }, (_, i) =>
        Array.from({ length: s }, (_, j) => (j === (i + 1) % s ? 1 : 0)),
      ),
      emissionProb: Array.from({ length: s }, (_, i) =>
        Array.from({ length: s }, (_, j) => (i === j ? 1 : 0)),
      ),
    });
    const X = Array.from({ length: 400 }, (_, t) => (t + 17) % s);
    expect(Array.from(hmm.predict(X))).toEqual(X);
    expect(hmm.score(X)).toBeCloseTo(Math.log(1 / s), 10);
    expect(Array.from(hmm.predict([5]))).toEqual([5]);
  });
});

describe('@em/hmm fitStream under hostile input', () => {
  it('arbitrary sequences, sources and options: a typed error or a finite fit', async () => {
    const sequence = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 6 }),
      fc.array(hostileNumber, { maxLength: 4 }),
      hostileValue,
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.tuple(
        fc.constantFrom<EmissionType>('categorical', 'gaussian', 'poisson'),
        fc.oneof(fc.array(sequence, { maxLength: 3 }), hostileValue),
        fc.oneof(hostileOptions(['initSequences', 'onProgress']), fc.constant({})),
      ),
      async ([emission, source, options]) => {
        const hmm = new HiddenMarkovModel({ nStates: 2, emission, randomState: 0, maxIter: 3 });
        await hmm.fitStream(source as never, options as never);
        return hmm.logLikelihood;
      },
    );
  });
});

describe('@em/hmm partialFit under hostile input', () => {
  it('arbitrary batches and options, one after another: a typed error or a finite update, the model unchanged on error', () => {
    const sequence = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 6 }),
      fc.array(hostileNumber, { maxLength: 4 }),
      hostileValue,
    );
    const batch = fc.oneof(fc.array(sequence, { maxLength: 3 }), hostileValue);
    propertyTypedOrFinite(
      recorder,
      fc.tuple(
        fc.constantFrom<EmissionType>('categorical', 'gaussian', 'poisson'),
        fc.array(
          fc.tuple(batch, fc.oneof(hostileOptions(['alpha', 't0', 'lengths']), fc.constant(undefined))),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
      ),
      ([emission, calls]) => {
        const hmm = new HiddenMarkovModel({ nStates: 2, emission, randomState: 0 });
        let result: number | undefined;
        for (const [sequences, options] of calls) {
          const before = hmm.nIter > 0 ? JSON.stringify(hmm.getParameters()) : undefined;
          try {
            hmm.partialFit(sequences as never, options as never);
          } catch (error) {
            if (before !== undefined) expect(JSON.stringify(hmm.getParameters())).toBe(before);
            throw error;
          }
          const p = hmm.getParameters();
          for (const row of [p.startProb, ...p.transMat])
            expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
          result = hmm.logLikelihood;
        }
        return result;
      },
    );
  });
});

describe('@em/hmm shard methods under hostile input', () => {
  const sequence = fc.oneof(
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 6 }),
    fc.array(hostileNumber, { maxLength: 4 }),
    hostileValue,
  );
  const shard = fc.oneof(fc.array(sequence, { maxLength: 3 }), hostileValue);

  it('scanShard and shardStatistics on arbitrary shards, parameters and options: a typed error or finite JSON', async () => {
    const good = {
      spec: {
        kind: 'poisson',
        nStates: 2,
        columns: 1,
        nFeatures: 1,
        nMix: 1,
        covarianceType: 'diag',
        minCovar: 0,
      },
      startProb: { f64: [0.5, 0.5] },
      transMat: { f64: [0.9, 0.1, 0.2, 0.8] },
      emission: { lambdas: { f64: [1, 4] } },
    };
    const params = fc.oneof(
      fc.constant(good),
      hostileValue,
      fc.array(hostileNumber, { maxLength: 3 }).map((f64) => ({ ...good, emission: { lambdas: { f64 } } })),
      fc
        .constantFrom('categorical', 'gaussian', 'gmm', 'x')
        .map((kind) => ({ ...good, spec: { ...good.spec, kind } })),
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.tuple(shard, params, fc.oneof(hostileOptions(['sampleSize', 'randomState']), fc.constant({}))),
      async ([source, wire, options]) => {
        const scan = await new HiddenMarkovModel().scanShard(source as never, options as never);
        const part = await new HiddenMarkovModel().shardStatistics(wire as never, source as never);
        return [scan.steps, ...scan.sample, part.logLikelihood];
      },
    );
  });

  it('fitFromStatistics with an arbitrary source: a typed error or a finite fit', async () => {
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.tuple(
        fc.constantFrom<EmissionType>('categorical', 'gaussian', 'poisson'),
        fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.oneof(
          hostileOptions(['sequences', 'steps', 'columns', 'symbols', 'sample', 'sampleLengths']),
          fc.constant({}),
        ),
      ),
      async ([emission, sequences, tamper]) => {
        const hmm = new HiddenMarkovModel({ nStates: 2, emission, randomState: 0, maxIter: 3 });
        const scan = await hmm.scanShard(sequences);
        await hmm.fitFromStatistics({
          ...scan,
          ...(tamper as object),
          statistics: async (params) => [await hmm.shardStatistics(params, sequences)],
        });
        return hmm.logLikelihood;
      },
    );
  });
});
