// The parallel path runs the built package: worker threads load dist/parallel-worker.js, which
// only exists after `pnpm build` (turbo's test task builds first).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidOptionError } from '@em/core';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Gaussian from '../src/index.js';
import fixtures from './fixtures/sklearn-gmm.json' with { type: 'json' };
import { expectClose } from './helpers.js';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
if (!existsSync(dist)) throw new Error('run `pnpm build` first: the parallel tests use dist/');
const { GaussianMixture, closeSharedWorkerPools, createWorkerPool } = (await import(dist)) as typeof Gaussian;

const X = (fixtures.datasets as Record<string, { X: number[][] }>).multivariate!.X;
const pool = createWorkerPool(2);
afterAll(() => pool.close());

const attributes = (gmm: Gaussian.GaussianMixture) => ({
  weights: gmm.weights,
  means: gmm.means,
  covariances: gmm.covariances,
  lowerBound: gmm.lowerBound,
});

describe('fitAsync with worker threads', () => {
  for (const covarianceType of ['full', 'tied', 'diag', 'spherical'] as const) {
    it(`${covarianceType}: the same parameters as the single-threaded fit to 1e-10`, async () => {
      const options = { nComponents: 3, covarianceType, tol: 0, maxIter: 20, nInit: 2, randomState: 3 };
      const single = new GaussianMixture(options).fit(X);
      const parallel = await new GaussianMixture({ ...options, workers: pool }).fitAsync(X);
      const a = attributes(single);
      const b = attributes(parallel);
      expectClose(b.weights, a.weights, 1e-10, 'weights');
      expectClose(b.means, a.means, 1e-10, 'means');
      expectClose(b.covariances, a.covariances, 1e-10, 'covariances');
      expectClose(b.lowerBound, a.lowerBound, 1e-10, 'lowerBound');
      expect(parallel.nIter).toBe(single.nIter);
      expect(parallel.history).toHaveLength(single.history.length);
    });
  }

  it('rows shared by the workers and cut into jobs (20 000 rows): the single-threaded fit to 1e-10', async () => {
    // Node shares the rows (SharedArrayBuffer): 20 000 rows make 7 jobs shrinking from 5 000 to
    // 2 048 rows (jobBounds), handed to whichever of the two workers is free, so the jobs are
    // summed in row order whoever did them.
    const rows = Array.from({ length: 20_000 }, (_, i) => [
      (i % 3) * 5 + Math.sin(i * 12.9898) * 2,
      (i % 3) * -3 + Math.cos(i * 78.233) * 2,
    ]);
    for (const covarianceType of ['full', 'diag'] as const) {
      const options = { nComponents: 3, covarianceType, tol: 0, maxIter: 15, randomState: 7 };
      const single = new GaussianMixture(options).fit(rows);
      const parallel = await new GaussianMixture({ ...options, workers: pool }).fitAsync(rows);
      expectClose(parallel.means, single.means, 1e-10, `${covarianceType} means`);
      expectClose(parallel.covariances, single.covariances, 1e-10, `${covarianceType} covariances`);
      expectClose(parallel.lowerBound, single.lowerBound, 1e-10, `${covarianceType} lowerBound`);
    }
  });

  it("a fresh pool's first fit (k-means here while the threads start) and its second (k-means on them): fit's k-means", async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [
      (i % 4) * 4 + Math.sin(i * 12.9898) * 2,
      (i % 4) * -2 + Math.cos(i * 78.233) * 2,
    ]);
    // One EM iteration from the k-means: its labels fix the means, so a different k-means shows.
    const options = { nComponents: 4, tol: 0, maxIter: 1, randomState: 11 };
    const single = new GaussianMixture(options).fit(rows);
    const fresh = createWorkerPool(2);
    try {
      for (const which of ['first', 'second']) {
        const parallel = await new GaussianMixture({ ...options, workers: fresh }).fitAsync(rows);
        expectClose(parallel.means, single.means, 1e-10, `${which} fit's means`);
        expectClose(parallel.weights, single.weights, 1e-10, `${which} fit's weights`);
      }
    } finally {
      await fresh.close();
    }
  });

  it('8 features: jobs down to minJobRows (1 110 rows), summed in row order: the single-threaded fit to 1e-10', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) =>
      Array.from({ length: 8 }, (_, j) => (i % 3) * (j - 3) + Math.sin(i * 12.9898 + j * 78.233) * 2),
    );
    const options = { nComponents: 3, covarianceType: 'full' as const, tol: 0, maxIter: 10, randomState: 7 };
    const single = new GaussianMixture(options).fit(rows);
    const parallel = await new GaussianMixture({ ...options, workers: pool }).fitAsync(rows);
    expectClose(parallel.means, single.means, 1e-10, 'means');
    expectClose(parallel.covariances, single.covariances, 1e-10, 'covariances');
    expectClose(parallel.lowerBound, single.lowerBound, 1e-10, 'lowerBound');
  });

  it("the pool's shared rows are reused by its next fits: larger, smaller and other data each fit as fit does", async () => {
    // The pool keeps the SharedArrayBuffer of a fit's rows for the next one (shared-rows.ts): a
    // smaller fit reads a view of it, with the last fit's rows beyond; a larger one needs a new one.
    const data = (n: number, shift: number) =>
      Array.from({ length: n }, (_, i) => [
        (i % 3) * 5 + Math.sin(i * 12.9898 + shift) * 2,
        (i % 3) * -3 + Math.cos(i * 78.233 + shift) * 2 + shift,
      ]);
    const options = { nComponents: 3, tol: 0, maxIter: 8, randomState: 1 };
    for (const rows of [data(20_000, 0), data(9_000, 1), data(12_000, 2), data(24_000, 3)]) {
      const single = new GaussianMixture(options).fit(rows);
      const parallel = await new GaussianMixture({ ...options, workers: pool }).fitAsync(rows);
      expectClose(parallel.means, single.means, 1e-10, `${rows.length} rows: means`);
      expectClose(parallel.lowerBound, single.lowerBound, 1e-10, `${rows.length} rows: lowerBound`);
      expect(parallel.predict(rows)).toEqual(single.predict(rows));
    }
  });

  it('data whose squares overflow: the error fit gives, checked while the workers run the k-means; the pool goes on', async () => {
    // 10 000 rows: two blocks of the k-means, so it runs on the workers while the scale is checked.
    const rows = Array.from({ length: 10_000 }, (_, i) => [Math.sin(i), (1 + Math.cos(i)) * 1e155]);
    const options = { nComponents: 2, randomState: 0 };
    const expected = (() => {
      try {
        new GaussianMixture(options).fit(rows);
      } catch (error) {
        return error as Error;
      }
      throw new Error('fit accepted data whose squares overflow');
    })();
    const model = new GaussianMixture({ ...options, workers: pool });
    await expect(model.fitAsync(rows)).rejects.toThrow(expected.message);
    await expect(model.fitAsync(rows)).rejects.toMatchObject({ name: expected.name, column: 1 });
    expect(model.isFitted).toBe(false);
    // The workers stopped their k-means at the error: the next fit on the pool is fit's.
    const fine = rows.map(([a, b]) => [a!, b! / 1e155]);
    const single = new GaussianMixture(options).fit(fine);
    const parallel = await new GaussianMixture({ ...options, workers: pool }).fitAsync(fine);
    expectClose(parallel.means, single.means, 1e-10, 'means after the error');
  });

  it('a number of workers: fits one after another and side by side on the shared pool equal fit', async () => {
    const options = { nComponents: 2, tol: 0, maxIter: 5, randomState: 1 };
    const single = new GaussianMixture(options).fit(X);
    const first = await new GaussianMixture({ ...options, workers: 3 }).fitAsync(X);
    expectClose(first.means, single.means, 1e-10, 'means');
    // The next fit runs on the threads the first left open; two at once, one of them on its own.
    const [again, beside] = await Promise.all([
      new GaussianMixture({ ...options, workers: 3 }).fitAsync(X),
      new GaussianMixture({ ...options, workers: 3 }).fitAsync(X),
    ]);
    expectClose(again.means, single.means, 1e-10, 'means, again');
    expectClose(beside.means, single.means, 1e-10, 'means, side by side');
    await closeSharedWorkerPools();
  });

  it('threads kept for the next fit do not keep a Node process alive', () => {
    // In a process of its own: what keeps its event loop alive after the fit, and whether it ends.
    const script = `
      const { GaussianMixture } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
      const X = Array.from({ length: 400 }, (_, i) => [(i % 2) * 5 + Math.sin(i), Math.cos(i)]);
      const gmm = await new GaussianMixture({ nComponents: 2, workers: 2, randomState: 0 }).fitAsync(X);
      console.log(JSON.stringify({ used: gmm.workersUsed, alive: process.getActiveResourcesInfo() }));`;
    // A file, not `-e`: workers inherit the process's flags, and `--input-type` stops a worker.
    const dir = mkdtempSync(join(tmpdir(), 'em-shared-pool-'));
    const file = join(dir, 'fit.mjs');
    writeFileSync(file, script);
    let out: string;
    try {
      out = execFileSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const { used, alive } = JSON.parse(out) as { used: number; alive: string[] };
    expect(used).toBe(Math.min(2, availableParallelism()));
    // Only the pipes of its own stdout and stderr: no timer, no worker.
    expect(alive.filter((resource) => resource !== 'PipeWrap')).toEqual([]);
  });

  it('warm starts continue from the previous parameters, as fit does', async () => {
    const options = { nComponents: 2, tol: 0, maxIter: 3, randomState: 2, warmStart: true };
    const single = new GaussianMixture(options).fit(X).fit(X);
    const parallel = await (await new GaussianMixture({ ...options, workers: pool }).fitAsync(X)).fitAsync(X);
    expectClose(parallel.means, single.means, 1e-10, 'means');
  });

  it('workersUsed reports the threads of the last fit: the pool (2), the cap on rows, 0 on the calling thread', async () => {
    const options = { nComponents: 2, maxIter: 3, randomState: 5 };
    const model = new GaussianMixture({ ...options, workers: pool });
    expect(() => model.workersUsed).toThrow(/not fitted|NotFitted/i);
    expect((await model.fitAsync(X)).workersUsed).toBe(2);
    // A pool of 2 on 2 rows still uses 2; on one complete row (the other has a gap) only 1.
    const incomplete = new GaussianMixture({ ...options, nComponents: 1, missing: 'em', workers: pool });
    expect(
      (
        await incomplete.fitAsync([
          [0, 1],
          [Number.NaN, 2],
          [1, 0],
        ])
      ).workersUsed,
    ).toBe(2);
    expect(
      (
        await incomplete.fitAsync([
          [0, 1],
          [Number.NaN, 2],
        ])
      ).workersUsed,
    ).toBe(1);
    const requested = await new GaussianMixture({ ...options, workers: 100 }).fitAsync(X.slice(0, 8));
    expect(requested.workersUsed).toBe(Math.min(100, 8, availableParallelism()));
    expect(new GaussianMixture(options).fit(X).workersUsed).toBe(0);
    expect((await new GaussianMixture(options).fitAsync(X)).workersUsed).toBe(0);
    // A saved model did not run on any thread of this process.
    expect(GaussianMixture.fromJSON(JSON.stringify(model)).workersUsed).toBe(0);
  });

  it('without workers, fitAsync is fit', async () => {
    const options = { nComponents: 2, maxIter: 10, randomState: 4 };
    const single = new GaussianMixture(options).fit(X);
    const viaAsync = await new GaussianMixture(options).fitAsync(X);
    expect(viaAsync.means).toEqual(single.means);
  });

  it('fit with workers set is a typed error pointing to fitAsync', () => {
    expect(() => new GaussianMixture({ workers: 2 }).fit(X)).toThrow(InvalidOptionError);
    expect(() => new GaussianMixture({ workers: 2 }).fit(X)).toThrow(/fitAsync/);
  });

  it('the workers option is validated', () => {
    for (const workers of [0, 1.5, -1, '2']) {
      expect(() => new GaussianMixture({ workers: workers as number })).toThrow(InvalidOptionError);
    }
    expect(() => createWorkerPool(0)).toThrow(InvalidOptionError);
  });
});

describe('TSDoc examples', () => {
  it('createWorkerPool and fitAsync, as documented', async () => {
    const ownPool = createWorkerPool({ size: 2 });
    expect(ownPool.size).toBe(2);
    const gmm = await new GaussianMixture({ nComponents: 3, workers: ownPool, randomState: 0 }).fitAsync(X);
    expect(gmm.converged).toBe(true);
    await ownPool.close();
    const again = await new GaussianMixture({ nComponents: 2, workers: 2, randomState: 0 }).fitAsync(X);
    expect(again.isFitted).toBe(true);
  });

  it('closeSharedWorkerPools, as documented: the next fit with workers: 2 starts new threads and fits as fit does', async () => {
    await new GaussianMixture({ nComponents: 2, workers: 2, randomState: 0 }).fitAsync([0, 0.1, 5, 5.2]);
    await closeSharedWorkerPools();
    const options = { nComponents: 2, randomState: 0 };
    const again = await new GaussianMixture({ ...options, workers: 2 }).fitAsync([0, 0.1, 5, 5.2]);
    expectClose(again.means, new GaussianMixture(options).fit([0, 0.1, 5, 5.2]).means, 1e-10, 'means');
    await closeSharedWorkerPools();
  });

  it('workersUsed, as documented: workers: 8 on 3 rows runs min(8, 3, cores) threads', async () => {
    const gmm = await new GaussianMixture({ nComponents: 2, workers: 8, randomState: 0 }).fitAsync([
      0, 0.1, 5,
    ]);
    expect(gmm.workersUsed).toBe(Math.min(8, 3, availableParallelism()));
  });
});

describe('where code generation is forbidden', () => {
  it("node --disallow-code-generation-from-strings: 'auto' fits with the generic kernels, 'generated' is refused", () => {
    const script = `
      const { GaussianMixture } = await import(${JSON.stringify(dist)});
      const X = ${JSON.stringify(X)};
      const options = { nComponents: 3, tol: 0, maxIter: 5, randomState: 0 };
      const auto = new GaussianMixture(options).fit(X);
      let refused = '';
      try { new GaussianMixture({ ...options, kernels: 'generated' }).fit(X); } catch (e) { refused = e.name; }
      console.log(JSON.stringify({ means: auto.means, refused }));`;
    const out = execFileSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    );
    const { means, refused } = JSON.parse(out) as { means: number[][]; refused: string };
    const generated = new GaussianMixture({
      nComponents: 3,
      tol: 0,
      maxIter: 5,
      randomState: 0,
      kernels: 'generated',
    }).fit(X);
    expectClose(means, generated.means, 1e-12, 'means');
    expect(refused).toBe('InvalidOptionError');
  });
});
