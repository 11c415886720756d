// The k-means of src/init/kmeans.ts as it was before bounds-based pruning (commit 461ebdd), as the
// reference the pruned version must reproduce bit for bit (test/kmeans-pruning.test.ts) and as the
// "before" row of bench/kmeans.mjs. One change since: every sum over the rows (the potentials, the
// cumulative weights sampled from, the centre sums) is taken per block of `blockRows` rows, in row
// order from zero, and the blocks' sums are added in block order from zero, so that threads can
// share the rows in whole blocks (src/init/kmeans-blocks.ts). With n ≤ blockRows (one block) it is
// the verbatim loop: 0 + s = s.

/**
 * k-means for initialisation, on flat row-major data, following scikit-learn's `KMeans` as
 * `GaussianMixture` calls it (`n_init=1`, greedy k-means++ seeding, Lloyd iterations, `max_iter`
 * 300, `tol` 1e-4 relative to the mean feature variance, empty clusters moved to the farthest
 * points, a final assignment with the final centres).
 *
 * Why not `ml-kmeans`: on 200 000 × 2 points its k-means++ seeding alone took ~1.2 s for k = 3
 * (it builds ml-matrix rows and a distance matrix per candidate), it needs `number[][]` input (a
 * copy into 200 000 small arrays), it takes its own seed instead of our generator, and its
 * tolerance is absolute rather than scikit-learn's relative one. This version works in place on
 * the flat `Float64Array` and allocates O(n + k·d) once.
 */

/** Greedy k-means++ seeding (scikit-learn's `_kmeans_plusplus`): indices of the k chosen samples. */
export function kmeansPlusPlus(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  random: () => number,
  blockRows = 4096,
): Int32Array {
  const nLocalTrials = 2 + Math.floor(Math.log(k));
  const indices = new Int32Array(k);
  const closest = new Float64Array(n);
  const candidateDist = new Float64Array(n);
  const bestDist = new Float64Array(n);
  const first = Math.min(n - 1, Math.floor(random() * n));
  indices[0] = first;
  for (let i = 0; i < n; i++) closest[i] = squaredDistance(X, i * d, X, first * d, d);
  let potential = blockedSum(closest, n, blockRows);
  for (let c = 1; c < k; c++) {
    let bestPotential = Number.POSITIVE_INFINITY;
    let bestIndex = -1;
    for (let t = 0; t < nLocalTrials; t++) {
      const candidate = sampleProportional(closest, n, random() * potential, blockRows);
      for (let i = 0; i < n; i++) {
        candidateDist[i] = Math.min(closest[i]!, squaredDistance(X, i * d, X, candidate * d, d));
      }
      const candidatePotential = blockedSum(candidateDist, n, blockRows);
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestIndex = candidate;
        bestDist.set(candidateDist.subarray(0, n));
      }
    }
    indices[c] = bestIndex;
    closest.set(bestDist.subarray(0, n));
    potential = bestPotential;
  }
  return indices;
}

/**
 * First index whose cumulative weight exceeds `target` (numpy's searchsorted, clipped): the
 * cumulative weight of a row is the sum of the blocks before its own plus its block's weights up
 * to it.
 */
function sampleProportional(weights: Float64Array, n: number, target: number, blockRows: number): number {
  let before = 0;
  for (let start = 0; start < n; start += blockRows) {
    let partial = 0;
    for (let i = start; i < Math.min(n, start + blockRows); i++) {
      partial += weights[i]!;
      if (before + partial > target) return i;
    }
    before += partial;
  }
  return n - 1;
}

/** Σ values[0 … n − 1]: each block of `blockRows` in order from zero, then the blocks in order from zero. */
function blockedSum(values: Float64Array, n: number, blockRows: number): number {
  let total = 0;
  for (let start = 0; start < n; start += blockRows) {
    let partial = 0;
    for (let i = start; i < Math.min(n, start + blockRows); i++) partial += values[i]!;
    total += partial;
  }
  return total;
}

function squaredDistance(a: Float64Array, aOff: number, b: Float64Array, bOff: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const v = a[aOff + j]! - b[bOff + j]!;
    sum += v * v;
  }
  return sum;
}

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
  blockRows = 4096,
): KMeansResult {
  const centers = new Float64Array(k * d);
  const seeds = kmeansPlusPlus(X, n, d, k, random, blockRows);
  for (let c = 0; c < k; c++) centers.set(X.subarray(seeds[c]! * d, seeds[c]! * d + d), c * d);
  const tol = meanVariance(X, n, d, blockRows) * relativeTol;

  const labels = new Int32Array(n).fill(-1);
  const distances = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  let nIter = 0;
  let strictlyConverged = false;
  for (; nIter < maxIter; ) {
    nIter++;
    const changed = assign(X, n, d, k, centers, labels, distances);
    if (!changed && nIter > 1) {
      strictlyConverged = true;
      break;
    }
    sums.fill(0);
    counts.fill(0);
    const blockSums = new Float64Array(k * d);
    for (let start = 0; start < n; start += blockRows) {
      blockSums.fill(0);
      for (let i = start; i < Math.min(n, start + blockRows); i++) {
        const c = labels[i]!;
        counts[c]! += 1;
        for (let j = 0; j < d; j++) blockSums[c * d + j]! += X[i * d + j]!;
      }
      for (let j = 0; j < k * d; j++) sums[j]! += blockSums[j]!;
    }
    relocateEmpty(X, n, d, k, labels, distances, sums, counts);
    let shift = 0;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const updated = sums[c * d + j]! / counts[c]!;
        const v = updated - centers[c * d + j]!;
        shift += v * v;
        centers[c * d + j] = updated;
      }
    }
    if (shift <= tol) break;
  }
  if (!strictlyConverged) assign(X, n, d, k, centers, labels, distances);
  return { labels, centers, nIter };
}

function assign(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  centers: Float64Array,
  labels: Int32Array,
  distances: Float64Array,
): boolean {
  let changed = false;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDist = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      let dist = 0;
      for (let j = 0; j < d; j++) {
        const v = X[i * d + j]! - centers[c * d + j]!;
        dist += v * v;
      }
      if (dist < bestDist) {
        bestDist = dist;
        best = c;
      }
    }
    if (labels[i] !== best) changed = true;
    labels[i] = best;
    distances[i] = bestDist;
  }
  return changed;
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
  }
}

function meanVariance(X: Float64Array, n: number, d: number, blockRows: number): number {
  let total = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let start = 0; start < n; start += blockRows) {
      let partial = 0;
      for (let i = start; i < Math.min(n, start + blockRows); i++) partial += X[i * d + j]!;
      mean += partial;
    }
    mean /= n;
    let variance = 0;
    for (let start = 0; start < n; start += blockRows) {
      let partial = 0;
      for (let i = start; i < Math.min(n, start + blockRows); i++) {
        const v = X[i * d + j]! - mean;
        partial += v * v;
      }
      variance += partial;
    }
    total += variance / n;
  }
  return total / d;
}
