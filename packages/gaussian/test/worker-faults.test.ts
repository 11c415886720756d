// Worker faults during fitAsync: the promise rejects with a typed WorkerError and the model keeps
// what it had. Runs the built package (workers load dist/parallel-worker.js, as parallel.test.ts).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import type * as Gaussian from '../src/index.js';
import { workerThreadsFor } from '../src/parallel/pool.js';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
if (!existsSync(dist)) throw new Error('run `pnpm build` first: the worker tests use dist/');
const { GaussianMixture, SingularCovarianceError, WorkerError, createWorkerPool } = (await import(
  dist
)) as typeof Gaussian;

const X = Array.from({ length: 60 }, (_, i) => [i % 2 === 0 ? i / 60 : 5 + i / 60, (i * 7) % 11]);
const fault = (name: string) => new URL(`./workers/${name}`, import.meta.url);
/** 10 000 rows: three blocks of the k-means, run by two workers together (in lockstep). */
const rows = Array.from({ length: 10_000 }, (_, i) => [i % 2 ? Math.sin(i) : 5 + Math.cos(i), (i * 7) % 11]);
/** What a fit on `pool` from a new unfitted model rejects with (undefined if it resolves), and the model. */
async function failedFit(pool: Gaussian.WorkerPool) {
  const gmm = new GaussianMixture({ nComponents: 2, randomState: 0, workers: pool });
  const error = await gmm.fitAsync(rows).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { gmm, error };
}

describe('fitAsync: a worker that fails rejects with WorkerError and leaves the model unchanged', () => {
  it('a worker that exits mid-fit: WorkerError (exit), the previous fit kept, the pool recovers', async () => {
    const pool = createWorkerPool({ size: 1, workerUrl: fault('exit-on-message.mjs') });
    try {
      const options = { nComponents: 2, randomState: 0, workers: pool, tol: 0 };
      const gmm = await new GaussianMixture({ ...options, maxIter: 2, warmStart: true }).fitAsync(X);
      const before = JSON.stringify(gmm);
      const error = await gmm.fitAsync(X.map(([a, b]) => [a! + 1e-3, b!])).then(
        () => undefined,
        (e: unknown) => e,
      );
      // The worker exits on the second fit's first E-step.
      expect(error).toBeInstanceOf(WorkerError);
      expect((error as Gaussian.WorkerError).failure).toBe('exit');
      expect((error as Error).message).toMatch(/exited: exit code 3/);
      expect(JSON.stringify(gmm)).toBe(before);
      // The failed worker is replaced on the pool's next use (a fresh one serves a whole fit).
      await gmm.fitAsync(X);
      expect(gmm.nIter).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('a worker that exits during the k-means in lockstep: WorkerError (exit), its partner woken, the pool serves on', async () => {
    const pool = createWorkerPool({ size: 2, workerUrl: fault('exit-in-kmeans.mjs') });
    try {
      // Threads already running: on threads still to start, the k-means runs on the calling thread.
      await pool.endpoints(2);
      const { gmm, error } = await failedFit(pool);
      // The exit is the error reported, not the partner's "another worker of this k-means failed".
      expect(error).toBeInstanceOf(WorkerError);
      expect((error as Gaussian.WorkerError).failure).toBe('exit');
      expect(gmm.isFitted).toBe(false);
      // Party 0 was woken and answers: a fit without a k-means in lockstep (one block) completes.
      await gmm.fitAsync(X);
      expect(gmm.isFitted).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('a worker that fails taking the rows, the k-means already posted behind them: its error, its partner woken', async () => {
    const pool = createWorkerPool({ size: 2, workerUrl: fault('load-fails.mjs') });
    try {
      // Threads already running, so the k-means goes to them right behind the rows.
      await pool.endpoints(2);
      const { gmm, error } = await failedFit(pool);
      // The load's failure is reported, not the k-means' ("no rows loaded", "another worker failed").
      expect(error).toBeInstanceOf(WorkerError);
      expect((error as Gaussian.WorkerError).failure).toBe('error');
      expect((error as Error).message).toMatch(/refuses the rows/);
      expect(gmm.isFitted).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('an unfitted model stays unfitted; a worker that throws gives failure "error"', async () => {
    const pool = createWorkerPool({ size: 2, workerUrl: fault('throws.mjs') });
    try {
      const gmm = new GaussianMixture({ nComponents: 2, randomState: 0, workers: pool });
      await expect(gmm.fitAsync(X)).rejects.toMatchObject({ name: 'WorkerError', failure: 'error' });
      expect(gmm.isFitted).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('an initialisation that throws while the workers take the rows: its error, and the pool still serves', async () => {
    // Two blobs of identical rows, no regularisation: each k-means cluster has a zero covariance.
    const singular = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? [0, 0] : [5, 5]));
    const options = { nComponents: 2, randomState: 0, regCovar: 0 };
    expect(() => new GaussianMixture(options).fit(singular)).toThrow(SingularCovarianceError);
    const pool = createWorkerPool({ size: 2 });
    try {
      const gmm = new GaussianMixture({ ...options, workers: pool });
      await expect(gmm.fitAsync(singular)).rejects.toThrow(SingularCovarianceError);
      expect(gmm.isFitted).toBe(false);
      const reference = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
      const next = await new GaussianMixture({ nComponents: 2, randomState: 0, workers: pool }).fitAsync(X);
      expect(next.means).toEqual(reference.means.map((row) => row.map((v) => expect.closeTo(v, 10))));
    } finally {
      await pool.close();
    }
  });

  it('a worker that never answers: WorkerError (timeout) after replyTimeoutMs', async () => {
    const pool = createWorkerPool({ size: 1, workerUrl: fault('silent.mjs'), replyTimeoutMs: 300 });
    try {
      const gmm = new GaussianMixture({ nComponents: 2, randomState: 0, workers: pool });
      await expect(gmm.fitAsync(X)).rejects.toMatchObject({ name: 'WorkerError', failure: 'timeout' });
      expect(gmm.isFitted).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('workerUrl as a file:// string works; a bare name is an InvalidOptionError naming workerUrl', async () => {
    const worker = pathToFileURL(fileURLToPath(new URL('../dist/parallel-worker.js', import.meta.url))).href;
    const pool = createWorkerPool({ size: 1, workerUrl: worker });
    const reference = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
    try {
      const gmm = await new GaussianMixture({ nComponents: 2, randomState: 0, workers: pool }).fitAsync(X);
      expect(gmm.means).toEqual(reference.means.map((row) => row.map((v) => expect.closeTo(v, 10))));
    } finally {
      await pool.close();
    }
    const bare = createWorkerPool({ size: 1, workerUrl: 'parallel-worker.js' });
    const gmm = new GaussianMixture({ nComponents: 2, workers: bare });
    await expect(gmm.fitAsync(X)).rejects.toThrow(InvalidOptionError);
    await expect(gmm.fitAsync(X)).rejects.toThrow(/workerUrl/);
    await bare.close();
  });

  it('replyTimeoutMs and workerUrl of the wrong kind are refused by createWorkerPool', () => {
    expect(() => createWorkerPool({ replyTimeoutMs: 0 })).toThrow(/replyTimeoutMs/);
    expect(() => createWorkerPool({ workerUrl: 42 as unknown as string })).toThrow(/workerUrl/);
  });
});

describe('workers: n is a ceiling: min(n, rows, cores) threads', () => {
  it('100 requested on 8 rows: at most 8, and at most the cores', async () => {
    const cores = availableParallelism();
    expect(await workerThreadsFor(100, 8)).toBe(Math.min(8, cores));
    expect(await workerThreadsFor(100, 1)).toBe(1);
    expect(await workerThreadsFor(1, 1000)).toBe(1);
  });

  it('a fit with workers: 100 on 8 rows equals the single-threaded fit', async () => {
    const rows = X.slice(0, 8);
    const single = new GaussianMixture({ nComponents: 2, randomState: 1 }).fit(rows);
    const parallel = await new GaussianMixture({ nComponents: 2, randomState: 1, workers: 100 }).fitAsync(
      rows,
    );
    expect(parallel.nIter).toBe(single.nIter);
    parallel.means.flat().forEach((v, i) => {
      expect(v).toBeCloseTo(single.means.flat()[i]!, 10);
    });
  });
});
