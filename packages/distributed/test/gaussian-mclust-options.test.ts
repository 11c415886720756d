// mclust's options of @em/gaussian through fitDistributed, 3 worker processes over our own
// redis-server: the noise component (the parameters carry its weight and volume, the shards'
// statistics its responsibility sum, the sample leaves the guessed rows out as fit does) and the
// default prior (two rounds of the data's moments before the first iteration, which the
// checkpoints must not count as iterations). Equal to the single-process fit to 1e-10, same nIter.
import type { ChildProcess } from 'node:child_process';
import { GaussianMixture, type GaussianMixtureOptions, hypervolume, mixtureStatistics } from '@em/gaussian';
import { createRandom } from '@em/sampling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistributedCheckpoint } from '../src/index.js';
import { fitDistributed } from '../src/index.js';
import { gaussianModel } from '../src/models/gaussian.js';
import {
  expectClose,
  expectSameGaussianFit,
  startWorkerProcess,
  stopProcesses,
  threeGroups,
  writeShards,
} from './helpers.js';
import { TestRedis } from './redis.js';

const N = 9000;
const SIZES = [2500, 4000, 2500];
/** Three 4-D groups, every 15th row replaced by a point uniform over a wide box. */
const data = threeGroups(N, 5);
const rng = createRandom(9);
for (let i = 7; i < N; i += 15) for (let j = 0; j < 4; j++) data[i * 4 + j] = -25 + 50 * rng.random();
const X = { data, rows: N, cols: 4 };
/** The guess: rows with a coordinate beyond ±14 (the groups stay inside). */
const GUESS = Array.from({ length: N }, (_, i) =>
  data.subarray(i * 4, i * 4 + 4).some((x) => Math.abs(x) > 14),
);
const shards = writeShards(data, SIZES);
const read = { format: 'float64', columns: 4 } as const;

let redis: TestRedis;
const workers: ChildProcess[] = [];
beforeAll(async () => {
  redis = await TestRedis.start();
  for (let i = 0; i < 3; i++) workers.push(await startWorkerProcess(redis.port, 'mclust-options'));
});
afterAll(async () => {
  await stopProcesses(workers);
  await redis?.stop();
});

describe('fitDistributed with a noise component', () => {
  it.each([
    'VVV',
    'EII',
  ] as const)('%s: equal to the single-process fit to 1e-10, the same nIter', async (covarianceType) => {
    const options: GaussianMixtureOptions = { nComponents: 3, covarianceType, randomState: 1, noise: GUESS };
    const reference = new GaussianMixture(options).fit(X);
    expect(reference.noiseWeight).toBeGreaterThan(0.03);
    // The volume fit computes from the rows, given explicitly: statistics carry no ranges.
    const noiseVolume = hypervolume(X);
    expect(reference.noiseVolume).toBe(noiseVolume);
    const model = await fitDistributed(new GaussianMixture({ ...options, noiseVolume }), {
      connection: redis.connection,
      queue: 'mclust-options',
      shards,
      read,
    });
    expectSameGaussianFit(model, reference);
    expect(Math.abs(model.noiseWeight! - reference.noiseWeight!)).toBeLessThanOrEqual(1e-10);
    expect(Array.from(model.predict(X))).toEqual(Array.from(reference.predict(X)));
  });

  it('a guess of the wrong length, or a NoiseRule (a function), is an InvalidOptionError naming noise', async () => {
    const run = (noise: GaussianMixtureOptions['noise']) =>
      fitDistributed(
        new GaussianMixture({ nComponents: 3, covarianceType: 'VVV', noise, noiseVolume: 1e6 }),
        {
          connection: redis.connection,
          queue: 'mclust-options',
          shards,
          read,
        },
      );
    await expect(run(GUESS.slice(1))).rejects.toThrow(
      /noise: expected 9000 booleans, one per row of all shards/,
    );
    await expect(run(() => [])).rejects.toThrow(
      /noise: expected an array of booleans.*cannot travel to the workers/,
    );
  });
});

describe("fitDistributed with mclust's default prior", () => {
  const options: GaussianMixtureOptions = {
    nComponents: 3,
    covarianceType: 'VVV',
    randomState: 1,
    prior: 'default',
  };
  const clean = threeGroups(N, 5);
  const cleanShards = writeShards(clean, SIZES);

  it('equal to fit and to fitFromStatistics to 1e-10, the same nIter', async () => {
    const reference = new GaussianMixture(options).fit({ data: clean, rows: N, cols: 4 });
    const model = await fitDistributed(new GaussianMixture(options), {
      connection: redis.connection,
      queue: 'mclust-options',
      shards: cleanShards,
      read,
    });
    expectSameGaussianFit(model, reference);
  });

  it('the checkpoints count iterations, not the two rounds of moments before them', async () => {
    const reference = new GaussianMixture({ ...options, maxIter: 4, tol: 0 }).fit({
      data: clean,
      rows: N,
      cols: 4,
    });
    const checkpoints: DistributedCheckpoint[] = [];
    const parts = [0, 2500, 6500, N].slice(1).map((end, s, ends) => {
      const start = s === 0 ? 0 : ends[s - 1]!;
      return clean.slice(start * 4, end * 4);
    });
    const model = new GaussianMixture({ ...options, maxIter: 4, tol: 0 });
    // The coordinator's half of the gaussian entry, with the shards' statistics computed here.
    await gaussianModel.fit(model, {
      scans: parts.map((part) => ({
        rows: part.length / 4,
        cols: 4,
        sample: Array.from(part),
        sampleRows: part.length / 4,
      })),
      initSample: 20_000,
      seed: 1,
      statistics: (message) => {
        const { missing: _, ...params } = message as Record<string, unknown>;
        const typed = {
          ...params,
          weights: Float64Array.from(params.weights as number[]),
          means: Float64Array.from(params.means as number[]),
          precisionsCholesky: Float64Array.from(params.precisionsCholesky as number[]),
          covariances: undefined,
        } as never;
        return Promise.all(
          parts.map((part) => mixtureStatistics(typed, [{ data: part, rows: part.length / 4, cols: 4 }])),
        );
      },
      checkpoint: (saved) => checkpoints.push(saved as DistributedCheckpoint),
    });
    expect(model.nIter).toBe(4);
    // One checkpoint after each completed iteration but the last (its parameters are the result).
    expect(checkpoints.map((c) => c.iteration)).toEqual([1, 2, 3]);
    // The first checkpoint holds the first M-step's parameters: fit's after one iteration.
    const stepper = new GaussianMixture({ ...options, nInit: 1 });
    const steps = stepper.fitSteps({ data: clean, rows: N, cols: 4 });
    steps.next(); // the initialisation
    steps.next(); // iteration 1
    expectClose(checkpoints[0]!.weights, stepper.weights, 1e-10, 'weights after iteration 1');
    expectClose(checkpoints[0]!.means.flat(), stepper.means.flat(), 1e-10, 'means after iteration 1');
    expectClose(model.means.flat(), reference.means.flat(), 1e-10, 'means');
  });
});
