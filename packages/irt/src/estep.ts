// The Bock–Aitkin E-step: posterior weights of the quadrature nodes for every response pattern, and
// the expected number of persons at each node giving each category of each item (the "artificial
// data" of Bock & Aitkin 1981), which add up over chunks of persons.
import { logProbs } from './items.js';
import { itemView, type Layout } from './layout.js';
import type { Patterns } from './responses.js';

/** log P(Y_j = k | θ_q) for every estimated item j, category k and node q, at `table[cell_j + k·Q + q]`. */
export function logProbTable(
  layout: Layout,
  x: Float64Array,
  nodes: Float64Array,
  table: Float64Array,
): void {
  const Q = nodes.length;
  for (let j = 0; j < layout.K.length; j++) {
    const item = itemView(layout, x, j);
    const base = layout.cell[j]!;
    for (let q = 0; q < Q; q++) logProbs(item, nodes[q]!, table, base + q, Q);
  }
}

/**
 * Marginal log-likelihood Σ_p n_p log Σ_q π_q Π_j P(y_pj | θ_q) of the patterns; with `stats`, also
 * adds n_p · P(θ_q | y_p) to `stats[cell + q]` for every response of every pattern, and with
 * `posterior` stores each pattern's posterior over the nodes.
 */
export function marginal(
  table: Float64Array,
  logPrior: Float64Array,
  patterns: Patterns,
  stats?: Float64Array,
  posterior?: Float64Array,
): number {
  const Q = logPrior.length;
  const { cells, ptr, counts } = patterns;
  const acc = new Float64Array(Q);
  let total = 0;
  for (let p = 0; p < counts.length; p++) {
    acc.set(logPrior);
    const start = ptr[p]!;
    const end = ptr[p + 1]!;
    for (let t = start; t < end; t++) {
      const base = cells[t]!;
      for (let q = 0; q < Q; q++) acc[q]! += table[base + q]!;
    }
    let max = Number.NEGATIVE_INFINITY;
    for (let q = 0; q < Q; q++) if (acc[q]! > max) max = acc[q]!;
    let sum = 0;
    for (let q = 0; q < Q; q++) {
      const e = Math.exp(acc[q]! - max);
      acc[q] = e;
      sum += e;
    }
    const n = counts[p]!;
    if (n > 0) total += n * (max + Math.log(sum));
    if (posterior) for (let q = 0; q < Q; q++) posterior[p * Q + q] = acc[q]! / sum;
    if (stats && n > 0) {
      const scale = n / sum;
      for (let q = 0; q < Q; q++) acc[q]! *= scale;
      for (let t = start; t < end; t++) {
        const base = cells[t]!;
        for (let q = 0; q < Q; q++) stats[base + q]! += acc[q]!;
      }
    }
  }
  return total;
}
