import { addRow } from './add-row.js';
import {
  addUp,
  lowerFromSquared,
  provablyCloser,
  slack,
  squaredDistance,
  subtractDown,
  upperFromSquared,
} from './distance-bounds.js';
import { blockCount, forEachBlock } from './kmeans-blocks.js';
import { type DistanceEngine, type KmeansMemory, kmeansMemory } from './kmeans-memory.js';
import type { KmeansOp, KmeansReply } from './kmeans-ops.js';
import { labelMoments } from './label-moments.js';

/** What a holder of rows answers: the steps of `kmeans-ops.ts`, in order. */
export interface KmeansShard {
  run(ops: KmeansOp[]): KmeansReply[];
  /** The run has ended (or was dropped): frees its memory for another run. */
  close(): void;
}

/** Where a holder's rows sit among all the rows of the k-means. */
export interface ShardPlace {
  /** The index of its first row (a multiple of the block size). */
  firstRow: number;
  /** The index of its first block. */
  firstBlock: number;
}

/**
 * The holder of `rows` consecutive rows of a k-means (all of them on the calling thread, or a
 * worker's blocks), X their features (rows × d, row-major), with the run's arrays and passes
 * (`kmeans-memory.ts`). Its per-block replies cover its blocks in order.
 */
export function kmeansShard(
  X: Float64Array,
  rows: number,
  d: number,
  k: number,
  trials: number,
  blockRows: number,
  place: ShardPlace = { firstRow: 0, firstBlock: 0 },
  engine: DistanceEngine = 'auto',
): KmeansShard {
  const memory = kmeansMemory(X, rows, d, k, trials, engine, blockRows);
  const { labels, closest, lower, upper } = memory;
  const blocks = blockCount(rows, blockRows);
  const eta = slack(d);
  // Each row's second smallest squared distance to a seed, for Hamerly's lower bounds (the plain
  // assignment step has no bounds).
  if (!memory.plainAssign) upper.fill(Number.POSITIVE_INFINITY);
  const hamerly = memory.assign ?? jsHamerly(X, rows, d, k, memory, eta, blockRows);

  function step(op: KmeansOp): KmeansReply {
    switch (op.op) {
      case 'first': {
        const potentials = new Float64Array(blocks);
        memory.measureFirst(op.seed, potentials);
        return { blocks: potentials };
      }
      case 'spread':
        return { blocks: featureSpread(X, rows, d, blockRows, op.means) };
      case 'locate':
        return { found: locate(op.blocks, op.prefixes, op.targets) };
      case 'measure': {
        const potentials = new Float64Array((blocks * op.candidates.length) / d);
        memory.measureAll(op.candidates, potentials);
        return { blocks: potentials };
      }
      case 'choose':
        memory.choose(op.trial, op.seed);
        return {};
      case 'zeroClosest':
        closest.fill(0);
        return {};
      case 'bounds':
        if (!memory.plainAssign) {
          for (let i = 0; i < rows; i++) lower[i] = lowerFromSquared(upper[i]!, eta);
        }
        if (!op.complete) {
          // Overflowing distances: no first assignment to take over; bounds that prove nothing.
          labels.fill(-1);
          closest.fill(Number.POSITIVE_INFINITY);
          lower.fill(Number.NEGATIVE_INFINITY);
        }
        if (!memory.plainAssign) for (let i = 0; i < rows; i++) upper[i] = upperFromSquared(closest[i]!, eta);
        return {};
      case 'sum':
        return sumsByLabel(X, rows, d, k, labels, blockRows);
      case 'assign': {
        const sums = op.withSums ? new Float64Array(blocks * k * d) : undefined;
        const counts = op.withSums ? new Float64Array(blocks * k) : undefined;
        const changed = memory.plainAssign
          ? memory.plainAssign(op.centers, sums, counts)
          : hamerly(
              op.centers,
              op.moved,
              op.separation,
              op.largestMove,
              op.secondMove,
              op.largestMover,
              eta,
              sums,
              counts,
            );
        return { changed, blocks: sums, counts };
      }
      case 'farthest':
        if (op.centers) {
          const { centers } = op;
          for (let i = 0; i < rows; i++) closest[i] = squaredDistance(X, i, centers, labels[i]!, d);
        }
        return farthest(op.counts);
      case 'relocate': {
        const i = op.row - place.firstRow;
        if (i >= 0 && i < rows) {
          labels[i] = op.label;
          closest[i] = 0;
          // Measured in full at the next assignment.
          upper[i] = Number.POSITIVE_INFINITY;
          lower[i] = Number.NEGATIVE_INFINITY;
        }
        return {};
      }
      case 'labels':
        return { labels: labels.slice(0, rows) };
      case 'moments': {
        const { nk, s1, s2 } = labelMoments(X, rows, d, k, labels, op.centres, blockRows);
        return { counts: nk, blocks: s1, moments: s2 };
      }
    }
  }

  /** Per query, the first row where the block's cumulative weight exceeds the target (−1 if not held here). */
  function locate(queried: Int32Array, prefixes: Float64Array, targets: Float64Array): Int32Array {
    const found = new Int32Array(queried.length).fill(-1);
    for (let q = 0; q < queried.length; q++) {
      const b = queried[q]! - place.firstBlock;
      if (b < 0 || b >= blocks) continue;
      const start = b * blockRows;
      const end = Math.min(rows, start + blockRows);
      const prefix = prefixes[q]!;
      const target = targets[q]!;
      // The block's sum reaches past the target, so some row does; the last one if rounding says not.
      let row = end - 1;
      let partial = 0;
      for (let i = start; i < end; i++) {
        partial += closest[i]!;
        if (prefix + partial > target) {
          row = i;
          break;
        }
      }
      found[q] = place.firstRow + row;
    }
    return found;
  }

  /** Per block, the first row with the largest distance among rows whose cluster has another row. */
  function farthest(counts: Float64Array): KmeansReply {
    const found = new Int32Array(blocks).fill(-1);
    const distances = new Float64Array(blocks);
    const farLabels = new Int32Array(blocks);
    forEachBlock(rows, blockRows, (b, start, end) => {
      let far = -1;
      for (let i = start; i < end; i++) {
        if (counts[labels[i]!]! > 1 && (far < 0 || closest[i]! > closest[far]!)) far = i;
      }
      if (far < 0) return;
      found[b] = place.firstRow + far;
      distances[b] = closest[far]!;
      farLabels[b] = labels[far]!;
    });
    return { found, blocks: distances, labels: farLabels };
  }

  return { run: (ops) => ops.map(step), close: () => memory.release() };
}

/**
 * Per block, each feature's sum (no `means`) or sum of squared deviations from its mean. Plain
 * arguments: the step objects have many shapes, and a property read from one in the loop would be
 * a slow, megamorphic load per row. Each feature's sum runs down its column in row order (the same
 * bits as adding row by row); four features at a time keep four independent additions in flight,
 * where one running sum per feature waited on each addition (5× faster on 8 features).
 */
function featureSpread(
  X: Float64Array,
  rows: number,
  d: number,
  blockRows: number,
  means: Float64Array | undefined,
): Float64Array {
  const blocks = blockCount(rows, blockRows);
  const sums = new Float64Array(blocks * d);
  for (let b = 0; b < blocks; b++) {
    const first = b * blockRows * d;
    const stop = Math.min(rows, (b + 1) * blockRows) * d;
    let j = 0;
    for (; j + 4 <= d; j += 4) columnSums4(X, first + j, stop, d, means, j, sums, b * d + j);
    for (; j < d; j++) sums[b * d + j] = columnSum(X, first + j, stop, d, means ? means[j]! : undefined);
  }
  return sums;
}

/** Σ X[at], or Σ (X[at] − mean)², for at = first, first + d, … below stop: one column of a block. */
function columnSum(
  X: Float64Array,
  first: number,
  stop: number,
  d: number,
  mean: number | undefined,
): number {
  let s = 0;
  if (mean === undefined) for (let at = first; at < stop; at += d) s += X[at]!;
  else {
    for (let at = first; at < stop; at += d) {
      const v = X[at]! - mean;
      s += v * v;
    }
  }
  return s;
}

/** {@link columnSum} of columns j … j + 3 at once, into out[to] … out[to + 3]. */
function columnSums4(
  X: Float64Array,
  first: number,
  stop: number,
  d: number,
  means: Float64Array | undefined,
  j: number,
  out: Float64Array,
  to: number,
): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  if (!means) {
    for (let at = first; at < stop; at += d) {
      s0 += X[at]!;
      s1 += X[at + 1]!;
      s2 += X[at + 2]!;
      s3 += X[at + 3]!;
    }
  } else {
    const m0 = means[j]!;
    const m1 = means[j + 1]!;
    const m2 = means[j + 2]!;
    const m3 = means[j + 3]!;
    for (let at = first; at < stop; at += d) {
      const v0 = X[at]! - m0;
      const v1 = X[at + 1]! - m1;
      const v2 = X[at + 2]! - m2;
      const v3 = X[at + 3]! - m3;
      s0 += v0 * v0;
      s1 += v1 * v1;
      s2 += v2 * v2;
      s3 += v3 * v3;
    }
  }
  out[to] = s0;
  out[to + 1] = s1;
  out[to + 2] = s2;
  out[to + 3] = s3;
}

/** Per block, each cluster's row count and coordinate sums, adding the rows in order. */
function sumsByLabel(
  X: Float64Array,
  rows: number,
  d: number,
  k: number,
  labels: Int32Array,
  blockRows: number,
): KmeansReply {
  const blocks = blockCount(rows, blockRows);
  const sums = new Float64Array(blocks * k * d);
  const counts = new Float64Array(blocks * k);
  for (let b = 0; b < blocks; b++) {
    const end = Math.min(rows, (b + 1) * blockRows);
    for (let i = b * blockRows, row = i * d; i < end; i++, row += d) {
      const c = labels[i]!;
      counts[b * k + c]! += 1;
      addRow(X, row, d, sums, (b * k + c) * d);
    }
  }
  return { blocks: sums, counts };
}

/**
 * Lloyd's assignment step with Hamerly's bounds in JavaScript (the WebAssembly engine has its own,
 * `assembly/kmeans.ts`): per row, `upper` ≥ ρ(x, its centre) and `lower` ≤ ρ(x, any other centre),
 * loosened by how far the centres moved; a row is measured only when they cannot prove its label.
 * `closest` holds the computed squared distance to the centre of rows measured in full.
 */
function jsHamerly(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  memory: KmeansMemory,
  eta: number,
  blockRows: number,
): NonNullable<KmeansMemory['assign']> {
  const { labels, closest: distances, lower, upper } = memory;
  return (centers, moved, separation, largestMove, secondMove, largestMover, _eta, sums, counts) => {
    let changed = false;
    forEachBlock(n, blockRows, (b, start, end) => {
      for (let i = start, row = start * d; i < end; i++, row += d) {
        const a = labels[i]!;
        let settled = false;
        // A label of −1 (the seeding could not assign) is measured in full.
        if (a >= 0) {
          let high = addUp(upper[i]!, moved[a]!);
          const low = subtractDown(lower[i]!, a === largestMover ? secondMove : largestMove);
          lower[i] = low;
          // Others are ≥ max(lower, 2·separation − upper) away (triangle inequality through centre a).
          const others = Math.max(low, subtractDown(2 * separation[a]!, high));
          settled = provablyCloser(high, others, eta);
          if (!settled) {
            let own = 0;
            for (let j = 0, at = a * d; j < d; j++) {
              const v = X[row + j]! - centers[at + j]!;
              own += v * v;
            }
            high = upperFromSquared(own, eta);
            settled = provablyCloser(high, others, eta);
          }
          upper[i] = high;
        }
        if (!settled) {
          let best = 0;
          let bestDist = Number.POSITIVE_INFINITY;
          let secondDist = Number.POSITIVE_INFINITY;
          for (let c = 0, at = 0; c < k; c++, at += d) {
            let dist = 0;
            for (let j = 0; j < d; j++) {
              const v = X[row + j]! - centers[at + j]!;
              dist += v * v;
            }
            if (dist < bestDist) {
              secondDist = bestDist;
              bestDist = dist;
              best = c;
            } else if (dist < secondDist) secondDist = dist;
          }
          if (a !== best) changed = true;
          labels[i] = best;
          distances[i] = bestDist;
          upper[i] = upperFromSquared(bestDist, eta);
          lower[i] = lowerFromSquared(secondDist, eta);
        }
        if (sums && counts) {
          const c = labels[i]!;
          counts[b * k + c]! += 1;
          addRow(X, row, d, sums, (b * k + c) * d);
        }
      }
    });
    return changed;
  };
}
