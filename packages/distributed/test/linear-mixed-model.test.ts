// fitDistributed on a LinearMixedModel of @em/mixed: sleepstudy as 3 JSON Lines shards of whole
// subjects, the groups' E-step sums on 3 worker processes (two passes per E-step), merged here;
// against fitMatrices on the same rows — and a group split across shards refused.
import { GroupSplitError, LinearMixedModel, type LinearMixedModelOptions, sleepstudy } from '@em/mixed';
import { describe, expect, it } from 'vitest';
import { fitDistributed } from '../src/index.js';
import { chunksOfRows, expectClose, redisWithWorkers, writeJsonLinesShards } from './helpers.js';

const y = sleepstudy.Reaction as number[];
const days = sleepstudy.Days as number[];
const subjects = sleepstudy.Subject as string[];
const design = (from: number, to: number) => ({
  y: y.slice(from, to),
  X: days.slice(from, to).map((d) => [1, d]),
  Z: days.slice(from, to).map((d) => [1, d]),
  groups: subjects.slice(from, to),
});

/** Rows [from, to) of each shard as JSON Lines of 25-row chunks; their paths. */
const writeMixedShards = (bounds: [number, number][]) =>
  writeJsonLinesShards(bounds.map(([from, to]) => chunksOfRows(from, to, 25, design)));

const numbers = (fit: LinearMixedModel) => {
  const { fitted, residuals, optimizer, ...rest } = fit.toJSON().state;
  return [rest.beta, rest.vcov, rest.sigma2, rest.cov, rest.blups, rest.condSd, rest.logLik].flat(
    4,
  ) as number[];
};

const redis = redisWithWorkers('mixed');

describe('fitDistributed: a LinearMixedModel on 3 worker processes', () => {
  // Plain EM: the sums' rounding only (1e-10). The defaults (SQUAREM + Newton polish) agree to the
  // precision of the in-memory fit itself (see @em/mixed's stream tests).
  const cases: [LinearMixedModelOptions, number][] = [
    [{ reml: true, acceleration: 'none', polish: false }, 1e-10],
    [{ reml: false, acceleration: 'none', polish: false }, 1e-10],
    [{ reml: true }, 1e-7],
  ];
  for (const [options, tol] of cases)
    it(`${JSON.stringify(options)}: equal to fitMatrices on the same rows to ${tol}, same iterations`, async () => {
      const reference = new LinearMixedModel(options).fitMatrices({
        ...design(0, 180),
        random: [{ groups: subjects, Z: design(0, 180).Z }],
      });
      const model = await fitDistributed(new LinearMixedModel(options), {
        connection: redis.connection,
        queue: 'mixed',
        shards: writeMixedShards([
          [0, 60],
          [60, 130],
          [130, 180],
        ]),
      });
      expect(model.optimizer.emIterations).toBe(reference.optimizer.emIterations);
      expectClose(numbers(model), numbers(reference), tol, 'state');
    });

  it('a subject in two shards: GroupSplitError naming it', async () => {
    const error = await fitDistributed(new LinearMixedModel(), {
      connection: redis.connection,
      queue: 'mixed',
      shards: writeMixedShards([
        [0, 65],
        [65, 180],
      ]),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GroupSplitError);
    expect(error).toMatchObject({ group: '333', shard: 1 }); // rows 60–69
  });
});
