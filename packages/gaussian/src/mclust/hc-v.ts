import { PairCosts } from './hc-slots.js';

/**
 * Agglomeration under mclust's univariate V model (clusters of unequal variance), as `hc1v`: the cost
 * of a cluster of m points with scatter W is m·log((W + α)/m), a merge costs the increase. mclust's
 * `hcV` ends up with α = machine epsilon whatever the data (it takes min(α, ε), then max(α, ε)).
 *
 * @returns The merged slot pairs (slot a < b per merge, n − 1 merges), see `hc-slots.ts`.
 */
export function univariateVMerges(x: Float64Array): Int32Array {
  const n = x.length;
  const merges = new Int32Array(2 * (n - 1));
  if (n < 2) return merges;
  const alpha = Number.EPSILON;
  const singletonTerm = Math.log(alpha);
  // Per slot: √m × mean, size m, scatter W and cost m·log((W + α)/m).
  const sum = Float64Array.from(x);
  const size = new Float64Array(n).fill(1);
  const trace = new Float64Array(n);
  const term = new Float64Array(n).fill(singletonTerm);
  const d = new PairCosts(n);
  const half = Math.sqrt(0.5);

  /** Merging slots a and b (mclust's operation order; the sign of the difference does not matter). */
  const pair = (a: number, b: number) => {
    const na = size[a]!;
    const nb = size[b]!;
    const nab = na + nb;
    const q = 1 / nab;
    const sa = Math.sqrt(na * q);
    const sb = Math.sqrt(nb * q);
    const diff = sb * sum[a]! - sa * sum[b]!;
    const scatter = trace[a]! + trace[b]! + diff * diff;
    const cost = nab * Math.log((scatter + alpha) / nab);
    return { scatter, cost, sa, sb, delta: cost - (term[a]! + term[b]!) };
  };

  // All pairs of singletons: ½(xᵢ − xⱼ)² each.
  const singletons = (i: number, j: number) => {
    const diff = half * sum[i]! - half * sum[j]!;
    const scatter = diff * diff;
    return { scatter, cost: 2 * Math.log((scatter + alpha) / 2), sa: half, sb: half };
  };
  for (let j = 1; j < n; j++) {
    for (let i = 0; i < j; i++) d.set(i, j, singletons(i, j).cost - (singletonTerm + singletonTerm));
  }
  let best = d.best(n);
  let opt = singletons(best.i, best.j);
  for (let step = 0, live = n; step < n - 1; step++, live--) {
    const { i: a, j: b } = best;
    merges[2 * step] = a;
    merges[2 * step + 1] = b;
    if (live === 2) break;
    const mergedSum = opt.sa * sum[a]! + opt.sb * sum[b]!;
    const mergedSize = size[a]! + size[b]!;
    const last = live - 1;
    if (b !== last) {
      d.moveSlot(b, last);
      sum[b] = sum[last]!;
      size[b] = size[last]!;
      trace[b] = trace[last]!;
      term[b] = term[last]!;
    }
    sum[a] = mergedSum;
    size[a] = mergedSize;
    trace[a] = opt.scatter;
    term[a] = opt.cost;
    for (let k = 0; k < last; k++) {
      if (k !== a) d.set(k, a, pair(a, k).delta);
    }
    best = d.best(last);
    opt = pair(best.i, best.j);
  }
  return merges;
}
