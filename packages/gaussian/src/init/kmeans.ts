/**
 * k-means for initialisation, on flat row-major data, following scikit-learn's `KMeans` as
 * `GaussianMixture` calls it (`n_init=1`, greedy k-means++ seeding, Lloyd iterations, `max_iter`
 * 300, `tol` 1e-4 relative to the mean feature variance, empty clusters moved to the farthest
 * points, a final assignment with the final centres).
 *
 * Lloyd's iterations are pruned with Hamerly's bounds: per row, an upper bound on the distance to
 * its centre and a lower bound on the distance to every other, moved by how far the centres moved.
 * A row is only measured when the bounds cannot prove its label unchanged, and the proofs allow
 * for rounding (`distance-bounds.ts`), so labels, centres and iteration counts are bit for bit
 * those of plain Lloyd (`test/kmeans-reference.ts`). The first assignment comes from the seeding,
 * which already measured it.
 *
 * Every sum over the rows is taken per fixed block of rows, the blocks' sums then added in block
 * order (`kmeans-blocks.ts`): the centre sums, the seeding's potentials and cumulative weights. So
 * the rows can be spread over worker threads in whole blocks (`parallel/kmeans.ts`) and the result
 * is the same, bit for bit, on one thread or many. The run itself is a generator of steps over the
 * rows (`kmeans-ops.ts`), answered here by one holder of all the rows (`kmeans-shard.ts`).
 *
 * Why not `ml-kmeans`: on 200 000 × 2 points its k-means++ seeding alone took ~1.2 s for k = 3
 * (it builds ml-matrix rows and a distance matrix per candidate), it needs `number[][]` input (a
 * copy into 200 000 small arrays), it takes its own seed instead of our generator, and its
 * tolerance is absolute rather than scikit-learn's relative one. This version works in place on
 * the flat `Float64Array` and allocates O(n + k·d) once.
 */

import { lowerFromSquared, slack, squaredDistance, upperFromSquared } from './distance-bounds.js';
import { addBlocks, BLOCK_ROWS, blockCount } from './kmeans-blocks.js';
import type { DistanceEngine } from './kmeans-memory.js';
import type { KmeansOp } from './kmeans-ops.js';
import { type KmeansSteps, localTrials, runOnShard, seedingSteps } from './kmeans-plusplus.js';
import { kmeansShard } from './kmeans-shard.js';

export { kmeansPlusPlus } from './kmeans-plusplus.js';

/** Result of {@link kmeans}. */
export interface KMeansResult {
  labels: Int32Array;
  /** k × d row-major. */
  centers: Float64Array;
  nIter: number;
}

/** Lloyd's k-means from k-means++ seeds, on this thread. */
export function kmeans(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  random: () => number,
  maxIter = 300,
  relativeTol = 1e-4,
  engine: DistanceEngine = 'auto',
  blockRows = BLOCK_ROWS,
): KMeansResult {
  const shard = kmeansShard(X, n, d, k, localTrials(k), blockRows, undefined, engine);
  return runOnShard(kmeansSteps(X, n, d, k, random, maxIter, relativeTol, blockRows), shard);
}

/**
 * The steps of {@link kmeans}: the seeding, then Lloyd's iterations, one message to the holders of
 * the rows per iteration (two for an iteration that empties a cluster, per emptied cluster).
 * The tolerance's scale, the mean of the features' variances, is summed by the holders too, in
 * blocks (its first pass goes with the seeding's first step, its second with Lloyd's first).
 */
export function* kmeansSteps(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  random: () => number,
  maxIter = 300,
  relativeTol = 1e-4,
  blockRows = BLOCK_ROWS,
): KmeansSteps<KMeansResult> {
  const blocks = blockCount(n, blockRows);
  const seeding = yield* seedingSteps(X, n, d, k, random, blockRows, [{ op: 'spread' }]);
  // The features' means (sums per block, added in block order); their variances come back with
  // Lloyd's first step.
  const means = new Float64Array(d);
  addBlocks(seeding.alongFirst[0]!.blocks!, blocks, d, means);
  for (let j = 0; j < d; j++) means[j]! /= n;
  const centers = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const seed = seeding.indices[c]!;
    centers.set(X.subarray(seed * d, seed * d + d), c * d);
  }
  let tol = Number.NaN;
  const moves = centreMoves(k, d);
  // Steps not sent yet go with the next message.
  let pending: KmeansOp[] = [
    ...seeding.pending,
    { op: 'bounds', complete: seeding.complete },
    { op: 'spread', means },
  ];
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const previous = new Float64Array(k * d);
  let nIter = 0;
  let strictlyConverged = false;
  for (; nIter < maxIter; ) {
    nIter++;
    // The seeding measured the first assignment (which changed every label: they start unset).
    const fromSeeding = nIter === 1 && seeding.complete;
    const sent = pending;
    const replies = yield [...sent, fromSeeding ? { op: 'sum' } : moves.assign(centers, true)];
    pending = [];
    const reply = replies[replies.length - 1]!;
    const spread = sent.findIndex((op) => op.op === 'spread');
    if (spread >= 0) tol = meanVariance(replies[spread]!.blocks!, blocks, d, n) * relativeTol;
    if (!fromSeeding && !reply.changed && nIter > 1) {
      strictlyConverged = true;
      break;
    }
    addBlocks(reply.blocks!, blocks, k * d, sums);
    addBlocks(reply.counts!, blocks, k, counts);
    if (counts.includes(0)) pending = yield* relocateEmpty(X, d, k, centers, sums, counts);
    previous.set(centers);
    let shift = 0;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const updated = sums[c * d + j]! / counts[c]!;
        const v = updated - centers[c * d + j]!;
        shift += v * v;
        centers[c * d + j] = updated;
      }
    }
    moves.centresMoved(previous, centers);
    if (shift <= tol) break;
  }
  const last = [...pending, ...(strictlyConverged ? [] : [moves.assign(centers, false)])];
  const replies = yield [...last, { op: 'labels' }];
  return { labels: replies[replies.length - 1]!.labels!, centers, nIter };
}

/**
 * How far each centre moved (an upper bound), the largest two moves, and half the distance from
 * each centre to its nearest other centre (a lower bound): what Hamerly's bounds are loosened and
 * tested with, sent with each assignment step.
 */
function centreMoves(k: number, d: number) {
  const eta = slack(d);
  const moved = new Float64Array(k);
  const separation = new Float64Array(k);
  let largestMove = 0;
  let secondMove = 0;
  let largestMover = -1;
  return {
    assign(centers: Float64Array, withSums: boolean): KmeansOp {
      return {
        op: 'assign',
        centers: centers.slice(),
        moved: moved.slice(),
        separation: separation.slice(),
        largestMove,
        secondMove,
        largestMover,
        withSums,
      };
    },
    centresMoved(previous: Float64Array, centers: Float64Array): void {
      largestMove = 0;
      secondMove = 0;
      largestMover = -1;
      for (let c = 0; c < k; c++) {
        moved[c] = upperFromSquared(squaredDistance(previous, c, centers, c, d), eta);
        if (moved[c]! > largestMove) {
          secondMove = largestMove;
          largestMove = moved[c]!;
          largestMover = c;
        } else if (moved[c]! > secondMove) secondMove = moved[c]!;
      }
      separation.fill(Number.POSITIVE_INFINITY);
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++) {
          const half = lowerFromSquared(squaredDistance(centers, a, centers, b, d), eta) / 2;
          if (half < separation[a]!) separation[a] = half;
          if (half < separation[b]!) separation[b] = half;
        }
      }
    },
  };
}

/**
 * scikit-learn's `_relocate_empty_clusters`: each empty cluster takes one of the farthest points
 * (by the distances to the centres of the assignment), the first in row order among rows whose
 * cluster keeps another row. Returns the moves still to send.
 */
function* relocateEmpty(
  X: Float64Array,
  d: number,
  k: number,
  centers: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
): KmeansSteps<KmeansOp[]> {
  let pending: KmeansOp[] = [];
  let measure = true;
  for (let c = 0; c < k; c++) {
    if (counts[c]! > 0) continue;
    const replies = yield [
      ...pending,
      { op: 'farthest', counts: counts.slice(), ...(measure ? { centers: centers.slice() } : {}) },
    ];
    measure = false;
    pending = [];
    const { found, blocks: distances, labels } = replies[replies.length - 1]!;
    let best = -1;
    for (let b = 0; b < found!.length; b++) {
      if (found![b]! >= 0 && (best < 0 || distances![b]! > distances![best]!)) best = b;
    }
    if (best < 0) continue;
    const far = found![best]!;
    const old = labels![best]!;
    for (let j = 0; j < d; j++) {
      const x = X[far * d + j]!;
      sums[old * d + j]! -= x;
      sums[c * d + j] = x;
    }
    counts[old]! -= 1;
    counts[c] = 1;
    pending = [{ op: 'relocate', row: far, label: c }];
  }
  return pending;
}

/**
 * The mean of the features' variances (the scale of scikit-learn's tolerance) from their sums of
 * squared deviations per block (block b, feature j at b · d + j), added in block order.
 */
function meanVariance(deviations: Float64Array, blocks: number, d: number, n: number): number {
  const variances = new Float64Array(d);
  addBlocks(deviations, blocks, d, variances);
  let total = 0;
  for (let j = 0; j < d; j++) total += variances[j]! / n;
  return total / d;
}
