/**
 * The k-means initialisation on the workers that hold a fit's rows for its E-steps: each worker
 * takes a contiguous range of whole blocks of rows (`init/kmeans-blocks.ts`) and answers the
 * k-means' steps over them (`init/kmeans-ops.ts`); the k-means itself runs here and adds the
 * blocks' sums in block order. So the result is the single-threaded `kmeans`' to the bit, whatever
 * the number of workers. Each Lloyd iteration is one message to each worker and back (the seeding,
 * two per seed: sampling the candidates, then measuring them).
 */
import type { FlatMatrix } from '@em/core/numeric';
import { kmeans, kmeansSteps, meanVariance } from '../init/kmeans.js';
import { BLOCK_ROWS, blockCount } from '../init/kmeans-blocks.js';
import { type KmeansOp, type KmeansReply, mergeReplies } from '../init/kmeans-ops.js';
import { localTrials } from '../init/kmeans-plusplus.js';
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

/**
 * {@link kmeans}' labels (scikit-learn's `KMeans` as `GaussianMixture` runs it) with the passes over
 * the rows on the workers of `resident`; on this thread when no worker holds the rows.
 */
export async function kmeansLabelsOnWorkers(
  resident: ResidentRows | undefined,
  X: FlatMatrix,
  k: number,
  random: () => number,
  blockRows = BLOCK_ROWS,
): Promise<Int32Array> {
  const { data, rows: n, cols: d } = X;
  const blocks = blockCount(n, blockRows);
  const workers = resident?.endpoints ?? [];
  if (!resident || workers.length < 2 || blocks < 2) return kmeans(data, n, d, k, random).labels;
  // Contiguous ranges of whole blocks, one per worker (none for a worker left without a block).
  const shares = workers
    .map((worker, w) => ({
      worker,
      firstBlock: Math.floor((w * blocks) / workers.length),
      endBlock: Math.floor(((w + 1) * blocks) / workers.length),
    }))
    .filter((share) => share.endBlock > share.firstBlock);
  // The tolerance's scale, computed here while the workers take the first steps.
  let scale: number | undefined;
  const scaleOnce = () => {
    scale ??= meanVariance(data, n, d);
    return scale;
  };
  const steps = kmeansSteps(data, n, d, k, random, 300, 1e-4, blockRows, scaleOnce);
  let started = false;
  const send = async (ops: KmeansOp[]) => {
    const pending = Promise.all(
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
    if (!started) scaleOnce();
    const replies = await pending;
    started = true;
    return ops.map((op, o) =>
      mergeReplies(
        op,
        replies.map((reply): KmeansReply => reply[o]!),
      ),
    );
  };
  let next = steps.next();
  while (!next.done) next = steps.next(await send(next.value));
  return next.value.labels;
}
