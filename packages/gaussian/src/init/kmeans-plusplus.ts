import { lowerFromSquared, slack, squaredDistance } from './distance-bounds.js';

/**
 * What greedy k-means++ seeding leaves behind: the seeds, and the first assignment step of Lloyd's
 * algorithm on them, which the seeding has already done (the distance of each row to its nearest
 * seed is what it samples from).
 */
export interface Seeding {
  /** Row indices of the k seeds. */
  indices: Int32Array;
  /** Index of each row's nearest seed, the lowest on ties (the unpruned argmin over all seeds). */
  labels: Int32Array;
  /** Computed squared distance of each row to that seed (bit for bit the unpruned one). */
  closest: Float64Array;
  /** A lower bound on each row's distance to every other seed (Hamerly's lower bound). */
  lower: Float64Array;
}

/**
 * Greedy k-means++ (scikit-learn's `_kmeans_plusplus`) that also keeps, per row, its nearest seed
 * and a lower bound on its distance to the others, which Lloyd's first step and Hamerly's bounds
 * start from. Same draws and same floating-point results as the plain loop. (Pruning rows here by
 * the triangle inequality was measured slower: about half the rows prune, in no predictable
 * order, and the mispredicted branches cost more than the distances they save.)
 */
export function seedKmeansPlusPlus(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  random: () => number,
): Seeding {
  const nLocalTrials = 2 + Math.floor(Math.log(k));
  const indices = new Int32Array(k);
  const labels = new Int32Array(n);
  const closest = new Float64Array(n);
  // Each row's second smallest squared distance to a seed (over seeds other than its label).
  const second = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  // Per trial, each row's squared distance to the candidate: the chosen trial's are kept.
  const trialDistances = Array.from({ length: nLocalTrials }, () => new Float64Array(n));
  const first = Math.min(n - 1, Math.floor(random() * n));
  indices[0] = first;
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = squaredDistance(X, i, X, first, d);
    potential += closest[i]!;
  }
  for (let c = 1; c < k; c++) {
    let bestPotential = Number.POSITIVE_INFINITY;
    let bestTrial = -1;
    for (let t = 0; t < nLocalTrials; t++) {
      const candidate = sampleProportional(closest, n, random() * potential);
      const distances = trialDistances[t]!;
      const candidatePotential = distancesToCandidate(X, n, d, candidate, closest, distances);
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestTrial = t;
        indices[c] = candidate;
      }
    }
    const distances = trialDistances[bestTrial]!;
    for (let i = 0; i < n; i++) {
      const dist = distances[i]!;
      const nearest = closest[i]!;
      if (dist < nearest) {
        // Strictly nearer: the lowest index wins ties, as in the unpruned argmin.
        second[i] = nearest;
        closest[i] = dist;
        labels[i] = c;
      } else if (dist < second[i]!) second[i] = dist;
    }
    potential = bestPotential;
  }
  const eta = slack(d);
  const lower = new Float64Array(n);
  for (let i = 0; i < n; i++) lower[i] = lowerFromSquared(second[i]!, eta);
  return { indices, labels, closest, lower };
}

/**
 * Each row's squared distance to row `candidate` into `out`; returns Σᵢ min(closestᵢ, distanceᵢ)
 * summed in row order, the potential of adding the candidate (scikit-learn's `candidates_pot`).
 */
function distancesToCandidate(
  X: Float64Array,
  n: number,
  d: number,
  candidate: number,
  closest: Float64Array,
  out: Float64Array,
): number {
  let potential = 0;
  const base = candidate * d;
  for (let i = 0, row = 0; i < n; i++, row += d) {
    let dist = 0;
    for (let j = 0; j < d; j++) {
      const v = X[row + j]! - X[base + j]!;
      dist += v * v;
    }
    out[i] = dist;
    const nearest = closest[i]!;
    potential += dist < nearest ? dist : nearest;
  }
  return potential;
}

/** Greedy k-means++ seeding (scikit-learn's `_kmeans_plusplus`): indices of the k chosen samples. */
export function kmeansPlusPlus(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  random: () => number,
): Int32Array {
  return seedKmeansPlusPlus(X, n, d, k, random).indices;
}

/** First index whose cumulative weight exceeds `target` (numpy's searchsorted, clipped). */
function sampleProportional(weights: Float64Array, n: number, target: number): number {
  let cumulative = 0;
  for (let i = 0; i < n; i++) {
    cumulative += weights[i]!;
    if (cumulative > target) return i;
  }
  return n - 1;
}
