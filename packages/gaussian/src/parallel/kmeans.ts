/**
 * The k-means initialisation on the workers that hold a fit's rows for its E-steps: each worker
 * takes a contiguous range of whole blocks of rows (`init/kmeans-blocks.ts`) and answers the
 * k-means' steps over them (`init/kmeans-ops.ts`); the k-means itself runs here and adds the
 * blocks' sums in block order. So the result is the single-threaded `kmeans`' to the bit, whatever
 * the number of workers. Each Lloyd iteration is one message to each worker and back (the seeding,
 * two per seed: sampling the candidates, then measuring them).
 */
import type { FlatMatrix } from '@em/core/numeric';
import { zeroStats } from '../estep.js';
import { type KmeansOutcome, meansOf, withCovariances } from '../init/initialize.js';
import { kmeans, kmeansSteps } from '../init/kmeans.js';
import { addBlocks, BLOCK_ROWS, blockCount } from '../init/kmeans-blocks.js';
import { type KmeansOp, type KmeansReply, mergeReplies } from '../init/kmeans-ops.js';
import { localTrials } from '../init/kmeans-plusplus.js';
import { fullKernel } from '../kernels/full.js';
import type { CovarianceKernel } from '../kernels/types.js';
import type { WorkerPool } from './pool.js';
import type { Request } from './protocol.js';
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
  if (!resident || workers.length < 2 || blocks < 2) return { labels: kmeans(data, n, d, k, random).labels };
  // Contiguous ranges of whole blocks, one per worker (none for a worker left without a block).
  const shares = workers
    .map((worker, w) => ({
      worker,
      firstBlock: Math.floor((w * blocks) / workers.length),
      endBlock: Math.floor(((w + 1) * blocks) / workers.length),
    }))
    .filter((share) => share.endBlock > share.firstBlock);
  let started = false;
  const send = async (ops: KmeansOp[]) => {
    const replies = await Promise.all(
      shares.map(async ({ worker, firstBlock, endBlock }) => {
        const message: Request = { type: 'kmeans', id: resident.id, ops };
        if (!started) {
          const firstRow = firstBlock * blockRows;
          const rows = Math.min(n, endBlock * blockRows) - firstRow;
          message.shard = { firstRow, firstBlock, rows, k, trials: localTrials(k), blockRows };
        }
        const reply = await worker.request(message);
        if (!reply.ok) throw new WorkerError('failed', reply.message);
        if (reply.kmeans?.length !== ops.length)
          throw new WorkerError('failed', 'a k-means step answered without its replies');
        return reply.kmeans;
      }),
    );
    started = true;
    return ops.map((op, o) =>
      mergeReplies(
        op,
        replies.map((reply): KmeansReply => reply[o]!),
      ),
    );
  };
  const kernel = estimate?.kernel;
  // The full kernel's statistics, one per component: what `label-moments.ts` adds.
  const moments = kernel?.accumulate === fullKernel.accumulate && kernel.statsSize(k, d) === k * d * d;
  const steps = kmeansSteps(data, n, d, k, random, 300, 1e-4, blockRows);
  let next = steps.next();
  let counted: KmeansReply | undefined;
  while (!next.done) {
    const ops = next.value;
    // The labels are the last step: the first pass of the estimate (or the end) goes with them.
    const last = ops.some((op) => op.op === 'labels');
    const extra: KmeansOp[] = !last
      ? []
      : moments
        ? [{ op: 'moments', centres: new Float64Array(k * d), second: false }]
        : [{ op: 'end' }];
    const replies = await send([...ops, ...extra]);
    if (last && moments) counted = replies[replies.length - 1];
    next = steps.next(replies.slice(0, ops.length));
  }
  const { labels } = next.value;
  if (!counted || !kernel || !estimate) return { labels };
  // scikit-learn's `_estimate_gaussian_parameters` in its two passes, as `estimateParameters`.
  const first = zeroStats(kernel, k, d);
  addBlocks(counted.counts!, blocks, k, first.nk);
  addBlocks(counted.blocks!, blocks, k * d, first.s1);
  const means = meansOf(first, n, d, k);
  const [around] = await send([{ op: 'moments', centres: means.means, second: true }, { op: 'end' }]);
  const second = zeroStats(kernel, k, d);
  second.n = n;
  addBlocks(around!.counts!, blocks, k, second.nk);
  addBlocks(around!.blocks!, blocks, k * d, second.s1);
  addBlocks(around!.moments!, blocks, k * d * d, second.s2);
  return { labels, estimated: withCovariances(kernel, second, means, k, d, estimate.regCovar) };
}
