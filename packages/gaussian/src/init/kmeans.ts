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
 * those of plain Lloyd (`test/kmeans-reference.ts`); the centres are still summed row by row in
 * order. The first assignment comes from the seeding, which already measured it.
 *
 * Why not `ml-kmeans`: on 200 000 × 2 points its k-means++ seeding alone took ~1.2 s for k = 3
 * (it builds ml-matrix rows and a distance matrix per candidate), it needs `number[][]` input (a
 * copy into 200 000 small arrays), it takes its own seed instead of our generator, and its
 * tolerance is absolute rather than scikit-learn's relative one. This version works in place on
 * the flat `Float64Array` and allocates O(n + k·d) once.
 */

import {
  addUp,
  lowerFromSquared,
  provablyCloser,
  slack,
  squaredDistance,
  subtractDown,
  upperFromSquared,
} from './distance-bounds.js';
import { plainLloydStep } from './kmeans-lloyd.js';
import type { DistanceEngine, KmeansMemory } from './kmeans-memory.js';
import { seedKmeansPlusPlus } from './kmeans-plusplus.js';

export { kmeansPlusPlus } from './kmeans-plusplus.js';

/** Result of {@link kmeans}. */
export interface KMeansResult {
  labels: Int32Array;
  /** k × d row-major. */
  centers: Float64Array;
  nIter: number;
}

/** Lloyd's k-means from k-means++ seeds. */
export function kmeans(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  random: () => number,
  maxIter = 300,
  relativeTol = 1e-4,
  engine: DistanceEngine = 'auto',
): KMeansResult {
  const seeding = seedKmeansPlusPlus(X, n, d, k, random, engine);
  const centers = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const seed = seeding.indices[c]!;
    centers.set(X.subarray(seed * d, seed * d + d), c * d);
  }
  const tol = meanVariance(X, n, d) * relativeTol;

  const { memory } = seeding;
  const { labels, closest: distances, lower } = memory;
  if (!seeding.complete) {
    // Overflowing distances: no first assignment to take over; bounds that prove nothing.
    labels.fill(-1);
    distances.fill(Number.POSITIVE_INFINITY);
    lower.fill(Number.NEGATIVE_INFINITY);
  }
  const bounds = memory.plainAssign
    ? plainLloydStep(X, n, d, labels, distances, memory.plainAssign)
    : hamerlyBounds(X, n, d, k, memory);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const previous = new Float64Array(k * d);
  let nIter = 0;
  let strictlyConverged = false;
  for (; nIter < maxIter; ) {
    nIter++;
    sums.fill(0);
    counts.fill(0);
    if (nIter === 1 && seeding.complete) {
      // The seeding measured the first assignment (which changed every label: they start unset).
      sumClusters(X, n, d, labels, sums, counts);
    } else if (!bounds.assign(centers, sums, counts) && nIter > 1) {
      strictlyConverged = true;
      break;
    }
    if (counts.includes(0)) {
      bounds.measureAssigned(centers);
      relocateEmpty(X, n, d, k, labels, distances, sums, counts, bounds);
    }
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
    bounds.centresMoved(previous, centers);
    if (shift <= tol) break;
  }
  if (!strictlyConverged) bounds.assign(centers);
  // A copy: the labels may live in the WebAssembly instance's memory, released with it.
  return { labels: labels.slice(0, n), centers, nIter };
}

/** Per-cluster row counts and coordinate sums, adding the rows in order (the centre update's). */
function sumClusters(
  X: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  sums: Float64Array,
  counts: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    counts[c]! += 1;
    for (let j = 0; j < d; j++) sums[c * d + j]! += X[i * d + j]!;
  }
}

/**
 * Lloyd's assignment step over a k-means run, with Hamerly's bounds ({@link hamerlyBounds}) or
 * without (`kmeans-lloyd.ts`).
 */
export interface AssignmentStep {
  /**
   * Lloyd's assignment step: each row to its nearest centre (lowest index on ties), measuring
   * only rows whose bounds leave it open; with `sums` and `counts` (zeroed), also the centre
   * update's sums, row by row in order as each label is settled. Returns whether a label changed.
   */
  assign(centers: Float64Array, sums?: Float64Array, counts?: Float64Array): boolean;
  /** Loosens the bounds by how far each centre moved, and measures how far apart they are now. */
  centresMoved(previous: Float64Array, centers: Float64Array): void;
  /**
   * Every row's computed squared distance to its centre into `distances`, as the unpruned
   * assignment left them (same formula, same centres): needed only to relocate an empty cluster.
   */
  measureAssigned(centers: Float64Array): void;
  /** A row moved to another cluster outside the assignment step: measure it in full next time. */
  forget(i: number): void;
}

/**
 * Hamerly's bounds, per row: `upper` ≥ ρ(x, its centre), `lower` ≤ ρ(x, any other centre), from
 * the seeding's distances. `distances` holds the computed squared distance to the centre for rows
 * measured in the last assignment only.
 */
function hamerlyBounds(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  memory: KmeansMemory,
): AssignmentStep {
  const { labels, closest: distances, lower, upper } = memory;
  const eta = slack(d);
  for (let i = 0; i < n; i++) upper[i] = upperFromSquared(distances[i]!, eta);
  // How far each centre moved (an upper bound), the largest two moves, and half the distance from
  // each centre to its nearest other centre (a lower bound).
  const moved = new Float64Array(k);
  const separation = new Float64Array(k);
  let largestMove = 0;
  let secondMove = 0;
  let largestMover = -1;

  function assign(centers: Float64Array, sums?: Float64Array, counts?: Float64Array): boolean {
    if (memory.assign) {
      return memory.assign(
        centers,
        moved,
        separation,
        largestMove,
        secondMove,
        largestMover,
        eta,
        sums,
        counts,
      );
    }
    let changed = false;
    for (let i = 0, row = 0; i < n; i++, row += d) {
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
        counts[c]! += 1;
        for (let j = 0, at = c * d; j < d; j++) sums[at + j]! += X[row + j]!;
      }
    }
    return changed;
  }

  function centresMoved(previous: Float64Array, centers: Float64Array): void {
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
  }

  function measureAssigned(centers: Float64Array): void {
    for (let i = 0; i < n; i++) distances[i] = squaredDistance(X, i, centers, labels[i]!, d);
  }

  function forget(i: number): void {
    upper[i] = Number.POSITIVE_INFINITY;
    lower[i] = Number.NEGATIVE_INFINITY;
  }

  return { assign, centresMoved, measureAssigned, forget };
}

/** scikit-learn's `_relocate_empty_clusters`: each empty cluster takes one of the farthest points. */
function relocateEmpty(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  labels: Int32Array,
  distances: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  bounds: AssignmentStep,
): void {
  for (let c = 0; c < k; c++) {
    if (counts[c]! > 0) continue;
    let far = -1;
    for (let i = 0; i < n; i++) {
      if (counts[labels[i]!]! > 1 && (far < 0 || distances[i]! > distances[far]!)) far = i;
    }
    if (far < 0) continue;
    const old = labels[far]!;
    for (let j = 0; j < d; j++) {
      const x = X[far * d + j]!;
      sums[old * d + j]! -= x;
      sums[c * d + j] = x;
    }
    counts[old]! -= 1;
    counts[c] = 1;
    labels[far] = c;
    distances[far] = 0;
    bounds.forget(far);
  }
}

/**
 * The mean of the features' variances (the scale of scikit-learn's tolerance). Each column's sums
 * add its rows in order, as a column-by-column loop would, but the rows are read in memory order.
 */
function meanVariance(X: Float64Array, n: number, d: number): number {
  const means = new Float64Array(d);
  for (let i = 0, row = 0; i < n; i++, row += d) {
    for (let j = 0; j < d; j++) means[j]! += X[row + j]!;
  }
  for (let j = 0; j < d; j++) means[j]! /= n;
  const variances = new Float64Array(d);
  for (let i = 0, row = 0; i < n; i++, row += d) {
    for (let j = 0; j < d; j++) {
      const v = X[row + j]! - means[j]!;
      variances[j]! += v * v;
    }
  }
  let total = 0;
  for (let j = 0; j < d; j++) total += variances[j]! / n;
  return total / d;
}
