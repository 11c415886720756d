// Independent fits side by side on worker threads (nInit restarts, selectModelAsync's cells) give
// exactly what the same fits give one after another on the calling thread: same code, same
// initial parameters, chosen in the same order. Runs the built package (dist/parallel-worker.js).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Gaussian from '../src/index.js';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
if (!existsSync(dist)) throw new Error('run `pnpm build` first: the parallel tests use dist/');
const { GaussianMixture, createWorkerPool, selectModel, selectModelAsync } = (await import(
  dist
)) as typeof Gaussian;

const pool = createWorkerPool(2);
afterAll(() => pool.close());

// Three overlapping groups, so that restarts from random starts end in different optima.
const X = Array.from({ length: 1500 }, (_, i) => [
  (i % 3) * 2.5 + Math.sin(i * 12.9898) * 2,
  (i % 3) * -1.5 + Math.cos(i * 78.233) * 2,
]);

/** Everything a fit learned, for exact comparison. */
const learned = (gmm: Gaussian.GaussianMixture) => ({
  weights: Array.from(gmm.weights),
  means: gmm.means,
  covariances: gmm.covariances,
  precisionsCholesky: gmm.precisionsCholesky,
  lowerBound: gmm.lowerBound,
  nIter: gmm.nIter,
  converged: gmm.converged,
  history: gmm.history,
});

describe('nInit restarts on worker threads', () => {
  for (const [covarianceType, extra] of [
    ['full', {}],
    ['diag', {}],
    ['VVV', {}],
    ['tied', { initParams: 'k-means++' }],
  ] as const) {
    it(`${covarianceType}: exactly the sequential fit (parameters, lower bound, history)`, async () => {
      const options = {
        nComponents: 3,
        covarianceType,
        nInit: 5,
        initParams: 'random',
        randomState: 3,
        ...extra,
      } as const;
      const sequential = new GaussianMixture(options).fit(X);
      const parallel = await new GaussianMixture({ ...options, workers: pool }).fitAsync(X);
      expect(learned(parallel)).toEqual(learned(sequential));
      expect(parallel.workersUsed).toBe(2);
    });
  }

  it('the runs really differ: the best of 5 is above the worst (what the choice is about)', () => {
    const options = { nComponents: 3, initParams: 'random', randomState: 3, maxIter: 200 } as const;
    const bounds = [1, 2, 3, 4, 5].map((run) => {
      // Run r of nInit: the r-th draw of the same stream, as fit draws them.
      const gmm = new GaussianMixture({ ...options, nInit: run }).fit(X);
      return gmm.lowerBound;
    });
    expect(new Set(bounds).size).toBeGreaterThan(1);
  });

  it('with missing values (missing: em): exactly the sequential fit', async () => {
    const holes = X.map((row, i) => (i % 7 === 0 ? [row[0]!, Number.NaN] : row));
    const options = { nComponents: 3, nInit: 3, randomState: 1, missing: 'em' } as const;
    const sequential = new GaussianMixture(options).fit(holes);
    const parallel = await new GaussianMixture({ ...options, workers: 2 }).fitAsync(holes);
    expect(learned(parallel)).toEqual(learned(sequential));
  });

  it('with onIteration the runs go one after another (every iteration is seen), to 1e-10', async () => {
    const options = { nComponents: 3, nInit: 3, randomState: 1 } as const;
    const sequential = new GaussianMixture(options).fit(X);
    let iterations = 0;
    const onIteration = () => {
      iterations++;
      return true;
    };
    const parallel = await new GaussianMixture({ ...options, workers: pool, onIteration }).fitAsync(X);
    expect(iterations).toBeGreaterThanOrEqual(parallel.nIter);
    expect(Math.abs(parallel.lowerBound - sequential.lowerBound)).toBeLessThan(1e-10);
  });
});

describe('selectModelAsync with workers: cells side by side', () => {
  const grid = { nComponents: [1, 2, 3, 4], randomState: 0 } as const;

  it("the table, the best cell and its model are exactly selectModel's", async () => {
    const sequential = selectModel(X, grid);
    const started: number[] = [];
    const reported: number[] = [];
    const parallel = await selectModelAsync(X, {
      ...grid,
      workers: pool,
      onModelStart: ({ index }) => started.push(index),
      onModel: ({ index }) => {
        reported.push(index);
      },
    });
    expect(parallel.table).toEqual(sequential.table);
    expect(parallel.best.index).toBe(sequential.best.index);
    expect(parallel.best.model.toJSON()).toEqual(sequential.best.model.toJSON());
    // Started and reported in table order, whichever worker finished first.
    const order = sequential.table.map((_, i) => i);
    expect(started).toEqual(order);
    expect(reported).toEqual(order);
  });

  it('mclust models with failing cells: the same failures, messages and choice', async () => {
    // Repeated values make some of mclust's models singular (no regularisation): failed cells.
    const repeated = X.slice(0, 60).map((row, i) => (i < 30 ? [0, 0] : row));
    const options = {
      nComponents: [1, 2, 3],
      covarianceTypes: ['EII', 'VVV', 'EEE'],
      randomState: 0,
    } as const;
    const sequential = selectModel(repeated, options);
    const parallel = await selectModelAsync(repeated, { ...options, workers: 2 });
    expect(sequential.table.filter((row) => row.status === 'failed')).toHaveLength(2);
    expect(parallel.table).toEqual(sequential.table);
    expect(parallel.best.index).toBe(sequential.best.index);
  });

  it('onModel returning false stops the grid after that cell, as in selectModel', async () => {
    const stopAt = (index: number) => ({ onModel: (info: { index: number }) => info.index < index });
    const sequential = selectModel(X, { ...grid, ...stopAt(5) });
    const parallel = await selectModelAsync(X, { ...grid, workers: pool, ...stopAt(5) });
    expect(parallel.table).toEqual(sequential.table);
    expect(parallel.stopped).toBe(true);
    expect(parallel.table.filter((row) => row.status === 'notFitted')).toHaveLength(10);
  });
});

describe('the worker file', () => {
  it('carries the fitting code but never names itself (no import.meta, which classic workers cannot parse)', () => {
    const worker = readFileSync(
      fileURLToPath(new URL('../dist/parallel-worker.js', import.meta.url)),
      'utf8',
    );
    expect(worker).toMatch(/runFrom/);
    expect(worker).not.toMatch(/import\.meta/);
    expect(worker).not.toMatch(/^\s*import\s/m);
  });
});
