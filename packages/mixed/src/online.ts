// Stepwise (online) EM for a mixed model with one grouping factor, by maximum likelihood: the groups
// are the independent units, so running per-group averages of the complete-data statistics
// s ← (1 − η_t) s + η_t ŝ(batch) and the M-step from them (Cappé & Moulines 2009; Liang & Klein
// 2009) target the likelihood. REML's likelihood is not a sum over groups: it has no online form.
import { InvalidInputError, InvalidOptionError } from '@em/core';
import { type StepSizeOptions, stepSize, stepwiseAverage } from '@em/core/stream';
import { cholesky, cholSolve, logDetFromCholesky, spdInverse, spdInverseFromCholesky } from './linalg.js';
import type { MixedModelState } from './model.js';
import { singularFactors } from './report.js';
import { type MixedChunk, readChunk } from './shard.js';

/**
 * Options of {@link LinearMixedModel.partialFit}: the step sizes η_t = (t + t0)^(−α) of
 * `@em/core/stream` (α in (0.5, 1], default 0.6; t0 ≥ 0, default 2), as every package's `partialFit`.
 *
 * @example
 * ```ts
 * import type { MixedPartialFitOptions } from '@em/mixed';
 * const options: MixedPartialFitOptions = { alpha: 0.7, t0: 2 };
 * ```
 */
export type MixedPartialFitOptions = StepSizeOptions;

/** Per-group averages of the complete-data statistics. */
interface OnlineStats {
  /** E[bbᵀ] (q × q). */
  bb: Float64Array;
  /** XᵀX (p × p). */
  xx: Float64Array;
  /** Xᵀ(y − Zb̂) (p). */
  xr: Float64Array;
  /** E‖y − Zb‖² (one number). */
  rr: Float64Array;
  /** Rows (one number). */
  n: Float64Array;
  /** XᵀV̄⁻¹X (p × p): β's generalised least squares, and its covariance. */
  s: Float64Array;
  /** XᵀV̄⁻¹y (p). */
  vy: Float64Array;
}

/** The running state of a partialFit run. */
export interface OnlineRun {
  /** The state this run produced last: when the model's differs (refitted), a new run starts. */
  state: MixedModelState;
  /** Updates so far. */
  updates: number;
  /** Groups seen so far. */
  groups: number;
  /** The running per-group averages. */
  stats: OnlineStats;
}

interface Params {
  beta: Float64Array;
  cov: Float64Array;
  sigma2: number;
}

/** One group's rows, gathered from a batch. */
interface Group {
  label: string;
  rows: number[];
}

/** The cross-products of one group's rows. */
function crossProducts(rows: number[], chunk: ReturnType<typeof readChunk>) {
  const { p, q, x, y, z } = chunk;
  const ztz = new Float64Array(q * q);
  const ztx = new Float64Array(q * p);
  const zty = new Float64Array(q);
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  let yty = 0;
  for (const i of rows) {
    const yi = y[i]!;
    yty += yi * yi;
    for (let a = 0; a < p; a++) {
      xty[a]! += x[i * p + a]! * yi;
      for (let c = 0; c < p; c++) xtx[a * p + c]! += x[i * p + a]! * x[i * p + c]!;
    }
    for (let a = 0; a < q; a++) {
      const za = z[i * q + a]!;
      zty[a]! += za * yi;
      for (let c = 0; c < q; c++) ztz[a * q + c]! += za * z[i * q + c]!;
      for (let c = 0; c < p; c++) ztx[a * p + c]! += za * x[i * p + c]!;
    }
  }
  return { ztz, ztx, zty, xtx, xty, yty, n: rows.length };
}

/**
 * A group's E-step at `params`: b̂ = M⁻¹Zᵀ(y − Xβ) with M = ZᵀZ + σ²Σ⁻¹, Var(b | y) = σ²M⁻¹, its
 * statistics added into `into`, and its marginal log-likelihood returned.
 */
function groupStep(
  g: ReturnType<typeof crossProducts>,
  params: Params,
  pinv: Float64Array,
  logDetPsi: number,
  p: number,
  q: number,
  into: OnlineStats | undefined,
): { ll: number; b: Float64Array; mInverse: Float64Array } {
  const { beta, sigma2 } = params;
  const m = new Float64Array(q * q);
  for (let t = 0; t < q * q; t++) m[t] = g.ztz[t]! + pinv[t]!;
  if (!cholesky(m, q))
    throw new InvalidInputError(
      'params',
      'covariances at which ZᵀZ + σ²Σ⁻¹ is positive definite',
      'singular',
    );
  const logDetM = logDetFromCholesky(m, q);
  const mInverse = spdInverseFromCholesky(m, q);
  // Zᵀr and rᵀr with r = y − Xβ.
  const ztr = new Float64Array(q);
  for (let a = 0; a < q; a++) {
    let v = g.zty[a]!;
    for (let c = 0; c < p; c++) v -= g.ztx[a * p + c]! * beta[c]!;
    ztr[a] = v;
  }
  let rtr = g.yty;
  for (let a = 0; a < p; a++) {
    rtr -= 2 * beta[a]! * g.xty[a]!;
    for (let c = 0; c < p; c++) rtr += beta[a]! * g.xtx[a * p + c]! * beta[c]!;
  }
  const b = Float64Array.from(ztr);
  cholSolve(m, q, b);
  let quad = rtr;
  for (let a = 0; a < q; a++) quad -= ztr[a]! * b[a]!;
  const ll = -0.5 * (g.n * (Math.log(2 * Math.PI) + Math.log(sigma2)) + logDetPsi + logDetM + quad / sigma2);
  if (into) {
    for (let a = 0; a < q; a++)
      for (let c = 0; c < q; c++) into.bb[a * q + c]! += b[a]! * b[c]! + sigma2 * mInverse[a * q + c]!;
    for (let a = 0; a < p; a++) {
      let v = g.xty[a]!;
      for (let t = 0; t < q; t++) v -= g.ztx[t * p + a]! * b[t]!;
      into.xr[a]! += v;
      let vy = g.xty[a]!;
      for (let t = 0; t < q; t++)
        for (let u = 0; u < q; u++) vy -= g.ztx[t * p + a]! * mInverse[t * q + u]! * g.zty[u]!;
      into.vy[a]! += vy;
      for (let c = 0; c < p; c++) {
        into.xx[a * p + c]! += g.xtx[a * p + c]!;
        let w = 0;
        for (let t = 0; t < q; t++)
          for (let u = 0; u < q; u++) w += g.ztx[t * p + a]! * mInverse[t * q + u]! * g.ztx[u * p + c]!;
        into.s[a * p + c]! += g.xtx[a * p + c]! - w;
      }
    }
    // E‖y − Zb‖² = yᵀy − 2b̂ᵀZᵀy + tr(ZᵀZ E[bbᵀ]).
    let rr = g.yty;
    for (let a = 0; a < q; a++) {
      rr -= 2 * b[a]! * g.zty[a]!;
      for (let c = 0; c < q; c++) rr += g.ztz[a * q + c]! * (b[c]! * b[a]! + sigma2 * mInverse[c * q + a]!);
    }
    into.rr[0]! += rr;
    into.n[0]! += g.n;
  }
  return { ll, b, mInverse };
}

/** Σ⁻¹σ² and log det(Σ/σ²), or a typed error when Σ is not positive definite. */
function relative(params: Params, q: number) {
  const inv = spdInverse(params.cov, q);
  const l = Float64Array.from(params.cov);
  if (!inv || !cholesky(l, q))
    throw new InvalidInputError(
      'model',
      'a positive definite covariance of the random effects',
      'a singular one',
    );
  return {
    pinv: inv.map((v) => v * params.sigma2),
    logDetPsi: logDetFromCholesky(l, q) - q * Math.log(params.sigma2),
  };
}

/** The starting values `fit` would make on this batch: least squares, each part half the residual variance. */
function startFromBatch(chunk: ReturnType<typeof readChunk>): Params {
  const { rows: n, p, q, x, y, z } = chunk;
  const xtx = new Float64Array(p * p);
  const beta = new Float64Array(p);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < p; a++) {
      beta[a]! += x[i * p + a]! * y[i]!;
      for (let c = 0; c < p; c++) xtx[a * p + c]! += x[i * p + a]! * x[i * p + c]!;
    }
  if (!cholesky(xtx, p))
    throw new InvalidInputError(
      'X (of the first partialFit batch)',
      'columns of full rank',
      'rank deficient',
    );
  cholSolve(xtx, p, beta);
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let e = y[i]!;
    for (let a = 0; a < p; a++) e -= x[i * p + a]! * beta[a]!;
    rss += e * e;
  }
  const s2 = rss / Math.max(1, n - p) || 1;
  const cov = new Float64Array(q * q);
  for (let a = 0; a < q; a++) {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += z[i * q + a]! ** 2;
    cov[a * q + a] = s2 / 2 / (ss / n > 0 ? ss / n : 1);
  }
  return { beta, cov, sigma2: s2 / 2 };
}

/** The parameters of a fitted state, checked against the batch's columns. */
function paramsOf(state: MixedModelState, p: number, q: number): Params {
  if (state.factors.length !== 1 || state.factors[0]!.relationship)
    throw new InvalidOptionError(
      'partialFit',
      'a model with one grouping factor and no relationship matrix',
      state.factors.length,
    );
  if (state.fixedNames.length !== p)
    throw new InvalidInputError('X', `${state.fixedNames.length} columns (as fitted)`, `${p} columns`);
  if (state.factors[0]!.terms.length !== q)
    throw new InvalidInputError('Z', `${state.factors[0]!.terms.length} columns (as fitted)`, `${q} columns`);
  return {
    beta: Float64Array.from(state.beta),
    cov: Float64Array.from(state.cov[0]!.flat()),
    sigma2: state.sigma2,
  };
}

/**
 * One stepwise-EM update from `batch`: the batch's groups' statistics at the current parameters
 * mixed into the running averages, then the M-step. Returns the new run and the model's new state.
 */
export function onlineStep(
  batch: MixedChunk,
  state: MixedModelState | undefined,
  run: OnlineRun | undefined,
  schedule: Required<StepSizeOptions>,
): { run: OnlineRun; state: MixedModelState } {
  const chunk = readChunk(batch, 0, 0);
  // A nested factor's statistics are per group block (fitStream has them); the running averages
  // here are of one factor's, so a batch with `inner` or `nested` is refused rather than fitted without it.
  if (chunk.nested.length > 0)
    throw new InvalidInputError(
      batch.nested === undefined ? 'batch.inner' : 'batch.nested',
      'no nested factor for partialFit (fit a nested model with fitStream or the shard methods)',
      batch.nested === undefined ? 'inner' : 'nested',
    );
  const { p, q } = chunk;
  const params = state ? paramsOf(state, p, q) : startFromBatch(chunk);
  const covariance = state ? state.factors[0]!.covariance : 'unstructured';
  const groups = new Map<string, Group>();
  chunk.labels.forEach((label, i) => {
    const g = groups.get(label) ?? { label, rows: [] };
    g.rows.push(i);
    groups.set(label, g);
  });
  const { pinv, logDetPsi } = relative(params, q);
  const batchStats: OnlineStats = {
    bb: new Float64Array(q * q),
    xx: new Float64Array(p * p),
    xr: new Float64Array(p),
    rr: new Float64Array(1),
    n: new Float64Array(1),
    s: new Float64Array(p * p),
    vy: new Float64Array(p),
  };
  let ll = 0;
  const cross = [...groups.values()].map((g) => crossProducts(g.rows, chunk));
  for (const g of cross) ll += groupStep(g, params, pinv, logDetPsi, p, q, batchStats).ll;
  const updates = (run?.updates ?? 0) + 1;
  const eta = stepSize(updates, schedule);
  const G = groups.size;
  // Per-group running averages (the groups are the units).
  const stats = stepwiseAverage(run?.stats, batchStats, G, eta);
  // The M-step as fit's ECME step: β by generalised least squares from the averaged XᵀV̄⁻¹X and
  // XᵀV̄⁻¹y (EM's own β step, (XᵀX)⁻¹Xᵀ(y − Zb̂), crawls when b absorbs most of the group means);
  // σ² = E‖y − Xβ − Zb‖²/n and Σ = E[bbᵀ]. All statistics are per group: their scale cancels.
  const l = Float64Array.from(stats.s);
  if (!cholesky(l, p))
    throw new InvalidInputError('X', 'columns of full rank over the batches so far', 'rank deficient');
  const beta = Float64Array.from(stats.vy);
  cholSolve(l, p, beta);
  let rss = stats.rr[0]!;
  for (let a = 0; a < p; a++) {
    rss -= 2 * beta[a]! * stats.xr[a]!;
    for (let c = 0; c < p; c++) rss += beta[a]! * stats.xx[a * p + c]! * beta[c]!;
  }
  const sigma2 = rss / stats.n[0]!;
  const cov = Float64Array.from(stats.bb);
  if (covariance === 'diagonal')
    for (let a = 0; a < q; a++) for (let c = 0; c < q; c++) if (a !== c) cov[a * q + c] = 0;
  if (!(sigma2 > 0) || !Number.isFinite(sigma2))
    throw new InvalidInputError('batch', 'rows that leave a positive residual variance', sigma2);
  const next: Params = { beta, cov, sigma2 };
  // The batch's groups' conditional modes at the new parameters, for ranef().
  const rel = relative(next, q);
  const blups: number[][] = [];
  const condSd: number[][] = [];
  const labels = [...groups.keys()];
  cross.forEach((g) => {
    const { b, mInverse } = groupStep(g, next, rel.pinv, rel.logDetPsi, p, q, undefined);
    blups.push(Array.from(b));
    condSd.push(Array.from({ length: q }, (_, a) => Math.sqrt(sigma2 * mInverse[a * q + a]!)));
  });
  const seen = (run?.groups ?? 0) + G;
  const sInv = spdInverse(
    stats.s.map((v) => v * seen),
    p,
  );
  const fixedNames = state?.fixedNames ?? Array.from({ length: p }, (_, j) => `x${j + 1}`);
  const factor = state?.factors[0];
  const terms = factor?.terms ?? Array.from({ length: q }, (_, j) => (q === 1 ? '(Intercept)' : `z${j + 1}`));
  const name = factor?.name ?? 'g1';
  const singular = singularFactors([{ name, q }], { sigma2, cov: [cov] });
  const nextState: MixedModelState = {
    reml: false,
    formula: null,
    fixedRecipes: null,
    fixedLevels: {},
    n: (run?.state.n ?? 0) + chunk.rows,
    fixedNames,
    factors: [
      { name, terms, levels: labels, covariance, relationship: false, groupColumns: null, termRecipes: null },
    ],
    beta: Array.from(beta),
    vcov: Array.from({ length: p }, (_, a) =>
      Array.from({ length: p }, (_, c) => sigma2 * (sInv?.[a * p + c] ?? Number.NaN)),
    ),
    sigma2,
    cov: [Array.from({ length: q }, (_, a) => Array.from(cov.subarray(a * q, (a + 1) * q)))],
    blups: [blups],
    condSd: [condSd],
    logLik: ll,
    fitted: [],
    residuals: [],
    optimizer: {
      method: 'EM',
      emIterations: updates,
      eSteps: updates,
      emConverged: false,
      polish: 'none',
      polishIterations: 0,
      polishConverged: false,
      description: `stepwise (online) EM (${updates} batch${updates === 1 ? '' : 'es'}, η = ${eta.toPrecision(3)})`,
    },
    warnings: singular.length
      ? [
          {
            code: 'singular',
            message: `boundary (singular) fit: the covariance of ${name} is (nearly) singular.`,
          },
        ]
      : [],
    heritability: null,
  };
  if (nextState.vcov.some((r) => r.some((v) => !Number.isFinite(v))))
    throw new InvalidInputError(
      'batch',
      'groups that identify the fixed effects',
      'a singular information matrix',
    );
  return { run: { state: nextState, updates, groups: seen, stats }, state: nextState };
}
