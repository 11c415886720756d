import { addBlocks, BLOCK_ROWS, blockCount } from './kmeans-blocks.js';
import type { DistanceEngine } from './kmeans-memory.js';
import type { KmeansOp, KmeansReply } from './kmeans-ops.js';
import { type KmeansShard, kmeansShard } from './kmeans-shard.js';

/**
 * The steps of a k-means run, as a generator: it yields the steps over the rows (`kmeans-ops.ts`)
 * and is resumed with their replies, merged in block order. The same generator runs on one thread
 * (`runOnShard`) or sends its steps to workers (`parallel/kmeans.ts`), so both give the same bits.
 */
export type KmeansSteps<T> = Generator<KmeansOp[], T, KmeansReply[]>;

/** What the seeding leaves: the seeds, and steps still to send (they go with the next message). */
export interface Seeding {
  /** Row indices of the k seeds (−1 for a seed that could not be chosen, see `complete`). */
  indices: Int32Array;
  /**
   * False when a round of candidates all had an infinite potential (squared distances that
   * overflow): the plain loop then chose no seed (index −1) and the holders' nearest seeds do not
   * describe the seeds, so Lloyd's first step must measure every row.
   */
  complete: boolean;
  /** Steps not sent yet: the last seed's `choose`. */
  pending: KmeansOp[];
  /** The replies to the steps sent along with the first one. */
  alongFirst: KmeansReply[];
}

/** The number of candidates per seed, as scikit-learn's `_kmeans_plusplus`. */
export function localTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/**
 * How many random numbers the seeding draws — the first seed, then {@link localTrials} targets
 * for each further seed — and so the whole k-means (Lloyd's iterations draw none): what a
 * calling thread draws in advance for workers that run the k-means themselves.
 */
export function seedingDraws(k: number): number {
  return 1 + (k - 1) * localTrials(k);
}

/**
 * Greedy k-means++ (scikit-learn's `_kmeans_plusplus`), with the sums taken over fixed blocks of
 * rows (`kmeans-blocks.ts`): the potentials, and the cumulative weights each candidate is sampled
 * from (block b's cumulative weight at a row is the blocks before it, added in block order, plus
 * its own rows up to that one). The holders keep, per row, the nearest seed and the distance to
 * it — Lloyd's first assignment step — and the second smallest distance, for Hamerly's lower
 * bounds. Same draws as the plain loop; with one block, the same floating-point results.
 */
export function* seedingSteps(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  random: () => number,
  blockRows: number,
  alongFirst: KmeansOp[] = [],
): KmeansSteps<Seeding> {
  const trials = localTrials(k);
  const blocks = blockCount(n, blockRows);
  const indices = new Int32Array(k);
  const first = Math.min(n - 1, Math.floor(random() * n));
  indices[0] = first;
  const [measured, ...along] = yield [
    { op: 'first', seed: X.slice(first * d, first * d + d) },
    ...alongFirst,
  ];
  // The nearest distances' sums per block, and in all.
  let weights = measured!.blocks!;
  const total = new Float64Array(1);
  addBlocks(weights, blocks, 1, total);
  let potential = total[0]!;
  const targets = new Float64Array(trials);
  const totals = new Float64Array(trials);
  let complete = true;
  let chosenAny = false;
  let pending: KmeansOp[] = [];
  for (let c = 1; c < k; c++) {
    // The trials all sample from the same weights: draw them all, then measure them together.
    for (let t = 0; t < trials; t++) targets[t] = random() * potential;
    const candidates = yield* sampleSteps(weights, blocks, n, targets, pending);
    const features = new Float64Array(trials * d);
    for (let t = 0; t < trials; t++)
      features.set(X.subarray(candidates[t]! * d, candidates[t]! * d + d), t * d);
    const [reply] = yield [{ op: 'measure', candidates: features }];
    const potentials = reply!.blocks!;
    addBlocks(potentials, blocks, trials, totals);
    let bestPotential = Number.POSITIVE_INFINITY;
    let bestTrial = -1;
    for (let t = 0; t < trials; t++) {
      if (totals[t]! < bestPotential) {
        bestPotential = totals[t]!;
        bestTrial = t;
        indices[c] = candidates[t]!;
      }
    }
    if (bestTrial < 0) {
      // As the plain loop: no seed (−1), and the nearest distances are those of the last round
      // that chose one (they are unchanged), or zeros before any did. The potential is infinite:
      // every later target samples the last row.
      indices[c] = -1;
      pending = chosenAny ? [] : [{ op: 'zeroClosest' }];
      complete = false;
      potential = bestPotential;
      continue;
    }
    chosenAny = true;
    pending = [{ op: 'choose', trial: bestTrial, seed: c }];
    // The chosen trial's potentials are the sums of the nearest distances it leaves.
    weights = new Float64Array(blocks);
    for (let b = 0; b < blocks; b++) weights[b] = potentials[b * trials + bestTrial]!;
    potential = bestPotential;
  }
  return { indices, complete, pending, alongFirst: along };
}

/**
 * For each target, the first row whose cumulative weight exceeds it (numpy's searchsorted, clipped
 * to n − 1): the block from the blocks' sums here, the row by the holder of that block.
 */
function* sampleSteps(
  weights: Float64Array,
  blocks: number,
  n: number,
  targets: Float64Array,
  pending: KmeansOp[],
): KmeansSteps<Int32Array> {
  const rows = new Int32Array(targets.length).fill(n - 1);
  const queried: number[] = [];
  const queryBlocks: number[] = [];
  const prefixes: number[] = [];
  for (let t = 0; t < targets.length; t++) {
    // NaN targets (an infinite potential times 0), like ∞ ones, are exceeded by no sum.
    let prefix = 0;
    for (let b = 0; b < blocks; b++) {
      const next = prefix + weights[b]!;
      if (next > targets[t]!) {
        queried.push(t);
        queryBlocks.push(b);
        prefixes.push(prefix);
        break;
      }
      prefix = next;
    }
  }
  const locate: KmeansOp = {
    op: 'locate',
    blocks: Int32Array.from(queryBlocks),
    prefixes: Float64Array.from(prefixes),
    targets: Float64Array.from(queried, (t) => targets[t]!),
  };
  const replies = yield [...pending, locate];
  const found = replies[replies.length - 1]!.found!;
  queried.forEach((t, q) => {
    rows[t] = found[q]!;
  });
  return rows;
}

/** Runs k-means steps on one holder of all the rows, on this thread, and closes it. */
export function runOnShard<T>(steps: KmeansSteps<T>, shard: KmeansShard): T {
  try {
    let next = steps.next();
    while (!next.done) next = steps.next(shard.run(next.value));
    return next.value;
  } finally {
    shard.close();
  }
}

/** Greedy k-means++ seeding (scikit-learn's `_kmeans_plusplus`): indices of the k chosen samples. */
export function kmeansPlusPlus(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  random: () => number,
  engine: DistanceEngine = 'auto',
  blockRows = BLOCK_ROWS,
): Int32Array {
  const shard = kmeansShard(X, n, d, k, localTrials(k), blockRows, undefined, engine);
  return runOnShard(seedingSteps(X, n, d, k, random, blockRows), shard).indices;
}
