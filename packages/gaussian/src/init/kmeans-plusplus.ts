import { lowerFromSquared, slack } from './distance-bounds.js';
import { type DistanceEngine, type KmeansMemory, kmeansMemory } from './kmeans-memory.js';

/**
 * What greedy k-means++ seeding leaves behind: the seeds, and the first assignment step of Lloyd's
 * algorithm on them, which the seeding has already done (the distance of each row to its nearest
 * seed is what it samples from).
 */
export interface Seeding {
  /** Row indices of the k seeds. */
  indices: Int32Array;
  /**
   * The run's arrays: `labels`, each row's nearest seed, the lowest on ties (the unpruned argmin
   * over all seeds); `closest`, the computed squared distance to it (bit for bit the unpruned
   * one); `lower`, a lower bound on the distance to every other seed (Hamerly's lower bound).
   */
  memory: KmeansMemory;
  /**
   * False when a round of candidates all had an infinite potential (squared distances that
   * overflow): the plain loop then chose no seed (index −1) and `labels`, `closest` and `lower`
   * do not describe the seeds, so Lloyd's first step must measure every row.
   */
  complete: boolean;
}

/**
 * Greedy k-means++ (scikit-learn's `_kmeans_plusplus`) that also keeps, per row, its nearest seed
 * and a lower bound on its distance to the others, which Lloyd's first step and Hamerly's bounds
 * start from. Same draws and same floating-point results as the plain loop; the distance passes
 * run in WebAssembly SIMD where available (`kmeans-memory.ts`). (Pruning rows here by
 * the triangle inequality was measured slower: about half the rows prune, in no predictable
 * order, and the mispredicted branches cost more than the distances they save.)
 */
export function seedKmeansPlusPlus(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  random: () => number,
  engine: DistanceEngine = 'auto',
): Seeding {
  const nLocalTrials = 2 + Math.floor(Math.log(k));
  const indices = new Int32Array(k);
  const memory = kmeansMemory(X, n, d, k, nLocalTrials, engine);
  const { closest, lower } = memory;
  const candidates = new Int32Array(nLocalTrials);
  const potentials = new Float64Array(nLocalTrials);
  const targets = new Float64Array(nLocalTrials);
  // Each row's second smallest squared distance to a seed (over seeds other than its label), for
  // Hamerly's lower bounds (Lloyd's plain assignment step has none).
  const second = memory.plainAssign ? memory.upper : memory.upper.fill(Number.POSITIVE_INFINITY);
  const first = Math.min(n - 1, Math.floor(random() * n));
  indices[0] = first;
  let potential = memory.measureFirst(first);
  let complete = true;
  let chosenAny = false;
  for (let c = 1; c < k; c++) {
    // The trials all sample from the same distances: draw them all, then measure them together.
    for (let t = 0; t < nLocalTrials; t++) targets[t] = random() * potential;
    sampleProportional(closest, n, targets, candidates);
    memory.measureAll(candidates, potentials);
    let bestPotential = Number.POSITIVE_INFINITY;
    let bestTrial = -1;
    for (let t = 0; t < nLocalTrials; t++) {
      if (potentials[t]! < bestPotential) {
        bestPotential = potentials[t]!;
        bestTrial = t;
        indices[c] = candidates[t]!;
      }
    }
    if (bestTrial < 0) {
      // As the plain loop: no seed (−1), and the nearest distances are those of the last round
      // that chose one (they are unchanged), or zeros before any did.
      indices[c] = -1;
      if (!chosenAny) closest.fill(0);
      complete = false;
      potential = bestPotential;
      continue;
    }
    chosenAny = true;
    memory.choose(bestTrial, c);
    potential = bestPotential;
  }
  // Hamerly's lower bounds (Lloyd's plain assignment step has none).
  if (!memory.plainAssign) {
    const eta = slack(d);
    for (let i = 0; i < n; i++) lower[i] = lowerFromSquared(second[i]!, eta);
  }
  return { indices, memory, complete };
}

/** Greedy k-means++ seeding (scikit-learn's `_kmeans_plusplus`): indices of the k chosen samples. */
export function kmeansPlusPlus(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  random: () => number,
  engine: DistanceEngine = 'auto',
): Int32Array {
  return seedKmeansPlusPlus(X, n, d, k, random, engine).indices;
}

/**
 * For each target, the first index whose cumulative weight exceeds it (numpy's searchsorted,
 * clipped to n − 1), into `indices`: one pass over the weights for all the targets, in increasing
 * order, with the same running sum as one pass per target.
 */
function sampleProportional(
  weights: Float64Array,
  n: number,
  targets: Float64Array,
  indices: Int32Array,
): void {
  // NaN targets (an infinite potential times 0) last: like ∞, no cumulative sum exceeds them.
  const rank = (t: number) => (Number.isNaN(targets[t]!) ? Number.POSITIVE_INFINITY : targets[t]!);
  const order = Array.from(targets.keys()).sort((a, b) =>
    rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0,
  );
  let next = 0;
  let cumulative = 0;
  for (let i = 0; i < n && next < order.length; i++) {
    cumulative += weights[i]!;
    while (next < order.length && cumulative > targets[order[next]!]!) indices[order[next++]!] = i;
  }
  while (next < order.length) indices[order[next++]!] = n - 1;
}
