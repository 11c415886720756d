import { InvalidInputError, InvalidOptionError, NumericalError } from '@em/core';
import {
  type DataInput,
  type FlatMatrix,
  logSigmoid,
  normalizeLogRows,
  toFlatMatrix,
} from '@em/core/numeric';
import { createRandom, poisson } from '@em/sampling';
import { checkCount, drawIndex, serialOptions } from './bernoulli.js';
import {
  addGlmRow,
  type ComponentSums,
  inverseLink,
  newton,
  type RegressionFamily,
  solveSpd,
  symmetric,
} from './glm.js';
import { initMatrix, initVector, initWeights, isArrayLike } from './init.js';
import { logFactorial } from './log-factorial.js';
import { MixtureModel } from './mixture-base.js';
import { type MixtureOptions, requireBoolean, requireOneOf, resolveBase } from './options.js';
import {
  finiteArray,
  flatMatrix,
  type MixtureJSON,
  readEnvelope,
  readFit,
  readWeights,
  rowsOf,
  writeEnvelope,
} from './serialize.js';
import { packWeights, unpackWeights } from './simplex.js';
import { readWireParams, type WireRecord } from './wire.js';

export type { RegressionFamily } from './glm.js';

/**
 * Options of {@link RegressionMixture}: the shared {@link MixtureOptions}, the family of each
 * component's regression, the intercept, and explicit initial parameters.
 *
 * @example
 * ```ts
 * import type { RegressionMixtureOptions } from '@em/mixtures';
 * const options: RegressionMixtureOptions = { nComponents: 2, family: 'poisson', nInit: 10 };
 * ```
 */
export interface RegressionMixtureOptions extends MixtureOptions {
  /**
   * `'gaussian'` (default): linear regressions with a noise standard deviation per component (mixtools'
   * `regmixEM`); `'poisson'`: log-linear Poisson regressions (`poisregmixEM`, flexmix's
   * `FLXMRglm(family = "poisson")`); `'binomial'`: logistic regressions of a 0/1 response.
   */
  family?: RegressionFamily;
  /** Add an intercept column of ones in front of X. Default true. */
  fitIntercept?: boolean;
  /** Initial mixing weights (K numbers summing to 1). */
  weightsInit?: ArrayLike<number>;
  /**
   * Initial coefficients, K rows of p numbers (intercept first when `fitIntercept`); with them EM
   * starts there (mixtools' `beta`, one row per component).
   */
  coefficientsInit?: ArrayLike<ArrayLike<number>>;
  /** Initial noise standard deviations (gaussian family; default the standard deviation of y). */
  sigmasInit?: ArrayLike<number>;
}

interface RegressionParams {
  weights: Float64Array;
  /** K × p. */
  coefficients: Float64Array;
  /** K noise standard deviations (gaussian), else zeros. */
  sigmas: Float64Array;
  nFeatures: number;
  /**
   * Gaussian family with an intercept: the shift (x̄ per column, 0 for the intercept, then ȳ) the
   * statistics are taken about, so that Σ w ỹ² − β̃ᵀ… does not lose the residuals to cancellation.
   * Chosen at the start of a run (the data's means) and kept; absent means no shift.
   */
  center?: Float64Array;
  /** The coefficients (K × p) at which a further pass takes a GLM's Newton sums (default: `coefficients`). */
  trial?: Float64Array;
  /** With `trial`: 1 for the components still in Newton's iterations, 0 for those done (skipped). */
  active?: Float64Array;
}

/** Where Newton's method needs the sums next: trial coefficients (K × p) and the components still iterating. */
interface NewtonRequest {
  trial: Float64Array;
  active: Float64Array;
}

/**
 * Per component k: Σᵢ rᵢₖ, and its {@link ComponentSums} (gaussian: about the centre; GLM: at the
 * coefficients) — K, K × p × p (lower triangles), K × p and K numbers. They add up over rows.
 */
interface RegressionStats {
  nk: Float64Array;
  cross: Float64Array;
  linear: Float64Array;
  scalar: Float64Array;
}

interface RegressionData {
  rows: number;
  /** n × p design (with the intercept column). */
  x: Float64Array;
  p: number;
  y: Float64Array;
  /** log yᵢ! (poisson), else 0. */
  logNorm: Float64Array;
  sdY: number;
  /** Column means of the design (0 for the intercept) then ȳ: gaussian with intercept, else zeros. */
  center: Float64Array;
}

const KEYS = ['family', 'fitIntercept', 'weightsInit', 'coefficientsInit', 'sigmasInit'];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * A mixture of regressions — groups that follow different regression lines — fitted by EM: linear
 * regressions with their own noise variance per component (mixtools' `regmixEM`), or Poisson or
 * logistic regressions per component (flexmix's `FLXMRglm`). `fit(X, y)`; `predict(X, y)` says
 * which line each point belongs to.
 *
 * @example
 * ```ts
 * import { RegressionMixture } from '@em/mixtures';
 * const x = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5];
 * const y = [0.1, 1, 2.1, 2.9, 4, 5.1, 10, 8.1, 6, 4.1, 2, 0.1]; // y ≈ x and y ≈ 10 − 2x
 * const model = new RegressionMixture({ nComponents: 2, nInit: 5 }).fit(x, y);
 * model.coefficients.map(([b0, b1]) => [Math.round(b0!), Math.round(b1!)]); // [[0, 1], [10, -2]] in some order
 * ```
 */
export class RegressionMixture extends MixtureModel<
  RegressionParams,
  RegressionData,
  RegressionStats,
  [X: DataInput, y: ArrayLike<number>]
> {
  /** `'RegressionMixture'`. */
  readonly kind = 'RegressionMixture';
  /** The options as given to the constructor. */
  readonly options: RegressionMixtureOptions;
  /** The family of the component regressions. */
  readonly family: RegressionFamily;
  /** Whether an intercept column is added. */
  readonly fitIntercept: boolean;
  private readonly start: {
    weights?: Float64Array;
    coefficients?: { data: Float64Array; cols: number };
    sigmas?: Float64Array;
  };
  /**
   * The last in-memory E-step's responsibilities (fit's buffer, weakly held: a fitted model keeps no
   * rows), its parameters and statistics: the M-step's Newton trials reuse them when they are its own
   * (the same objects), instead of recomputing them.
   */
  private lastEStep:
    | { params: RegressionParams; stats: RegressionStats; resp: WeakRef<Float64Array> }
    | undefined;

  /** Validates the options (an `InvalidOptionError` names the first bad one). */
  constructor(options: RegressionMixtureOptions = {}) {
    const base = resolveBase(options, KEYS);
    super(base);
    this.family = requireOneOf('family', options.family ?? 'gaussian', ['gaussian', 'poisson', 'binomial']);
    this.fitIntercept =
      options.fitIntercept === undefined ? true : requireBoolean('fitIntercept', options.fitIntercept);
    const K = base.nComponents;
    const sigmas =
      options.sigmasInit === undefined ? undefined : initVector('sigmasInit', options.sigmasInit, K);
    if (sigmas)
      for (const s of sigmas)
        if (!(s > 0)) throw new InvalidOptionError('sigmasInit', 'standard deviations > 0', s);
    this.start = {
      weights: initWeights(options.weightsInit, K),
      coefficients:
        options.coefficientsInit === undefined
          ? undefined
          : initMatrix('coefficientsInit', options.coefficientsInit, K),
      sigmas,
    };
    this.options = { ...options };
  }

  /** Coefficients of each component's regression: K rows of p numbers (intercept first when `fitIntercept`). */
  get coefficients(): number[][] {
    const { params } = this.fitted('coefficients');
    return rowsOf(params.coefficients, params.weights.length, params.nFeatures);
  }

  /** Noise standard deviation of each component (gaussian family; zeros for the others). */
  get sigmas(): number[] {
    return Array.from(this.fitted('sigmas').params.sigmas);
  }

  /**
   * Each component's mean response at the rows of X (n rows of K means): the fitted lines, evaluated.
   *
   * @example
   * ```ts
   * import { RegressionMixture } from '@em/mixtures';
   * const model = new RegressionMixture({ nComponents: 2, nInit: 3 }).fit([0, 1, 2, 3, 0, 1, 2, 3], [0.1, 0.9, 2.1, 3, 5, 4.9, 5.1, 5]);
   * model.componentMeans([10]); // [[10, 5]] or [[5, 10]], up to rounding
   * ```
   */
  componentMeans(X: DataInput): number[][] {
    const { params } = this.fitted('componentMeans');
    const { x, p, rows } = this.design(X, params);
    const K = params.weights.length;
    return Array.from({ length: rows }, (_, i) =>
      Array.from({ length: K }, (_, k) => inverseLink(this.family, eta(x, i, p, params.coefficients, k))),
    );
  }

  private design(
    X: DataInput,
    params: RegressionParams | undefined,
  ): { x: Float64Array; p: number; rows: number } {
    const m = toFlatMatrix(X, 'X');
    return this.designOf(m, m.cols, params, `${m.cols} columns`, 0);
  }

  /** The design from the first `d` columns of m (an intercept column in front when fitIntercept). */
  private designOf(
    m: FlatMatrix,
    d: number,
    params: RegressionParams | undefined,
    received: string,
    extra: number,
  ): { x: Float64Array; p: number; rows: number } {
    const p = d + (this.fitIntercept ? 1 : 0);
    if (params && p !== params.nFeatures)
      throw new InvalidInputError(
        'X',
        `${params.nFeatures - (this.fitIntercept ? 1 : 0) + extra} columns (as at fit time)`,
        received,
      );
    if (!this.fitIntercept && d === m.cols) return { x: m.data, p, rows: m.rows };
    const shift = this.fitIntercept ? 1 : 0;
    const x = new Float64Array(m.rows * p);
    for (let i = 0; i < m.rows; i++) {
      if (shift) x[i * p] = 1;
      for (let j = 0; j < d; j++) x[i * p + shift + j] = m.data[i * m.cols + j]!;
    }
    return { x, p, rows: m.rows };
  }

  /** @internal */
  protected prepare(
    [X, yIn]: [DataInput, ArrayLike<number>],
    params: RegressionParams | undefined,
  ): RegressionData {
    const design = this.design(X, params);
    const { rows } = design;
    if (!isArrayLike(yIn))
      throw new InvalidInputError('y', `an array of ${rows} responses (one per row of X)`, yIn);
    if (yIn.length !== rows)
      throw new InvalidInputError('y', `${rows} responses (one per row of X)`, `${yIn.length} responses`, {
        row: Math.min(rows, yIn.length),
      });
    return this.withResponse(design, (i) => yIn[i], 'y', undefined, params);
  }

  /**
   * @internal Streamed chunks, `partialFit` batches and samples: rows of the covariates then the
   * response, [x₁ … x_d, y] (as a CSV file holds them).
   */
  protected override prepareRows(X: unknown, params: RegressionParams | undefined): RegressionData {
    const m = toFlatMatrix(X as DataInput, 'X');
    const d = m.cols - 1;
    if (d < (this.fitIntercept ? 0 : 1))
      throw new InvalidInputError(
        'X',
        'rows of the covariates then the response (at least 2 columns without an intercept)',
        `${m.cols} columns`,
      );
    const design = this.designOf(m, d, params, `${m.cols} columns (the last one the response)`, 1);
    return this.withResponse(design, (i) => m.data[i * m.cols + d], 'X', d, params);
  }

  /** Checks the responses and completes the prepared data; a bad one is named as `name`[row][column]. */
  private withResponse(
    { x, p, rows }: { x: Float64Array; p: number; rows: number },
    response: (i: number) => unknown,
    name: string,
    column: number | undefined,
    params: RegressionParams | undefined,
  ): RegressionData {
    const y = new Float64Array(rows);
    const logNorm = new Float64Array(rows);
    let mean = 0;
    for (let i = 0; i < rows; i++) {
      const v = response(i);
      const where = { row: i, column };
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new InvalidInputError(name, 'a finite number (the response)', v, where);
      if (this.family === 'poisson') {
        if (!(Number.isInteger(v) && v >= 0 && v <= 2 ** 52))
          throw new InvalidInputError(name, 'a count (an integer >= 0) for the poisson family', v, where);
        logNorm[i] = logFactorial(v);
      } else if (this.family === 'binomial' && v !== 0 && v !== 1) {
        throw new InvalidInputError(name, '0 or 1 for the binomial family', v, where);
      }
      y[i] = v;
      mean += v;
    }
    mean /= rows;
    let ss = 0;
    for (const v of y) ss += (v - mean) ** 2;
    return { rows, x, p, y, logNorm, sdY: Math.sqrt(ss / rows), center: this.centerOf(x, p, y, params) };
  }

  /**
   * The origin of a gaussian fit's statistics: the first row of the data (the parameters' or the
   * layout's, when given: a streamed fit's first row of its first chunk), whatever the chunks, so
   * that fit and fitStream take the same sums; zeros without an intercept (no shift is free then).
   */
  private centerOf(x: Float64Array, p: number, y: Float64Array, params: RegressionParams | undefined) {
    const given = params?.center;
    if (given !== undefined) {
      if (!(given instanceof Float64Array) || given.length !== p + 1 || !given.every(Number.isFinite))
        throw new InvalidInputError('params.center', `${p + 1} finite numbers`, given);
      return given;
    }
    const center = new Float64Array(p + 1);
    if (this.family === 'gaussian' && this.fitIntercept) {
      for (let a = 1; a < p; a++) center[a] = x[a]!;
      center[p] = y[0]!;
    }
    return center;
  }

  /** @internal */
  protected logDensities(data: RegressionData, params: RegressionParams, out: Float64Array): void {
    const K = params.weights.length;
    const { x, p, y } = data;
    for (let i = 0; i < data.rows; i++) {
      for (let k = 0; k < K; k++) {
        const e = eta(x, i, p, params.coefficients, k);
        let l: number;
        if (this.family === 'gaussian') {
          const s = params.sigmas[k]!;
          const z = (y[i]! - e) / s;
          l = -HALF_LOG_2PI - Math.log(s) - 0.5 * z * z;
        } else if (this.family === 'poisson') {
          l = y[i]! * e - Math.exp(Math.min(e, 700)) - data.logNorm[i]!;
        } else {
          l = y[i] === 1 ? logSigmoid(e) : logSigmoid(-e);
        }
        out[i * K + k] = l;
      }
    }
  }

  /**
   * @internal Per component: the weights' sum and the sums its M-step needs — gaussian: the weighted
   * cross-products about the centre (least squares from XᵀWX, XᵀWy, yᵀWy); Poisson and logistic:
   * Newton's information, score and objective at `trial` (default the coefficients). Added row by row.
   */
  protected statistics(
    data: RegressionData,
    resp: Float64Array,
    params: RegressionParams,
    into?: RegressionStats,
  ): RegressionStats {
    const K = params.weights.length;
    const { x, y, p } = data;
    const out = into ?? {
      nk: new Float64Array(K),
      cross: new Float64Array(K * p * p),
      linear: new Float64Array(K * p),
      scalar: new Float64Array(K),
    };
    const { nk, cross, linear, scalar } = out;
    if (!into && this.family !== 'gaussian') this.lastEStep = { params, stats: out, resp: new WeakRef(resp) };
    if (this.family !== 'gaussian') {
      const beta = params.trial ?? params.coefficients;
      const { active } = params;
      for (let i = 0; i < data.rows; i++)
        for (let k = 0; k < K; k++) {
          const w = resp[i * K + k]!;
          nk[k]! += w;
          if (w === 0 || active?.[k] === 0) continue;
          scalar[k]! += addGlmRow(
            this.family,
            x,
            i * p,
            p,
            y[i]!,
            w,
            beta,
            k * p,
            cross,
            k * p * p,
            linear,
            k * p,
          );
        }
      return out;
    }
    const c = params.center ?? new Float64Array(p + 1);
    const xc = new Float64Array(p);
    for (let i = 0; i < data.rows; i++) {
      const yc = y[i]! - c[p]!;
      for (let a = 0; a < p; a++) xc[a] = x[i * p + a]! - c[a]!;
      for (let k = 0; k < K; k++) {
        const w = resp[i * K + k]!;
        nk[k]! += w;
        if (w === 0) continue;
        for (let a = 0; a < p; a++) {
          const xa = w * xc[a]!;
          linear[k * p + a]! += xa * yc;
          for (let b = 0; b <= a; b++) cross[k * p * p + a * p + b]! += xa * xc[b]!;
        }
        scalar[k]! += w * yc * yc;
      }
    }
    return out;
  }

  /** @internal */
  protected override layoutOf(data: RegressionData): Partial<RegressionParams> {
    // The first chunk's centre is the source's (mergeLayouts keeps the first part's).
    return this.family === 'gaussian' && this.fitIntercept
      ? { nFeatures: data.p, center: data.center }
      : { nFeatures: data.p };
  }

  /** @internal Stepwise EM needs an M-step that is a function of the statistics: gaussian only. */
  protected override learnsOnline(): boolean {
    return this.family === 'gaussian';
  }

  /** @internal */
  protected override readParams(wire: WireRecord): RegressionParams {
    const K = this.base.nComponents;
    const params = readWireParams(wire, this.kind, K, {
      nFeatures: 'count',
      coefficients: (q) => K * q,
      sigmas: () => K,
      center: { optional: (q) => q + 1 },
      trial: { optional: (q) => K * q },
      active: { optional: () => K },
    }) as unknown as RegressionParams;
    if (this.family === 'gaussian')
      params.sigmas.forEach((s, k) => {
        if (!(s > 0)) throw new InvalidInputError(`params.sigmas[${k}]`, 'a standard deviation > 0', s);
      });
    return params;
  }

  /** @internal The M-step on data held here: Newton's trials sum over these rows, weighted by the E-step. */
  protected maximize(
    data: RegressionData,
    stats: RegressionStats,
    previous: RegressionParams,
    iteration: number,
  ): RegressionParams {
    const steps = this.mStep(data, stats, previous, iteration);
    let step = steps.next();
    if (step.done) return step.value;
    // The E-step's responsibilities (computed once): every Newton trial sums over rows with them.
    const K = previous.weights.length;
    const last = this.lastEStep;
    const kept = last?.params === previous && last.stats === stats ? last.resp.deref() : undefined;
    let resp: Float64Array;
    if (kept?.length === data.rows * K) {
      resp = kept.slice();
    } else {
      resp = new Float64Array(data.rows * K);
      this.logJoint(data, previous, resp);
      normalizeLogRows({ data: resp, rows: data.rows, cols: K });
    }
    this.lastEStep = undefined;
    while (!step.done) step = steps.next(this.statistics(data, resp, { ...previous, ...step.value }));
    return step.value;
  }

  /** @internal The M-step on data held elsewhere: each of Newton's further passes is a pass over it. */
  protected override async maximizeAsync(
    data: RegressionData,
    stats: RegressionStats,
    previous: RegressionParams,
    iteration: number,
    statsAt: (params: RegressionParams) => Promise<RegressionStats>,
  ): Promise<RegressionParams> {
    const steps = this.mStep(data, stats, previous, iteration);
    for (let step = steps.next(); ; ) {
      if (step.done) return step.value;
      step = steps.next(await statsAt({ ...previous, ...step.value }));
    }
  }

  /**
   * The M-step from the statistics: weights, then least squares (gaussian) or Newton's method from
   * the previous coefficients (Poisson, logistic), which yields each trial K × p coefficients and
   * needs the statistics at them back.
   */
  private *mStep(
    data: RegressionData,
    stats: RegressionStats,
    previous: RegressionParams,
    iteration: number,
  ): Generator<NewtonRequest, RegressionParams, RegressionStats> {
    const K = previous.weights.length;
    const { p } = data;
    const { nk } = stats;
    const tooLittle = (k: number) =>
      new NumericalError(
        `Component ${k} has too little weight to fit ${p} coefficients after iteration ${iteration}.`,
        'Use fewer components, more restarts (nInit), or check X for constant or collinear columns.',
      );
    let total = 0;
    for (const v of nk) total += v;
    const weights = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      if (!(nk[k]! > 0)) throw tooLittle(k);
      weights[k] = nk[k]! / total;
    }
    const sigmas = new Float64Array(K);
    if (this.family !== 'gaussian') {
      const coefficients = previous.coefficients.slice();
      const ok = yield* newtonAll(coefficients, stats, K, p);
      const failed = ok.indexOf(false);
      if (failed >= 0) throw tooLittle(failed);
      return { weights, coefficients, sigmas, nFeatures: p };
    }
    const c = previous.center ?? new Float64Array(p + 1);
    const coefficients = new Float64Array(K * p);
    for (let k = 0; k < K; k++) {
      const beta = stats.linear.slice(k * p, (k + 1) * p);
      if (!solveSpd(symmetric(stats.cross, k * p * p, p), beta, p)) throw tooLittle(k);
      // Residual sum of squares about the centre: Σ w ỹ² − 2 β̃ᵀ X̃ᵀWỹ + β̃ᵀ X̃ᵀWX̃ β̃.
      const A = symmetric(stats.cross, k * p * p, p);
      let ss = stats.scalar[k]!;
      let shift = c[p]!;
      for (let a = 0; a < p; a++) {
        let Ab = 0;
        for (let b = 0; b < p; b++) Ab += A[a * p + b]! * beta[b]!;
        ss += beta[a]! * (Ab - 2 * stats.linear[k * p + a]!);
        shift -= c[a]! * beta[a]!;
      }
      // Back from the centred design: only the intercept moves (the shift is 0 without one).
      if (this.fitIntercept) beta[0]! += shift;
      coefficients.set(beta, k * p);
      const s = Math.sqrt(Math.max(ss, 0) / nk[k]!);
      if (!(s > 1e-8 * (data.sdY || 1)))
        throw new NumericalError(
          `Component ${k} collapsed onto its regression line (noise standard deviation ${s}) after iteration ${iteration}.`,
          'Use fewer components or more restarts (nInit).',
        );
      sigmas[k] = s;
    }
    return { weights, coefficients, sigmas, nFeatures: p, center: previous.center };
  }

  /** @internal Random start: each component's regression fitted to a random subset of rows. */
  protected override initialParams(data: RegressionData, random: () => number): RegressionParams {
    const K = this.base.nComponents;
    const n = data.rows;
    const m = Math.min(
      n,
      this.family === 'gaussian' ? Math.max(data.p + 1, 2 * data.p) : Math.max(3 * data.p, 10),
    );
    let lastError: unknown;
    for (let attempt = 0; attempt < 20; attempt++) {
      const resp = new Float64Array(n * K);
      for (let k = 0; k < K; k++) for (let t = 0; t < m; t++) resp[Math.floor(random() * n) * K + k] = 1;
      const coefficients = new Float64Array(this.family === 'gaussian' ? 0 : K * data.p);
      if (this.family !== 'gaussian')
        for (let k = 0; k < K; k++)
          startingCoefficients(
            this.family,
            this.fitIntercept,
            data,
            resp,
            k,
            K,
            coefficients.subarray(k * data.p, (k + 1) * data.p),
          );
      const like: RegressionParams = {
        weights: new Float64Array(K).fill(1 / K),
        coefficients,
        sigmas: new Float64Array(K),
        nFeatures: data.p,
        center: this.family === 'gaussian' && this.fitIntercept ? data.center : undefined,
      };
      try {
        // Newton's passes here run over the subsets (fixed weights), not an E-step.
        const steps = this.mStep(data, this.statistics(data, resp, like), like, 0);
        let step = steps.next();
        while (!step.done) step = steps.next(this.statistics(data, resp, { ...like, ...step.value }));
        const params = step.value;
        params.weights.fill(1 / K);
        if (this.family === 'gaussian') params.sigmas.fill(data.sdY || 1);
        return params;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  /** @internal */
  protected explicitStart(data: RegressionData): RegressionParams | undefined {
    const { weights, coefficients, sigmas } = this.start;
    if (!coefficients) return undefined;
    if (coefficients.cols !== data.p)
      throw new InvalidOptionError(
        'coefficientsInit',
        `rows of ${data.p} coefficients (intercept first when fitIntercept)`,
        coefficients.cols,
      );
    const K = this.base.nComponents;
    return {
      weights: weights ?? new Float64Array(K).fill(1 / K),
      coefficients: coefficients.data.slice(),
      sigmas:
        this.family === 'gaussian'
          ? (sigmas ?? new Float64Array(K).fill(data.sdY || 1)).slice()
          : new Float64Array(K),
      nFeatures: data.p,
      center: this.family === 'gaussian' && this.fitIntercept ? data.center : undefined,
    };
  }

  /** @internal */
  protected packParams(params: RegressionParams): Float64Array {
    const K = params.weights.length;
    const c = params.coefficients.length;
    const v = new Float64Array(K + c + (this.family === 'gaussian' ? K : 0));
    packWeights(params.weights, v);
    v.set(params.coefficients, K);
    if (this.family === 'gaussian') for (let k = 0; k < K; k++) v[K + c + k] = Math.log(params.sigmas[k]!);
    return v;
  }

  /** @internal */
  protected unpackParams(v: Float64Array, like: RegressionParams): RegressionParams | undefined {
    const K = like.weights.length;
    const c = like.coefficients.length;
    const weights = unpackWeights(v, K);
    if (!weights) return undefined;
    const coefficients = v.slice(K, K + c);
    for (const b of coefficients) if (!Number.isFinite(b)) return undefined;
    const sigmas = new Float64Array(K);
    if (this.family === 'gaussian')
      for (let k = 0; k < K; k++) {
        sigmas[k] = Math.exp(v[K + c + k]!);
        if (!(sigmas[k]! > 0 && sigmas[k]! < Number.POSITIVE_INFINITY)) return undefined;
      }
    return { weights, coefficients, sigmas, nFeatures: like.nFeatures, center: like.center };
  }

  /** @internal */
  protected countParameters(params: RegressionParams): number {
    const K = params.weights.length;
    return K - 1 + K * params.nFeatures + (this.family === 'gaussian' ? K : 0);
  }

  /**
   * Draws a response for each row of X from the fitted mixture (seeded by `randomState`): the
   * component of each row, then y from that component's regression.
   */
  sample(X: DataInput): { y: Float64Array; labels: Int32Array } {
    const { params } = this.fitted('sample');
    const { x, p, rows } = this.design(X, params);
    checkCount(rows);
    const rng = createRandom(this.base.randomState);
    const y = new Float64Array(rows);
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const k = drawIndex(params.weights, rng.next());
      labels[i] = k;
      const mu = inverseLink(this.family, eta(x, i, p, params.coefficients, k));
      if (this.family === 'gaussian') y[i] = rng.normal(mu, params.sigmas[k]!);
      else if (this.family === 'poisson') y[i] = poisson(rng, { lam: mu, size: 1 })[0]!;
      else y[i] = rng.next() < mu ? 1 : 0;
    }
    return { y, labels };
  }

  /** The fitted model as plain JSON; {@link RegressionMixture.fromJSON} reads it back exactly. */
  toJSON(): MixtureJSON {
    const state = this.fitted('toJSON');
    const { params } = state;
    return writeEnvelope(this.kind, serialOptions(this.options, ['family', 'fitIntercept']), state, {
      coefficients: rowsOf(params.coefficients, params.weights.length, params.nFeatures),
      sigmas: Array.from(params.sigmas),
    });
  }

  /**
   * A fitted model from {@link RegressionMixture.toJSON}'s output, checked field by field.
   *
   * @example
   * ```ts
   * import { RegressionMixture } from '@em/mixtures';
   * const model = new RegressionMixture({ nComponents: 1 }).fit([0, 1, 2, 3], [1, 3, 5, 7.5]);
   * RegressionMixture.fromJSON(JSON.stringify(model)).coefficients; // equal to model.coefficients
   * ```
   */
  static fromJSON(json: unknown): RegressionMixture {
    const j = readEnvelope(json, 'RegressionMixture');
    const weights = readWeights(j);
    const K = weights.length;
    const { data, cols } = flatMatrix('params.coefficients', j.params.coefficients, K);
    const sigmas = finiteArray('params.sigmas', j.params.sigmas, K);
    const model = new RegressionMixture({ ...(j.options as RegressionMixtureOptions), nComponents: K });
    if (model.family === 'gaussian')
      for (let k = 0; k < K; k++)
        if (!(sigmas[k]! > 0))
          throw new InvalidInputError(`json.params.sigmas[${k}]`, 'a standard deviation > 0', sigmas[k]);
    if (model.fitIntercept && cols < 1)
      throw new InvalidInputError('json.params.coefficients', 'an intercept column', cols);
    model.state = readFit(j, { weights, coefficients: data, sigmas, nFeatures: cols });
    return model;
  }
}

function eta(x: Float64Array, i: number, p: number, coefficients: Float64Array, k: number): number {
  let s = 0;
  for (let a = 0; a < p; a++) s += x[i * p + a]! * coefficients[k * p + a]!;
  return s;
}

/** A start for Newton's method: the intercept at the link of the weighted mean response. */
function startingCoefficients(
  family: RegressionFamily,
  intercept: boolean,
  data: RegressionData,
  resp: Float64Array,
  k: number,
  K: number,
  beta: Float64Array,
): void {
  beta.fill(0);
  if (!intercept) return;
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < data.rows; i++) {
    sw += resp[i * K + k]!;
    swy += resp[i * K + k]! * data.y[i]!;
  }
  const mean = Math.min(Math.max(swy / sw, 1e-3), family === 'binomial' ? 1 - 1e-3 : Number.MAX_VALUE);
  beta[0] = family === 'poisson' ? Math.log(mean) : Math.log(mean / (1 - mean));
  if (!Number.isFinite(beta[0]!)) beta[0] = 0;
}

/**
 * Newton's method for every component at once (a pass over the data serves them all): each trial
 * K × p coefficients is yielded, a component that has converged keeps its coefficients. Returns
 * whether each component's information matrix was invertible.
 */
function* newtonAll(
  coefficients: Float64Array,
  stats: RegressionStats,
  K: number,
  p: number,
): Generator<NewtonRequest, boolean[], RegressionStats> {
  const sumsOf = (s: RegressionStats, k: number): ComponentSums => ({
    cross: s.cross.subarray(k * p * p, (k + 1) * p * p),
    linear: s.linear.subarray(k * p, (k + 1) * p),
    scalar: s.scalar[k]!,
  });
  const runs = Array.from({ length: K }, (_, k) =>
    newton(coefficients.subarray(k * p, (k + 1) * p), sumsOf(stats, k)),
  );
  let steps = runs.map((run) => run.next());
  while (steps.some((step) => !step.done)) {
    const trial = coefficients.slice();
    const active = new Float64Array(K);
    steps.forEach((step, k) => {
      if (step.done) return;
      trial.set(step.value, k * p);
      active[k] = 1;
    });
    const at = yield { trial, active };
    steps = steps.map((step, k) => (step.done ? step : runs[k]!.next(sumsOf(at, k))));
  }
  return steps.map((step) => step.value as boolean);
}
