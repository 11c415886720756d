// Hostile input for @em/distributed, in the shape of @em/testkit: every call ends in a typed EMError
// or a finite fit — never a TypeError from BullMQ, a NaN or a hang — and a fit over any split of the
// rows into shards equals the single-process fit. Redis is our own (test/redis.ts); the workers run
// in this process here (the worker-process faults are in distributed.test.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CovarianceType, GaussianMixture } from '@em/gaussian';
import { type EmissionType, HiddenMarkovModel } from '@em/hmm';
import { createRandom } from '@em/sampling';
import {
  adversarialRecorder,
  asyncPropertyTypedOrFinite,
  expectTypedErrorAsync,
  hostileNumber,
  hostileOptions,
  hostileValue,
  matrixOf,
} from '@em/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EStepWorker, fitDistributed, startWorker } from '../src/index.js';
import { expectClose, threeGroups } from './helpers.js';
import { freePort, TestRedis } from './redis.js';

const recorder = adversarialRecorder('@em/distributed');
const dir = mkdtempSync(join(tmpdir(), 'em-adversarial-'));
let redis: TestRedis;
let workers: EStepWorker[] = [];
beforeAll(async () => {
  redis = await TestRedis.start();
  workers = [0, 1].map(() => startWorker({ connection: redis.connection, queue: 'adversarial' }));
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await redis?.stop();
});

let files = 0;
/** Writes rows as a CSV shard (cells as given: NaN, Infinity, ragged rows…). */
const csvShard = (rows: unknown[][]) => {
  const path = join(dir, `shard-${files++}.csv`);
  writeFileSync(path, rows.map((row) => row.join(',')).join('\n'));
  return path;
};
const summary = (model: GaussianMixture) => ({
  weights: model.weights,
  means: model.means,
  lowerBound: model.lowerBound,
});

describe('@em/distributed under hostile input', () => {
  it('hostile options: a typed error or a finite fit, no hang', async () => {
    const shards = [csvShard([[0], [0.5], [1]]), csvShard([[9], [9.5], [10]])];
    const keys = [
      'connection',
      'queue',
      'shards',
      'read',
      'initSample',
      'passTimeoutMs',
      'connectTimeoutMs',
      'onPass',
    ];
    await asyncPropertyTypedOrFinite(
      recorder,
      hostileOptions(keys),
      async (hostile) => {
        const options = {
          connection: redis.connection,
          queue: 'adversarial',
          shards,
          passTimeoutMs: 20_000,
          ...hostile,
        };
        return summary(
          await fitDistributed(new GaussianMixture({ nComponents: 2, randomState: 0 }), options as never),
        );
      },
      { numRuns: 25, hangMs: 30_000 },
    );
  });

  it('hostile shard contents (NaN, ±Infinity, extreme values, ragged rows, empty shards)', async () => {
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.array(matrixOf(undefined, { minRows: 0, maxRows: 6, minCols: 1, maxCols: 2 }), {
        minLength: 1,
        maxLength: 3,
      }),
      async (parts) => {
        const shards = parts.map(csvShard);
        const model = new GaussianMixture({ nComponents: 2, randomState: 0 });
        return summary(
          await fitDistributed(model, { connection: redis.connection, queue: 'adversarial', shards }),
        );
      },
      { numRuns: 25, hangMs: 30_000 },
    );
  });

  it('a model that is not a GaussianMixture, a connection that is not one', async () => {
    const shards = [csvShard([[0], [1], [2]])];
    await asyncPropertyTypedOrFinite(
      recorder,
      hostileValue,
      async (connection) =>
        summary(
          await fitDistributed(new GaussianMixture({ nComponents: 1 }), {
            connection: connection as never,
            shards,
            connectTimeoutMs: 300,
          }),
        ),
      { numRuns: 25, hangMs: 30_000 },
    );
    await expectTypedErrorAsync(
      recorder,
      () => fitDistributed({} as never, { connection: redis.connection, shards }),
      ['model'],
    );
    await expectTypedErrorAsync(
      recorder,
      async () =>
        fitDistributed(new GaussianMixture(), {
          connection: { port: await freePort() },
          shards,
          connectTimeoutMs: 300,
        }),
      ['unreachable'],
    );
  });

  it('any split of the rows into shards, any covariance type: the single-process fit to 1e-10 (property)', async () => {
    const data = threeGroups(600, 9);
    const rows = Array.from({ length: 600 }, (_, i) => Array.from(data.subarray(i * 4, i * 4 + 4)));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<CovarianceType>('full', 'tied', 'diag', 'spherical'),
        fc.array(fc.integer({ min: 1, max: 599 }), { minLength: 0, maxLength: 4 }),
        async (covarianceType, cuts) => {
          const bounds = [0, ...new Set(cuts.sort((a, b) => a - b)), 600];
          const shards = bounds.slice(1).map((end, i) => csvShard(rows.slice(bounds[i], end)));
          const options = { nComponents: 3, covarianceType, randomState: 4 };
          const model = await fitDistributed(new GaussianMixture(options), {
            connection: redis.connection,
            queue: 'adversarial',
            shards,
          });
          const reference = new GaussianMixture(options).fit(rows);
          expect(model.nIter).toBe(reference.nIter);
          expectClose(model.means.flat(), reference.means.flat(), 1e-10, 'means');
          expectClose(
            [model.covariances].flat(3) as number[],
            [reference.covariances].flat(3) as number[],
            1e-10,
            'covariances',
          );
        },
      ),
      { numRuns: 8 },
    );
  });

  it('hostile JSON Lines shards of sequences for a HiddenMarkovModel: a typed error or a finite fit', async () => {
    const observation = fc.oneof(fc.integer({ min: 0, max: 3 }), hostileNumber);
    const line = fc.oneof(
      fc.array(observation, { maxLength: 5 }).map((sequence) => JSON.stringify(sequence)),
      fc
        .array(fc.array(observation, { minLength: 1, maxLength: 2 }), { maxLength: 4 })
        .map((sequence) => JSON.stringify(sequence)),
      fc.constantFrom('NaN', '[1, 2', '{"a": 1}', '', 'null', '[[1], 2]', '[]'),
    );
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.tuple(
        fc.constantFrom<EmissionType>('categorical', 'poisson', 'gaussian'),
        fc.array(fc.array(line, { maxLength: 4 }), { minLength: 1, maxLength: 3 }),
      ),
      async ([emission, parts]) => {
        const shards = parts.map((lines) => {
          const path = join(dir, `shard-${files++}.jsonl`);
          writeFileSync(path, lines.join('\n'));
          return path;
        });
        const model = new HiddenMarkovModel({ nStates: 2, emission, randomState: 0, maxIter: 4 });
        await fitDistributed(model, { connection: redis.connection, queue: 'adversarial', shards });
        return [model.logLikelihood, ...model.startProb, ...model.transMat.flat()];
      },
      { numRuns: 25, hangMs: 30_000 },
    );
  });

  it('any split of the sequences into shards: the single-process HMM fit to 1e-10 (property)', async () => {
    const random = createRandom(31);
    const sequences = Array.from({ length: 12 }, (_, q) =>
      Array.from(
        { length: 40 + q * 7 },
        (_, t) => (Math.floor(t / 9) % 2) * 2 + (random.random() < 0.3 ? 1 : 0),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<EmissionType>('categorical', 'poisson', 'gaussian'),
        fc.array(fc.integer({ min: 1, max: 11 }), { minLength: 0, maxLength: 3 }),
        async (emission, cuts) => {
          const bounds = [0, ...new Set(cuts.sort((a, b) => a - b)), 12];
          const shards = bounds.slice(1).map((end, i) => {
            const path = join(dir, `shard-${files++}.jsonl`);
            writeFileSync(
              path,
              sequences
                .slice(bounds[i], end)
                .map((q) => JSON.stringify(q))
                .join('\n'),
            );
            return path;
          });
          const options = { nStates: 2, emission, randomState: 2 };
          const model = await fitDistributed(new HiddenMarkovModel(options), {
            connection: redis.connection,
            queue: 'adversarial',
            shards,
          });
          const reference = new HiddenMarkovModel(options).fit(sequences);
          expect(model.nIter).toBe(reference.nIter);
          const numbers = (hmm: HiddenMarkovModel) => Object.values(hmm.getParameters()).flat(4) as number[];
          expectClose(numbers(model), numbers(reference), 1e-10, emission);
        },
      ),
      { numRuns: 8 },
    );
  });
});
