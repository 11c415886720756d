// Standard errors from the observed information: the Hessian of the marginal log-likelihood (plus the
// guessing prior), by central differences of its exact gradient. By Fisher's identity that gradient is
// the gradient of the M-step objective at the parameters that produced the E-step's counts, so each
// gradient costs one E-step and the Hessian 2 × (number of parameters) E-steps.
import { logProbTable, marginal } from './estep.js';
import type { Layout } from './layout.js';
import { itemTerms } from './mstep.js';
import { inverseSPD } from './optimize.js';
import type { Patterns } from './responses.js';
import type { BetaPrior } from './types.js';

/** ∇ of the (penalised) marginal log-likelihood at x. */
export function scoreVector(
  layout: Layout,
  x: Float64Array,
  nodes: Float64Array,
  logPrior: Float64Array,
  patterns: Patterns,
  prior: BetaPrior,
): Float64Array {
  const Q = nodes.length;
  const table = new Float64Array(layout.cells * Q);
  const stats = new Float64Array(layout.cells * Q);
  logProbTable(layout, x, nodes, table);
  marginal(table, logPrior, patterns, stats);
  const out = new Float64Array(layout.size);
  for (let j = 0; j < layout.K.length; j++) {
    const K = layout.K[j]!;
    const grad = new Float64Array(K + (layout.guess[j]! >= 0 ? 1 : 0));
    itemTerms(layout, x, j, stats, nodes, prior, grad, undefined);
    if (layout.slope[j]! >= 0) out[layout.slope[j]!]! += grad[0]!;
    for (let k = 0; k < K - 1; k++) out[layout.intercept[j]! + k]! += grad[1 + k]!;
    if (layout.guess[j]! >= 0) out[layout.guess[j]!]! += grad[K]!;
  }
  return out;
}

/**
 * The inverse of the observed information (−Hessian) at x, or undefined when the information is
 * not positive definite (a parameter the data do not identify).
 */
export function observedCovariance(
  layout: Layout,
  x: Float64Array,
  nodes: Float64Array,
  logPrior: Float64Array,
  patterns: Patterns,
  prior: BetaPrior,
): Float64Array | undefined {
  const n = layout.size;
  const info = new Float64Array(n * n);
  const probe = Float64Array.from(x);
  for (let j = 0; j < n; j++) {
    const h = 1e-4 * Math.max(1, Math.abs(x[j]!));
    probe[j] = x[j]! + h;
    const plus = scoreVector(layout, probe, nodes, logPrior, patterns, prior);
    probe[j] = x[j]! - h;
    const minus = scoreVector(layout, probe, nodes, logPrior, patterns, prior);
    probe[j] = x[j]!;
    for (let i = 0; i < n; i++) info[i * n + j] = -(plus[i]! - minus[i]!) / (2 * h);
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const s = (info[i * n + j]! + info[j * n + i]!) / 2;
      info[i * n + j] = s;
      info[j * n + i] = s;
    }
  if (!info.every(Number.isFinite)) return undefined;
  return inverseSPD(info, n);
}
