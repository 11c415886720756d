import { InvalidInputError, InvalidOptionError, NumericalError } from '@em/core';
import { type DataInput, toFlatMatrix } from '@em/core/numeric';
import { createRandom } from '@em/sampling';
import { initMatrix, initWeights } from './init.js';
import { MixtureModel } from './mixture-base.js';
import { type MixtureOptions, requireNonNegative, resolveBase } from './options.js';
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
 * Options of {@link BernoulliMixture}: the shared {@link MixtureOptions} plus smoothing and explicit
 * initial parameters.
 *
 * @example
 * ```ts
 * import type { BernoulliMixtureOptions } from '@em/mixtures';
 * const options: BernoulliMixtureOptions = { nComponents: 2, alpha: 1, nInit: 5 };
 * ```
 */
export interface BernoulliMixtureOptions extends MixtureOptions {
  /**
   * Beta(α + 1, α + 1) prior on every probability (add α ones and α zeros to each column of each
   * component): keeps probabilities off 0 and 1. Default 0, maximum likelihood (as flexmix's
   * `FLXMCmvbinary`; probabilities are then kept in [1e-12, 1 − 1e-12]).
   */
  alpha?: number;
  /** Initial mixing weights (K numbers summing to 1); with `probabilitiesInit`, EM starts there. */
  weightsInit?: ArrayLike<number>;
  /** Initial probabilities, K rows of D probabilities; with `weightsInit`, EM starts there. */
  probabilitiesInit?: ArrayLike<ArrayLike<number>>;
}

interface BernoulliParams {
  weights: Float64Array;
  /** K × D, row-major. */
  probabilities: Float64Array;
  nFeatures: number;
}

interface BernoulliData {
  rows: number;
  cols: number;
  /** n × D of 0/1. */
  x: Uint8Array;
}

interface BernoulliStats {
  nk: Float64Array;
  /** D × K: Σᵢ rᵢₖ xᵢⱼ, transposed so the E-step's inner loop runs over k. */
  onesT: Float64Array;
}

const EPS = 1e-12;
const KEYS = ['alpha', 'weightsInit', 'probabilitiesInit'];

/**
 * A mixture of independent Bernoulli distributions (latent class analysis of binary items, clustering of
 * binary vectors) fitted by EM: scikit-learn's API, numbers identical to R's flexmix `FLXMCmvbinary`.
 *
 * @example
 * ```ts
 * import { BernoulliMixture } from '@em/mixtures';
 * const X = [[1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 1], [0, 0, 1]];
 * const model = new BernoulliMixture({ nComponents: 2, nInit: 3, randomState: 0 }).fit(X);
 * const labels = Array.from(model.predict(X));
 * labels[0] === labels[1] && labels[3] === labels[5] && labels[0] !== labels[3]; // true
 * ```
 */
export class BernoulliMixture extends MixtureModel<
  BernoulliParams,
  BernoulliData,
  BernoulliStats,
  [X: DataInput]
> {
  /** `'BernoulliMixture'`. */
  readonly kind = 'BernoulliMixture';
  /** The smoothing pseudo-count α. */
  readonly alpha: number;
  private readonly start: { weights?: Float64Array; probabilities?: { data: Float64Array; cols: number } };

  /** Validates the options (an `InvalidOptionError` names the first bad one). */
  constructor(options: BernoulliMixtureOptions = {}) {
    const base = resolveBase(options, KEYS);
    super(base);
    this.alpha = requireNonNegative('alpha', options.alpha ?? 0);
    const K = base.nComponents;
    const weights = initWeights(options.weightsInit, K);
    const probabilities =
      options.probabilitiesInit === undefined
        ? undefined
        : initMatrix('probabilitiesInit', options.probabilitiesInit, K);
    if (probabilities)
      for (const p of probabilities.data)
        if (!(p >= 0 && p <= 1))
          throw new InvalidOptionError('probabilitiesInit', 'probabilities in [0, 1]', p);
    this.start = { weights, probabilities };
    this.options = { ...options };
  }

  /** The options as given to the constructor. */
  readonly options: BernoulliMixtureOptions;

  /** P(xⱼ = 1 | component k): K rows of D probabilities. */
  get probabilities(): number[][] {
    const { params } = this.fitted('probabilities');
    return rowsOf(params.probabilities, params.weights.length, params.nFeatures);
  }

  /** @internal */
  protected prepare([X]: [DataInput], params: BernoulliParams | undefined): BernoulliData {
    const m = toFlatMatrix(X, 'X');
    if (params && m.cols !== params.nFeatures)
      throw new InvalidInputError('X', `${params.nFeatures} columns (as at fit time)`, `${m.cols} columns`);
    const x = new Uint8Array(m.data.length);
    for (let i = 0; i < m.rows; i++)
      for (let j = 0; j < m.cols; j++) {
        const v = m.data[i * m.cols + j]!;
        if (v !== 0 && v !== 1)
          throw new InvalidInputError('X', '0 or 1 (binary features)', v, { row: i, column: j });
        x[i * m.cols + j] = v;
      }
    return { rows: m.rows, cols: m.cols, x };
  }

  /** @internal */
  protected logDensities(data: BernoulliData, params: BernoulliParams, out: Float64Array): void {
    const K = params.weights.length;
    const D = data.cols;
    const p = params.probabilities;
    const base = new Float64Array(K);
    const diffT = new Float64Array(D * K);
    for (let k = 0; k < K; k++)
      for (let j = 0; j < D; j++) {
        const q = p[k * D + j]!;
        base[k]! += Math.log1p(-q);
        diffT[j * K + k] = Math.log(q) - Math.log1p(-q);
      }
    const { x } = data;
    for (let i = 0; i < data.rows; i++) {
      const o = i * K;
      for (let k = 0; k < K; k++) out[o + k] = base[k]!;
      const r = i * D;
      for (let j = 0; j < D; j++) {
        if (x[r + j] === 0) continue;
        const d = j * K;
        for (let k = 0; k < K; k++) out[o + k]! += diffT[d + k]!;
      }
    }
  }

  /** @internal */
  protected statistics(
    data: BernoulliData,
    resp: Float64Array,
    params: BernoulliParams,
    into?: BernoulliStats,
  ): BernoulliStats {
    const K = params.weights.length;
    const D = data.cols;
    const { nk, onesT } = into ?? { nk: new Float64Array(K), onesT: new Float64Array(D * K) };
    const { x } = data;
    for (let i = 0; i < data.rows; i++) {
      const o = i * K;
      for (let k = 0; k < K; k++) nk[k]! += resp[o + k]!;
      const r = i * D;
      for (let j = 0; j < D; j++) {
        if (x[r + j] === 0) continue;
        const d = j * K;
        for (let k = 0; k < K; k++) onesT[d + k]! += resp[o + k]!;
      }
    }
    return { nk, onesT };
  }

  /** @internal Parameters from a coordinator: another model's, or malformed ones, are a typed error. */
  protected override readParams(wire: WireRecord): BernoulliParams {
    const K = this.base.nComponents;
    const params = readWireParams(wire, this.kind, K, {
      nFeatures: 'count',
      probabilities: (D) => K * D,
    }) as unknown as BernoulliParams;
    params.probabilities.forEach((v, i) => {
      if (!(v >= 0 && v <= 1))
        throw new InvalidInputError(`params.probabilities[${i}]`, 'a probability in [0, 1]', v);
    });
    return params;
  }

  /** @internal */
  protected override layoutOf(data: BernoulliData): Partial<BernoulliParams> {
    return { nFeatures: data.cols };
  }

  /** @internal */
  protected maximize(
    data: BernoulliData,
    { nk, onesT }: BernoulliStats,
    _p: BernoulliParams,
    iteration: number,
  ) {
    const K = nk.length;
    const D = data.cols;
    const a = this.alpha;
    const weights = new Float64Array(K);
    const probabilities = new Float64Array(K * D);
    let total = 0;
    for (const v of nk) total += v;
    for (let k = 0; k < K; k++) {
      if (!(nk[k]! > 0) && a === 0)
        throw new NumericalError(
          `Component ${k} has no rows left after iteration ${iteration}.`,
          'Use fewer components, more restarts (nInit), or alpha > 0.',
        );
      weights[k] = nk[k]! / total;
      for (let j = 0; j < D; j++) {
        const q = (onesT[j * K + k]! + a) / (nk[k]! + 2 * a);
        probabilities[k * D + j] = Math.min(1 - EPS, Math.max(EPS, q));
      }
    }
    return { weights, probabilities, nFeatures: D };
  }

  /** @internal */
  protected override logPrior(params: BernoulliParams): number {
    if (this.alpha === 0) return 0;
    let s = 0;
    for (const q of params.probabilities) s += Math.log(q) + Math.log1p(-q);
    return this.alpha * s;
  }

  /** @internal */
  protected explicitStart(data: BernoulliData): BernoulliParams | undefined {
    const { weights, probabilities } = this.start;
    if (!probabilities) return undefined;
    if (probabilities.cols !== data.cols)
      throw new InvalidOptionError(
        'probabilitiesInit',
        `rows of ${data.cols} probabilities (one per column of X)`,
        probabilities.cols,
      );
    const K = this.base.nComponents;
    return {
      weights: weights ?? new Float64Array(K).fill(1 / K),
      probabilities: probabilities.data.map((q) => Math.min(1 - EPS, Math.max(EPS, q))),
      nFeatures: data.cols,
    };
  }

  /** @internal */
  protected packParams(params: BernoulliParams): Float64Array {
    const K = params.weights.length;
    const v = new Float64Array(K + params.probabilities.length);
    packWeights(params.weights, v);
    for (let i = 0; i < params.probabilities.length; i++) {
      const q = params.probabilities[i]!;
      v[K + i] = Math.log(q) - Math.log1p(-q);
    }
    return v;
  }

  /** @internal */
  protected unpackParams(v: Float64Array, like: BernoulliParams): BernoulliParams | undefined {
    const K = like.weights.length;
    const weights = unpackWeights(v, K);
    if (!weights) return undefined;
    const probabilities = new Float64Array(like.probabilities.length);
    for (let i = 0; i < probabilities.length; i++) {
      const q = 1 / (1 + Math.exp(-v[K + i]!));
      if (!Number.isFinite(q)) return undefined;
      probabilities[i] = Math.min(1 - EPS, Math.max(EPS, q));
    }
    return { weights, probabilities, nFeatures: like.nFeatures };
  }

  /** @internal */
  protected countParameters(params: BernoulliParams): number {
    const K = params.weights.length;
    return K - 1 + K * params.nFeatures;
  }

  /**
   * Draws `nSamples` rows from the fitted mixture (seeded by `randomState`): the binary rows and the
   * component each came from.
   */
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
      const row = new Array<number>(D);
      for (let j = 0; j < D; j++) row[j] = rng.next() < params.probabilities[k * D + j]! ? 1 : 0;
      X.push(row);
    }
    return { X, labels };
  }

  /** The fitted model as plain JSON (options, parameters, how the fit ended); {@link BernoulliMixture.fromJSON} reads it back exactly. */
  toJSON(): MixtureJSON {
    const state = this.fitted('toJSON');
    const { params } = state;
    return writeEnvelope(this.kind, serialOptions(this.options, ['alpha']), state, {
      probabilities: rowsOf(params.probabilities, params.weights.length, params.nFeatures),
    });
  }

  /**
   * A fitted model from {@link BernoulliMixture.toJSON}'s output (an object or its JSON string), checked
   * field by field (an `InvalidInputError` names the bad field).
   *
   * @example
   * ```ts
   * import { BernoulliMixture } from '@em/mixtures';
   * const model = new BernoulliMixture({ nComponents: 2 }).fit([[1, 0], [1, 1], [0, 1], [0, 0]]);
   * const copy = BernoulliMixture.fromJSON(JSON.stringify(model));
   * copy.probabilities; // equal to model.probabilities
   * ```
   */
  static fromJSON(json: unknown): BernoulliMixture {
    const j = readEnvelope(json, 'BernoulliMixture');
    const weights = readWeights(j);
    const K = weights.length;
    const { data, cols } = flatMatrix('params.probabilities', j.params.probabilities, K);
    for (let i = 0; i < data.length; i++)
      if (!(data[i]! > 0 && data[i]! < 1))
        throw new InvalidInputError(
          `json.params.probabilities[${Math.floor(i / cols)}][${i % cols}]`,
          'a probability in (0, 1)',
          data[i],
        );
    const model = new BernoulliMixture({ ...(j.options as BernoulliMixtureOptions), nComponents: K });
    model.state = readFit(j, { weights, probabilities: data, nFeatures: cols });
    return model;
  }
}

/** The serialisable options (numbers, strings, booleans) among the shared ones and `extra`. */
export function serialOptions(options: object, extra: readonly string[]): Record<string, unknown> {
  const keep = ['nComponents', 'tol', 'stopRule', 'maxIter', 'nInit', 'randomState', 'warmStart', ...extra];
  const out: Record<string, unknown> = {};
  for (const key of keep) {
    const v = (options as Record<string, unknown>)[key];
    if (v !== undefined && (typeof v !== 'object' || Array.isArray(v))) out[key] = v;
  }
  if (typeof (options as { acceleration?: unknown }).acceleration === 'string')
    out.acceleration = (options as { acceleration: string }).acceleration;
  return out;
}

export function checkCount(nSamples: unknown): number {
  if (typeof nSamples !== 'number' || !Number.isInteger(nSamples) || nSamples < 1 || nSamples > 1e8)
    throw new InvalidOptionError('nSamples', 'an integer in [1, 1e8]', nSamples);
  return nSamples;
}

/** Index drawn from a probability vector with the uniform `u`. */
export function drawIndex(p: ArrayLike<number>, u: number, start = 0, length = p.length - start): number {
  let acc = 0;
  for (let k = 0; k < length; k++) {
    acc += p[start + k]!;
    if (u < acc) return k;
  }
  return length - 1;
}
