import { InvalidInputError, InvalidOptionError, NumericalError } from '@em/core';
import { type DataInput, toFlatMatrix } from '@em/core/numeric';
import { createRandom, poisson } from '@em/sampling';
import { checkCount, drawIndex, serialOptions } from './bernoulli.js';
import { initMatrix, initWeights } from './init.js';
import { logFactorial } from './log-factorial.js';
import { MixtureModel } from './mixture-base.js';
import { type MixtureOptions, resolveBase } from './options.js';
import {
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

/**
 * Options of {@link PoissonMixture}: the shared {@link MixtureOptions} plus explicit initial parameters.
 *
 * @example
 * ```ts
 * import type { PoissonMixtureOptions } from '@em/mixtures';
 * const options: PoissonMixtureOptions = { nComponents: 2, ratesInit: [[1, 1], [5, 5]] };
 * ```
 */
export interface PoissonMixtureOptions extends MixtureOptions {
  /** Initial mixing weights (K numbers summing to 1); with `ratesInit`, EM starts there. */
  weightsInit?: ArrayLike<number>;
  /** Initial rates, K rows of D positive numbers; with `weightsInit`, EM starts there. */
  ratesInit?: ArrayLike<ArrayLike<number>>;
}

interface PoissonParams {
  weights: Float64Array;
  /** K × D. */
  rates: Float64Array;
  nFeatures: number;
}

interface PoissonData {
  rows: number;
  cols: number;
  x: Float64Array;
  /** Σⱼ log xᵢⱼ! per row. */
  logNorm: Float64Array;
}

interface PoissonStats {
  nk: Float64Array;
  /** K × D: Σᵢ rᵢₖ xᵢⱼ. */
  sums: Float64Array;
}

/**
 * A mixture of multivariate Poisson distributions with independent counts per component (event counts,
 * clustering of count profiles) fitted by EM; numbers identical to R's flexmix `FLXMCmvpois`.
 *
 * @example
 * ```ts
 * import { PoissonMixture } from '@em/mixtures';
 * const X = [[0, 1], [1, 0], [2, 1], [9, 11], [10, 12], [12, 9]];
 * const model = new PoissonMixture({ nComponents: 2, nInit: 3 }).fit(X);
 * model.rates.map((r) => Math.round(r[0]!)).sort((a, b) => a - b); // [1, 10]
 * ```
 */
export class PoissonMixture extends MixtureModel<PoissonParams, PoissonData, PoissonStats, [X: DataInput]> {
  /** `'PoissonMixture'`. */
  readonly kind = 'PoissonMixture';
  /** The options as given to the constructor. */
  readonly options: PoissonMixtureOptions;
  private readonly start: { weights?: Float64Array; rates?: { data: Float64Array; cols: number } };

  /** Validates the options (an `InvalidOptionError` names the first bad one). */
  constructor(options: PoissonMixtureOptions = {}) {
    const base = resolveBase(options, ['weightsInit', 'ratesInit']);
    super(base);
    const K = base.nComponents;
    const rates = options.ratesInit === undefined ? undefined : initMatrix('ratesInit', options.ratesInit, K);
    if (rates)
      for (const r of rates.data) if (!(r > 0)) throw new InvalidOptionError('ratesInit', 'rates > 0', r);
    this.start = { weights: initWeights(options.weightsInit, K), rates };
    this.options = { ...options };
  }

  /** The Poisson means λₖⱼ: K rows of D rates. */
  get rates(): number[][] {
    const { params } = this.fitted('rates');
    return rowsOf(params.rates, params.weights.length, params.nFeatures);
  }

  /** @internal */
  protected prepare([X]: [DataInput], params: PoissonParams | undefined): PoissonData {
    const m = toFlatMatrix(X, 'X');
    if (params && m.cols !== params.nFeatures)
      throw new InvalidInputError('X', `${params.nFeatures} columns (as at fit time)`, `${m.cols} columns`);
    const logNorm = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++)
      for (let j = 0; j < m.cols; j++) {
        const v = m.data[i * m.cols + j]!;
        if (!(v >= 0 && Number.isInteger(v) && v <= 2 ** 52))
          throw new InvalidInputError('X', 'a count (an integer >= 0)', v, { row: i, column: j });
        logNorm[i]! += logFactorial(v);
      }
    return { rows: m.rows, cols: m.cols, x: m.data, logNorm };
  }

  /** @internal */
  protected logDensities(data: PoissonData, params: PoissonParams, out: Float64Array): void {
    const K = params.weights.length;
    const D = data.cols;
    const logRates = params.rates.map(Math.log);
    const totals = new Float64Array(K);
    for (let k = 0; k < K; k++) for (let j = 0; j < D; j++) totals[k]! += params.rates[k * D + j]!;
    const { x } = data;
    for (let i = 0; i < data.rows; i++) {
      const r = i * D;
      for (let k = 0; k < K; k++) {
        let s = -totals[k]! - data.logNorm[i]!;
        const c = k * D;
        for (let j = 0; j < D; j++) {
          const v = x[r + j]!;
          if (v !== 0) s += v * logRates[c + j]!;
        }
        out[i * K + k] = s;
      }
    }
  }

  /** @internal */
  protected statistics(
    data: PoissonData,
    resp: Float64Array,
    params: PoissonParams,
    into?: PoissonStats,
  ): PoissonStats {
    const K = params.weights.length;
    const D = data.cols;
    const { nk, sums } = into ?? { nk: new Float64Array(K), sums: new Float64Array(K * D) };
    for (let i = 0; i < data.rows; i++)
      for (let k = 0; k < K; k++) {
        const w = resp[i * K + k]!;
        nk[k]! += w;
        for (let j = 0; j < D; j++) sums[k * D + j]! += w * data.x[i * D + j]!;
      }
    return { nk, sums };
  }

  /** @internal Parameters from a coordinator: another model's, or malformed ones, are a typed error. */
  protected override readParams(wire: WireRecord): PoissonParams {
    const K = this.base.nComponents;
    const params = readWireParams(wire, this.kind, K, {
      nFeatures: 'count',
      rates: (D) => K * D,
    }) as unknown as PoissonParams;
    params.rates.forEach((v, i) => {
      if (!(v >= 0)) throw new InvalidInputError(`params.rates[${i}]`, 'a rate >= 0', v);
    });
    return params;
  }

  /** @internal */
  protected override layoutOf(data: PoissonData): Partial<PoissonParams> {
    return { nFeatures: data.cols };
  }

  /** @internal */
  protected maximize(data: PoissonData, { nk, sums }: PoissonStats, _p: PoissonParams, iteration: number) {
    const K = nk.length;
    const D = data.cols;
    let total = 0;
    for (const v of nk) total += v;
    const weights = new Float64Array(K);
    const rates = new Float64Array(K * D);
    for (let k = 0; k < K; k++) {
      if (!(nk[k]! > 0))
        throw new NumericalError(
          `Component ${k} has no rows left after iteration ${iteration}.`,
          'Use fewer components or more restarts (nInit).',
        );
      weights[k] = nk[k]! / total;
      for (let j = 0; j < D; j++) rates[k * D + j] = sums[k * D + j]! / nk[k]!;
    }
    return { weights, rates, nFeatures: D };
  }

  /** @internal */
  protected explicitStart(data: PoissonData): PoissonParams | undefined {
    const { weights, rates } = this.start;
    if (!rates) return undefined;
    if (rates.cols !== data.cols)
      throw new InvalidOptionError(
        'ratesInit',
        `rows of ${data.cols} rates (one per column of X)`,
        rates.cols,
      );
    const K = this.base.nComponents;
    return {
      weights: weights ?? new Float64Array(K).fill(1 / K),
      rates: rates.data.slice(),
      nFeatures: data.cols,
    };
  }

  /** @internal */
  protected packParams(params: PoissonParams): Float64Array {
    const K = params.weights.length;
    const v = new Float64Array(K + params.rates.length);
    packWeights(params.weights, v);
    for (let i = 0; i < params.rates.length; i++) v[K + i] = Math.log(params.rates[i]!);
    return v;
  }

  /** @internal */
  protected unpackParams(v: Float64Array, like: PoissonParams): PoissonParams | undefined {
    const K = like.weights.length;
    const weights = unpackWeights(v, K);
    if (!weights) return undefined;
    const rates = new Float64Array(like.rates.length);
    for (let i = 0; i < rates.length; i++) {
      rates[i] = Math.exp(v[K + i]!);
      if (!(rates[i]! >= 0 && rates[i]! < Number.POSITIVE_INFINITY)) return undefined;
    }
    return { weights, rates, nFeatures: like.nFeatures };
  }

  /** @internal */
  protected countParameters(params: PoissonParams): number {
    const K = params.weights.length;
    return K - 1 + K * params.nFeatures;
  }

  /** Draws `nSamples` count rows from the fitted mixture (seeded by `randomState`) and their components. */
  sample(nSamples = 1): { X: number[][]; labels: Int32Array } {
    const { params } = this.fitted('sample');
    const n = checkCount(nSamples);
    const rng = createRandom(this.base.randomState);
    const D = params.nFeatures;
    const labels = new Int32Array(n);
    const X: number[][] = [];
    for (let i = 0; i < n; i++) {
      const k = drawIndex(params.weights, rng.next());
      labels[i] = k;
      X.push(
        Array.from({ length: D }, (_, j) => poisson(rng, { lam: params.rates[k * D + j]!, size: 1 })[0]!),
      );
    }
    return { X, labels };
  }

  /** The fitted model as plain JSON; {@link PoissonMixture.fromJSON} reads it back exactly. */
  toJSON(): MixtureJSON {
    const state = this.fitted('toJSON');
    const { params } = state;
    return writeEnvelope(this.kind, serialOptions(this.options, []), state, {
      rates: rowsOf(params.rates, params.weights.length, params.nFeatures),
    });
  }

  /**
   * A fitted model from {@link PoissonMixture.toJSON}'s output, checked field by field.
   *
   * @example
   * ```ts
   * import { PoissonMixture } from '@em/mixtures';
   * const model = new PoissonMixture({ nComponents: 2 }).fit([[0], [1], [8], [9]]);
   * PoissonMixture.fromJSON(model.toJSON()).rates; // equal to model.rates
   * ```
   */
  static fromJSON(json: unknown): PoissonMixture {
    const j = readEnvelope(json, 'PoissonMixture');
    const weights = readWeights(j);
    const K = weights.length;
    const { data, cols } = flatMatrix('params.rates', j.params.rates, K);
    for (let i = 0; i < data.length; i++)
      if (!(data[i]! >= 0))
        throw new InvalidInputError(
          `json.params.rates[${Math.floor(i / cols)}][${i % cols}]`,
          'a rate >= 0',
          data[i],
        );
    const model = new PoissonMixture({ ...(j.options as PoissonMixtureOptions), nComponents: K });
    model.state = readFit(j, { weights, rates: data, nFeatures: cols });
    return model;
  }
}
