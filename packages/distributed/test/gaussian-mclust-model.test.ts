// An mclust model (VEV: variable volume, equal shape, varying orientation — an iterative M-step)
// through fitDistributed: 3 worker processes over our own redis-server compute the shards'
// statistics, the coordinator merges them; equal to the single-process fit to 1e-10, same nIter.
import type { ChildProcess } from 'node:child_process';
import { GaussianMixture, type GaussianMixtureOptions } from '@em/gaussian';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitDistributed } from '../src/index.js';
import {
  expectSameGaussianFit,
  startWorkerProcess,
  stopProcesses,
  threeGroups,
  writeShards,
} from './helpers.js';
import { TestRedis } from './redis.js';

const N = 9000;
const data = threeGroups(N, 5);
const shards = writeShards(data, [2500, 4000, 2500]);
const OPTIONS: GaussianMixtureOptions = { nComponents: 3, covarianceType: 'VEV', randomState: 1 };
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

describe("fitDistributed with an mclust model (@em/gaussian's VEV)", () => {
  it('3 workers, 3 shards: equal to the single-process fit to 1e-10, the same nIter', async () => {
    for (let i = 0; i < 3; i++) workers.push(await startWorkerProcess(redis.port, 'vev'));
    const model = await fitDistributed(new GaussianMixture(OPTIONS), {
      connection: redis.connection,
      queue: 'vev',
      shards,
      read: { format: 'float64', columns: 4 },
    });
    expect(model.covarianceType).toBe('VEV');
    expectSameGaussianFit(model, reference);
  });
});
