/**
 * The k-means initialisation on the workers that hold a fit's rows for its E-steps: each worker
 * takes a contiguous range of whole blocks of rows (`init/kmeans-blocks.ts`) and they run the
 * k-means together, in lockstep (`kmeans-lockstep.ts`), adding the blocks' sums in block order. So
 * the result is the single-threaded `kmeans`' to the bit, whatever the number of workers. This
 * thread sends one message to each worker for the whole k-means and the initial parameters' passes.
 */
import type { FlatMatrix } from '@em/core/numeric';
import { estimateFromBlocks } from '../init/block-means.js';
import type { KmeansOutcome } from '../init/initialize.js';
import { kmeans } from '../init/kmeans.js';
import { BLOCK_ROWS, blockCount } from '../init/kmeans-blocks.js';
import { localTrials, seedingDraws } from '../init/kmeans-plusplus.js';
import { fullKernel } from '../kernels/full.js';
import type { CovarianceKernel } from '../kernels/types.js';
import type { LockstepRun } from './kmeans-lockstep.js';
import type { WorkerPool } from './pool.js';
import type { Response } from './protocol.js';
import { createExchangeBuffer, failExchange, PARTNER_FAILED } from './reply-exchange.js';
import { replyError, WorkerError } from './worker-error.js';

type Endpoint = Awaited<ReturnType<WorkerPool['endpoints']>>[number];

/** Workers holding all the rows of a fit (shared memory), as loaded for its E-steps under `id`. */
export interface ResidentRows {
  /** The fit's id in the workers. */
  id: number;
  /** The workers, each holding every row. */
  endpoints: Endpoint[];
  /** How many jobs the rows are cut into for the E-steps (see `jobs.ts`). */
  jobs: number;
}

/** What the initialisation estimates from the k-means' labels (see `initialize.ts`). */
export interface InitialEstimate {
  kernel: CovarianceKernel;
  regCovar: number;
  /** Runs on this thread while the workers run the k-means; what it throws stops them and is thrown. */
  whileRunning?: () => void;
}

/**
 * {@link kmeans} (scikit-learn's `KMeans` as `GaussianMixture` runs it) with the passes over the
 * rows on the workers of `resident`, on this thread when no two workers hold the rows. With
 * `estimate` and full covariances, the initial parameters from its labels too: each worker adds
 * the counts, sums and second moments of its blocks (`init/label-moments.ts`), traded between
 * them and added in block order — the single-threaded estimate up to the grouping of the sums.
 */
export async function kmeansOnWorkers(
  resident: ResidentRows | undefined,
  X: FlatMatrix,
  k: number,
  random: () => number,
  estimate?: InitialEstimate,
  blockRows = BLOCK_ROWS,
): Promise<KmeansOutcome> {
  const { data, rows: n, cols: d } = X;
  const kernel = estimate?.kernel;
  const moments = kernel !== undefined && estimatesOnWorkers(kernel, k, d);
  const plan = planLockstep(resident, X, k, random, moments, blockRows);
  if (!plan) {
    estimate?.whileRunning?.();
    return { labels: kmeans(data, n, d, k, random).labels };
  }
  const running = everyWorker(
    plan.parties.map(
      ({ worker, run }) =>
        () =>
          worker.request({ type: 'kmeansRun', id: plan.id, run }),
    ),
    (reply) => {
      if (!reply.kmeans) throw new WorkerError('failed', 'a k-means step answered without its replies');
      return reply.kmeans;
    },
    () => failExchange(plan.exchange),
  );
  await whileRunning(estimate?.whileRunning, plan.exchange, running);
  const passes = await running;
  const labels = plan.labels.slice();
  if (!moments || !estimate) return { labels };
  // Every worker has everyone's sums and moments, merged: the first's serve.
  const [counted, around] = passes[0]!;
  const estimated = estimateFromBlocks(kernel!, counted!, around!, plan.blocks, n, d, k, estimate.regCovar);
  return { labels, estimated };
}

/**
 * Whether the workers of a k-means in lockstep can take the initial estimate's passes too: the
 * full kernel's statistics, one d × d block per component (what `init/label-moments.ts` adds).
 */
export function estimatesOnWorkers(kernel: CovarianceKernel, k: number, d: number): boolean {
  return kernel.accumulate === fullKernel.accumulate && kernel.statsSize(k, d) === k * d * d;
}

/** A k-means in lockstep as planned for the workers of a fit: what each party is sent, and what they share. */
export interface LockstepPlan {
  /** The fit's id in the workers. */
  id: number;
  parties: { worker: Endpoint; run: LockstepRun }[];
  exchange: SharedArrayBuffer;
  /** Every row's label once the run is over. */
  labels: Int32Array;
  blocks: number;
}

/**
 * The shares of a k-means in lockstep over the workers of `resident` (contiguous ranges of whole
 * blocks, none for a worker left without a block), with the draws it takes from `random`;
 * undefined (nothing drawn) where no two workers hold the rows or there are fewer than two blocks.
 */
export function planLockstep(
  resident: ResidentRows | undefined,
  X: FlatMatrix,
  k: number,
  random: () => number,
  estimate: LockstepRun['estimate'],
  blockRows = BLOCK_ROWS,
): LockstepPlan | undefined {
  const { rows: n, cols: d } = X;
  const blocks = blockCount(n, blockRows);
  const workers = resident?.endpoints ?? [];
  if (!resident || workers.length < 2 || blocks < 2) return undefined;
  const shares = workers
    .map((worker, w) => ({
      worker,
      firstBlock: Math.floor((w * blocks) / workers.length),
      endBlock: Math.floor(((w + 1) * blocks) / workers.length),
    }))
    .filter((share) => share.endBlock > share.firstBlock);
  const trials = localTrials(k);
  const places = shares.map(({ firstBlock, endBlock }) => {
    const firstRow = firstBlock * blockRows;
    return { firstRow, firstBlock, rows: Math.min(n, endBlock * blockRows) - firstRow };
  });
  const mostBlocks = Math.max(...shares.map((share) => share.endBlock - share.firstBlock));
  const slotDoubles = exchangeSlotDoubles(mostBlocks, d, k, trials, estimate);
  const exchange = createExchangeBuffer(places.length, slotDoubles);
  const labels = new Int32Array(new SharedArrayBuffer(4 * n));
  // The k-means' draws, taken here from the fit's stream in the order it draws them.
  const draws = Float64Array.from({ length: seedingDraws(k) }, () => random());
  const parties = shares.map(({ worker }, party) => ({
    worker,
    run: { shares: places, party, k, trials, blockRows, draws, exchange, slotDoubles, labels, estimate },
  }));
  return { id: resident.id, parties, exchange, labels, blocks };
}

/**
 * Runs `here` on this thread while the workers run (`running`): when it throws, the workers are
 * stopped (woken from their barrier), and once they have answered its error goes on.
 */
export async function whileRunning(
  here: (() => void) | undefined,
  exchange: SharedArrayBuffer,
  running: Promise<unknown>,
): Promise<void> {
  try {
    here?.();
  } catch (error) {
    failExchange(exchange);
    await running.catch(() => undefined);
    throw error;
  }
}

/**
 * Runs one request per worker and waits for all; on the first failure `onFailure` runs at once (it
 * wakes workers waiting for the failed one), then the failure reported is a worker's own, not that
 * of a partner stopped by it. Resolves with each worker's answer as `read` takes it from its reply.
 */
export async function everyWorker<T>(
  requests: (() => Promise<Response>)[],
  read: (reply: Response & { ok: true }) => T,
  onFailure: () => void = () => {},
): Promise<T[]> {
  let failed = false;
  const fail = () => {
    if (!failed) onFailure();
    failed = true;
  };
  const outcomes = await Promise.allSettled(
    requests.map(async (request) => {
      try {
        const reply = await request();
        if (!reply.ok) throw replyError(reply);
        return read(reply);
      } catch (error) {
        fail();
        throw error;
      }
    }),
  );
  const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
  const own = failures.find((error) => !(error instanceof Error && error.message.includes(PARTNER_FAILED)));
  if (failures.length > 0) throw own ?? failures[0];
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

/**
 * The doubles one worker's replies to a step can take in the exchange: per block the seeding's
 * potentials (one per candidate), the features' spread, the centres' sums and counts and the
 * farthest rows; the sampled rows; a header per reply (up to one relocation per cluster a step).
 * With the estimate, the moments step's reply too: per block the counts, sums and k d × d
 * second moments.
 */
function exchangeSlotDoubles(blocks: number, d: number, k: number, trials: number, moments: boolean): number {
  const steps = blocks * (d + k * (d + 1) + trials + 3) + trials + 6 * (k + 8) + 1;
  return moments ? Math.max(steps, blocks * k * (1 + d + d * d) + 8) : steps;
}
