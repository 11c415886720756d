// A whole fit run by the workers in lockstep (parallel/fit-in-lockstep.ts: the k-means, the initial
// estimate and EM, one message per worker) must be the fit that the calling thread drives, E-step
// by E-step, on the same workers — to the bit: same k-means, same job sums in the same order, same
// M-steps. A callback (onIteration) keeps a fit on the calling thread's path, so the two are
// compared on one pool. Runs the built package (workers load dist/parallel-worker.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '@em/core/numeric';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Gaussian from '../src/index.js';
import { replyError } from '../src/parallel/worker-error.js';
import { expectClose } from './helpers.js';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
if (!existsSync(dist)) throw new Error('run `pnpm build` first: the parallel tests use dist/');
const { GaussianMixture, SingularCovarianceError, createWorkerPool } = (await import(
  dist
)) as typeof Gaussian;

const pool = createWorkerPool(2);
afterAll(() => pool.close());

/** 12 000 rows of 8 features in three groups: three blocks of the k-means, jobs for both workers. */
const noise = mulberry32(5);
const rows = Array.from({ length: 12_000 }, (_, i) =>
  Array.from({ length: 8 }, (_, j) => (i % 3) * (j - 3) + (noise() + noise() - 1) * 2),
);

/** Everything a fit learned, as JSON (numbers printed to the last bit). */
const learned = (gmm: Gaussian.GaussianMixture) => JSON.stringify(gmm.toJSON());

describe('fitAsync: the whole fit on the workers, in lockstep', () => {
  // The single-threaded fit adds its sums in other groups: close, not equal (SQUAREM's
  // extrapolations amplify the last bits more).
  it.each([
    ['to convergence', { tol: 1e-3 }, 1e-8],
    ['tol 0, 12 iterations', { tol: 0, maxIter: 12 }, 1e-8],
    ['SQUAREM', { tol: 1e-6, acceleration: 'squarem' as const }, 1e-4],
    ['mclust VVV from the k-means', { covarianceType: 'VVV' as const, initParams: 'kmeans' as const }, 1e-8],
  ])('%s: the fit the calling thread drives on the same workers, to the bit', async (_, extra, close) => {
    const options = { nComponents: 3, randomState: 3, workers: pool, ...extra };
    // Threads running: the k-means goes to them (on threads still to start it runs here).
    await pool.endpoints(2);
    const lockstep = await new GaussianMixture(options).fitAsync(rows);
    const driven = await new GaussianMixture({ ...options, onIteration: () => {} }).fitAsync(rows);
    expect(lockstep.workersUsed).toBe(2);
    expect(learned(lockstep)).toBe(learned(driven));
    // And the single-threaded fit up to the grouping of the sums.
    const { workers: _workers, ...single } = options;
    const alone = new GaussianMixture(single).fit(rows);
    expect(lockstep.nIter).toBe(alone.nIter);
    expectClose(lockstep.lowerBound, alone.lowerBound, close, 'lowerBound');
    expectClose(lockstep.means, alone.means, close, 'means');
  });

  it('a fit that stops on a singular covariance: the SingularCovarianceError fit throws', async () => {
    // Two groups of one repeated row each and a third component: EM collapses a component
    // with regCovar 0 (on the calling thread and on the workers alike).
    const collapsing = Array.from({ length: 9_000 }, (_, i) =>
      i % 2 ? [1, 2, 3, 4] : [5 + (i % 7) * 1e-3, 6, 7 + (i % 5) * 1e-3, 8],
    );
    const options = { nComponents: 3, regCovar: 0, randomState: 0 };
    const alone = (() => {
      try {
        new GaussianMixture(options).fit(collapsing);
      } catch (error) {
        return error;
      }
    })();
    expect(alone).toBeInstanceOf(SingularCovarianceError);
    await pool.endpoints(2);
    const gmm = new GaussianMixture({ ...options, workers: pool });
    const error = await gmm.fitAsync(collapsing).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SingularCovarianceError);
    expect((error as Error).message).toBe((alone as Error).message);
    expect((error as Gaussian.SingularCovarianceError).component).toBe(
      (alone as Gaussian.SingularCovarianceError).component,
    );
    expect(gmm.isFitted).toBe(false);
  });
});

describe('replyError: a worker failure as the calling thread would have thrown it', () => {
  it('a singular covariance keeps its class, component, iteration and message', () => {
    const error = replyError({
      ok: false,
      message: 'Component 2 has an ill-defined covariance after iteration 4.',
      error: {
        name: 'SingularCovarianceError',
        code: 'NUMERICAL',
        numerical: true,
        singular: { component: 2, iteration: 4 },
      },
    }) as Gaussian.SingularCovarianceError;
    expect(error.name).toBe('SingularCovarianceError');
    expect(error.component).toBe(2);
    expect(error.iteration).toBe(4);
    expect(error.message).toBe('Component 2 has an ill-defined covariance after iteration 4.');
  });

  it('a failure that is not an EM error: a WorkerError carrying its message', () => {
    const error = replyError({ ok: false, message: 'out of memory' });
    expect(error.name).toBe('WorkerError');
    expect(error.message).toMatch(/out of memory/);
  });
});
