/**
 * The steps of a k-means (`kmeans.ts`) that touch every row, as messages: the k-means itself runs
 * on one thread and sends each step to the holders of the rows (`kmeans-shard.ts`), one holder of
 * all the rows on the same thread or one per worker, each holding whole blocks of rows
 * (`kmeans-blocks.ts`). Replies give one value per block, so the k-means adds them up the same way
 * whoever held which block. Plain data only: the messages cross to workers as they are.
 */

/** One step over the rows; a holder runs a list of them in order and answers each. */
export type KmeansOp =
  /** Distances to the first seed (its features); reply: their sum per block (`blocks`). */
  | { op: 'first'; seed: Float64Array }
  /**
   * The tolerance's scale: with no `means`, each feature's sum per block (`blocks`, d each); with
   * `means`, each feature's sum of squared deviations from its mean per block.
   */
  | { op: 'spread'; means?: Float64Array }
  /**
   * k-means++ sampling: for query q, the first row of block `blocks[q]` whose cumulative weight
   * `prefixes[q]` + (the block's nearest distances summed in row order up to it) exceeds
   * `targets[q]`; reply: `found` (that row, or −1 for a block held elsewhere).
   */
  | { op: 'locate'; blocks: Int32Array; prefixes: Float64Array; targets: Float64Array }
  /** Distances to each candidate (trials × d features); reply: potentials per block and trial (`blocks`). */
  | { op: 'measure'; candidates: Float64Array }
  /** The measured trial `trial` becomes seed `seed`: rows strictly nearer move to it. */
  | { op: 'choose'; trial: number; seed: number }
  /** No seed could be chosen yet (overflowing distances): the nearest distances become zeros. */
  | { op: 'zeroClosest' }
  /** The seeding is over: Hamerly's bounds from its distances, or (incomplete) bounds that prove nothing. */
  | { op: 'bounds'; complete: boolean }
  /** The seeding's assignment's centre sums; reply: `blocks` (k × d each) and `counts` (k each). */
  | { op: 'sum' }
  /** Lloyd's assignment step (each row to its nearest centre, the lowest on ties); reply: `changed`, and with `withSums` the sums as `sum`. */
  | {
      op: 'assign';
      centers: Float64Array;
      moved: Float64Array;
      separation: Float64Array;
      largestMove: number;
      secondMove: number;
      largestMover: number;
      withSums: boolean;
    }
  /**
   * For an empty cluster: with `centers`, first each row's distance to its centre; reply: per block
   * the farthest row whose cluster has more than one row (`found`, −1 if none), its distance
   * (`blocks`) and its label (`labels`).
   */
  | { op: 'farthest'; centers?: Float64Array; counts: Float64Array }
  /** Row `row` moves to cluster `label` (an empty one). */
  | { op: 'relocate'; row: number; label: number }
  /** Reply: every row's label (`labels`). */
  | { op: 'labels' }
  /**
   * The full covariance statistics of the final labels around `centres` (see `label-moments.ts`);
   * reply per block: counts (`counts`), sums of x − m (`blocks`) and second moments (`moments`).
   */
  | { op: 'moments'; centres: Float64Array };

/** A holder's answer to one step; per-block fields hold its blocks in order. */
export interface KmeansReply {
  blocks?: Float64Array;
  counts?: Float64Array;
  found?: Int32Array;
  labels?: Int32Array;
  moments?: Float64Array;
  changed?: boolean;
}

/** The replies of holders of consecutive blocks, in block order, as one holder of them all would answer. */
export function mergeReplies(op: KmeansOp, replies: KmeansReply[]): KmeansReply {
  if (replies.length === 1) return replies[0]!;
  const merged: KmeansReply = {};
  const concat = <T extends Float64Array | Int32Array>(parts: (T | undefined)[], make: (n: number) => T) => {
    const present = parts.filter((part): part is T => part !== undefined);
    if (present.length === 0) return undefined;
    const out = make(present.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of present) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  };
  merged.blocks = concat(
    replies.map((reply) => reply.blocks),
    (n) => new Float64Array(n),
  );
  merged.counts = concat(
    replies.map((reply) => reply.counts),
    (n) => new Float64Array(n),
  );
  merged.moments = concat(
    replies.map((reply) => reply.moments),
    (n) => new Float64Array(n),
  );
  merged.labels = concat(
    replies.map((reply) => reply.labels),
    (n) => new Int32Array(n),
  );
  if (op.op === 'locate') {
    // Each query is answered by the holder of its block; the others answer −1.
    merged.found = replies[0]!.found!.slice();
    for (const reply of replies.slice(1)) {
      reply.found!.forEach((row, q) => {
        if (row >= 0) merged.found![q] = row;
      });
    }
  } else {
    merged.found = concat(
      replies.map((reply) => reply.found),
      (n) => new Int32Array(n),
    );
  }
  if (replies.some((reply) => reply.changed !== undefined))
    merged.changed = replies.some((reply) => reply.changed);
  return merged;
}
