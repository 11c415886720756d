// fitDistributed on a LinearMixedModel with a nested factor: lme4's Pastes, strength ~ 1 +
// (1 | batch/cask), as 3 JSON Lines shards of whole batches (chunks with `inner`), each batch's block
// (the batch and its casks) on 3 worker processes; against fitMatrices on the same rows — and a batch
// split across shards refused.
import { readFileSync } from 'node:fs';
import { GroupSplitError, LinearMixedModel, type LinearMixedModelOptions } from '@em/mixed';
import { describe, expect, it } from 'vitest';
import { fitDistributed } from '../src/index.js';
import { chunksOfRows, expectClose, redisWithWorkers, writeJsonLinesShards } from './helpers.js';

// The data lme4 ships, as @em/mixed's fixture script (scripts in packages/mixed/test/fixtures) wrote it.
const pastes = JSON.parse(
  readFileSync(new URL('../../mixed/test/fixtures/lme4-datasets.json', import.meta.url), 'utf8'),
).Pastes as { strength: number[]; batch: string[]; cask: string[] };
const n = pastes.strength.length;
const chunk = (from: number, to: number) => ({
  y: pastes.strength.slice(from, to),
  X: pastes.strength.slice(from, to).map(() => [1]),
  groups: pastes.batch.slice(from, to),
  inner: pastes.cask.slice(from, to),
});

/** Rows [from, to) of each shard as JSON Lines of 7-row chunks (cutting batches); their paths. */
const writeShards = (bounds: [number, number][]) =>
  writeJsonLinesShards(bounds.map(([from, to]) => chunksOfRows(from, to, 7, chunk)));

const numbers = (fit: LinearMixedModel) => {
  const s = fit.toJSON().state;
  return [s.beta, s.vcov, s.sigma2, s.cov, s.blups, s.condSd, s.logLik].flat(4) as number[];
};

const redis = redisWithWorkers('mixed-nested');

describe('fitDistributed: a nested LinearMixedModel on 3 worker processes', () => {
  // 60 plain EM iterations whatever the change: the shards' sums differ from the in-memory ones in the
  // last bits, which could move a stopping rule by one iteration; a fixed count compares trajectories.
  const sixty = { acceleration: 'none', polish: false, maxIter: 60, tol: 1e-300 } as const;
  const cases: LinearMixedModelOptions[] = [
    { reml: true, ...sixty },
    { reml: false, ...sixty },
  ];
  for (const options of cases)
    it(`${JSON.stringify(options)}: equal to fitMatrices on the same rows to 1e-10`, async () => {
      const reference = new LinearMixedModel(options).fitMatrices({
        y: pastes.strength,
        X: pastes.strength.map(() => [1]),
        random: [{ groups: pastes.cask.map((c, i) => `${c}:${pastes.batch[i]}`) }, { groups: pastes.batch }],
      });
      const model = await fitDistributed(new LinearMixedModel(options), {
        connection: redis.connection,
        queue: 'mixed-nested',
        shards: writeShards([
          [0, 18],
          [18, 42],
          [42, n],
        ]),
      });
      expect(model.optimizer.emIterations).toBe(reference.optimizer.emIterations);
      expect(model.ranef().map((r) => r.levels)).toEqual(reference.ranef().map((r) => r.levels));
      expectClose(numbers(model), numbers(reference), 1e-10, 'state');
    });

  it('a batch in two shards: GroupSplitError naming it', async () => {
    const error = await fitDistributed(new LinearMixedModel(), {
      connection: redis.connection,
      queue: 'mixed-nested',
      shards: writeShards([
        [0, 20],
        [20, n],
      ]),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GroupSplitError);
    expect(error).toMatchObject({ group: 'D', shard: 1 }); // rows 18–23
  });
});
