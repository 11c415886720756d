// Small dense linear algebra and a safeguarded Newton maximiser for the per-item M-steps.

/**
 * Cholesky factor (lower, in place) of a symmetric positive definite n×n matrix; false when it is not
 * positive definite.
 */
export function cholesky(m: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let s = m[j * n + j]!;
    for (let k = 0; k < j; k++) s -= m[j * n + k]! ** 2;
    if (!(s > 0) || !Number.isFinite(s)) return false;
    const l = Math.sqrt(s);
    m[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let t = m[i * n + j]!;
      for (let k = 0; k < j; k++) t -= m[i * n + k]! * m[j * n + k]!;
      m[i * n + j] = t / l;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b in place (b becomes x) with the factor from {@link cholesky}. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

/** Inverse of a symmetric positive definite matrix, or undefined when it is not positive definite. */
export function inverseSPD(m: Float64Array, n: number): Float64Array | undefined {
  const l = Float64Array.from(m);
  if (!cholesky(l, n)) return undefined;
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    choleskySolve(l, n, e);
    for (let i = 0; i < n; i++) inv[i * n + j] = e[i]!;
  }
  return inv;
}

/** The objective: returns f(x), writes ∇f into grad and, if it can, the Hessian into hess (returns true). */
export type Objective = (x: Float64Array, grad: Float64Array, hess: Float64Array | undefined) => number;

/**
 * Maximises a smooth concave-near-the-optimum function by Newton's method from x (updated in place):
 * the Hessian is the analytic one or central differences of the gradient, made negative definite by
 * Levenberg damping when needed, and every step is halved until the objective does not decrease, so
 * each call is an ascent (a generalised M-step even if it stops early). Returns the final value.
 */
export function maximize(objective: Objective, x: Float64Array, analytic: boolean, maxIter = 100): number {
  const n = x.length;
  const grad = new Float64Array(n);
  const hess = new Float64Array(n * n);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  const step = new Float64Array(n);
  const trial = new Float64Array(n);
  const neg = new Float64Array(n * n);
  let f = objective(x, grad, analytic ? hess : undefined);
  if (!Number.isFinite(f)) return f;
  for (let iter = 0; iter < maxIter; iter++) {
    if (!analytic) numericHessian(objective, x, grad, hess, gp, gm);
    let damping = 0;
    let solved = false;
    for (let attempt = 0; attempt < 40 && !solved; attempt++) {
      for (let i = 0; i < n * n; i++) neg[i] = -hess[i]!;
      for (let i = 0; i < n; i++) neg[i * n + i]! += damping;
      if (cholesky(neg, n)) {
        step.set(grad);
        choleskySolve(neg, n, step);
        solved = step.every(Number.isFinite);
      }
      if (!solved) {
        let scale = 0;
        for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(hess[i * n + i]!));
        damping = damping === 0 ? 1e-8 * Math.max(1, scale) : damping * 10;
      }
    }
    if (!solved) {
      // Fall back to a scaled gradient step.
      let norm = 0;
      for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(grad[i]!));
      if (!(norm > 0)) break;
      for (let i = 0; i < n; i++) step[i] = grad[i]! / norm;
    }
    let t = 1;
    let accepted = false;
    let fNew = f;
    for (let half = 0; half < 50; half++) {
      for (let i = 0; i < n; i++) trial[i] = x[i]! + t * step[i]!;
      fNew = objective(trial, gp, undefined);
      if (Number.isFinite(fNew) && fNew >= f - 1e-12 * Math.abs(f)) {
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) break;
    let change = 0;
    for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(t * step[i]!) / (1 + Math.abs(x[i]!)));
    x.set(trial);
    const previous = f;
    f = objective(x, grad, analytic ? hess : undefined);
    if (change < 1e-12 || (fNew - previous <= 1e-15 * Math.abs(previous) && change < 1e-9)) break;
  }
  return f;
}

/**
 * Central differences of the gradient, symmetrised; one-sided next to the edge of the feasible set
 * (where the objective is −∞, as at the 3PL's bound on logit g).
 */
function numericHessian(
  objective: Objective,
  x: Float64Array,
  grad: Float64Array,
  hess: Float64Array,
  gp: Float64Array,
  gm: Float64Array,
): void {
  const n = x.length;
  for (let j = 0; j < n; j++) {
    const xj = x[j]!;
    const h = 1e-5 * Math.max(1, Math.abs(xj));
    x[j] = xj + h;
    const up = Number.isFinite(objective(x, gp, undefined));
    x[j] = xj - h;
    const down = Number.isFinite(objective(x, gm, undefined));
    x[j] = xj;
    for (let i = 0; i < n; i++) {
      const hi = up ? gp[i]! : grad[i]!;
      const lo = down ? gm[i]! : grad[i]!;
      hess[i * n + j] = up || down ? (hi - lo) / ((up ? h : 0) + (down ? h : 0)) : 0;
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const s = (hess[i * n + j]! + hess[j * n + i]!) / 2;
      hess[i * n + j] = s;
      hess[j * n + i] = s;
    }
}
