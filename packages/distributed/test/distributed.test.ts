// fitDistributed against a single-process fit on the same rows, on our own redis-server with worker
// processes — and the faults: a worker killed (SIGKILL) while it holds a job, Redis crashing mid-fit,
// Redis unreachable, a missing shard, no workers at all.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EMError, InvalidInputError } from '@em/core';
import { BayesianGaussianMixture, GaussianMixture, type GaussianMixtureOptions } from '@em/gaussian';
import { CategoricalMixture, PoissonMixture } from '@em/mixtures';
import { createRandom } from '@em/sampling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fitDistributed,
  MissingShardError,
  resumeOptions,
  ServiceUnavailableError,
  ShardFailedError,
} from '../src/index.js';
import { expectClose, startWorkerProcess, stopProcesses, threeGroups, writeShards } from './helpers.js';
import { freePort, TestRedis } from './redis.js';

const N = 9000;
const data = threeGroups(N, 5);
const shards = writeShards(data, [2500, 4000, 2500]);
const OPTIONS: GaussianMixtureOptions = { nComponents: 3, randomState: 1, tol: 1e-6 };
const read = { format: 'float64' as const, columns: 4 };
const reference = new GaussianMixture(OPTIONS).fit({ data, rows: N, cols: 4 });

let redis: TestRedis;
const workers: ChildProcess[] = [];
beforeAll(async () => {
  redis = await TestRedis.start();
});
afterAll(async () => {
  await stopProcesses(workers);
  await redis?.stop();
});

const expectSameFit = (model: GaussianMixture, rel: number) => {
  expectClose(model.weights, reference.weights, rel, 'weights');
  expectClose(model.means.flat(), reference.means.flat(), rel, 'means');
  expectClose(
    (model.covariances as number[][][]).flat(2),
    (reference.covariances as number[][][]).flat(2),
    rel,
    'covariances',
  );
};

describe('fitDistributed: 3 worker processes, 3 shards', () => {
  it('equals the single-process fit on the concatenated shards to 1e-10', async () => {
    for (let i = 0; i < 3; i++) workers.push(await startWorkerProcess(redis.port, 'same'));
    const passes: number[] = [];
    const model = await fitDistributed(new GaussianMixture(OPTIONS), {
      connection: redis.connection,
      queue: 'same',
      shards,
      read,
      onPass: (pass) => passes.push(pass),
    });
    expectSameFit(model, 1e-10);
    expect(model.nIter).toBe(reference.nIter);
    expect(model.lowerBound).toBeCloseTo(reference.lowerBound, 12);
    // The scan, then one pass per E-step.
    expect(passes).toEqual(Array.from({ length: reference.nIter + 1 }, (_, i) => i + 1));
  });

  it('a missing shard: MissingShardError naming it', async () => {
    const error = await fitDistributed(new GaussianMixture(OPTIONS), {
      connection: redis.connection,
      queue: 'same',
      shards: [shards[0]!, `${shards[1]}.gone`, shards[2]!],
      read,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingShardError);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as MissingShardError).shard).toBe(1);
    expect((error as Error).message).toMatch(/^Shard 1 \(".*part-1\.f64\.gone"\) is missing: .*ENOENT/);
  });

  it('a BayesianGaussianMixture, both weight priors: equal to fit on the concatenated shards to 1e-10, the same nIter', async () => {
    for (const weightConcentrationPriorType of ['dirichlet_process', 'dirichlet_distribution'] as const) {
      const options = {
        nComponents: 4,
        randomState: 1,
        weightConcentrationPriorType,
        covarianceType: 'full' as const,
      };
      const reference = new BayesianGaussianMixture(options).fit({ data, rows: N, cols: 4 });
      const model = await fitDistributed(new BayesianGaussianMixture(options), {
        connection: redis.connection,
        queue: 'same',
        shards,
        read,
      });
      expectClose(model.weights, reference.weights, 1e-10, 'weights');
      expectClose(model.means.flat(), reference.means.flat(), 1e-10, 'means');
      expectClose(
        (model.covariances as number[][][]).flat(2),
        (reference.covariances as number[][][]).flat(2),
        1e-10,
        'covariances',
      );
      expect(model.nIter).toBe(reference.nIter);
      expect(Math.abs(model.lowerBound - reference.lowerBound)).toBeLessThan(
        1e-10 * Math.abs(reference.lowerBound),
      );
    }
  });

  it('a PoissonMixture and a CategoricalMixture (@em/mixtures): equal to fit on the concatenated shards to 1e-10', async () => {
    // Counts (3 columns) and level codes (2 columns, levels 0–3) of three groups, as raw float64 shards.
    const rng = createRandom(9);
    const draw = (rate: number) => {
      let k = 0;
      for (let p = Math.exp(-rate), u = rng.random(), c = p; u > c; c += p) p *= rate / ++k;
      return k;
    };
    const counts = Float64Array.from({ length: 3000 * 3 }, (_, i) =>
      draw([1, 5, 14][(Math.floor(i / 3) + (i % 3)) % 3]!),
    );
    const levels = Float64Array.from({ length: 3000 * 2 }, (_, i) =>
      rng.random() < 0.75 ? (Math.floor(i / 2) % 3) + (i % 2) : Math.floor(rng.random() * 4),
    );
    for (const [make, data, cols] of [
      [() => new PoissonMixture({ nComponents: 3, nInit: 2, randomState: 1 }), counts, 3],
      [() => new CategoricalMixture({ nComponents: 3, alpha: 0.5, randomState: 2 }), levels, 2],
    ] as const) {
      const reference = make().fit({ data, rows: 3000, cols });
      const model = await fitDistributed(make(), {
        connection: redis.connection,
        queue: 'same',
        shards: writeShards(data, [700, 1600, 700], cols),
        read: { format: 'float64', columns: cols },
      });
      const flat = (m: typeof reference) => Object.values(m.toJSON().params).flat(3) as number[];
      expectClose(flat(model), flat(reference), 1e-10, model.kind);
      expect(model.nIter).toBe(reference.nIter);
      expect(model.lowerBound).toBeCloseTo(reference.lowerBound, 12);
    }
  });

  it('a model no worker knows: InvalidInputError before any job', async () => {
    const error = await fitDistributed({ fit: () => undefined } as never, {
      connection: redis.connection,
      queue: 'same',
      shards,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidInputError', argument: 'model' });
  });

  it('shards of different widths, bad options: typed errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'em-csv-shards-'));
    writeFileSync(join(dir, 'a.csv'), '1,2\n3,4\n5,6\n');
    writeFileSync(join(dir, 'b.csv'), '1,2,3\n4,5,6\n');
    writeFileSync(join(dir, 'c.csv'), '1,2\n3\n');
    const csv = (names: string[]) =>
      fitDistributed(new GaussianMixture({ nComponents: 1 }), {
        connection: redis.connection,
        queue: 'same',
        shards: names.map((name) => join(dir, name)),
      });
    await expect(csv(['a.csv', 'b.csv'])).rejects.toThrow(
      'Invalid shards[1] (features per sample): expected 2, as shards[0], received 3.',
    );
    const ragged = await csv(['a.csv', 'c.csv']).catch((e: unknown) => e);
    expect(ragged).toBeInstanceOf(ShardFailedError);
    expect((ragged as Error).message).toMatch(
      /^Shard 1 \(".*c\.csv"\) failed on a worker: Invalid source line 2 at row 1: expected 2 fields/,
    );
    await expect(
      fitDistributed(new GaussianMixture(OPTIONS), { connection: redis.connection, shards: [] }),
    ).rejects.toThrow('Invalid option shards');
    await expect(
      fitDistributed(new GaussianMixture(OPTIONS), {
        connection: redis.connection,
        shards,
        retries: 3,
      } as never),
    ).rejects.toThrow('Invalid option retries');
  });
});

describe('fitDistributed: faults', () => {
  it('a worker killed with SIGKILL while it holds a job: the job goes to another worker, same result', async () => {
    const queue = 'kill';
    const slow: ChildProcess[] = [];
    for (let i = 0; i < 3; i++)
      slow.push(await startWorkerProcess(redis.port, queue, { lockMs: 1000, delayMs: 300 }));
    workers.push(...slow);
    const seconds: number[] = [];
    let completed = 0;
    let killedInPass: number | undefined;
    const model = await fitDistributed(new GaussianMixture(OPTIONS), {
      connection: redis.connection,
      queue,
      shards,
      read,
      onPass: (pass, took) => {
        seconds.push(took);
        completed = pass;
        if (pass === 2) {
          // From pass 3 on: the first worker is killed as soon as it says it holds a job (each job
          // first waits 300 ms, so the job is surely unfinished).
          slow[0]!.stdout!.on('data', (text: Buffer) => {
            if (killedInPass === undefined && String(text).includes('active')) {
              killedInPass = completed + 1;
              slow[0]!.kill('SIGKILL');
            }
          });
        }
      },
    });
    expect(killedInPass).toBeGreaterThanOrEqual(3);
    expect(slow[0]!.signalCode).toBe('SIGKILL');
    // The killed worker's job waited for its lock to expire (1 s) before another worker redid it.
    expect(seconds[killedInPass! - 1]!).toBeGreaterThan(1);
    expectSameFit(model, 1e-10);
  });

  it('Redis crashing mid-fit: ServiceUnavailableError with a checkpoint; resuming from it reaches the same fit', async () => {
    const queue = 'crash';
    for (let i = 0; i < 2; i++)
      workers.push(await startWorkerProcess(redis.port, queue, { lockMs: 1000, delayMs: 150 }));
    let crashed = false;
    const error = await fitDistributed(new GaussianMixture(OPTIONS), {
      connection: redis.connection,
      queue,
      shards,
      read,
      onPass: (pass) => {
        if (pass === 4 && !crashed) {
          crashed = true;
          setTimeout(() => void redis.restart(), 50);
        }
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as EMError).code).toBe('UNAVAILABLE');
    const { checkpoint } = error as ServiceUnavailableError;
    // Completed iterations before the crash: at least the three of passes 2–4.
    expect(checkpoint?.iteration).toBeGreaterThanOrEqual(3);
    // The workers reconnect by themselves; the fit goes on from the checkpoint.
    const resumed = await fitDistributed(new GaussianMixture({ ...OPTIONS, ...resumeOptions(checkpoint!) }), {
      connection: redis.connection,
      queue,
      shards,
      read,
    });
    expectSameFit(resumed, 1e-5);
  });

  it('Redis unreachable: ServiceUnavailableError within the connect timeout, no hang', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await fitDistributed(new GaussianMixture(OPTIONS), {
      connection: { host: '127.0.0.1', port },
      shards,
      connectTimeoutMs: 500,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as Error).message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} is unreachable`));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('no worker on the queue: ServiceUnavailableError after passTimeoutMs', async () => {
    await expect(
      fitDistributed(new GaussianMixture(OPTIONS), {
        connection: redis.connection,
        queue: 'nobody',
        shards,
        read,
        passTimeoutMs: 300,
      }),
    ).rejects.toThrow(
      /No worker finished shard 0 of pass 1 within 300 ms: are workers running on queue 'nobody'\?/,
    );
  });
});
