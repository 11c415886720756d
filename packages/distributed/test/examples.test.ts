// Every export has a TSDoc @example; every example (TSDoc and README) runs against our own
// redis-server with workers on the default queue, and the values its comments claim hold.
import { describeDocExamples } from '@em/testkit';
import { afterAll } from 'vitest';
import * as api from '../src/index.js';
import { threeGroups, writeShards } from './helpers.js';
import { TestRedis } from './redis.js';

const redis = await TestRedis.start();
const workers = [1, 2].map(() => api.startWorker({ connection: redis.connection }));
const shards = writeShards(threeGroups(3000, 2), [1000, 2000]);
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await redis.stop();
});

describeDocExamples({
  root: new URL('..', import.meta.url),
  entries: { '@em/distributed': 'src/index.ts' },
  api: { '@em/distributed': api },
  // The examples name port 6390; ours is a free one.
  rewrite: (code) => code.replaceAll('6390', String(redis.port)),
  context: { shards: `const shards = ${JSON.stringify(shards)};` },
  minClaims: 8,
});
