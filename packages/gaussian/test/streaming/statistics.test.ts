// The E-step split into parts computed anywhere (mixtureStatistics) and added where the M-step runs
// (fitFromStatistics): equal to fit up to the grouping of the sums, and never silently partial.
import { InvalidInputError } from '@em/core';
import { createRandom, normal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import {
  type CovarianceType,
  GaussianMixture,
  type MixtureStatistics,
  mixtureStatistics,
} from '../../src/index.js';
import { expectClose } from '../helpers.js';

const rng = createRandom(11);
const rows = Array.from({ length: 9000 }, (_, i) => normal(rng, { loc: (i % 3) * 4, size: 3 }));
/** Three shards of unequal sizes, not aligned with the 4096-row blocks. */
const shards = [rows.slice(0, 1000), rows.slice(1000, 6500), rows.slice(6500)];
const source = {
  rows: rows.length,
  cols: 3,
  sample: rows,
  statistics: (params: Parameters<typeof mixtureStatistics>[0]) =>
    Promise.all(shards.map((shard) => mixtureStatistics(params, [shard]))),
};

describe('fitFromStatistics with shard statistics from mixtureStatistics', () => {
  it.each([
    'full',
    'tied',
    'diag',
    'spherical',
  ] as CovarianceType[])('%s: equals fit to 1e-12', async (covarianceType) => {
    const options = { nComponents: 3, covarianceType, randomState: 2, tol: 1e-8 };
    const sharded = await new GaussianMixture(options).fitFromStatistics(source);
    const whole = new GaussianMixture(options).fit(rows);
    expect(sharded.nIter).toBe(whole.nIter);
    expectClose(sharded.means, whole.means, 1e-12, 'means');
    expectClose(sharded.covariances, whole.covariances, 1e-12, 'covariances');
    expectClose(sharded.weights, whole.weights, 1e-12, 'weights');
    expect(sharded.lowerBound).toBeCloseTo(whole.lowerBound, 12);
  });

  it('one shard of whole blocks adds exactly what fitStream adds: bit for bit', async () => {
    const options = { nComponents: 3, randomState: 2 };
    const single = {
      ...source,
      statistics: async (params: Parameters<typeof mixtureStatistics>[0]) => [
        await mixtureStatistics(params, [rows]),
      ],
    };
    const a = await new GaussianMixture(options).fitFromStatistics(single);
    const b = await new GaussianMixture(options).fitStream([rows]);
    expect(a.params.means).toEqual(b.params.means);
    expect(a.params.covariances).toEqual(b.params.covariances);
  });

  it('a missing or duplicated shard, statistics of the wrong shape, a bad sample: InvalidInputError', async () => {
    const gmm = () => new GaussianMixture({ nComponents: 3, randomState: 2 });
    const missing = {
      ...source,
      statistics: (params: Parameters<typeof mixtureStatistics>[0]) =>
        Promise.all(shards.slice(1).map((shard) => mixtureStatistics(params, [shard]))),
    };
    await expect(gmm().fitFromStatistics(missing)).rejects.toThrow(
      'Invalid statistics: expected parts covering all 9000 rows, received "parts covering 8000 rows".',
    );
    const wrong: MixtureStatistics = { rows: 9000, logLikelihood: 0, nk: [1, 2], s1: [], s2: [] };
    await expect(gmm().fitFromStatistics({ ...source, statistics: () => [wrong] })).rejects.toThrow(
      'Invalid statistics of part 0 (nk): expected an array of 3 numbers',
    );
    await expect(gmm().fitFromStatistics({ ...source, cols: 2 })).rejects.toThrow(InvalidInputError);
    await expect(gmm().fitFromStatistics({ ...source, rows: 0 })).rejects.toThrow('Invalid source.rows');
    await expect(mixtureStatistics(gmm().fit(rows).params, [[[1, 2]]])).rejects.toThrow(
      'features per sample',
    );
  });
});
