// fitAsync on worker threads. The parallel path runs the built package: worker threads load
// dist/parallel-worker.js, which only exists after `pnpm build` (turbo's test task builds first).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BroadcastChannel } from 'node:worker_threads';
import { EMError, InvalidOptionError, NumericalError } from '@em/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BLOCK_STEPS, blockBounds } from '../src/baum-welch.js';
import type * as Hmm from '../src/index.js';
import { CASINO } from './helpers.js';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
if (!existsSync(dist)) throw new Error('run `pnpm build` first: the parallel tests use dist/');
const { HiddenMarkovModel, createWorkerPool, WorkerFailedError, WorkerPool, SequenceInputError } =
  (await import(dist)) as typeof Hmm;
const fixture = (name: string) => new URL(`./fixtures/workers/${name}.mjs`, import.meta.url);

// Threads start in tens of milliseconds, more on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

const pool = createWorkerPool(2);
afterAll(() => pool.close());

/** Largest relative difference between two nested arrays of numbers (absolute near zero). */
function worst(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number')
    return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length).toBe(b.length);
    return Math.max(0, ...a.map((v, i) => worst(v, b[i])));
  }
  throw new Error(`not numbers: ${String(a)}, ${String(b)}`);
}

/**
 * fitAsync adds the counts of the same blocks of sequences in the same order as fit, so it gives the
 * same numbers bit for bit — more than the 1e-10 relative asked for, which `worst` also reports.
 */
function expectSameFit(parallel: Hmm.HiddenMarkovModel, single: Hmm.HiddenMarkovModel, label: string): void {
  const a = parallel.getParameters();
  const b = single.getParameters();
  expect(Object.keys(a)).toEqual(Object.keys(b));
  for (const key of Object.keys(b) as (keyof Hmm.HmmParameters)[])
    expect(worst(a[key], b[key]), `${label}: ${key}`).toBeLessThan(1e-10);
  expect(a, label).toEqual(b);
  expect(parallel.logLikelihood, `${label}: logLikelihood`).toBe(single.logLikelihood);
  expect(parallel.history, `${label}: history`).toEqual(single.history);
  expect(parallel.nIter, `${label}: nIter`).toBe(single.nIter);
  expect(parallel.converged, `${label}: converged`).toBe(single.converged);
}

// Sequence sets: different lengths and counts, from models of every emission type.
const casino = new HiddenMarkovModel(CASINO);
// Each set has more than BLOCK_STEPS steps in all, so that several blocks go to both workers.
const rolls = Array.from({ length: 23 }, (_, i) =>
  casino.sample(400 + ((i * 997) % 2500), { randomState: i + 1 }).X.map((row) => row[0]!),
);
const bivariate = new HiddenMarkovModel({
  nStates: 3,
  covarianceType: 'full',
  startProb: [0.6, 0.3, 0.1],
  transMat: [
    [0.7, 0.2, 0.1],
    [0.3, 0.5, 0.2],
    [0.3, 0.3, 0.4],
  ],
  means: [
    [0, 0],
    [3, -3],
    [5, 10],
  ],
  covars: [
    [
      [1, 0.3],
      [0.3, 1],
    ],
    [
      [1, 0],
      [0, 2],
    ],
    [
      [0.5, 0],
      [0, 0.5],
    ],
  ],
});
const vectors = Array.from(
  { length: 9 },
  (_, i) => bivariate.sample(1000 + 450 * i, { randomState: 100 + i }).X,
);
const counts = Array.from(
  { length: 12 },
  (_, i) =>
    new HiddenMarkovModel({
      nStates: 2,
      emission: 'poisson',
      startProb: [0.5, 0.5],
      transMat: [
        [0.9, 0.1],
        [0.2, 0.8],
      ],
      lambdas: [
        [1, 4],
        [8, 0.5],
      ],
    }).sample(1000 + 300 * i, { randomState: 7 * i + 3 }).X,
);
const univariate = vectors.map((seq) => seq.map((row) => row[0]!));

const cases: [string, Hmm.HiddenMarkovModelOptions, Hmm.SequenceInput[]][] = [
  ['categorical, 23 sequences', { nStates: 2, emission: 'categorical', nInit: 2 }, rolls],
  ['categorical with SQUAREM', { nStates: 2, emission: 'categorical', acceleration: 'squarem' }, rolls],
  [
    'categorical left–right with priors (structural zeros)',
    {
      nStates: 3,
      emission: 'categorical',
      startProb: [1, 0, 0],
      transMat: [
        [0.8, 0.2, 0],
        [0, 0.8, 0.2],
        [0, 0, 1],
      ],
      transMatPrior: 2,
      startProbPrior: 1.5,
    },
    rolls,
  ],
  ['gaussian full, 2-D, 9 sequences', { nStates: 3, covarianceType: 'full' }, vectors],
  ['gaussian tied with SQUAREM', { nStates: 3, covarianceType: 'tied', acceleration: 'squarem' }, vectors],
  ['gaussian diag, 1-D', { nStates: 2, covarianceType: 'diag', nInit: 2 }, univariate],
  ['gaussian spherical', { nStates: 2, covarianceType: 'spherical' }, vectors],
  ['gmm, 2 components per state', { nStates: 2, emission: 'gmm', nMix: 2, covarianceType: 'diag' }, vectors],
  ['poisson, 2 features, 12 sequences', { nStates: 2, emission: 'poisson' }, counts],
];

describe('fitAsync on worker threads equals fit', () => {
  for (const [label, options, sequences] of cases) {
    it(`${label}: the same parameters, log-likelihoods and iterations to 1e-10`, async () => {
      const o = { randomState: 3, maxIter: 12, tol: 1e-9, ...options };
      const single = new HiddenMarkovModel(o).fit(sequences);
      const parallel = await new HiddenMarkovModel({ ...o, workers: pool }).fitAsync(sequences);
      expectSameFit(parallel, single, label);
    });
  }

  it("every worker's share copied (no SharedArrayBuffer, as in a page that is not cross-origin isolated)", async () => {
    const g = globalThis as { crossOriginIsolated?: boolean };
    g.crossOriginIsolated = false;
    try {
      for (const [label, options, sequences] of cases.slice(0, 4)) {
        const o = { randomState: 4, maxIter: 6, tol: 0, ...options };
        const single = new HiddenMarkovModel(o).fit(sequences);
        const parallel = await new HiddenMarkovModel({ ...o, workers: pool }).fitAsync(sequences);
        expectSameFit(parallel, single, `copied: ${label}`);
      }
    } finally {
      delete g.crossOriginIsolated;
    }
  });

  it("hmmlearn's concatenated X with { lengths }, and a number of workers (a pool for the fit)", async () => {
    const o = { nStates: 2, emission: 'categorical' as const, randomState: 1, maxIter: 10, tol: 0 };
    const single = new HiddenMarkovModel(o).fit(rolls);
    const flat = await new HiddenMarkovModel({ ...o, workers: 2 }).fitAsync(rolls.flat(), {
      lengths: rolls.map((r) => r.length),
    });
    expectSameFit(flat, single, 'lengths');
  });

  it('one sequence: one worker does it all', async () => {
    const o = { nStates: 3, covarianceType: 'full' as const, randomState: 2, maxIter: 10, tol: 0 };
    const single = new HiddenMarkovModel(o).fit(vectors[8]!);
    const parallel = await new HiddenMarkovModel({ ...o, workers: pool }).fitAsync(vectors[8]!);
    expectSameFit(parallel, single, 'one sequence');
  });

  it('onIteration sees the same iterations; without workers fitAsync is fit', async () => {
    const seen: number[][] = [[], []];
    const o = { nStates: 2, emission: 'categorical' as const, randomState: 6, maxIter: 8, tol: 0 };
    new HiddenMarkovModel({ ...o, onIteration: (info) => void seen[0]!.push(info.logLikelihood) }).fit(rolls);
    await new HiddenMarkovModel({
      ...o,
      workers: pool,
      onIteration: (info) => void seen[1]!.push(info.logLikelihood),
    }).fitAsync(rolls);
    expect(seen[1]!.length).toBe(seen[0]!.length);
    expect(worst(seen[1], seen[0])).toBeLessThan(1e-10);
    const single = new HiddenMarkovModel(o).fit(rolls);
    const viaAsync = await new HiddenMarkovModel(o).fitAsync(rolls);
    expect(viaAsync.getParameters()).toEqual(single.getParameters());
    expect(viaAsync.history).toEqual(single.history);
  });

  it('an abort signal stops fitAsync between iterations, as it stops fit', async () => {
    const controller = new AbortController();
    let iterations = 0;
    const hmm = await new HiddenMarkovModel({
      nStates: 2,
      emission: 'categorical',
      randomState: 1,
      maxIter: 500,
      tol: 0,
      workers: pool,
      onIteration: () => {
        if (++iterations === 3) controller.abort();
      },
    }).fitAsync(rolls, { signal: controller.signal });
    expect(hmm.nIter).toBe(3);
    expect(hmm.converged).toBe(false);
  });
});

describe('what goes to the workers', () => {
  it('the sequences once per fit (shared, or each worker its share); each iteration only the parameters', async () => {
    const channel = new BroadcastChannel('em-hmm-worker-messages');
    const received: { type: string; id: number; keys: string[]; bytes: number }[] = [];
    channel.onmessage = (event) => received.push((event as MessageEvent).data);
    const recording = createWorkerPool({ size: 2, workerUrl: fixture('recording') });
    try {
      const o = {
        nStates: 2,
        emission: 'categorical' as const,
        randomState: 1,
        maxIter: 6,
        tol: 0,
        nInit: 2,
      };
      const hmm = await new HiddenMarkovModel({ ...o, workers: recording }).fitAsync(rolls);
      const eSteps = 2 * 6; // two runs (nInit) of six iterations
      const expected = 2 * (1 + eSteps + 1); // per worker: load, E-steps, release
      for (let wait = 0; received.length < expected && wait < 100; wait++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(hmm.nIter).toBe(6);
      const ofType = (type: string) => received.filter((m) => m.type === type);
      expect(ofType('load')).toHaveLength(2);
      expect(ofType('eStep')).toHaveLength(2 * eSteps);
      expect(ofType('release')).toHaveLength(2);
      const total = rolls.reduce((n, r) => n + r.length, 0) * 8;
      // Shared memory in Node: both workers see all the observations, sent once.
      for (const load of ofType('load')) expect(load.bytes).toBe(total);
      for (const eStep of ofType('eStep')) {
        expect(eStep.keys).toEqual(['id', 'params', 'type']);
        expect(eStep.bytes).toBe(0);
      }
    } finally {
      channel.close();
      await recording.close();
    }
  });

  it('workers: 100 on 3 sequences starts at most min(workers, sequences, cores) threads', async () => {
    let started = 0;
    const count = () => started++;
    process.on('worker', count);
    // Three sequences of a block each: work for three threads.
    const three = [1, 2, 3].map((seed) =>
      casino.sample(BLOCK_STEPS, { randomState: seed }).X.map((r) => r[0]!),
    );
    try {
      const o = { nStates: 2, emission: 'categorical' as const, randomState: 1, maxIter: 3 };
      await new HiddenMarkovModel({ ...o, workers: 100 }).fitAsync(three);
      expect(started).toBe(Math.min(3, availableParallelism()));
      // Short sequences share a block, and a block is never split: one thread.
      started = 0;
      await new HiddenMarkovModel({ ...o, workers: 100 }).fitAsync([
        [0, 1, 2],
        [2, 1],
        [0, 0, 5],
      ]);
      expect(started).toBe(1);
      // A pool of 100 starts only as many of its threads as the fit has blocks.
      const big = createWorkerPool(100);
      started = 0;
      await new HiddenMarkovModel({ ...o, workers: big }).fitAsync(three);
      expect(big.threads).toBe(3);
      expect(started).toBe(3);
      await big.close();
      expect(big.threads).toBe(0);
    } finally {
      process.off('worker', count);
    }
  });
});

describe('when a worker fails', () => {
  const o = { nStates: 2, emission: 'categorical' as const, randomState: 1, maxIter: 20, tol: 0 };

  it('a worker that throws: a WorkerFailedError, and the model keeps the parameters of its previous fit', async () => {
    const failing = createWorkerPool({ size: 2, workerUrl: fixture('throws') });
    try {
      const hmm = new HiddenMarkovModel({ ...o, workers: failing });
      await hmm.fitAsync(rolls); // the first fit on these workers succeeds
      const before = { params: hmm.getParameters(), history: hmm.history, nIter: hmm.nIter };
      expect(before.nIter).toBe(20);
      const error = await hmm.fitAsync(rolls.slice(0, 12)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkerFailedError);
      expect(error).toBeInstanceOf(EMError);
      expect((error as Hmm.WorkerFailedError).reason).toBe('error');
      expect((error as Error).message).toMatch(/boom in a worker/);
      expect(hmm.getParameters()).toEqual(before.params);
      expect(hmm.history).toEqual(before.history);
      expect(hmm.nIter).toBe(before.nIter);
      // The pool dropped the failed thread(s); the survivors still answer.
      expect(failing.threads).toBeLessThan(2);
    } finally {
      await failing.close();
    }
  });

  it('a worker that exits: a WorkerFailedError, and a model built from given parameters is unchanged', async () => {
    const exiting = createWorkerPool({ size: 2, workerUrl: fixture('exits') });
    try {
      const given = { ...CASINO, maxIter: 20, tol: 0, workers: exiting };
      const hmm = new HiddenMarkovModel(given);
      const before = hmm.getParameters();
      const error = await hmm.fitAsync(rolls).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkerFailedError);
      expect((error as Hmm.WorkerFailedError).reason).toBe('exit');
      expect((error as Error).message).toMatch(/exit code 3/);
      expect(hmm.getParameters()).toEqual(before);
      expect(hmm.nIter).toBe(0);
    } finally {
      await exiting.close();
    }
  });

  it('a worker that answers with an error, and a worker script that does not exist: WorkerFailedError', async () => {
    const answering = createWorkerPool({ size: 2, workerUrl: fixture('answers-error') });
    const missing = createWorkerPool({ size: 2, workerUrl: fixture('no-such-worker') });
    try {
      const a = await new HiddenMarkovModel({ ...o, workers: answering }).fitAsync(rolls).catch((e) => e);
      expect(a).toBeInstanceOf(WorkerFailedError);
      expect((a as Error).message).toMatch(/TypeError: x is not a function/);
      const b = await new HiddenMarkovModel({ ...o, workers: missing }).fitAsync(rolls).catch((e) => e);
      expect(b).toBeInstanceOf(WorkerFailedError);
    } finally {
      await answering.close();
      await missing.close();
    }
  });

  it('a worker that never answers: a WorkerFailedError after the pool timeout, the model unchanged', async () => {
    const silent = createWorkerPool({ size: 2, workerUrl: fixture('silent'), timeout: 300 });
    try {
      const hmm = new HiddenMarkovModel({ ...CASINO, workers: silent });
      const before = hmm.getParameters();
      const error = await hmm.fitAsync(rolls).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkerFailedError);
      expect((error as Hmm.WorkerFailedError).reason).toBe('timeout');
      expect((error as Error).message).toMatch(/no answer within 300 ms/);
      expect(hmm.getParameters()).toEqual(before);
      expect(silent.threads).toBe(0); // the silent threads were stopped and dropped
    } finally {
      await silent.close();
    }
  });

  it('workerUrl: a file: URL string works as the URL does; anything else is an InvalidOptionError', async () => {
    const worker = new URL('../dist/parallel-worker.js', import.meta.url);
    const byString = createWorkerPool({ size: 1, workerUrl: worker.href });
    try {
      const options = { nStates: 2, randomState: 0, maxIter: 5 };
      const hmm = await new HiddenMarkovModel({ ...options, workers: byString }).fitAsync(univariate);
      expect(hmm.logLikelihood).toBe(new HiddenMarkovModel(options).fit(univariate).logLikelihood);
    } finally {
      await byString.close();
    }
    for (const workerUrl of [42, '', {}, 'http://[bad', null])
      expect(() => createWorkerPool({ workerUrl: workerUrl as never })).toThrow(InvalidOptionError);
    for (const timeout of [0, -1, 1.5, 2 ** 31, Number.NaN, '10'])
      expect(() => createWorkerPool({ timeout: timeout as never })).toThrow(InvalidOptionError);
    const relative = createWorkerPool({ size: 1, workerUrl: 'no-dot-slash.js' });
    const error = await new HiddenMarkovModel({ nStates: 2, workers: relative })
      .fitAsync([[1, 2, 3]])
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toMatch(/workerUrl/);
    await relative.close();
  });

  it('an E-step that fails in a worker is the NumericalError fit throws, naming the same sequence', async () => {
    // Sequence 5 has a 1 after a 0, which this left–right model rules out once transitions are fixed.
    const sequences = [[0, 0], [1, 1], [0, 0, 0], [1], [0], [0, 1], [1, 1, 1]];
    const options = {
      nStates: 2,
      emission: 'categorical' as const,
      startProb: [0.5, 0.5],
      transMat: [
        [1, 0],
        [0, 1],
      ],
      emissionProb: [
        [1, 0],
        [0, 1],
      ],
      params: 'e',
      maxIter: 3,
    };
    const fitError = (() => {
      try {
        new HiddenMarkovModel(options).fit(sequences);
      } catch (error) {
        return error as Error;
      }
    })();
    expect(fitError).toBeInstanceOf(NumericalError);
    const asyncError = await new HiddenMarkovModel({ ...options, workers: pool })
      .fitAsync(sequences)
      .catch((e: unknown) => e);
    expect(asyncError).toBeInstanceOf(NumericalError);
    expect((asyncError as Error).message).toBe(fitError!.message);
    expect((asyncError as NumericalError).suggestion).toBe((fitError as NumericalError).suggestion);
  });

  it('bad sequences are rejected before any thread starts, as by fit', async () => {
    const error = await new HiddenMarkovModel({ ...o, workers: pool })
      .fitAsync([
        [0, 1],
        [2, Number.NaN],
      ])
      .catch((e) => e);
    expect(error).toBeInstanceOf(SequenceInputError);
    expect([(error as Hmm.SequenceInputError).sequence, (error as Hmm.SequenceInputError).position]).toEqual([
      1, 1,
    ]);
  });
});

describe('options', () => {
  it('fit with workers set is an InvalidOptionError pointing to fitAsync', () => {
    for (const workers of [2, pool]) {
      expect(() => new HiddenMarkovModel({ workers }).fit([1, 2, 3])).toThrow(InvalidOptionError);
      expect(() => new HiddenMarkovModel({ workers }).fit([1, 2, 3])).toThrow(/call fitAsync instead/i);
    }
  });

  it('workers and the pool size are validated; fitAsync options too', async () => {
    for (const workers of [0, 1.5, -1, '2', 2000, {}, Number.NaN])
      expect(() => new HiddenMarkovModel({ workers: workers as number })).toThrow(InvalidOptionError);
    for (const size of [0, 1.5, 5000, Number.POSITIVE_INFINITY])
      expect(() => createWorkerPool(size)).toThrow(InvalidOptionError);
    expect(() => createWorkerPool(null as never)).toThrow(InvalidOptionError);
    await expect(new HiddenMarkovModel().fitAsync([1, 2], [2] as never)).rejects.toThrow(InvalidOptionError);
    expect(new WorkerPool().size).toBe(availableParallelism());
  });
});

describe('blocks: the units of work and of summation', () => {
  it('whole consecutive sequences, every one once, each block at least BLOCK_STEPS steps but the last', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 * BLOCK_STEPS }), { minLength: 1, maxLength: 60 }),
        (lengths) => {
          const offsets = new Int32Array(lengths.length + 1);
          lengths.forEach((n, i) => {
            offsets[i + 1] = offsets[i]! + n;
          });
          const bounds = blockBounds(offsets);
          const blocks = bounds.length - 1;
          expect(bounds[0]).toBe(0);
          expect(bounds[blocks]).toBe(lengths.length);
          for (let b = 0; b < blocks; b++) {
            expect(bounds[b + 1]!).toBeGreaterThan(bounds[b]!);
            const steps = offsets[bounds[b + 1]!]! - offsets[bounds[b]!]!;
            const withoutLast = offsets[bounds[b + 1]! - 1]! - offsets[bounds[b]!]!;
            if (b < blocks - 1) expect(steps).toBeGreaterThanOrEqual(BLOCK_STEPS);
            expect(withoutLast).toBeLessThan(BLOCK_STEPS); // closed as soon as it was full
          }
        },
      ),
    );
  });
});

describe('adversarial sequences on worker threads', () => {
  it('a typed EMError or the single-threaded fit, whatever the sequences', async () => {
    const nasty = fc.oneof(
      fc.integer({ min: 0, max: 4 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(nasty, { minLength: 0, maxLength: 30 }), { minLength: 0, maxLength: 6 }),
        fc.constantFrom<Hmm.EmissionType>('categorical', 'gaussian', 'poisson'),
        async (sequences, emission) => {
          const o = { nStates: 2, emission, randomState: 2, maxIter: 4, tol: 0 };
          let single: Hmm.HiddenMarkovModel | EMError;
          try {
            single = new HiddenMarkovModel(o).fit(sequences);
          } catch (error) {
            if (!(error instanceof EMError)) throw error;
            single = error;
          }
          const parallel = await new HiddenMarkovModel({ ...o, workers: pool })
            .fitAsync(sequences)
            .catch((e) => e);
          if (single instanceof EMError) {
            expect(parallel).toBeInstanceOf(EMError);
            expect((parallel as Error).name).toBe(single.name);
          } else {
            expect(parallel).toBeInstanceOf(HiddenMarkovModel);
            expectSameFit(parallel, single, 'adversarial');
          }
        },
      ),
      { numRuns: process.env.CI ? 30 : 60 },
    );
  });
});

describe('TSDoc examples', () => {
  it('fitAsync: the same fit as fit', async () => {
    const sequences = [
      [0.1, 5.2, 5.1, 0.2],
      [5.3, 0.1, 0.0, 5.2, 4.9],
      [0.2, 0.1, 5.0],
    ];
    const hmm = await new HiddenMarkovModel({ nStates: 2, workers: 2, randomState: 0 }).fitAsync(sequences);
    const single = new HiddenMarkovModel({ nStates: 2, randomState: 0 }).fit(sequences);
    expect(worst(hmm.logLikelihood, single.logLikelihood)).toBeLessThan(1e-12);
  });

  it('createWorkerPool, WorkerPool, WorkerPoolOptions', async () => {
    const ownPool = createWorkerPool({ size: 2 });
    const hmm = await new HiddenMarkovModel({ nStates: 3, workers: ownPool }).fitAsync(vectors.slice(0, 2));
    expect(hmm.nIter).toBeGreaterThan(0);
    await ownPool.close();
    expect(createWorkerPool(2).size).toBe(2);
  });

  it('WorkerFailedError', async () => {
    const sequences = rolls;
    const broken = createWorkerPool({ size: 2, workerUrl: fixture('exits') });
    let reason = '';
    try {
      await new HiddenMarkovModel({ nStates: 2, workers: broken }).fitAsync(sequences);
    } catch (error) {
      if (error instanceof WorkerFailedError) reason = error.reason;
    }
    expect(reason).toBe('exit');
    await broken.close();
  });

  it('FitAsyncOptions', async () => {
    const options: Hmm.FitAsyncOptions = { lengths: [500, 300], signal: AbortSignal.timeout(60_000) };
    const X = casino.sample(800, { randomState: 1 }).X;
    const hmm = await new HiddenMarkovModel({
      nStates: 2,
      emission: 'categorical',
      workers: pool,
      randomState: 0,
    }).fitAsync(X, options);
    expect(hmm.nIter).toBeGreaterThan(0);
  });
});

describe('README: many sequences on worker threads', () => {
  it('fitAsync with a pool of 2, as shown', async () => {
    const sequences = vectors.map((seq) => seq.map((row) => row[1]!));
    const readmePool = createWorkerPool(2); // or workers: 2 for a pool that lives as long as the fit
    const hmm = await new HiddenMarkovModel({
      nStates: 8,
      workers: readmePool,
      randomState: 0,
      maxIter: 5,
    }).fitAsync(sequences);
    await readmePool.close();
    expect(readmePool.threads).toBe(0);
    const single = new HiddenMarkovModel({ nStates: 8, randomState: 0, maxIter: 5 }).fit(sequences);
    expectSameFit(hmm, single, 'README');
  });
});
