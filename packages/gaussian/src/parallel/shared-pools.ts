/**
 * The pools behind `workers: n` (a number, not a pool): one per thread count, kept between fits, so
 * that fitting again — a loop over data sets, a server answering requests, a script calling
 * `fitAsync` twice — does not start new threads every time. New threads take 50–60 ms to load the
 * worker module, then compile the WebAssembly kernels and run their first fits in unoptimised
 * code: with a pool per fit, `workers: 2` took 200–225 ms a fit of 100 000 rows × 8 features that
 * takes 47–61 ms on kept threads (57–96 ms on one thread). A pool nobody has used for
 * {@link IDLE_CLOSE_MS} is closed, so idle threads and their memory do not outlive the work (and,
 * idle, they never keep a Node process alive).
 */
import { createWorkerPool, type WorkerPool, workerThreadsFor } from './pool.js';

/** How long a shared pool stays open after its last fit ended. */
export const IDLE_CLOSE_MS = 2000;

interface Kept {
  pool: WorkerPool;
  /** Fits using it now. */
  users: number;
  idleTimer?: ReturnType<typeof setTimeout>;
}

const kept = new Map<number, Kept>();

/** A pool lent to one fit, and how to give it back once the fit is over (settled or not). */
export interface LentPool {
  pool: WorkerPool;
  giveBack(): Promise<void>;
}

/**
 * The pool a fit runs on: the caller's own pool as it is (`workers` a WorkerPool: the caller
 * closes it), or the shared pool of `min(workers, count, cores)` threads (`count`: the rows, runs
 * or cells the threads share; see `workerThreadsFor`) — a pool of its own, closed after it, while
 * another fit uses the shared one.
 */
export async function lendPool(workers: number | WorkerPool, count: number): Promise<LentPool> {
  if (typeof workers !== 'number') return { pool: workers, giveBack: async () => {} };
  const size = await workerThreadsFor(workers, count);
  let entry = kept.get(size);
  if (entry && entry.users > 0) {
    // Another fit is on it: this one gets threads of its own, as before (fits side by side would
    // queue behind each other on shared threads, and a worker failing in one would stop the other).
    const own = createWorkerPool(size);
    return { pool: own, giveBack: () => own.close() };
  }
  if (!entry) {
    entry = { pool: createWorkerPool(size), users: 0 };
    kept.set(size, entry);
  }
  const lent = entry;
  if (lent.idleTimer !== undefined) clearTimeout(lent.idleTimer);
  lent.idleTimer = undefined;
  lent.users++;
  let givenBack = false;
  return {
    pool: lent.pool,
    async giveBack() {
      if (givenBack) return;
      givenBack = true;
      if (--lent.users > 0) return;
      lent.idleTimer = setTimeout(() => {
        if (kept.get(size) === lent) kept.delete(size);
        void lent.pool.close();
      }, IDLE_CLOSE_MS);
      // A timer of its own must not keep a Node process alive either.
      (lent.idleTimer as { unref?: () => void }).unref?.();
    },
  };
}

/**
 * Stops now the threads that fits with `workers: n` (a number) keep for the next fit, instead of
 * 2 seconds after the last one; a later fit starts new ones. Pools from
 * `createWorkerPool` are their owner's to close.
 *
 * @example
 * ```ts
 * import { closeSharedWorkerPools, GaussianMixture } from '@em/gaussian';
 * await new GaussianMixture({ nComponents: 2, workers: 2, randomState: 0 }).fitAsync([0, 0.1, 5, 5.2]);
 * await closeSharedWorkerPools();
 * ```
 */
export async function closeSharedWorkerPools(): Promise<void> {
  const entries = [...kept.values()];
  kept.clear();
  for (const entry of entries) if (entry.idleTimer !== undefined) clearTimeout(entry.idleTimer);
  await Promise.all(entries.map((entry) => entry.pool.close()));
}
