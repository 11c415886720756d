/**
 * The k-means initialisation on the workers that hold a fit's rows for its E-steps: each worker
 * takes a contiguous range of whole blocks of rows (`init/kmeans-blocks.ts`) and they run the
 * k-means together, in lockstep (`kmeans-lockstep.ts`), adding the blocks' sums in block order. So
 * the result is the single-threaded `kmeans`' to the bit, whatever the number of workers. This
 * thread sends one message to each worker for the whole k-means and the initial parameters' passes.
 */
import type { FlatMatrix } from '@em/core/numeric';
import { zeroStats } from '../estep.js';
import { meansOfBlockSums } from '../init/block-means.js';
import { type KmeansOutcome, withCovariances } from '../init/initialize.js';
import { kmeans } from '../init/kmeans.js';
import { addBlocks, BLOCK_ROWS, blockCount } from '../init/kmeans-blocks.js';
import { type KmeansReply, mergeReplies } from '../init/kmeans-ops.js';
import { localTrials, seedingDraws } from '../init/kmeans-plusplus.js';
import { fullKernel } from '../kernels/full.js';
import type { CovarianceKernel } from '../kernels/types.js';
import type { WorkerPool } from './pool.js';
import type { Response } from './protocol.js';
import { createExchangeBuffer, failExchange, PARTNER_FAILED } from './reply-exchange.js';
import { WorkerError } from './worker-error.js';

type Endpoint = Awaited<ReturnType<WorkerPool['endpoints']>>[number];

/** Workers holding all the rows of a fit (shared memory), as loaded for its E-steps under `id`. */
export interface ResidentRows {
  /** The fit's id in the workers. */
  id: number;
  /** The workers, each holding every row. */
  endpoints: Endpoint[];
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
 * the counts, sums and second moments of its blocks (`init/label-moments.ts`), added here in block
 * order — the single-threaded estimate up to the grouping of the sums.
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
  const blocks = blockCount(n, blockRows);
  const workers = resident?.endpoints ?? [];
  if (!resident || workers.length < 2 || blocks < 2) {
    estimate?.whileRunning?.();
    return { labels: kmeans(data, n, d, k, random).labels };
  }
  // Contiguous ranges of whole blocks, one per worker (none for a worker left without a block).
  const shares = workers
    .map((worker, w) => ({
      worker,
      firstBlock: Math.floor((w * blocks) / workers.length),
      endBlock: Math.floor(((w + 1) * blocks) / workers.length),
    }))
    .filter((share) => share.endBlock > share.firstBlock);
  const kernel = estimate?.kernel;
  // The full kernel's statistics, one per component: what `label-moments.ts` adds. The workers
  // then take the estimate's two passes too (`kmeans-lockstep.ts`).
  const moments = kernel?.accumulate === fullKernel.accumulate && kernel.statsSize(k, d) === k * d * d;
  const trials = localTrials(k);
  const parties = shares.map(({ firstBlock, endBlock }) => {
    const firstRow = firstBlock * blockRows;
    return { firstRow, firstBlock, rows: Math.min(n, endBlock * blockRows) - firstRow };
  });
  const mostBlocks = Math.max(...shares.map((share) => share.endBlock - share.firstBlock));
  const slotDoubles = exchangeSlotDoubles(mostBlocks, d, k, trials);
  const exchange = createExchangeBuffer(parties.length, slotDoubles);
  const sharedLabels = new Int32Array(new SharedArrayBuffer(4 * n));
  // The k-means' draws, taken here from the fit's stream in the order it draws them.
  const draws = Float64Array.from({ length: seedingDraws(k) }, () => random());
  const running = everyWorker(
    shares.map(
      ({ worker }, party) =>
        () =>
          worker.request({
            type: 'kmeansRun',
            id: resident.id,
            run: {
              shares: parties,
              party,
              k,
              trials,
              blockRows,
              draws,
              exchange,
              slotDoubles,
              labels: sharedLabels,
              estimate: moments,
            },
          }),
    ),
    () => failExchange(exchange),
  );
  try {
    estimate?.whileRunning?.();
  } catch (error) {
    failExchange(exchange);
    await running.catch(() => undefined);
    throw error;
  }
  const passes = await running;
  const labels = sharedLabels.slice();
  if (!moments || !kernel || !estimate) return { labels };
  // scikit-learn's `_estimate_gaussian_parameters` in its two passes, as `estimateParameters`:
  // the means as the workers computed them, then the moments around them.
  const counted = mergeReplies(
    { op: 'sum' },
    passes.map((replies) => replies[0]!),
  );
  const means = meansOfBlockSums(counted, blocks, n, d, k);
  const around = mergeReplies(
    { op: 'moments', centres: means.means },
    passes.map((replies) => replies[1]!),
  );
  const second = zeroStats(kernel, k, d);
  second.n = n;
  addBlocks(around.counts!, blocks, k, second.nk);
  addBlocks(around.blocks!, blocks, k * d, second.s1);
  addBlocks(around.moments!, blocks, k * d * d, second.s2);
  return { labels, estimated: withCovariances(kernel, second, means, k, d, estimate.regCovar) };
}

/**
 * Runs one request per worker and waits for all; on the first failure `onFailure` runs at once (it
 * wakes workers waiting for the failed one), then the failure reported is a worker's own, not that
 * of a partner stopped by it. Resolves with each worker's `kmeans` replies.
 */
async function everyWorker(
  requests: (() => Promise<Response>)[],
  onFailure: () => void = () => {},
): Promise<KmeansReply[][]> {
  let failed = false;
  const fail = () => {
    if (!failed) onFailure();
    failed = true;
  };
  const outcomes = await Promise.allSettled(
    requests.map(async (request) => {
      try {
        const reply = await request();
        if (!reply.ok) throw new WorkerError('failed', reply.message);
        if (!reply.kmeans) throw new WorkerError('failed', 'a k-means step answered without its replies');
        return reply.kmeans;
      } catch (error) {
        fail();
        throw error;
      }
    }),
  );
  const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
  const own = failures.find((error) => !(error instanceof Error && error.message.includes(PARTNER_FAILED)));
  if (failures.length > 0) throw own ?? failures[0];
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<KmeansReply[]>).value);
}

/**
 * The doubles one worker's replies to a step can take in the exchange: per block the seeding's
 * potentials (one per candidate), the features' spread, the centres' sums and counts and the
 * farthest rows; the sampled rows; a header per reply (up to one relocation per cluster a step).
 */
function exchangeSlotDoubles(blocks: number, d: number, k: number, trials: number): number {
  return blocks * (d + k * (d + 1) + trials + 3) + trials + 6 * (k + 8) + 1;
}
