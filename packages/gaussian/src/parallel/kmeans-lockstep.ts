/**
 * A whole k-means initialisation run by the workers that hold a fit's rows, in lockstep: each runs
 * the same k-means (`kmeansSteps`, the calling thread's code) from the same random draws, answers
 * each step over its own blocks, and adds up everyone's replies (`reply-exchange.ts`) in block
 * order, exactly as the calling thread would — so every worker takes the same next step, and the
 * result is the single-threaded k-means' to the bit. The calling thread sends one message and
 * waits; before, every step went through it, a round trip each (20 to 40 per fit). The initial
 * parameters' two passes over the labelled rows follow in the same run (`estimate`).
 */
import { meansOfBlockSums } from '../init/block-means.js';
import { kmeansSteps } from '../init/kmeans.js';
import { blockCount } from '../init/kmeans-blocks.js';
import { type KmeansOp, type KmeansReply, mergeReplies } from '../init/kmeans-ops.js';
import { kmeansShard } from '../init/kmeans-shard.js';
import { ReplyExchange } from './reply-exchange.js';

/** The shares of the rows: party p holds blocks `firstBlock` … of `rows` rows from `firstRow`. */
export interface LockstepShare {
  firstRow: number;
  firstBlock: number;
  rows: number;
}

/** What a worker needs to run its part of a k-means in lockstep (plain data: it crosses as a message). */
export interface LockstepRun {
  /** Every party's share, in block order; this worker is `party`. */
  shares: LockstepShare[];
  party: number;
  k: number;
  trials: number;
  blockRows: number;
  /** The random numbers the k-means draws, in order (the calling thread drew them from the fit's stream). */
  draws: Float64Array;
  /** The replies' exchange (`createExchangeBuffer`) and its slot size in doubles. */
  exchange: SharedArrayBuffer;
  slotDoubles: number;
  /** Every row's label at the end, each worker writing its own rows. */
  labels: Int32Array;
  /**
   * After the labels, the full covariance estimate's two passes: the counts and sums per label
   * (`sum`), the means from them, and the second moments around those (`moments`), each traded
   * like a step; everyone's replies to the two, merged, are returned (to the calling thread, or to
   * the workers' own EM: `fit-in-lockstep.ts`).
   */
  estimate: boolean;
}

/** Same arguments as the calling thread's `kmeansSteps` in `kmeans.ts`: scikit-learn's defaults. */
const MAX_ITER = 300;
const RELATIVE_TOL = 1e-4;

/**
 * This worker's part of the k-means over all `rows` rows of `X` (the fit's shared rows, d
 * features): returns everyone's replies to the estimate's `sum` and `moments` steps, merged (none
 * without `estimate`). Its memory is freed either way.
 */
export function runKmeansInLockstep(X: Float64Array, n: number, d: number, run: LockstepRun): KmeansReply[] {
  const { shares, party, k, trials, blockRows, draws, labels } = run;
  const own = shares[party]!;
  const rows = X.subarray(own.firstRow * d, (own.firstRow + own.rows) * d);
  const shard = kmeansShard(rows, own.rows, d, k, trials, blockRows, own);
  try {
    const exchange = new ReplyExchange(run.exchange, shares.length, party, run.slotDoubles);
    // Everyone's replies to the steps `ops` (this worker's are `mine`), merged as one holder's.
    const merged = (ops: KmeansOp[], mine: KmeansReply[]) => {
      const everyone = exchange.gather(mine);
      return ops.map((op, o) =>
        mergeReplies(
          op,
          everyone.map((replies) => replies[o]!),
        ),
      );
    };
    let drawn = 0;
    const random = () => {
      if (drawn === draws.length)
        throw new Error(`the k-means drew more than the ${draws.length} numbers sent`);
      return draws[drawn++]!;
    };
    const steps = kmeansSteps(X, n, d, k, random, MAX_ITER, RELATIVE_TOL, blockRows);
    for (let next = steps.next(); !next.done; ) {
      const ops = next.value;
      const mine = shard.run(ops);
      const labelled = ops.findIndex((op) => op.op === 'labels');
      if (labelled >= 0) {
        // The last step: the labels go straight to the shared array; nobody needs the others'.
        labels.set(mine[labelled]!.labels!, own.firstRow);
        if (!run.estimate) return [];
        // The means from everyone's sums, as the calling thread adds them; then the moments.
        const sum: KmeansOp[] = [{ op: 'sum' }];
        const sums = shard.run(sum);
        const [counted] = merged(sum, sums);
        const { means } = meansOfBlockSums(counted!, blockCount(n, blockRows), n, d, k);
        const moments: KmeansOp[] = [{ op: 'moments', centres: means }];
        return [counted!, merged(moments, shard.run(moments))[0]!];
      }
      next = steps.next(merged(ops, mine));
    }
    throw new Error('the k-means ended without its labels');
  } finally {
    shard.close();
  }
}
