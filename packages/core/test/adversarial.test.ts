// Hostile input for every export of @em/core, in the shape of @em/testkit: models whose steps answer
// anything, options of every kind, hostile chunks and algebras, numeric kernels given non-arrays — each
// call ends in a typed EMError or a finite result. CI replays a fixed seed (test/setup.ts).
import {
  adversarialRecorder,
  asyncPropertyTypedOrFinite,
  expectTypedError,
  expectTypedErrorAsync,
  extremeFinite,
  hasControlBytes,
  hostileNumber,
  hostileOptions,
  hostileString,
  hostileValue,
  propertyTypedOrFinite,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunkedEStep,
  chunkedEStepAsync,
  describeValue,
  type EMResult,
  emSteps,
  emStepsAsync,
  InvalidInputError,
  InvalidOptionError,
  ModelContractError,
  runEM,
  runEMAsync,
  runEMWithRestarts,
  runEMWithRestartsAsync,
  sumEStepResults,
  validateEMOptions,
} from '../src/index.js';
import { logSumExp, logSumExpRows, normalizeLogRows, toFlatMatrix, toRows } from '../src/numeric/index.js';
import { ChunkPasses, chunkFactory, ReservoirSample, streamedEStep } from '../src/stream/index.js';

const recorder = adversarialRecorder('@em/core');

// maxIter and nInit are set after the hostile options: a huge valid count is a long run the caller asked
// for, not a hang; validateEMOptions gets them hostile.

/** What the loop itself computes: the model's own parameters are the model's business. */
const loopFields = <P>(r: EMResult<P>) => ({
  logLikelihood: r.nIter === 0 ? 0 : r.logLikelihood, // −Infinity is the documented "no iteration ran"
  history: r.history,
  nIter: r.nIter,
  nEStep: r.nEStep,
  decreases: r.decreases,
});

const OPTION_KEYS = [
  'maxIter',
  'tol',
  'stopRule',
  'acceleration',
  'initialLogLikelihood',
  'onIteration',
  'signal',
  'strict',
  'decreaseTolerance',
  'historyLimit',
  'nInit',
  'random',
];

/** A model whose E-step answers `answer` (or a log-likelihood drawn from it) and whose M-step answers `next`. */
const hostileModel = fc.record({
  answer: fc.oneof(
    hostileValue,
    fc.record({ stats: hostileValue, logLikelihood: fc.oneof(hostileNumber, hostileValue) }),
  ),
  next: fc.oneof(hostileValue, fc.constant('params')),
  pack: fc.boolean(),
});

function modelOf({ answer, next, pack }: { answer: unknown; next: unknown; pack: boolean }) {
  return {
    eStep: () => answer,
    mStep: (_stats: unknown, params: unknown) => (next === 'params' ? params : next),
    ...(pack
      ? { pack: (p: unknown) => Float64Array.of(Number(p) || 0), unpack: (v: Float64Array) => v[0] }
      : {}),
  };
}

describe('@em/core under hostile input', () => {
  it('runEM: any model answers, any options', () => {
    propertyTypedOrFinite(recorder, fc.tuple(hostileModel, hostileOptions(OPTION_KEYS)), ([model, options]) =>
      loopFields(runEM(modelOf(model) as never, 1, { ...options, maxIter: 5 } as never)),
    );
  });

  it('runEM: anything as the model', () => {
    propertyTypedOrFinite(recorder, hostileValue, (model) => runEM(model as never, 1));
  });

  it('runEMAsync and emSteps: the same contract', async () => {
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.tuple(hostileModel, hostileOptions(OPTION_KEYS)),
      async ([model, options]) =>
        loopFields(await runEMAsync(modelOf(model) as never, 1, { ...options, maxIter: 5 } as never)),
    );
    propertyTypedOrFinite(
      recorder,
      fc.tuple(hostileModel, hostileOptions(OPTION_KEYS)),
      ([model, options]) =>
        [...emSteps(modelOf(model) as never, 1, { ...options, maxIter: 5 } as never)].length,
    );
  });

  it('runEMWithRestarts: hostile init factories and options', () => {
    propertyTypedOrFinite(
      recorder,
      fc.tuple(
        fc.oneof(
          hostileValue,
          fc.constant(() => 0.5),
        ),
        hostileOptions(OPTION_KEYS),
      ),
      ([init, options]) => {
        const model = {
          eStep: (p: number) => ({ stats: p, logLikelihood: -((p - 0.3) ** 2) }),
          mStep: (s: number) => (s + 0.3) / 2,
        };
        const { runs, bestRun } = runEMWithRestarts(
          model,
          init as never,
          { ...options, maxIter: 5, nInit: 2 } as never,
        );
        return {
          runs: runs.map((r) => ({ ...r, logLikelihood: r.nIter === 0 ? 0 : r.logLikelihood })),
          bestRun,
        };
      },
    );
  });

  it('emStepsAsync and runEMWithRestartsAsync: the same contract', async () => {
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.tuple(hostileModel, hostileOptions(OPTION_KEYS)),
      async ([model, options]) => {
        let n = 0;
        for await (const _ of emStepsAsync(modelOf(model) as never, 1, { ...options, maxIter: 5 } as never))
          n++;
        return n;
      },
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.tuple(hostileModel, hostileOptions(OPTION_KEYS)),
      async ([model, options]) => {
        const { runs } = await runEMWithRestartsAsync(modelOf(model) as never, () => 1, {
          ...options,
          maxIter: 5,
          nInit: 2,
        } as never);
        return runs.map((r) => r.nIter);
      },
    );
  });

  it('the error classes: constructed from anything, a message without raw control bytes', () => {
    const classes = [InvalidInputError, InvalidOptionError, ModelContractError];
    propertyTypedOrFinite(
      recorder,
      fc.tuple(fc.constantFrom(...classes), hostileString, hostileString, hostileValue),
      ([Type, a, b, v]) => {
        const error = new Type(a, b, v);
        expect(hasControlBytes(describeValue(v))).toBe(false);
        return error.message.length;
      },
    );
  });

  it('validateEMOptions: anything', () => {
    propertyTypedOrFinite(recorder, fc.oneof(hostileOptions(OPTION_KEYS), hostileValue), (options) =>
      validateEMOptions(options as never),
    );
  });

  it('sumEStepResults and chunked E-steps: hostile parts, algebras and chunks', async () => {
    const algebra = fc.oneof(
      fc.constant({ zero: () => 0, add: (a: number, b: number) => a + b }),
      fc.constant({ zero: () => 0, add: () => undefined }),
      hostileValue,
    );
    const part = fc.oneof(fc.record({ stats: extremeFinite, logLikelihood: extremeFinite }), hostileValue);
    propertyTypedOrFinite(
      recorder,
      fc.tuple(fc.oneof(fc.array(part, { maxLength: 3 }), hostileValue), algebra),
      // The statistics are the model's (its algebra adds them); the log-likelihood sum is ours.
      ([parts, a]) => sumEStepResults(parts as never, a as never).logLikelihood,
    );
    const spec = fc.record({
      chunks: fc.oneof(fc.constant([1, 2]), hostileValue),
      result: part,
    });
    propertyTypedOrFinite(
      recorder,
      spec,
      ({ chunks, result }) =>
        chunkedEStep({
          chunks: () => chunks as never,
          eStepChunk: () => result as never,
          zero: () => 0,
          add: (a: number, b: number) => a + b,
        })(1).logLikelihood,
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      spec,
      async ({ chunks, result }) =>
        (
          await chunkedEStepAsync({
            chunks: () => chunks as never,
            eStepChunk: async () => result as never,
            zero: () => 0,
            add: (a: number, b: number) => a + b,
          })(1)
        ).logLikelihood,
    );
    propertyTypedOrFinite(recorder, hostileValue, (s) => chunkedEStep(s as never));
  });

  it('numeric kernels: typed errors for non-arrays, finite results for finite input', () => {
    const finiteRow = fc.array(extremeFinite, { minLength: 1, maxLength: 5 });
    propertyTypedOrFinite(
      recorder,
      fc.tuple(fc.oneof(finiteRow, hostileValue), hostileValue, hostileValue),
      ([values, start, end]) => logSumExp(values as never, start as never, end as never),
      // A row of −Infinity has log-sum-exp −Infinity: only a hostile row can produce it.
      { allowNonFinite: () => true, check: (v) => expect(typeof v).toBe('number') },
    );
    propertyTypedOrFinite(recorder, fc.tuple(finiteRow, fc.integer({ min: 1, max: 5 })), ([values, cols]) => {
      const rows = Math.floor(values.length / cols);
      const matrix = { data: Float64Array.from(values.slice(0, rows * cols)), rows, cols };
      return [logSumExpRows(matrix), normalizeLogRows({ ...matrix, data: matrix.data.slice() })];
    });
    propertyTypedOrFinite(recorder, hostileValue, (m) => logSumExpRows(m as never));
    propertyTypedOrFinite(
      recorder,
      fc.tuple(hostileValue, hostileValue),
      ([m, o]) => normalizeLogRows(m as never, o as never),
      {
        allowNonFinite: () => true,
      },
    );
    propertyTypedOrFinite(recorder, fc.tuple(hostileValue, hostileValue, hostileValue), ([d, r, c]) =>
      toRows(d as never, r as never, c as never),
    );
    propertyTypedOrFinite(
      recorder,
      fc.oneof(fc.array(fc.array(extremeFinite, { maxLength: 3 }), { maxLength: 3 }), hostileValue),
      (X) => toFlatMatrix(X as never),
    );
    propertyTypedOrFinite(recorder, hostileValue, (v) => describeValue(v), {
      check: (text) => expect(typeof text).toBe('string'),
    });
  });
});

describe('regressions (issue 23)', () => {
  const sums = { zero: () => 0, add: (a: number, b: number) => a + b };

  it('runEM(null, 1) and a model without steps are typed errors', () => {
    expectTypedError(recorder, () => runEM(null as never, 1), ['model']);
    expectTypedError(recorder, () => runEM({ eStep: 1 } as never, 1), ['model']);
  });

  it('an E-step returning null breaks the contract, by name', () => {
    expectTypedError(recorder, () => runEM({ eStep: () => null, mStep: (s: unknown) => s } as never, 1), [
      'eStep',
    ]);
  });

  it('sumEStepResults(null), a null part, a missing algebra', () => {
    expectTypedError(recorder, () => sumEStepResults(null as never, sums), ['results']);
    expectTypedError(recorder, () => sumEStepResults([null] as never, sums), ['results[0]']);
    expectTypedError(recorder, () => sumEStepResults([], null as never), ['algebra']);
    expectTypedError(
      recorder,
      () =>
        sumEStepResults([{ stats: 1, logLikelihood: 0 }], { zero: () => 0, add: () => undefined } as never),
      ['add'],
    );
  });

  it('chunks() returning a number, and a chunk E-step returning null', async () => {
    const spec = { eStepChunk: () => ({ stats: 1, logLikelihood: -1 }), ...sums };
    expectTypedError(recorder, () => chunkedEStep({ ...spec, chunks: () => 5 as never })(1), ['chunks']);
    expectTypedError(
      recorder,
      () => chunkedEStep({ ...spec, chunks: () => [1], eStepChunk: () => null as never })(1),
      ['eStepChunk', 'chunk 0'],
    );
    expectTypedError(recorder, () => chunkedEStep(null as never), ['spec']);
    await expectTypedErrorAsync(recorder, () => chunkedEStepAsync({ ...spec, chunks: () => 5 as never })(1), [
      'chunks',
    ]);
  });

  it('historyLimit bounds history while nIter counts every iteration (aitken still works)', () => {
    const model = {
      eStep: (p: number) => ({ stats: p, logLikelihood: -((p - 1) ** 2) }),
      mStep: (s: number) => (s + 1) / 2,
    };
    const full = runEM(model, 0, { maxIter: 1000, tol: 0 });
    const bounded = runEM(model, 0, { maxIter: 1000, tol: 0, historyLimit: 10 });
    expect(bounded.nIter).toBe(1000);
    expect(bounded.history).toEqual(full.history.slice(-10));
    const aitken = runEM(model, 0, { maxIter: 1000, tol: 1e-12, stopRule: 'aitken', historyLimit: 1 });
    expect(aitken.converged).toBe(true);
    expect(aitken.nIter).toBe(runEM(model, 0, { maxIter: 1000, tol: 1e-12, stopRule: 'aitken' }).nIter);
    expect(aitken.history).toHaveLength(1);
    expectTypedError(recorder, () => runEM(model, 0, { historyLimit: 0 }), ['historyLimit']);
  });

  it('error messages escape what JSON leaves raw: DEL, C1 controls, bidi overrides', () => {
    expect(describeValue('a\u007fb\u009bc\u202ed')).toBe('"a\\u007fb\\u009bc\\u202ed"');
  });
});

describe('@em/core/stream under hostile input', () => {
  it('ChunkPasses, streamedEStep, ReservoirSample and chunkFactory: hostile sources, shapes and specs', async () => {
    const shape = fc.oneof(
      fc.record({ rows: hostileNumber, cols: fc.oneof(hostileNumber, fc.constant(undefined)) }),
      hostileValue,
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({
        chunks: fc.oneof(fc.constant([[1, 2], [3]]), hostileValue),
        shape,
        total: fc.oneof(fc.record({ stats: extremeFinite, logLikelihood: extremeFinite }), hostileValue),
      }),
      async ({ chunks, shape, total }) => {
        const passes = new ChunkPasses({
          chunks: chunkFactory(chunks as never),
          shape: () => shape as never,
        });
        const eStep = streamedEStep({ passes, zero: () => 0, accumulate: () => total as never });
        return (await eStep(1)).logLikelihood;
      },
    );
    propertyTypedOrFinite(recorder, hostileValue, (spec) => new ChunkPasses(spec as never));
    propertyTypedOrFinite(recorder, hostileValue, (spec) => streamedEStep(spec as never));
    propertyTypedOrFinite(
      recorder,
      hostileValue,
      (capacity) => new ReservoirSample(capacity as never, Math.random),
    );
    propertyTypedOrFinite(recorder, hostileValue, (source) => chunkFactory(source as never));
  });
});
