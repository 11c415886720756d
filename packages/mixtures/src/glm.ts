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

/** A component's sums at one coefficient vector: p × p lower triangle, p, and a number. */
export interface ComponentSums {
  /** Σ wᵢ vᵢ xᵢxᵢᵀ (GLM information) or Σ wᵢ x̃ᵢx̃ᵢᵀ (gaussian), lower triangle of p × p, row-major. */
  cross: Float64Array;
  /** Σ wᵢ (yᵢ − μᵢ) xᵢ (GLM score) or Σ wᵢ x̃ᵢỹᵢ (gaussian). */
  linear: Float64Array;
  /** Σ wᵢ log p(yᵢ | ηᵢ) without log yᵢ! (GLM objective) or Σ wᵢ ỹᵢ² (gaussian). */
  scalar: number;
}

const softplus = (t: number) => (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));

/**
 * Adds row r's terms (weight w > 0) of a Poisson or logistic regression at coefficients
 * `beta[b0 … b0 + p)` into the information (`cross` from c0), the score (`linear` from l0), and
 * returns its objective term. Rows are added one at a time, so sums over chunks are the in-memory sums.
 */
export function addGlmRow(
  family: RegressionFamily,
  x: Float64Array,
  r: number,
  p: number,
  y: number,
  w: number,
  beta: Float64Array,
  b0: number,
  cross: Float64Array,
  c0: number,
  linear: Float64Array,
  l0: number,
): number {
  let eta = 0;
  for (let a = 0; a < p; a++) eta += x[r + a]! * beta[b0 + a]!;
  const mu = inverseLink(family, eta);
  const v = family === 'poisson' ? mu : mu * (1 - mu);
  const resid = w * (y - mu);
  for (let a = 0; a < p; a++) {
    linear[l0 + a]! += resid * x[r + a]!;
    const xa = w * v * x[r + a]!;
    for (let b = 0; b <= a; b++) cross[c0 + a * p + b]! += xa * x[r + b]!;
  }
  if (family === 'poisson') return w * (y * eta - Math.exp(Math.min(eta, MAX_ETA)));
  return -w * (y === 1 ? softplus(-eta) : softplus(eta));
}

/** The full symmetric matrix from a lower triangle (a fresh copy: solveSpd overwrites it). */
export function symmetric(lower: Float64Array, offset: number, p: number): Float64Array {
  const A = new Float64Array(p * p);
  for (let a = 0; a < p; a++)
    for (let b = 0; b <= a; b++) A[a * p + b] = A[b * p + a] = lower[offset + a * p + b]!;
  return A;
}

/**
 * Weighted maximum likelihood of one component's Poisson (log link) or logistic regression by
 * Newton–Raphson (IRLS) from `beta`, updated in place, to full convergence; step halving keeps the
 * objective from decreasing. The rows are not here: each trial coefficient vector is yielded and the
 * sums at it come back (a pass over the data, in memory or streamed), so every way of holding the
 * data runs the same iterations. Returns false when the information matrix is singular at the start.
 */
export function* newton(
  beta: Float64Array,
  first: ComponentSums,
): Generator<Float64Array, boolean, ComponentSums> {
  const p = beta.length;
  let sums = first;
  let objective = first.scalar;
  for (let iter = 0; iter < 100; iter++) {
    const H = symmetric(sums.cross, 0, p);
    const g = sums.linear.slice();
    // Singular information after progress: the fit is separating (logistic) — keep the current
    // coefficients, as R's glm.fit does (with a warning there).
    if (!solveSpd(H, g, p)) return iter > 0;
    let step = 1;
    let accepted: { trial: Float64Array; sums: ComponentSums } | undefined;
    for (let half = 0; half < 30; half++) {
      const trial = new Float64Array(p);
      for (let a = 0; a < p; a++) trial[a] = beta[a]! + step * g[a]!;
      const next = yield trial;
      if (next.scalar >= objective - 1e-12 * Math.abs(objective)) {
        objective = next.scalar;
        accepted = { trial, sums: next };
        break;
      }
      step /= 2;
    }
    if (!accepted) return true;
    let change = 0;
    let size = 0;
    for (let a = 0; a < p; a++) {
      change = Math.max(change, Math.abs(accepted.trial[a]! - beta[a]!));
      size = Math.max(size, Math.abs(accepted.trial[a]!));
      beta[a] = accepted.trial[a]!;
    }
    sums = accepted.sums;
    if (change <= 1e-13 * (1 + size)) return true;
  }
  return true;
}
