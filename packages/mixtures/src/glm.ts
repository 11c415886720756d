/** Solves the p × p symmetric positive definite system A x = b in place (Cholesky); false if not positive definite. */
export function solveSpd(A: Float64Array, b: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j]!;
    for (let k = 0; k < j; k++) d -= A[j * p + k]! * A[j * p + k]!;
    if (!(d > 1e-300) || !Number.isFinite(d)) return false;
    const l = Math.sqrt(d);
    A[j * p + j] = l;
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j]!;
      for (let k = 0; k < j; k++) s -= A[i * p + k]! * A[j * p + k]!;
      A[i * p + j] = s / l;
    }
  }
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= A[i * p + k]! * b[k]!;
    b[i] = s / A[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < p; k++) s -= A[k * p + i]! * b[k]!;
    b[i] = s / A[i * p + i]!;
  }
  return true;
}

/**
 * The regression families of {@link RegressionMixture}: the response's distribution given the linear
 * predictor η = xᵀβ — normal (identity link), Poisson (log link) or Bernoulli (logit link).
 *
 * @example
 * ```ts
 * import { RegressionMixture, type RegressionFamily } from '@em/mixtures';
 * const family: RegressionFamily = 'poisson';
 * new RegressionMixture({ nComponents: 2, family });
 * ```
 */
export type RegressionFamily = 'gaussian' | 'poisson' | 'binomial';

const MAX_ETA = 700;

/** Mean of the response given η (the inverse link: identity, exp, logistic). */
export function inverseLink(family: RegressionFamily, eta: number): number {
  if (family === 'gaussian') return eta;
  if (family === 'poisson') return Math.exp(Math.min(eta, MAX_ETA));
  return 1 / (1 + Math.exp(-eta));
}

/**
 * Weighted least squares: β minimising Σ wᵢ (yᵢ − xᵢᵀβ)². Returns false when XᵀWX is singular.
 */
export function weightedLeastSquares(
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  wOffset: number,
  wStride: number,
  n: number,
  p: number,
  beta: Float64Array,
): boolean {
  const A = new Float64Array(p * p);
  beta.fill(0);
  for (let i = 0; i < n; i++) {
    const wi = w[wOffset + i * wStride]!;
    if (wi === 0) continue;
    const r = i * p;
    for (let a = 0; a < p; a++) {
      const xa = wi * x[r + a]!;
      beta[a]! += xa * y[i]!;
      for (let b = 0; b <= a; b++) A[a * p + b]! += xa * x[r + b]!;
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) A[b * p + a] = A[a * p + b]!;
  return solveSpd(A, beta, p);
}

/** Weighted log-likelihood Σ wᵢ log p(yᵢ | ηᵢ) of a Poisson or logistic regression (without log yᵢ!). */
function glmObjective(
  family: RegressionFamily,
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  wOffset: number,
  wStride: number,
  n: number,
  p: number,
  beta: Float64Array,
): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[wOffset + i * wStride]!;
    if (wi === 0) continue;
    let eta = 0;
    for (let a = 0; a < p; a++) eta += x[i * p + a]! * beta[a]!;
    if (family === 'poisson') s += wi * (y[i]! * eta - Math.exp(Math.min(eta, MAX_ETA)));
    else s -= wi * (y[i]! === 1 ? softplus(-eta) : softplus(eta));
  }
  return s;
}

const softplus = (t: number) => (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));

/**
 * Weighted maximum likelihood of a Poisson (log link) or logistic regression by Newton–Raphson
 * (IRLS) from `beta`, updated in place, to full convergence; step halving keeps the objective from
 * decreasing. Returns false when the weighted information matrix is singular.
 */
export function weightedGlm(
  family: RegressionFamily,
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  wOffset: number,
  wStride: number,
  n: number,
  p: number,
  beta: Float64Array,
): boolean {
  const H = new Float64Array(p * p);
  const g = new Float64Array(p);
  const trial = new Float64Array(p);
  let objective = glmObjective(family, x, y, w, wOffset, wStride, n, p, beta);
  for (let iter = 0; iter < 100; iter++) {
    H.fill(0);
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const wi = w[wOffset + i * wStride]!;
      if (wi === 0) continue;
      const r = i * p;
      let eta = 0;
      for (let a = 0; a < p; a++) eta += x[r + a]! * beta[a]!;
      const mu = inverseLink(family, eta);
      const v = family === 'poisson' ? mu : mu * (1 - mu);
      const resid = wi * (y[i]! - mu);
      for (let a = 0; a < p; a++) {
        g[a]! += resid * x[r + a]!;
        const xa = wi * v * x[r + a]!;
        for (let b = 0; b <= a; b++) H[a * p + b]! += xa * x[r + b]!;
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) H[b * p + a] = H[a * p + b]!;
    // Singular information after progress: the fit is separating (logistic) — keep the current
    // coefficients, as R's glm.fit does (with a warning there).
    if (!solveSpd(H, g, p)) return iter > 0;
    let step = 1;
    let improved = false;
    for (let half = 0; half < 30; half++) {
      for (let a = 0; a < p; a++) trial[a] = beta[a]! + step * g[a]!;
      const next = glmObjective(family, x, y, w, wOffset, wStride, n, p, trial);
      if (next >= objective - 1e-12 * Math.abs(objective)) {
        objective = next;
        improved = true;
        break;
      }
      step /= 2;
    }
    if (!improved) return true;
    let change = 0;
    let size = 0;
    for (let a = 0; a < p; a++) {
      change = Math.max(change, Math.abs(trial[a]! - beta[a]!));
      size = Math.max(size, Math.abs(trial[a]!));
      beta[a] = trial[a]!;
    }
    if (change <= 1e-13 * (1 + size)) return true;
  }
  return true;
}
