// missing: 'em' out of memory: fitStream, partialFit and the shard statistics against fit on the
// same rows (fit's EM for incomplete data is itself checked against scipy and Amelia in
// missing.test.ts), and the typed errors fit gives for hopeless rows and columns.
import { InvalidInputError } from '@em/core';
import { createRandom } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { type CovarianceType, GaussianMixture, mixtureStatistics, scanSource } from '../../src/index.js';
import { expectClose } from '../helpers.js';

const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];

/** Three correlated blobs with about 12 % of the cells missing (never a whole row). */
function incompleteBlobs(n: number, seed: number): number[][] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const centre = (i % 3) * 4;
    const shared = rng.normal();
    const row = [0, 1, 2].map((j) => centre + (j - 1) * centre * 0.3 + shared * 0.8 + rng.normal());
    const out = row.map((v) => (rng.random() < 0.12 ? Number.NaN : v));
    if (out.every(Number.isNaN)) out[i % 3] = row[i % 3]!;
    return out;
  });
}

const rows = incompleteBlobs(9000, 5);
/** Chunks of uneven sizes, not aligned with the 4096-row blocks. */
const chunks = [rows.slice(0, 1234), rows.slice(1234, 5000), rows.slice(5000)];
const shards = [rows.slice(0, 2000), rows.slice(2000, 6100), rows.slice(6100)];

describe("fitStream with missing: 'em'", () => {
  it.each(
    TYPES,
  )('%s: equals fit to 1e-12 with the same nIter (patterns grouped per 4096-row block)', async (covarianceType) => {
    const options = { nComponents: 3, covarianceType, missing: 'em' as const, randomState: 1, tol: 1e-8 };
    const streamed = await new GaussianMixture(options).fitStream(chunks);
    const whole = new GaussianMixture(options).fit(rows);
    expect(streamed.nIter).toBe(whole.nIter);
    expect(whole.nIter).toBeGreaterThan(3);
    expectClose(streamed.means, whole.means, 1e-12, 'means');
    expectClose(streamed.covariances, whole.covariances, 1e-12, 'covariances');
    expectClose(streamed.weights, whole.weights, 1e-12, 'weights');
    expect(streamed.lowerBound).toBeCloseTo(whole.lowerBound, 12);
  });

  it('with SQUAREM and nInit 2: equals fit to 1e-12', async () => {
    const options = {
      nComponents: 3,
      missing: 'em' as const,
      randomState: 3,
      nInit: 2,
      acceleration: 'squarem' as const,
    };
    const streamed = await new GaussianMixture(options).fitStream(chunks);
    const whole = new GaussianMixture(options).fit(rows);
    expect(streamed.nIter).toBe(whole.nIter);
    expectClose(streamed.means, whole.means, 1e-12, 'means');
    expectClose(streamed.covariances, whole.covariances, 1e-12, 'covariances');
  });

  it('a source of one block (≤ 4096 rows): the same patterns in the same order, so fit bit for bit', async () => {
    const small = rows.slice(0, 3000);
    const options = { nComponents: 3, missing: 'em' as const, randomState: 4 };
    const streamed = await new GaussianMixture(options).fitStream([small.slice(0, 700), small.slice(700)]);
    const whole = new GaussianMixture(options).fit(small);
    expect(streamed.nIter).toBe(whole.nIter);
    expect(streamed.params.means).toEqual(whole.params.means);
    expect(streamed.params.covariances).toEqual(whole.params.covariances);
    expect(streamed.lowerBound).toBe(whole.lowerBound);
  });

  it('initialises from the sample with its gaps filled by column means, as fit does on its rows', async () => {
    // maxIter 0: the initial parameters only; a sample of all rows is fit's initialisation exactly.
    const options = { nComponents: 3, missing: 'em' as const, randomState: 6, maxIter: 0 };
    const streamed = await new GaussianMixture(options).fitStream(chunks, { initSample: 9000 });
    const whole = new GaussianMixture(options).fit(rows);
    expect(streamed.params.means).toEqual(whole.params.means);
    const sampled = await new GaussianMixture(options).fitStream(chunks, { initSample: 500 });
    expect(sampled.means.flat().every(Number.isFinite)).toBe(true);
  });
});

describe("partialFit with missing: 'em'", () => {
  it.each(TYPES)('%s: a first partialFit on all rows is fit with maxIter 1 (1e-12)', (covarianceType) => {
    const options = { nComponents: 3, covarianceType, missing: 'em' as const, randomState: 2 };
    const online = new GaussianMixture(options).partialFit(rows);
    const batch = new GaussianMixture({ ...options, maxIter: 1 }).fit(rows);
    expectClose(online.means, batch.means, 1e-12, 'means');
    expectClose(online.covariances, batch.covariances, 1e-12, 'covariances');
    expectClose(online.weights, batch.weights, 1e-12, 'weights');
    expect(online.lowerBound).toBeCloseTo(batch.lowerBound, 12);
  });

  it('later batches may lack a column entirely; the fit stays close to batch EM', () => {
    const gmm = new GaussianMixture({ nComponents: 3, missing: 'em', randomState: 2 });
    for (const batch of chunks) gmm.partialFit(batch);
    gmm.partialFit(
      rows
        .filter((row) => !Number.isNaN(row[0]!) && !Number.isNaN(row[2]!))
        .slice(0, 50)
        .map((row) => [row[0]!, Number.NaN, row[2]!]),
    );
    const batch = new GaussianMixture({ nComponents: 3, missing: 'em', randomState: 2 }).fit(rows);
    expect(Math.abs(gmm.score(rows) - batch.score(rows))).toBeLessThan(0.05);
  });
});

describe("shard statistics with missing: 'em'", () => {
  const statistics = (params: Parameters<typeof mixtureStatistics>[0]) =>
    Promise.all(shards.map((shard) => mixtureStatistics(params, [shard], { missing: 'em' })));

  it.each(TYPES)('%s: 3 shards merged equal fit to 1e-10 with the same nIter', async (covarianceType) => {
    const options = { nComponents: 3, covarianceType, missing: 'em' as const, randomState: 1, tol: 1e-8 };
    const scans = await Promise.all(shards.map((shard) => scanSource([shard], { missing: 'em' })));
    expect(scans.map((scan) => scan.rows)).toEqual([2000, 4100, 2900]);
    const sharded = await new GaussianMixture(options).fitFromStatistics({
      rows: rows.length,
      cols: 3,
      sample: rows,
      statistics,
    });
    const whole = new GaussianMixture(options).fit(rows);
    expect(sharded.nIter).toBe(whole.nIter);
    expectClose(sharded.means, whole.means, 1e-10, 'means');
    expectClose(sharded.covariances, whole.covariances, 1e-10, 'covariances');
    expect(sharded.lowerBound).toBeCloseTo(whole.lowerBound, 10);
  });
});

describe("missing: 'em' out of memory: hostile input", () => {
  const gmm = () => new GaussianMixture({ nComponents: 2, missing: 'em', randomState: 0 });
  const good = [
    [0, 1],
    [Number.NaN, 2],
    [9, 8],
    [10, Number.NaN],
  ];
  const caught = async (run: () => Promise<unknown> | unknown) => {
    try {
      await run();
    } catch (error) {
      return error as InvalidInputError;
    }
    throw new Error('expected an error');
  };

  it('a row with every value missing: InvalidInputError naming the row of the whole source', async () => {
    const error = await caught(() =>
      gmm().fitStream([
        good,
        [
          [1, 1],
          [Number.NaN, Number.NaN],
        ],
      ]),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.row).toBe(5);
    const inMemory = await caught(() => gmm().fit([...good, [1, 1], [Number.NaN, Number.NaN]]));
    expect(inMemory.row).toBe(5);
    const part = await caught(() =>
      mixtureStatistics(gmm().fit(good).params, [[[Number.NaN, Number.NaN]]], { missing: 'em' }),
    );
    expect(part).toBeInstanceOf(InvalidInputError);
    expect((await caught(() => gmm().partialFit([...good, [Number.NaN, Number.NaN]]))).row).toBe(4);
  });

  it('a column with every value missing, Infinity, NaN without missing: em: InvalidInputError', async () => {
    const noColumn = [0, 1, 9, 10].map((v) => [v, Number.NaN]);
    const column = await caught(() => gmm().fitStream([noColumn]));
    expect(column).toBeInstanceOf(InvalidInputError);
    expect(column.column).toBe(1);
    expect((await caught(() => scanSource([noColumn], { missing: 'em' }))).column).toBe(1);
    expect((await caught(() => gmm().partialFit(noColumn))).column).toBe(1);
    const infinite = await caught(() => gmm().fitStream([good, [[Number.POSITIVE_INFINITY, 1]]]));
    expect(infinite).toBeInstanceOf(InvalidInputError);
    expect(infinite.row).toBe(4);
    const strict = await caught(() => new GaussianMixture({ nComponents: 2 }).fitStream([good]));
    expect(strict).toBeInstanceOf(InvalidInputError);
    expect(strict.row).toBe(1);
    const strictPart = await caught(() => mixtureStatistics(gmm().fit(good).params, [good]));
    expect(strictPart).toBeInstanceOf(InvalidInputError);
  });

  it('a chunk of another width and a bad missing option: typed errors', async () => {
    const width = await caught(() => gmm().fitStream([good, [[1, 2, 3]]]));
    expect(width).toBeInstanceOf(InvalidInputError);
    expect(width.row).toBe(4);
    await expect(
      mixtureStatistics(gmm().fit(good).params, [good], { missing: 'yes' as never }),
    ).rejects.toThrow(/missing/);
    const sample = await caught(() =>
      gmm().fitFromStatistics({
        rows: 4,
        cols: 2,
        sample: [...good, [Number.NaN, Number.NaN]],
        statistics: () => [],
      }),
    );
    expect(sample).toBeInstanceOf(InvalidInputError);
    expect(sample.row).toBe(4);
  });
});
