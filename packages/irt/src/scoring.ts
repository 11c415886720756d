// Person scoring with fitted item parameters: EAP (posterior mean and SD on the quadrature grid) and
// MAP (posterior mode by Newton's method, SE from the curvature), for any response patterns.
import type { FlatMatrix } from '@em/core/numeric';
import { logProbTable, marginal } from './estep.js';
import { dLogProb, logProbs } from './items.js';
import { itemView, type Layout } from './layout.js';
import type { Quadrature } from './quadrature.js';
import { groupPatterns } from './responses.js';

/** EAP estimates and posterior SDs for every row of X. */
export function eapScores(
  layout: Layout,
  x: Float64Array,
  X: FlatMatrix,
  quadrature: Quadrature,
): { theta: Float64Array; se: Float64Array } {
  const { nodes, weights } = quadrature;
  const Q = nodes.length;
  // The layout's cells were laid out for the fit's grid: lay them out again for this one.
  const cells = cellOffsets(layout, Q);
  const grouped = groupPatterns(X, undefined, layout.active, cells, Q);
  const table = new Float64Array(layout.cells * Q);
  const scoringLayout = { ...layout, cell: cells };
  logProbTable(scoringLayout, x, nodes, table);
  const logPrior = weights.map(Math.log);
  const nP = grouped.counts.length;
  const posterior = new Float64Array(nP * Q);
  marginal(table, logPrior, grouped, undefined, posterior);
  const mean = new Float64Array(nP);
  const sd = new Float64Array(nP);
  for (let p = 0; p < nP; p++) {
    let m = 0;
    for (let q = 0; q < Q; q++) m += posterior[p * Q + q]! * nodes[q]!;
    let v = 0;
    for (let q = 0; q < Q; q++) v += posterior[p * Q + q]! * (nodes[q]! - m) ** 2;
    mean[p] = m;
    sd[p] = Math.sqrt(v);
  }
  const theta = new Float64Array(X.rows);
  const se = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    theta[i] = mean[grouped.rowPattern[i]!]!;
    se[i] = sd[grouped.rowPattern[i]!]!;
  }
  return { theta, se };
}

/** Offsets of each estimated item's cells for a grid of Q nodes. */
export function cellOffsets(layout: Layout, Q: number): Int32Array {
  const cells = new Int32Array(layout.K.length);
  let c = 0;
  for (let j = 0; j < layout.K.length; j++) {
    cells[j] = c * Q;
    c += layout.K[j]!;
  }
  return cells;
}

/** MAP estimates (standard normal prior) and 1/√(−d²/dθ² log posterior) at the mode, for every row of X. */
export function mapScores(
  layout: Layout,
  x: Float64Array,
  X: FlatMatrix,
  start: Float64Array,
): { theta: Float64Array; se: Float64Array } {
  const { rows, cols, data } = X;
  const J = layout.K.length;
  const items = Array.from({ length: J }, (_, j) => itemView(layout, x, j));
  const maxK = Math.max(2, ...Array.from(layout.K));
  const p = new Float64Array(maxK);
  const dp = new Float64Array(maxK);
  const lp = new Float64Array(maxK);
  const theta = new Float64Array(rows);
  const se = new Float64Array(rows);
  const cache = new Map<string, [number, number]>();
  const ys = new Int32Array(J);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < J; j++) {
      const v = data[i * cols + layout.active[j]!]!;
      ys[j] = Number.isNaN(v) ? -1 : v;
    }
    const key = ys.join(',');
    let result = cache.get(key);
    if (!result) {
      const logPost = (t: number) => {
        let f = -0.5 * t * t;
        for (let j = 0; j < J; j++) {
          if (ys[j]! < 0) continue;
          logProbs(items[j]!, t, lp, 0, 1);
          f += lp[ys[j]!]!;
        }
        return f;
      };
      const score = (t: number) => {
        let g = -t;
        for (let j = 0; j < J; j++) if (ys[j]! >= 0) g += dLogProb(items[j]!, t, ys[j]!, p, dp);
        return g;
      };
      const curvature = (t: number) => {
        const h = 1e-5 * Math.max(1, Math.abs(t));
        return (score(t + h) - score(t - h)) / (2 * h);
      };
      let t = Number.isFinite(start[i]!) ? start[i]! : 0;
      let f = logPost(t);
      for (let iter = 0; iter < 100; iter++) {
        const g = score(t);
        const h = curvature(t);
        // Newton when the curvature is negative; otherwise a bounded gradient step.
        let step = h < 0 ? -g / h : Math.sign(g) * Math.min(1, Math.abs(g));
        let accepted = false;
        for (let half = 0; half < 60; half++) {
          const fNew = logPost(t + step);
          if (Number.isFinite(fNew) && fNew >= f - 1e-14 * Math.abs(f)) {
            t += step;
            f = fNew;
            accepted = true;
            break;
          }
          step /= 2;
        }
        if (!accepted || Math.abs(step) < 1e-12) break;
      }
      const h = curvature(t);
      result = [t, h < 0 ? 1 / Math.sqrt(-h) : Number.NaN];
      cache.set(key, result);
    }
    theta[i] = result[0];
    se[i] = result[1];
  }
  return { theta, se };
}
