import { InvalidInputError, InvalidOptionError, NumericalError } from '@em/core';
import { type DataInput, logSigmoid, toFlatMatrix } from '@em/core/numeric';
import { createRandom, poisson } from '@em/sampling';
import { checkCount, drawIndex, serialOptions } from './bernoulli.js';
import { inverseLink, type RegressionFamily, weightedGlm, weightedLeastSquares } from './glm.js';
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
  Float64Array,
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
    const p = m.cols + (this.fitIntercept ? 1 : 0);
    if (params && p !== params.nFeatures)
      throw new InvalidInputError(
        'X',
        `${params.nFeatures - (this.fitIntercept ? 1 : 0)} columns (as at fit time)`,
        `${m.cols} columns`,
      );
    if (!this.fitIntercept) return { x: m.data, p, rows: m.rows };
    const x = new Float64Array(m.rows * p);
    for (let i = 0; i < m.rows; i++) {
      x[i * p] = 1;
      for (let j = 0; j < m.cols; j++) x[i * p + 1 + j] = m.data[i * m.cols + j]!;
    }
    return { x, p, rows: m.rows };
  }

  /** @internal */
  protected prepare(
    [X, yIn]: [DataInput, ArrayLike<number>],
    params: RegressionParams | undefined,
  ): RegressionData {
    const { x, p, rows } = this.design(X, params);
    if (!isArrayLike(yIn))
      throw new InvalidInputError('y', `an array of ${rows} responses (one per row of X)`, yIn);
    if (yIn.length !== rows)
      throw new InvalidInputError('y', `${rows} responses (one per row of X)`, `${yIn.length} responses`, {
        row: Math.min(rows, yIn.length),
      });
    const y = new Float64Array(rows);
    const logNorm = new Float64Array(rows);
    let mean = 0;
    for (let i = 0; i < rows; i++) {
      const v = yIn[i];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new InvalidInputError('y', 'a finite number', v, { row: i });
      if (this.family === 'poisson') {
        if (!(Number.isInteger(v) && v >= 0 && v <= 2 ** 52))
          throw new InvalidInputError('y', 'a count (an integer >= 0) for the poisson family', v, { row: i });
        logNorm[i] = logFactorial(v);
      } else if (this.family === 'binomial' && v !== 0 && v !== 1) {
        throw new InvalidInputError('y', '0 or 1 for the binomial family', v, { row: i });
      }
      y[i] = v;
      mean += v;
    }
    mean /= rows;
    let ss = 0;
    for (const v of y) ss += (v - mean) ** 2;
    return { rows, x, p, y, logNorm, sdY: Math.sqrt(ss / rows) };
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

  /** @internal The responsibilities themselves: each component's weighted regression needs every row. */
  protected statistics(_data: RegressionData, resp: Float64Array): Float64Array {
    return resp.slice();
  }

  /** @internal */
  protected maximize(
    data: RegressionData,
    resp: Float64Array,
    previous: RegressionParams,
    iteration: number,
  ): RegressionParams {
    const K = previous.weights.length;
    const { x, y, p, rows: n } = data;
    const weights = new Float64Array(K);
    const coefficients = new Float64Array(K * p);
    const sigmas = new Float64Array(K);
    let total = 0;
    for (let i = 0; i < n * K; i++) total += resp[i]!;
    const beta = new Float64Array(p);
    for (let k = 0; k < K; k++) {
      let nk = 0;
      for (let i = 0; i < n; i++) nk += resp[i * K + k]!;
      weights[k] = nk / total;
      let ok: boolean;
      if (this.family === 'gaussian') {
        ok = weightedLeastSquares(x, y, resp, k, K, n, p, beta);
      } else {
        if (previous.coefficients?.length === K * p)
          beta.set(previous.coefficients.subarray(k * p, (k + 1) * p));
        else startingCoefficients(this.family, this.fitIntercept, data, resp, k, K, beta);
        ok = weightedGlm(this.family, x, y, resp, k, K, n, p, beta);
      }
      if (!ok || !(nk > 0))
        throw new NumericalError(
          `Component ${k} has too little weight to fit ${p} coefficients after iteration ${iteration}.`,
          'Use fewer components, more restarts (nInit), or check X for constant or collinear columns.',
        );
      coefficients.set(beta, k * p);
      if (this.family === 'gaussian') {
        let ss = 0;
        for (let i = 0; i < n; i++) {
          const r = y[i]! - eta(x, i, p, coefficients, k);
          ss += resp[i * K + k]! * r * r;
        }
        const s = Math.sqrt(ss / nk);
        if (!(s > 1e-8 * (data.sdY || 1)))
          throw new NumericalError(
            `Component ${k} collapsed onto its regression line (noise standard deviation ${s}) after iteration ${iteration}.`,
            'Use fewer components or more restarts (nInit).',
          );
        sigmas[k] = s;
      }
    }
    return { weights, coefficients, sigmas, nFeatures: p };
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
      const like: RegressionParams = {
        weights: new Float64Array(K).fill(1 / K),
        coefficients: new Float64Array(0),
        sigmas: new Float64Array(K),
        nFeatures: data.p,
      };
      try {
        const params = this.maximize(data, resp, like, 0);
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
    return { weights, coefficients, sigmas, nFeatures: like.nFeatures };
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
