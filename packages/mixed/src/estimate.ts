import { type EMModel, type EMOptions, type EStepResult, NumericalError, runEM } from '@em/core';
import type { Design } from './design.js';
import type { Engine, Evaluation } from './engine.js';
import { cholesky, cholSolve } from './linalg.js';
import { nCovParams, packCov, relativePrecisions, unpackCov, type VarianceParams } from './parameters.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** Log-likelihood at σ²: ML (β profiled out by generalised least squares) or REML. */
export function logLikelihoodAt(
  ev: Pick<Evaluation, 'logDetG' | 'logDetM' | 'logDetS' | 'r2'>,
  sigma2: number,
  d: Pick<Design, 'n' | 'p'>,
  reml: boolean,
): number {
  const dof = reml ? d.n - d.p : d.n;
  return (
    -0.5 *
    (dof * (LOG_2PI + Math.log(sigma2)) + ev.logDetG + ev.logDetM + (reml ? ev.logDetS : 0) + ev.r2 / sigma2)
  );
}

/** Solves the mixed-model equations at `params`, or throws a NumericalError naming the iteration. */
export function evaluate(engine: Engine, d: Design, params: VarianceParams, when: string): Evaluation {
  const rel = relativePrecisions(params, d.factors);
  const ev = rel && engine.solve(rel.psiInverse, rel.logDetPsi);
  if (!ev)
    throw new NumericalError(
      `The mixed-model equations are singular ${when}.`,
      'Check for fixed effects confounded with the random effects, or rescale the covariates.',
    );
  return ev;
}

/** What one E-step hands the M-step. */
export interface Stats {
  factors: Float64Array[];
  /** E[εᵀε | y]. */
  residual: number;
}

/** The parts of a design the EM steps read: sizes, and each factor's levels, terms and covariance. */
export type DesignShape = Pick<Design, 'n' | 'p' | 'factors'>;

/**
 * The E-step's answer from an evaluation at `params` and its EM statistics (`m` random effects):
 * the same for an in-memory solve and for one whose sums came from chunks or shards.
 */
export function eStepResult(
  ev: Pick<Evaluation, 'r2' | 'penalty' | 'logDetG' | 'logDetM' | 'logDetS'>,
  em: { factors: Float64Array[]; trace: number },
  m: number,
  d: DesignShape,
  sigma2: number,
  reml: boolean,
): EStepResult<Stats> {
  const effects = m + (reml ? d.p : 0);
  const residual = ev.r2 - ev.penalty + sigma2 * (effects - em.trace);
  return {
    stats: { factors: em.factors, residual },
    logLikelihood: logLikelihoodAt(ev, sigma2, d, reml),
  };
}

/** The M-step and the unconstrained parametrisation (for SQUAREM) of the variance parameters. */
export function varianceSteps(d: DesignShape): Omit<EMModel<VarianceParams, Stats>, 'eStep'> {
  const { factors } = d;
  const nPack = factors.reduce((s, f) => s + nCovParams(f), 0) + 1;
  return {
    mStep(stats, _params, { iteration }) {
      const cov = stats.factors.map((s, k) => {
        const f = factors[k]!;
        const L = f.levels.length;
        const out = new Float64Array(s.length);
        if (f.covariance === 'diagonal') for (let a = 0; a < f.q; a++) out[a * f.q + a] = s[a * f.q + a]! / L;
        else for (let t = 0; t < s.length; t++) out[t] = s[t]! / L;
        return out;
      });
      const sigma2 = stats.residual / d.n;
      if (!(sigma2 > 0) || !Number.isFinite(sigma2))
        throw new NumericalError(
          `The residual variance became ${sigma2} after iteration ${iteration}.`,
          'The random effects fit the data exactly: remove a random-effect term or check for duplicated rows.',
        );
      return { sigma2, cov };
    },
    pack(params) {
      const v = new Float64Array(nPack);
      let at = 0;
      for (let k = 0; k < factors.length; k++) {
        const next = packCov(params.cov[k]!, factors[k]!, v, at);
        if (next === undefined) return v.fill(Number.NaN);
        at = next;
      }
      v[at] = Math.log(params.sigma2);
      return v;
    },
    unpack(v) {
      for (let i = 0; i < v.length; i++)
        if (!Number.isFinite(v[i]!) || Math.abs(v[i]!) > 700) return undefined;
      let at = 0;
      const cov = factors.map((f) => {
        const c = unpackCov(v, f, at);
        at += nCovParams(f);
        return c;
      });
      const sigma2 = Math.exp(v[at]!);
      return relativePrecisions({ sigma2, cov }, factors) ? { sigma2, cov } : undefined;
    },
  };
}

/**
 * EM for the variance parameters, the random effects being the latent data (Dempster, Laird & Rubin
 * 1977 §4.4; Laird & Ware 1982). ML: β is set to its generalised least-squares value at each E-step
 * (an ECME step: the profiled likelihood never decreases). REML: β is integrated out with b, so the
 * conditional covariances include its uncertainty and the residual term counts p more effects.
 */
export function emModel(engine: Engine, d: Design, reml: boolean): EMModel<VarianceParams, Stats> {
  return {
    eStep(params) {
      const ev = evaluate(engine, d, params, 'in an E-step');
      return eStepResult(ev, ev.emStats(params.sigma2, reml), engine.m, d, params.sigma2, reml);
    },
    ...varianceSteps(d),
  };
}

/** Starting values: ordinary least squares for σ², and each factor's share of the residual variance. */
export function startParams(d: Design): VarianceParams {
  const { n, p, x, y } = d;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < p; a++) {
      xty[a]! += x[i * p + a]! * y[i]!;
      for (let c = 0; c < p; c++) xtx[a * p + c]! += x[i * p + a]! * x[i * p + c]!;
    }
  let rss = 0;
  if (p > 0 && cholesky(xtx, p)) {
    cholSolve(xtx, p, xty);
    for (let i = 0; i < n; i++) {
      let e = y[i]!;
      for (let a = 0; a < p; a++) e -= x[i * p + a]! * xty[a]!;
      rss += e * e;
    }
  } else {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i]!;
    mean /= n;
    for (let i = 0; i < n; i++) rss += (y[i]! - mean) ** 2;
  }
  let s2 = rss / Math.max(1, n - p);
  if (!(s2 > 0)) s2 = 1;
  const share = s2 / (d.factors.length + 1);
  const cov = d.factors.map((f) => {
    const out = new Float64Array(f.q * f.q);
    for (let a = 0; a < f.q; a++) {
      let ss = 0;
      for (let i = 0; i < n; i++) ss += f.z[i * f.q + a]! ** 2;
      const scale = ss / n > 0 ? ss / n : 1;
      out[a * f.q + a] = share / scale;
    }
    return out;
  });
  return { sigma2: share, cov };
}

/** Runs EM (optionally SQUAREM-accelerated) from `start`. */
export function runMixedEM(
  engine: Engine,
  d: Design,
  reml: boolean,
  start: VarianceParams,
  options: EMOptions<VarianceParams>,
) {
  return runEM(emModel(engine, d, reml), start, options);
}

/** Relative covariances Ψₖ as one unconstrained vector θ (log-Cholesky), σ² profiled out. */
export function thetaOf(params: VarianceParams, d: DesignShape): Float64Array {
  const size = d.factors.reduce((s, f) => s + nCovParams(f), 0);
  const v = new Float64Array(size);
  let at = 0;
  d.factors.forEach((f, k) => {
    const rel = params.cov[k]!.map((c) => c / params.sigma2);
    at = packCov(rel, f, v, at) ?? Number.NaN;
  });
  return v;
}

/** Ψ from θ. */
export function psiOf(theta: Float64Array, d: DesignShape): Float64Array[] {
  let at = 0;
  return d.factors.map((f) => {
    const c = unpackCov(theta, f, at);
    at += nCovParams(f);
    return c;
  });
}

/** The profiled log-likelihood at θ (σ² at its optimum r²/(n − p) or r²/n) and the pieces behind it. */
export function profiled(engine: Engine, d: Design, reml: boolean, theta: Float64Array) {
  const psi = psiOf(theta, d);
  const params: VarianceParams = { sigma2: 1, cov: psi };
  const rel = relativePrecisions(params, d.factors);
  const ev = rel && engine.solve(rel.psiInverse, rel.logDetPsi);
  if (!ev || !(ev.r2 > 0)) return undefined;
  const sigma2 = ev.r2 / (reml ? d.n - d.p : d.n);
  return { ev, sigma2, psi, logLik: logLikelihoodAt(ev, sigma2, d, reml) };
}

/** Outcome of the Newton polish. */
export interface PolishResult {
  theta: Float64Array;
  iterations: number;
  converged: boolean;
}

const THETA_FLOOR = -23; // a relative SD of 1e-10: the boundary, for practical purposes

/**
 * Newton–Raphson on the profiled log-likelihood over θ with central finite-difference derivatives,
 * Levenberg damping when the Hessian is not negative definite and step halving so that every
 * accepted step increases the likelihood. θ has few entries (Σ qₖ(qₖ+1)/2), so the 2·dim² extra
 * evaluations per step are cheap next to the EM iterations it replaces.
 */
export function newtonPolish(
  engine: Engine,
  d: Design,
  reml: boolean,
  theta0: Float64Array,
  maxIter = 50,
): PolishResult {
  const f = (t: Float64Array) => profiled(engine, d, reml, t)?.logLik ?? Number.NEGATIVE_INFINITY;
  const steps = newtonSteps(d, theta0, maxIter);
  let next = steps.next();
  while (!next.done) next = steps.next(f(next.value));
  return next.value;
}

/**
 * {@link newtonPolish} as a coroutine: it yields each θ whose profiled log-likelihood it needs and
 * is resumed with that value (−∞ outside the parameter space), so that the same steps run over an
 * engine in memory or over statistics gathered from chunks or shards.
 */
export function* newtonSteps(
  d: DesignShape,
  theta0: Float64Array,
  maxIter = 50,
): Generator<Float64Array, PolishResult, number> {
  // Which entries of θ are log-scale (a diagonal of a Cholesky factor, or a log variance): only those
  // are floored; off-diagonal Cholesky entries may take any sign.
  const logScale: boolean[] = [];
  for (const factor of d.factors) {
    if (factor.covariance === 'diagonal') for (let a = 0; a < factor.q; a++) logScale.push(true);
    else for (let a = 0; a < factor.q; a++) for (let c = 0; c <= a; c++) logScale.push(a === c);
  }
  const floor = (t: number, i: number) => (logScale[i] ? Math.max(t, THETA_FLOOR) : t);
  let theta = theta0.map(floor);
  const k = theta.length;
  let current: number = yield theta;
  if (!Number.isFinite(current)) return { theta, iterations: 0, converged: false };
  const h = 1e-4;
  for (let iter = 1; iter <= maxIter; iter++) {
    const g = new Float64Array(k);
    const H = new Float64Array(k * k);
    const shifted = (i: number, di: number, j = -1, dj = 0) => {
      const t = Float64Array.from(theta);
      t[i]! += di;
      if (j >= 0) t[j]! += dj;
      return t;
    };
    for (let i = 0; i < k; i++) {
      const up: number = yield shifted(i, h);
      const down: number = yield shifted(i, -h);
      g[i] = (up - down) / (2 * h);
      H[i * k + i] = (up - 2 * current + down) / (h * h);
      for (let j = 0; j < i; j++) {
        const pp: number = yield shifted(i, h, j, h);
        const pm: number = yield shifted(i, h, j, -h);
        const mp: number = yield shifted(i, -h, j, h);
        const mm: number = yield shifted(i, -h, j, -h);
        const v = (pp - pm - mp + mm) / (4 * h * h);
        H[i * k + j] = v;
        H[j * k + i] = v;
      }
    }
    if (g.some((x) => !Number.isFinite(x)) || H.some((x) => !Number.isFinite(x)))
      return { theta, iterations: iter, converged: false };
    // Solve (−H + λI) δ = g, raising λ until −H + λI is positive definite.
    let lambda = 0;
    let step: Float64Array | undefined;
    for (let tries = 0; tries < 30 && !step; tries++) {
      const a = new Float64Array(k * k);
      for (let t = 0; t < k * k; t++) a[t] = -H[t]!;
      for (let i = 0; i < k; i++) a[i * k + i]! += lambda;
      if (cholesky(a, k)) {
        step = Float64Array.from(g);
        cholSolve(a, k, step);
      } else {
        let scale = 0;
        for (let i = 0; i < k; i++) scale = Math.max(scale, Math.abs(H[i * k + i]!));
        lambda = lambda === 0 ? 1e-6 * Math.max(1, scale) : lambda * 10;
      }
    }
    if (!step) return { theta, iterations: iter, converged: false };
    let accepted = false;
    let alpha = 1;
    for (let halving = 0; halving < 30; halving++, alpha /= 2) {
      const next = theta.map((t, i) => floor(t + alpha * step[i]!, i));
      const value: number = yield next;
      if (value >= current - 1e-12 * Math.abs(current)) {
        const gain = value - current;
        const moved = next.reduce((s, t, i) => Math.max(s, Math.abs(t - theta[i]!)), 0);
        theta = next;
        current = Math.max(value, current);
        accepted = true;
        if (gain < 1e-11 * (1 + Math.abs(current)) && moved < 1e-7)
          return { theta, iterations: iter, converged: true };
        break;
      }
    }
    if (!accepted) return { theta, iterations: iter, converged: true };
  }
  return { theta, iterations: maxIter, converged: false };
}
