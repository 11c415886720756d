import { InvalidInputError, InvalidOptionError, NumericalError } from '@em/core';
import { type DataInput, toFlatMatrix } from '@em/core/numeric';
import { createRandom } from '@em/sampling';
import { checkCount, drawIndex, serialOptions } from './bernoulli.js';
import { initVector, initWeights, isArrayLike } from './init.js';
import { MixtureModel } from './mixture-base.js';
import { type MixtureOptions, requireNonNegative, resolveBase } from './options.js';
import {
  checkSimplex,
  finiteArray,
  type MixtureJSON,
  readEnvelope,
  readFit,
  readWeights,
  writeEnvelope,
} from './serialize.js';
import { packWeights, unpackWeights } from './simplex.js';
import { fromWire, type WireRecord } from './wire.js';

/**
 * Options of {@link CategoricalMixture}: the shared {@link MixtureOptions}, the number of levels of each
 * column, smoothing and explicit initial parameters.
 *
 * @example
 * ```ts
 * import type { CategoricalMixtureOptions } from '@em/mixtures';
 * const options: CategoricalMixtureOptions = { nComponents: 3, nLevels: [2, 3, 4], nInit: 10 };
 * ```
 */
export interface CategoricalMixtureOptions extends MixtureOptions {
  /**
   * Number of levels of each column (codes 0…L−1). Default: the largest code seen at fit time + 1, per
   * column. Give it when a level may be absent from the training data.
   */
  nLevels?: readonly number[];
  /** Dirichlet(α + 1) prior on each column's probabilities (α pseudo-counts per level). Default 0 (maximum likelihood, as poLCA). */
  alpha?: number;
  /** Initial mixing weights (K numbers summing to 1); with `probabilitiesInit`, EM starts there. */
  weightsInit?: ArrayLike<number>;
  /**
   * Initial item-response probabilities: `probabilitiesInit[k][j]` is column j's probabilities of
   * each level in component k (poLCA's `probs.start`, components first).
   */
  probabilitiesInit?: ArrayLike<ArrayLike<ArrayLike<number>>>;
}

interface CategoricalParams {
  weights: Float64Array;
  /** K × L where L = Σ levels; column j occupies offsets[j]..offsets[j+1]. */
  probabilities: Float64Array;
  nLevels: Int32Array;
}

interface CategoricalData {
  rows: number;
  cols: number;
  /** n × J level indices already offset into 0…L−1. */
  index: Int32Array;
  nLevels: Int32Array;
}

interface CategoricalStats {
  nk: Float64Array;
  /** L × K. */
  countsT: Float64Array;
}

const offsetsOf = (nLevels: Int32Array) => {
  const offsets = new Int32Array(nLevels.length + 1);
  for (let j = 0; j < nLevels.length; j++) offsets[j + 1] = offsets[j]! + nLevels[j]!;
  return offsets;
};

/**
 * Latent class analysis: a mixture of independent categorical distributions, one categorical variable
 * per column with its own number of levels (R's poLCA without covariates), fitted by EM. Data are level
 * codes 0…L−1 per column (poLCA's are 1…L: subtract 1).
 *
 * @example
 * ```ts
 * import { CategoricalMixture } from '@em/mixtures';
 * const X = [[0, 2], [0, 2], [0, 1], [1, 0], [1, 0], [1, 0]];
 * const model = new CategoricalMixture({ nComponents: 2, nInit: 3 }).fit(X);
 * model.nLevels; // [2, 3]
 * model.probabilities[0]!.length; // 2: one vector of level probabilities per column
 * ```
 */
export class CategoricalMixture extends MixtureModel<
  CategoricalParams,
  CategoricalData,
  CategoricalStats,
  [X: DataInput]
> {
  /** `'CategoricalMixture'`. */
  readonly kind = 'CategoricalMixture';
  /** The options as given to the constructor. */
  readonly options: CategoricalMixtureOptions;
  /** The smoothing pseudo-count α. */
  readonly alpha: number;
  private readonly fixedLevels: Int32Array | undefined;
  private readonly startWeights: Float64Array | undefined;

  /** Validates the options (an `InvalidOptionError` names the first bad one). */
  constructor(options: CategoricalMixtureOptions = {}) {
    const base = resolveBase(options, ['nLevels', 'alpha', 'weightsInit', 'probabilitiesInit']);
    super(base);
    this.alpha = requireNonNegative('alpha', options.alpha ?? 0);
    if (options.nLevels !== undefined) {
      const levels = initVector(
        'nLevels',
        options.nLevels,
        isArrayLike(options.nLevels) ? options.nLevels.length : -1,
      );
      for (const L of levels)
        if (!(Number.isInteger(L) && L >= 1 && L <= 1e6))
          throw new InvalidOptionError('nLevels', 'integers in [1, 1e6]', L);
      this.fixedLevels = Int32Array.from(levels);
    }
    this.startWeights = initWeights(options.weightsInit, base.nComponents);
    this.options = { ...options };
  }

  /** Number of levels of each column. */
  get nLevels(): number[] {
    return Array.from(this.fitted('nLevels').params.nLevels);
  }

  /** `probabilities[k][j][l]`: probability of level l of column j in component k (poLCA's `probs`). */
  get probabilities(): number[][][] {
    const { params } = this.fitted('probabilities');
    return nested(params);
  }

  /** @internal */
  protected prepare([X]: [DataInput], params: CategoricalParams | undefined): CategoricalData {
    const m = toFlatMatrix(X, 'X');
    const known = params?.nLevels ?? this.fixedLevels;
    if (known && m.cols !== known.length)
      throw new InvalidInputError(
        'X',
        `${known.length} columns (${params ? 'as at fit time' : 'as nLevels'})`,
        `${m.cols} columns`,
      );
    const nLevels = known ? known.slice() : new Int32Array(m.cols);
    for (let i = 0; i < m.rows; i++)
      for (let j = 0; j < m.cols; j++) {
        const v = m.data[i * m.cols + j]!;
        if (known) {
          if (!(Number.isInteger(v) && v >= 0 && v < known[j]!))
            throw new InvalidInputError(
              'X',
              `a level code ${params ? 'seen at fit time' : 'within nLevels'}: an integer in [0, ${known[j]! - 1}]`,
              v,
              { row: i, column: j },
            );
        } else {
          if (!(Number.isInteger(v) && v >= 0 && v < 1e6))
            throw new InvalidInputError('X', 'a level code: an integer in [0, 1e6)', v, {
              row: i,
              column: j,
            });
          if (v + 1 > nLevels[j]!) nLevels[j] = v + 1;
        }
      }
    const offsets = offsetsOf(nLevels);
    const index = new Int32Array(m.rows * m.cols);
    for (let i = 0; i < m.rows; i++)
      for (let j = 0; j < m.cols; j++) index[i * m.cols + j] = offsets[j]! + m.data[i * m.cols + j]!;
    return { rows: m.rows, cols: m.cols, index, nLevels };
  }

  /** @internal */
  protected logDensities(data: CategoricalData, params: CategoricalParams, out: Float64Array): void {
    const K = params.weights.length;
    const L = params.probabilities.length / K;
    const logT = new Float64Array(L * K);
    for (let k = 0; k < K; k++)
      for (let l = 0; l < L; l++) logT[l * K + k] = Math.log(params.probabilities[k * L + l]!);
    const J = data.cols;
    for (let i = 0; i < data.rows; i++) {
      const o = i * K;
      for (let k = 0; k < K; k++) out[o + k] = 0;
      for (let j = 0; j < J; j++) {
        const d = data.index[i * J + j]! * K;
        for (let k = 0; k < K; k++) out[o + k]! += logT[d + k]!;
      }
    }
  }

  /** @internal */
  protected statistics(
    data: CategoricalData,
    resp: Float64Array,
    params: CategoricalParams,
    into?: CategoricalStats,
  ): CategoricalStats {
    const K = params.weights.length;
    let L = 0;
    for (const v of data.nLevels) L += v;
    const { nk, countsT } = into ?? { nk: new Float64Array(K), countsT: new Float64Array(L * K) };
    const J = data.cols;
    for (let i = 0; i < data.rows; i++) {
      const o = i * K;
      for (let k = 0; k < K; k++) nk[k]! += resp[o + k]!;
      for (let j = 0; j < J; j++) {
        const d = data.index[i * J + j]! * K;
        for (let k = 0; k < K; k++) countsT[d + k]! += resp[o + k]!;
      }
    }
    return { nk, countsT };
  }

  /** @internal Parameters from a coordinator: another model's, or malformed ones, are a typed error. */
  protected override readParams(wire: WireRecord): CategoricalParams {
    const K = this.base.nComponents;
    const { weights, probabilities, nLevels } = fromWire(wire, 'params');
    const invalid = (key: string, expected: string, received: unknown) =>
      new InvalidInputError(`params.${key}`, `${expected} (the parameters of a ${this.kind})`, received);
    if (!(nLevels instanceof Int32Array) || nLevels.length === 0 || !nLevels.every((l) => l >= 1))
      throw invalid('nLevels', '{ i32: levels per column, each >= 1 }', nLevels);
    if (!(weights instanceof Float64Array) || weights.length !== K || !weights.every((w) => w >= 0))
      throw invalid('weights', `{ f64: ${K} weights >= 0 }`, weights);
    const L = nLevels.reduce((a, b) => a + b, 0);
    if (
      !(probabilities instanceof Float64Array) ||
      probabilities.length !== K * L ||
      !probabilities.every((q) => q >= 0 && q <= 1)
    )
      throw invalid('probabilities', `{ f64: ${K * L} probabilities in [0, 1] }`, probabilities);
    return { weights, probabilities, nLevels };
  }

  /** @internal */
  protected override layoutOf(data: CategoricalData): Partial<CategoricalParams> {
    return { nLevels: data.nLevels };
  }

  /** @internal The levels of two parts of the data: a column has as many levels as its largest code + 1. */
  protected override mergeLayouts(
    a: Partial<CategoricalParams>,
    b: Partial<CategoricalParams>,
  ): Partial<CategoricalParams> {
    const nLevels = a.nLevels!.slice();
    for (let j = 0; j < nLevels.length; j++) nLevels[j] = Math.max(nLevels[j]!, b.nLevels![j]!);
    return { nLevels };
  }

  /** @internal */
  protected maximize(
    data: CategoricalData,
    { nk, countsT }: CategoricalStats,
    _p: CategoricalParams,
    iteration: number,
  ) {
    const K = nk.length;
    const offsets = offsetsOf(data.nLevels);
    const L = offsets[data.cols]!;
    const a = this.alpha;
    let total = 0;
    for (const v of nk) total += v;
    const weights = new Float64Array(K);
    const probabilities = new Float64Array(K * L);
    for (let k = 0; k < K; k++) {
      if (!(nk[k]! > 0) && a === 0)
        throw new NumericalError(
          `Component ${k} has no rows left after iteration ${iteration}.`,
          'Use fewer components, more restarts (nInit), or alpha > 0.',
        );
      weights[k] = nk[k]! / total;
      for (let j = 0; j < data.cols; j++) {
        const Lj = data.nLevels[j]!;
        for (let l = offsets[j]!; l < offsets[j + 1]!; l++)
          probabilities[k * L + l] = (countsT[l * K + k]! + a) / (nk[k]! + a * Lj);
      }
    }
    return { weights, probabilities, nLevels: data.nLevels };
  }

  /** @internal */
  protected override logPrior(params: CategoricalParams): number {
    if (this.alpha === 0) return 0;
    let s = 0;
    for (const q of params.probabilities) s += Math.log(q);
    return this.alpha * s;
  }

  /** @internal */
  protected explicitStart(data: CategoricalData): CategoricalParams | undefined {
    const init = this.options.probabilitiesInit;
    if (init === undefined) return undefined;
    const K = this.base.nComponents;
    const offsets = offsetsOf(data.nLevels);
    const L = offsets[data.cols]!;
    const probabilities = new Float64Array(K * L);
    if (!isArrayLike(init) || init.length !== K)
      throw new InvalidOptionError('probabilitiesInit', `an array of nComponents = ${K} components`, init);
    for (let k = 0; k < K; k++) {
      const comp = init[k];
      if (!isArrayLike(comp) || comp.length !== data.cols)
        throw new InvalidOptionError(`probabilitiesInit[${k}]`, `an array of ${data.cols} columns`, comp);
      for (let j = 0; j < data.cols; j++) {
        const p = initVector(`probabilitiesInit[${k}][${j}]`, comp[j], data.nLevels[j]!);
        let sum = 0;
        for (const q of p) {
          if (!(q > 0)) throw new InvalidOptionError(`probabilitiesInit[${k}][${j}]`, 'probabilities > 0', q);
          sum += q;
        }
        for (let l = 0; l < p.length; l++) probabilities[k * L + offsets[j]! + l] = p[l]! / sum;
      }
    }
    return {
      weights: this.startWeights ?? new Float64Array(K).fill(1 / K),
      probabilities,
      nLevels: data.nLevels,
    };
  }

  /** @internal */
  protected packParams(params: CategoricalParams): Float64Array {
    const K = params.weights.length;
    const v = new Float64Array(K + params.probabilities.length);
    packWeights(params.weights, v);
    for (let i = 0; i < params.probabilities.length; i++) v[K + i] = Math.log(params.probabilities[i]!);
    return v;
  }

  /** @internal */
  protected unpackParams(v: Float64Array, like: CategoricalParams): CategoricalParams | undefined {
    const K = like.weights.length;
    const weights = unpackWeights(v, K);
    if (!weights) return undefined;
    const offsets = offsetsOf(like.nLevels);
    const L = offsets[like.nLevels.length]!;
    const probabilities = new Float64Array(K * L);
    for (let k = 0; k < K; k++)
      for (let j = 0; j < like.nLevels.length; j++) {
        const block = unpackWeights(v, like.nLevels[j]!, K + k * L + offsets[j]!);
        if (!block) return undefined;
        for (let l = 0; l < block.length; l++) {
          if (!(block[l]! > 0)) return undefined;
          probabilities[k * L + offsets[j]! + l] = block[l]!;
        }
      }
    return { weights, probabilities, nLevels: like.nLevels };
  }

  /** @internal */
  protected countParameters(params: CategoricalParams): number {
    const K = params.weights.length;
    let free = 0;
    for (const L of params.nLevels) free += L - 1;
    return K - 1 + K * free;
  }

  /** Draws `nSamples` rows of level codes from the fitted mixture (seeded by `randomState`) and their components. */
  sample(nSamples = 1): { X: number[][]; labels: Int32Array } {
    const { params } = this.fitted('sample');
    const n = checkCount(nSamples);
    const rng = createRandom(this.base.randomState);
    const K = params.weights.length;
    const offsets = offsetsOf(params.nLevels);
    const L = offsets[params.nLevels.length]!;
    const labels = new Int32Array(n);
    const X: number[][] = [];
    for (let i = 0; i < n; i++) {
      const k = drawIndex(params.weights, rng.next());
      labels[i] = k;
      X.push(
        Array.from(params.nLevels, (Lj, j) =>
          drawIndex(params.probabilities, rng.next(), k * L + offsets[j]!, Lj),
        ),
      );
    }
    void K;
    return { X, labels };
  }

  /** The fitted model as plain JSON; {@link CategoricalMixture.fromJSON} reads it back exactly. */
  toJSON(): MixtureJSON {
    const state = this.fitted('toJSON');
    return writeEnvelope(this.kind, serialOptions(this.options, ['alpha']), state, {
      nLevels: Array.from(state.params.nLevels),
      probabilities: nested(state.params),
    });
  }

  /**
   * A fitted model from {@link CategoricalMixture.toJSON}'s output, checked field by field.
   *
   * @example
   * ```ts
   * import { CategoricalMixture } from '@em/mixtures';
   * const model = new CategoricalMixture({ nComponents: 2 }).fit([[0, 1], [0, 2], [1, 0], [1, 0]]);
   * CategoricalMixture.fromJSON(model.toJSON()).nLevels; // [2, 3]
   * ```
   */
  static fromJSON(json: unknown): CategoricalMixture {
    const j = readEnvelope(json, 'CategoricalMixture');
    const weights = readWeights(j);
    const K = weights.length;
    const levels = finiteArray('params.nLevels', j.params.nLevels);
    if (levels.length < 1)
      throw new InvalidInputError('json.params.nLevels', 'at least one column', j.params.nLevels);
    for (const L of levels)
      if (!(Number.isInteger(L) && L >= 1 && L <= 1e6))
        throw new InvalidInputError('json.params.nLevels', 'integers in [1, 1e6]', L);
    const nLevels = Int32Array.from(levels);
    const offsets = offsetsOf(nLevels);
    const L = offsets[nLevels.length]!;
    const probabilities = new Float64Array(K * L);
    const raw = j.params.probabilities;
    if (!Array.isArray(raw) || raw.length !== K)
      throw new InvalidInputError('json.params.probabilities', `an array of ${K} components`, raw);
    for (let k = 0; k < K; k++) {
      const comp = raw[k];
      if (!Array.isArray(comp) || comp.length !== nLevels.length)
        throw new InvalidInputError(
          `json.params.probabilities[${k}]`,
          `an array of ${nLevels.length} columns`,
          comp,
        );
      for (let c = 0; c < nLevels.length; c++) {
        const field = `params.probabilities[${k}][${c}]`;
        const p = finiteArray(field, comp[c], nLevels[c]!);
        checkSimplex(field, p, 0, p.length);
        for (let l = 0; l < p.length; l++) {
          probabilities[k * L + offsets[c]! + l] = p[l]!;
        }
      }
    }
    const model = new CategoricalMixture({ ...(j.options as CategoricalMixtureOptions), nComponents: K });
    model.state = readFit(j, { weights, probabilities, nLevels });
    return model;
  }
}

function nested(params: CategoricalParams): number[][][] {
  const K = params.weights.length;
  const offsets = offsetsOf(params.nLevels);
  const L = offsets[params.nLevels.length]!;
  return Array.from({ length: K }, (_, k) =>
    Array.from(params.nLevels, (Lj, j) =>
      Array.from(params.probabilities.subarray(k * L + offsets[j]!, k * L + offsets[j]! + Lj)),
    ),
  );
}
