import type { FlatMatrix } from '@em/core/numeric';
import { PairCosts } from './hc-slots.js';

/**
 * Agglomeration under mclust's EII model (and E, its univariate case): spherical clusters of one
 * common volume, i.e. Ward's criterion, as mclust's `hceii`/`hc1e` compute it — pairwise costs
 * ½‖xᵢ − xⱼ‖² to start, then the Lance–Williams update after each merge.
 *
 * @returns The merged slot pairs (slot a < b per merge, n − 1 merges), see `hc-slots.ts`.
 */
export function wardMerges(X: FlatMatrix): Int32Array {
  const { data, rows: n, cols: p } = X;
  const merges = new Int32Array(2 * (n - 1));
  if (n < 2) return merges;
  const d = new PairCosts(n);
  const half = Math.sqrt(0.5);
  for (let j = 1; j < n; j++) {
    for (let i = 0; i < j; i++) {
      let cost = 0;
      for (let c = 0; c < p; c++) {
        const v = half * data[i * p + c]! + -half * data[j * p + c]!;
        cost += v * v;
      }
      d.set(i, j, cost);
    }
  }
  const size = new Float64Array(n).fill(1);
  const fresh = new Float64Array(n);
  let best = d.best(n);
  for (let step = 0, live = n; step < n - 1; step++, live--) {
    const { i: a, j: b, value } = best;
    merges[2 * step] = a;
    merges[2 * step + 1] = b;
    if (live === 2) break;
    const na = size[a]!;
    const nb = size[b]!;
    const nab = na + nb;
    // Lance–Williams for Ward, with the old costs of a and b against every other slot k.
    for (let k = 0; k < live; k++) {
      if (k === a || k === b) continue;
      const nk = size[k]!;
      const dak = d.get(k, a);
      const dbk = d.get(k, b);
      fresh[k] = ((nk + na) * dak + (nk + nb) * dbk - nk * value) / (nk + nab);
    }
    const last = live - 1;
    if (b !== last) {
      d.moveSlot(b, last);
      fresh[b] = fresh[last]!;
      size[b] = size[last]!;
    }
    size[a] = nab;
    for (let k = 0; k < last; k++) {
      if (k !== a) d.set(k, a, fresh[k]!);
    }
    best = d.best(last);
  }
  return merges;
}
