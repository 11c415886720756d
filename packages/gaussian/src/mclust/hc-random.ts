import type { RandomSource } from '@em/core/numeric';

/**
 * mclust's `hcRandomPairs` (hc `use = 'RND'`): random disjoint pairs of observations first, then
 * random pairs of their representatives, each pair written (smaller, larger) and named by its
 * smaller label. With n odd one observation is never paired, so there are n − 2 merges, as in
 * mclust. Draws come from `random`, so the pairs are not R's.
 *
 * @returns Label pairs (0-based), two entries per merge.
 */
export function randomPairMerges(n: number, random: RandomSource): Int32Array {
  const even = n % 2 === 1 ? n - 1 : n;
  const total = Math.max(even - 1, 0);
  const merges = new Int32Array(2 * total);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const draw = (bound: number) => Math.min(bound - 1, Math.floor(random() * bound));
  for (let t = 0; t < even; t++) {
    const j = t + draw(n - t);
    [order[t], order[j]] = [order[j]!, order[t]!];
  }
  const representatives: number[] = [];
  let step = 0;
  for (let t = 0; t < even; t += 2, step++) {
    const a = Math.min(order[t]!, order[t + 1]!);
    merges[2 * step] = a;
    merges[2 * step + 1] = Math.max(order[t]!, order[t + 1]!);
    representatives.push(a);
  }
  for (; step < total; step++) {
    const first = draw(representatives.length);
    const [x] = representatives.splice(first, 1);
    const second = draw(representatives.length);
    const y = representatives[second]!;
    const low = Math.min(x!, y);
    const high = Math.max(x!, y);
    merges[2 * step] = low;
    merges[2 * step + 1] = high;
    representatives[second] = low;
  }
  return merges;
}
