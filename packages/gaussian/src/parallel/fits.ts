/**
 * Whole fits on worker threads: the `nInit` runs of one `fitAsync`, the cells of
 * `selectModelAsync`. Each is independent of the others, so they run side by side, one per worker
 * at a time, each worker taking the next one when it is done; the results come back by index and
 * are used in index order, exactly as the same fits run one after another on the calling thread.
 */
import type { FlatMatrix } from '@em/core/numeric';
import type { FittedState, RestartRun } from '../gaussian-mixture.js';
import type { GaussianMixtureOptions, MixtureParams } from '../types.js';
import { canShareMemory } from './estep.js';
import type { WorkerPool } from './pool.js';
import { replyError, WorkerError } from './worker-error.js';

type Endpoint = Awaited<ReturnType<WorkerPool['endpoints']>>[number];

/** The options a worker fits with: plain data only (functions and pools stay on this thread). */
export type WorkerFitOptions = Omit<GaussianMixtureOptions, 'onIteration' | 'signal' | 'workers'>;

/** The rows where every worker can read them: one SharedArrayBuffer where memory can be shared. */
export function shareRows(X: FlatMatrix): FlatMatrix {
  if (!canShareMemory()) return X;
  const data = new Float64Array(new SharedArrayBuffer(X.rows * X.cols * 8));
  data.set(X.data.subarray(0, X.rows * X.cols));
  return { data, rows: X.rows, cols: X.cols };
}

/** The options without what cannot (and need not) cross to a worker. */
export function workerFitOptions(options: GaussianMixtureOptions): WorkerFitOptions {
  const { onIteration: _onIteration, signal: _signal, workers: _workers, ...plain } = options;
  return plain;
}

/**
 * Runs `count` tasks over the workers, each worker taking the next index as soon as it is free;
 * `shouldStart` is asked before each index is taken (false: no more are started). `task` is
 * called for the indices in increasing order (what it does before its first `await` happens in
 * that order). Resolves with the results by index (`undefined` for tasks never started).
 */
export async function spreadOverWorkers<T>(
  workers: Endpoint[],
  count: number,
  task: (worker: Endpoint, index: number) => Promise<T>,
  shouldStart: () => boolean = () => true,
): Promise<(T | undefined)[]> {
  const results: (T | undefined)[] = new Array(count).fill(undefined);
  let next = 0;
  await Promise.all(
    workers.map(async (worker) => {
      while (next < count && shouldStart()) {
        const index = next++;
        results[index] = await task(worker, index);
      }
    }),
  );
  return results;
}

/** A whole `fit` of the rows with `options`, on `worker`: the state it learned. */
export async function fitOnWorker(
  worker: Endpoint,
  X: FlatMatrix,
  options: WorkerFitOptions,
): Promise<FittedState> {
  const reply = await worker.request({ type: 'fit', options, data: X.data, rows: X.rows, cols: X.cols });
  if (!reply.ok) throw replyError(reply);
  if (!reply.state) throw new WorkerError('failed', 'a fit answered without a fitted state');
  return reply.state;
}

/** One restart of a fit with `options`, from `params`, on `worker` (see `GaussianMixture.runFrom`). */
export async function runOnWorker(
  worker: Endpoint,
  X: FlatMatrix,
  options: WorkerFitOptions,
  params: MixtureParams,
): Promise<RestartRun> {
  const reply = await worker.request({
    type: 'fit',
    options,
    data: X.data,
    rows: X.rows,
    cols: X.cols,
    from: params,
  });
  if (!reply.ok) throw replyError(reply);
  if (!reply.run) throw new WorkerError('failed', 'a run answered without its result');
  return reply.run;
}
