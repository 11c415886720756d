import { InvalidOptionError } from '@em/core';
import type { HierarchicalTree } from './hc.js';

/**
 * Cuts a merge sequence into k clusters, as mclust's `hclass`: replays the first n − k merges and
 * numbers the clusters 0..k − 1 in order of first appearance (mclust's labels minus one).
 *
 * @param tree The result of {@link hierarchicalClustering}.
 * @param k Number of clusters, 1 ≤ k ≤ n (and k ≥ n − merges for a partial `'RND'` tree).
 * @returns One label per observation.
 * @throws InvalidOptionError when k is not an integer in range.
 *
 * @example
 * ```ts
 * import { hierarchicalClasses, hierarchicalClustering } from '@em/gaussian';
 * const tree = hierarchicalClustering([1, 1.1, 1.3, 7, 7.2, 12], { model: 'E', use: 'VARS' });
 * Array.from(hierarchicalClasses(tree, 3)); // [0, 0, 0, 1, 1, 2]
 * hierarchicalClasses(tree, [2, 3]).map((labels) => Array.from(labels)); // [[0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 2]]
 * ```
 */
export function hierarchicalClasses(tree: HierarchicalTree, k: number): Int32Array;
export function hierarchicalClasses(tree: HierarchicalTree, k: readonly number[]): Int32Array[];
export function hierarchicalClasses(
  tree: HierarchicalTree,
  k: number | readonly number[],
): Int32Array | Int32Array[] {
  const { n, merges } = tree;
  const ks = typeof k === 'number' ? [k] : k;
  const smallest = n - merges.length;
  for (const value of ks) {
    if (!Number.isInteger(value) || value < Math.max(1, smallest) || value > n) {
      throw new InvalidOptionError('k', `an integer from ${Math.max(1, smallest)} to ${n}`, value);
    }
  }
  // Replay merges once, taking snapshots at each requested k (largest k first). Merge (i, j) gives
  // the cluster named j the name i, joining it to the cluster named i if there is one. Clusters are
  // a union–find forest (the labels only depend on the partition), so a merge costs O(1) and a
  // snapshot O(n) rather than a relabelling pass per merge.
  const order = [...new Set(ks)].sort((a, b) => b - a);
  const snapshots = new Map<number, Int32Array>();
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  // A member of the cluster each name denotes, −1 once the name is gone.
  const named = Int32Array.from({ length: n }, (_, i) => i);
  const root = (t: number): number => {
    let r = t;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[t] !== r) {
      const up = parent[t]!;
      parent[t] = r;
      t = up;
    }
    return r;
  };
  let done = 0;
  for (const target of order) {
    for (; done < n - target; done++) {
      const [i, j] = merges[done]!;
      if (i === j || !(i >= 0 && i < n && j >= 0 && j < n) || named[j] === -1) continue;
      if (named[i] !== -1) parent[root(named[j]!)] = root(named[i]!);
      else named[i] = named[j]!;
      named[j] = -1;
    }
    const label = new Int32Array(n);
    for (let t = 0; t < n; t++) label[t] = root(t);
    snapshots.set(target, consecutive(label));
  }
  const result = ks.map((value) => snapshots.get(value)!);
  return typeof k === 'number' ? result[0]! : result;
}

/** Relabels to 0, 1, 2, … in order of first appearance (mclust's `partconv(consec = TRUE)`). */
function consecutive(labels: Int32Array): Int32Array {
  // Labels are observation indices, below n: a lookup table instead of a Map.
  const mapped = new Int32Array(labels.length).fill(-1);
  let next = 0;
  return labels.map((value) => {
    if (mapped[value] === -1) mapped[value] = next++;
    return mapped[value]!;
  });
}
