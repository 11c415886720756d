// Standard errors from the observed information: the Hessian of the marginal log-likelihood (plus the
// guessing prior), by central differences of its exact gradient. By Fisher's identity that gradient is
// the gradient of the M-step objective at the parameters that produced the E-step's counts, so each
// gradient costs one E-step and the Hessian 2 × (number of parameters) E-steps — which a streamed fit
// runs together, in one pass over the data, since each is a sum over persons.
import { logProbTable, marginal } from './estep.js';
import type { Layout } from './layout.js';
import { itemTerms } from './mstep.js';
import { inverseSPD } from './optimize.js';
import type { Patterns } from './responses.js';
import type { BetaPrior } from './types.js';

/** ∇ of the (penalised) marginal log-likelihood at x, from the E-step's expected counts at x. */
export function scoreFromCounts(
  layout: Layout,
  x: Float64Array,
  stats: Float64Array,
  nodes: Float64Array,
  prior: BetaPrior,
): Float64Array {
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
 * The parameter vectors the Hessian's central differences evaluate the score at: x ± h_j e_j for
 * every parameter j, in the order plus₀, minus₀, plus₁, minus₁, …
 */
export function probePoints(x: Float64Array): { probes: Float64Array[]; steps: Float64Array } {
  const steps = new Float64Array(x.length);
  const probes: Float64Array[] = [];
  for (let j = 0; j < x.length; j++) {
    const h = 1e-4 * Math.max(1, Math.abs(x[j]!));
    steps[j] = h;
    for (const sign of [1, -1]) {
      const probe = Float64Array.from(x);
      probe[j] = sign > 0 ? x[j]! + h : x[j]! - h;
      probes.push(probe);
    }
  }
  return { probes, steps };
}

/**
 * The inverse of the observed information (−Hessian) from the scores at the probe points of
 * {@link probePoints}, or undefined when the information is not positive definite (a parameter the
 * data do not identify).
 */
export function covarianceFromScores(
  scores: readonly Float64Array[],
  steps: Float64Array,
): Float64Array | undefined {
  const n = steps.length;
  const info = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const plus = scores[2 * j]!;
    const minus = scores[2 * j + 1]!;
    for (let i = 0; i < n; i++) info[i * n + j] = -(plus[i]! - minus[i]!) / (2 * steps[j]!);
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

/** The observed covariance of the estimates x from the patterns held in memory. */
export function observedCovariance(
  layout: Layout,
  x: Float64Array,
  nodes: Float64Array,
  logPrior: Float64Array,
  patterns: Patterns,
  prior: BetaPrior,
): Float64Array | undefined {
  const Q = nodes.length;
  const table = new Float64Array(layout.cells * Q);
  const { probes, steps } = probePoints(x);
  const scores = probes.map((probe) => {
    const stats = new Float64Array(layout.cells * Q);
    logProbTable(layout, probe, nodes, table);
    marginal(table, logPrior, patterns, stats);
    return scoreFromCounts(layout, probe, stats, nodes, prior);
  });
  return covarianceFromScores(scores, steps);
}
