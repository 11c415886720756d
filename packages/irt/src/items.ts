// The item response functions: category probabilities, their logs, their derivatives in θ, and the
// per-item M-step objective (the expected complete-data log-likelihood of one item) with its gradient.
import { log1pExp, logSigmoid, sigmoid } from '@em/core/numeric';

/** How an item's category probabilities are computed. */
export type Kind = 'logistic' | 'guessing' | 'graded' | 'gpcm';

/** One item's parameters as the kernels read them: intercepts are `d[dOff … dOff + K − 2]`. */
export interface ItemView {
  kind: Kind;
  K: number;
  a: number;
  d: ArrayLike<number>;
  dOff: number;
  g: number;
}

/** log(1 − e^x) for x < 0, accurate near 0 and for very negative x (Mächler 2012). */
function log1mExp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/**
 * Writes log P(Y = k | θ) for k = 0 … K − 1 into `out[base + k·stride]`. Stable for any θ: the
 * graded differences σ(z_k) − σ(z_{k+1}) are written as σ(z_k)σ(−z_{k+1})(1 − e^{z_{k+1} − z_k}).
 */
export function logProbs(
  item: ItemView,
  theta: number,
  out: Float64Array,
  base: number,
  stride: number,
): void {
  const { kind, K, a, d, dOff, g } = item;
  if (kind === 'logistic') {
    const z = a * theta + d[dOff]!;
    out[base] = logSigmoid(-z);
    out[base + stride] = logSigmoid(z);
  } else if (kind === 'guessing') {
    const z = a * theta + d[dOff]!;
    // P = g + (1 − g)σ(z); log P = log(g + (1 − g)σ(z)), log(1 − P) = log(1 − g) + log σ(−z).
    out[base] = Math.log1p(-g) + logSigmoid(-z);
    out[base + stride] = Math.log(g + (1 - g) * sigmoid(z));
  } else if (kind === 'graded') {
    const at = a * theta;
    let zPrev = at + d[dOff]!;
    out[base] = logSigmoid(-zPrev);
    for (let k = 1; k < K - 1; k++) {
      const z = at + d[dOff + k]!;
      out[base + k * stride] = logSigmoid(zPrev) + logSigmoid(-z) + log1mExp(z - zPrev);
      zPrev = z;
    }
    out[base + (K - 1) * stride] = logSigmoid(zPrev);
  } else {
    // gpcm: z_k = a·k·θ + d_k, d_0 = 0; log P_k = z_k − logΣexp(z).
    let max = 0;
    for (let k = 1; k < K; k++) {
      const z = a * k * theta + d[dOff + k - 1]!;
      out[base + k * stride] = z;
      if (z > max) max = z;
    }
    out[base] = 0;
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(out[base + k * stride]! - max);
    const lse = max + Math.log(sum);
    for (let k = 0; k < K; k++) out[base + k * stride]! -= lse;
  }
}

/**
 * Category probabilities P_k(θ) into `p[0 … K − 1]` and, when `dp` is given, their derivatives
 * dP_k/dθ into `dp`.
 */
export function probs(item: ItemView, theta: number, p: Float64Array, dp?: Float64Array): void {
  const { kind, K, a, d, dOff, g } = item;
  if (kind === 'logistic' || kind === 'guessing') {
    const s = sigmoid(a * theta + d[dOff]!);
    p[1] = g + (1 - g) * s;
    p[0] = (1 - g) * (1 - s);
    if (dp) {
      dp[1] = (1 - g) * a * s * (1 - s);
      dp[0] = -dp[1];
    }
  } else if (kind === 'graded') {
    logProbs(item, theta, p, 0, 1);
    for (let k = 0; k < K; k++) p[k] = Math.exp(p[k]!);
    if (dp) {
      let wPrev = 0; // w_0 = 0: P(Y ≥ 0) = 1
      for (let k = 0; k < K; k++) {
        const s = k < K - 1 ? sigmoid(a * theta + d[dOff + k]!) : 0;
        const w = s * (1 - s);
        dp[k] = a * (wPrev - w);
        wPrev = w;
      }
    }
  } else {
    logProbs(item, theta, p, 0, 1);
    let mean = 0;
    for (let k = 0; k < K; k++) {
      p[k] = Math.exp(p[k]!);
      mean += k * p[k]!;
    }
    if (dp) for (let k = 0; k < K; k++) dp[k] = a * p[k]! * (k - mean);
  }
}

/**
 * d log P(Y = y | θ)/dθ: the contribution of one response to the score function of θ. Closed forms
 * for the logistic and partial-credit items keep it exact when P is tiny.
 */
export function dLogProb(
  item: ItemView,
  theta: number,
  y: number,
  p: Float64Array,
  dp: Float64Array,
): number {
  const { kind, a, d, dOff } = item;
  if (kind === 'logistic') return a * (y - sigmoid(a * theta + d[dOff]!));
  if (kind === 'guessing' && y === 0) return -a * sigmoid(a * theta + d[dOff]!);
  probs(item, theta, p, dp);
  if (kind === 'gpcm') {
    let mean = 0;
    for (let k = 0; k < item.K; k++) mean += k * p[k]!;
    return a * (y - mean);
  }
  return dp[y]! / p[y]!;
}

/** Fisher information of one item at θ: Σ_k (dP_k/dθ)² / P_k. */
export function information(item: ItemView, theta: number, p: Float64Array, dp: Float64Array): number {
  if (item.kind === 'logistic') {
    const s = sigmoid(item.a * theta + item.d[item.dOff]!);
    return item.a * item.a * s * (1 - s);
  }
  probs(item, theta, p, dp);
  let info = 0;
  for (let k = 0; k < item.K; k++) if (p[k]! > 0) info += (dp[k]! * dp[k]!) / p[k]!;
  return info;
}

/**
 * The expected complete-data log-likelihood of one item (its M-step objective) at x = (a, d_1 …
 * d_{K−1}, [logit g]), from the expected counts `r[off + k·Q + q]` of category k at node q, plus the
 * log prior of g for the 3PL. Writes the gradient into `grad` and, for the logistic and
 * partial-credit items, the Hessian (row-major) into `hess` and returns true in `analytic`.
 */
export function itemObjective(
  kind: Kind,
  K: number,
  x: Float64Array,
  r: Float64Array,
  off: number,
  nodes: Float64Array,
  prior: { alpha: number; beta: number },
  grad: Float64Array,
  hess: Float64Array | undefined,
  work: Float64Array,
): number {
  const Q = nodes.length;
  const n = x.length;
  grad.fill(0);
  if (hess) hess.fill(0);
  const a = x[0]!;
  let f = 0;
  if (kind === 'logistic') {
    const d = x[1]!;
    for (let q = 0; q < Q; q++) {
      const r0 = r[off + q]!;
      const r1 = r[off + Q + q]!;
      const t = nodes[q]!;
      const z = a * t + d;
      f += r1 * logSigmoid(z) + r0 * logSigmoid(-z);
      const s = sigmoid(z);
      const e = r1 - (r0 + r1) * s;
      grad[0]! += t * e;
      grad[1]! += e;
      if (hess) {
        const w = (r0 + r1) * s * (1 - s);
        hess[0]! -= w * t * t;
        hess[1]! -= w * t;
        hess[3]! -= w;
      }
    }
    if (hess) hess[2] = hess[1]!;
    return f;
  }
  if (kind === 'guessing') {
    const d = x[1]!;
    const gamma = x[2]!;
    // The M-step's feasible set: see GUESSING_LOGIT_LIMIT.
    if (!(Math.abs(gamma) <= GUESSING_LOGIT_LIMIT)) return Number.NEGATIVE_INFINITY;
    const g = sigmoid(gamma);
    const logG = logSigmoid(gamma);
    const log1mG = logSigmoid(-gamma);
    for (let q = 0; q < Q; q++) {
      const r0 = r[off + q]!;
      const r1 = r[off + Q + q]!;
      const t = nodes[q]!;
      const z = a * t + d;
      const s = sigmoid(z);
      const P = g + (1 - g) * s;
      // log P = log(g + (1 − g)s) computed as logaddexp(log g, log(1 − g) + log s).
      const u = logG;
      const v = log1mG + logSigmoid(z);
      const logP = u > v ? u + log1pExp(v - u) : v + log1pExp(u - v);
      f += r1 * logP + r0 * (log1mG + logSigmoid(-z));
      // d/dz: r1(1 − g)s(1 − s)/P − r0 s; d/dγ: g(1 − g)[r1(1 − s)/P − r0/(1 − g)].
      const ez = (r1 * (1 - g) * s * (1 - s)) / P - r0 * s;
      grad[0]! += t * ez;
      grad[1]! += ez;
      grad[2]! += g * (1 - g) * ((r1 * (1 - s)) / P) - r0 * g;
    }
    f += logGuessingPrior(gamma, prior);
    grad[2]! += (prior.alpha - 1) * (1 - g) - (prior.beta - 1) * g;
    return f;
  }
  if (kind === 'graded') {
    // work: s[k] = σ(aθ + d_k) for k = 1 … K − 1, logP[k]
    for (let q = 0; q < Q; q++) {
      const t = nodes[q]!;
      let zPrev = a * t + x[1]!;
      let sPrev = sigmoid(zPrev);
      let wPrev = sPrev * (1 - sPrev);
      // category 0: P = 1 − σ(z_1)
      {
        const rk = r[off + q]!;
        if (rk !== 0) {
          f += rk * logSigmoid(-zPrev);
          // d log(1 − s1)/d d_1 = −s1
          grad[1]! -= rk * sPrev;
          grad[0]! -= rk * sPrev * t;
        }
      }
      for (let k = 1; k < K; k++) {
        const rk = r[off + k * Q + q]!;
        if (k === K - 1) {
          if (rk !== 0) {
            f += rk * logSigmoid(zPrev);
            const e = rk * (1 - sPrev);
            grad[k]! += e;
            grad[0]! += e * t;
          }
          break;
        }
        const z = a * t + x[k + 1]!;
        const s = sigmoid(z);
        const w = s * (1 - s);
        if (rk !== 0) {
          const logP = logSigmoid(zPrev) + logSigmoid(-z) + log1mExp(z - zPrev);
          f += rk * logP;
          const P = Math.exp(logP);
          grad[k]! += (rk * wPrev) / P;
          grad[k + 1]! -= (rk * w) / P;
          grad[0]! += (rk * t * (wPrev - w)) / P;
        }
        zPrev = z;
        sPrev = s;
        wPrev = w;
      }
    }
    return f;
  }
  // gpcm: concave, Hessian = −Σ n_q Cov_q(T), T = (Yθ, [Y = 1], …, [Y = K − 1]).
  const p = work;
  for (let q = 0; q < Q; q++) {
    const t = nodes[q]!;
    let max = 0;
    p[0] = 0;
    for (let k = 1; k < K; k++) {
      p[k] = a * k * t + x[k]!;
      if (p[k]! > max) max = p[k]!;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(p[k]! - max);
    const lse = max + Math.log(sum);
    let nq = 0;
    let mean = 0;
    for (let k = 0; k < K; k++) {
      const lp = p[k]! - lse;
      const rk = r[off + k * Q + q]!;
      if (rk !== 0) f += rk * lp;
      p[k] = Math.exp(lp);
      nq += rk;
      mean += k * p[k]!;
      if (k > 0) grad[k]! += rk;
      grad[0]! += rk * k * t;
    }
    grad[0]! -= nq * t * mean;
    for (let k = 1; k < K; k++) grad[k]! -= nq * p[k]!;
    if (hess) {
      let second = 0;
      for (let k = 1; k < K; k++) second += k * k * p[k]!;
      hess[0]! -= nq * t * t * (second - mean * mean);
      for (let u = 1; u < K; u++) {
        const c = nq * t * p[u]! * (u - mean);
        hess[u]! -= c;
        hess[u * n]! -= c;
        for (let v = 1; v < K; v++) hess[u * n + v]! -= nq * ((u === v ? p[u]! : 0) - p[u]! * p[v]!);
      }
    }
  }
  return f;
}

/**
 * Bound on |logit g| in the 3PL M-step: g stays in [σ(−30), σ(30)] = [9.4e-14, 1 − 9.4e-14]. With a
 * flat prior the maximum can lie on the boundary g = 0 (as four of LSAT's five items do); unbounded,
 * logit g would run off towards −∞, g would underflow to exactly 0 and the model could not be saved
 * (a saved guessing parameter lies strictly between 0 and 1). The bound changes the log-likelihood by
 * less than 1e-13 per response.
 */
export const GUESSING_LOGIT_LIMIT = 30;

/**
 * The log density of the Beta(α, β) prior at g = σ(γ), up to a constant: (α − 1) log g + (β − 1)
 * log(1 − g). A zero exponent contributes nothing even when g underflows to 0 or 1: with the flat
 * Beta(1, 1) prior an ML guessing estimate can sit on the boundary (γ → ±∞), and 0 · log 0 must not
 * turn the log-likelihood into NaN.
 */
export function logGuessingPrior(gamma: number, prior: { alpha: number; beta: number }): number {
  let f = 0;
  if (prior.alpha !== 1) f += (prior.alpha - 1) * logSigmoid(gamma);
  if (prior.beta !== 1) f += (prior.beta - 1) * logSigmoid(-gamma);
  return f;
}

/** Whether {@link itemObjective} fills the Hessian itself. */
export const analyticHessian = (kind: Kind): boolean => kind === 'logistic' || kind === 'gpcm';
