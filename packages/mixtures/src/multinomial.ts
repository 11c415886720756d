import { InvalidInputError, InvalidOptionError, NumericalError } from '@em/core';
import { createRandom } from '@em/sampling';
import { checkCount, drawIndex, serialOptions } from './bernoulli.js';
import { initMatrix, initWeights, isArrayLike } from './init.js';
import { logFactorial } from './log-factorial.js';
import { MixtureModel } from './mixture-base.js';
import { type MixtureOptions, requireNonNegative, resolveBase } from './options.js';
import {
  checkSimplex,
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
import { type CountInput, type Csr, type SparseCountMatrix, toCsr } from './sparse.js';
import { readWireParams, type WireRecord } from './wire.js';

/**
 * Options of {@link MultinomialMixture}: the shared {@link MixtureOptions} plus Dirichlet smoothing and
 * explicit initial parameters.
 *
 * @example
 * ```ts
 * import type { MultinomialMixtureOptions } from '@em/mixtures';
 * const options: MultinomialMixtureOptions = { nComponents: 4, alpha: 0.1, nInit: 5 };
 * ```
 */
export interface MultinomialMixtureOptions extends MixtureOptions {
  /**
   * Dirichlet(α + 1) prior on each component's word probabilities: α pseudo-counts per word (1 is
   * Laplace smoothing, as Nigam et al. 2000 and scikit-learn's `MultinomialNB`). Default 1; 0 is
   * maximum likelihood (as mixtools' `multmixEM`).
   */
  alpha?: number;
  /** Initial mixing weights (K numbers summing to 1); with `probabilitiesInit`, EM starts there. */
  weightsInit?: ArrayLike<number>;
  /** Initial word probabilities, K rows of V positive numbers (each row is normalised); with `weightsInit`, EM starts there. */
  probabilitiesInit?: ArrayLike<ArrayLike<number>>;
}

/**
 * Options of {@link MultinomialMixture.fit}.
 *
 * @example
 * ```ts
 * import type { MultinomialFitOptions } from '@em/mixtures';
 * const options: MultinomialFitOptions = { labels: [0, -1, -1, 1] }; // rows 0 and 3 labelled
 * ```
 */
export interface MultinomialFitOptions {
  /**
   * Known components of some rows, −1 for unlabelled ones (one per row): semi-supervised EM (Nigam,
   * McCallum, Thrun & Mitchell 2000). Labelled rows keep their component; component k is class k.
   */
  labels?: ArrayLike<number>;
}

interface MultinomialParams {
  weights: Float64Array;
  /** K × V. */
  probabilities: Float64Array;
  nFeatures: number;
  /** Mean row total at fit time (the default length of sampled documents). */
  documentLength: number;
}

interface MultinomialData extends Csr {
  /** log(Nᵢ!) − Σⱼ log(xᵢⱼ!): the multinomial coefficient of each row. */
  logCoefficient: Float64Array;
  meanLength: number;
}

interface MultinomialStats {
  nk: Float64Array;
  /** V × K: Σᵢ rᵢₖ xᵢⱼ. */
  countsT: Float64Array;
  /** [rows, Σᵢ Nᵢ]: documents and words, for the mean document length of the whole data set. */
  lengths: Float64Array;
}

// As mixtools' multmixEM: a zero probability (alpha = 0, a word unseen in a component) stays finite.
const FLOOR = 1e-100;

/**
 * A mixture of multinomials over count vectors — bags of words, one row per document — fitted by EM,
 * with Dirichlet smoothing, sparse input (memory per non-zero count, not per word of the vocabulary)
 * and semi-supervised fitting from a few labelled rows (Nigam et al. 2000). Log-likelihoods include
 * the multinomial coefficient, as mixtools' `multmixEM`, whose iterations it reproduces with `alpha: 0`.
 *
 * @example
 * ```ts
 * import { MultinomialMixture } from '@em/mixtures';
 * // word counts over a vocabulary of 4: two documents about words 0-1, two about words 2-3
 * const X = [[5, 3, 0, 1], [4, 4, 1, 0], [0, 1, 6, 3], [1, 0, 3, 5]];
 * const model = new MultinomialMixture({ nComponents: 2, nInit: 3 }).fit(X, { labels: [0, -1, 1, -1] });
 * Array.from(model.predict(X)); // [0, 0, 1, 1]
 * ```
 */
export class MultinomialMixture extends MixtureModel<
  MultinomialParams,
  MultinomialData,
  MultinomialStats,
  [X: CountInput]
> {
  /** `'MultinomialMixture'`. */
  readonly kind = 'MultinomialMixture';
  /** The options as given to the constructor. */
  readonly options: MultinomialMixtureOptions;
  /** The smoothing pseudo-count α. */
  readonly alpha: number;
  private readonly start: { weights?: Float64Array; probabilities?: { data: Float64Array; cols: number } };

  /** Validates the options (an `InvalidOptionError` names the first bad one). */
  constructor(options: MultinomialMixtureOptions = {}) {
    const base = resolveBase(options, ['alpha', 'weightsInit', 'probabilitiesInit']);
    super(base);
    this.alpha = requireNonNegative('alpha', options.alpha ?? 1);
    const K = base.nComponents;
    const probabilities =
      options.probabilitiesInit === undefined
        ? undefined
        : initMatrix('probabilitiesInit', options.probabilitiesInit, K);
    if (probabilities) {
      const V = probabilities.cols;
      for (let k = 0; k < K; k++) {
        let sum = 0;
        for (let w = 0; w < V; w++) {
          const p = probabilities.data[k * V + w]!;
          if (!(p >= 0)) throw new InvalidOptionError(`probabilitiesInit[${k}]`, 'probabilities >= 0', p);
          sum += p;
        }
        if (!(sum > 0))
          throw new InvalidOptionError(`probabilitiesInit[${k}]`, 'a row with a positive sum', sum);
        for (let w = 0; w < V; w++) probabilities.data[k * V + w]! /= sum;
      }
    }
    this.start = { weights: initWeights(options.weightsInit, K), probabilities };
    this.options = { ...options };
  }

  /** Word probabilities θₖⱼ: K rows of V probabilities (each row sums to 1). */
  get probabilities(): number[][] {
    const { params } = this.fitted('probabilities');
    return rowsOf(params.probabilities, params.weights.length, params.nFeatures);
  }

  /**
   * Fits by EM; with `labels`, semi-supervised (labelled rows keep their component). Returns `this`.
   *
   * @throws InvalidInputError when a label is not −1 or a component index, or there is not one per row.
   */
  override fit(X: CountInput, options: MultinomialFitOptions = {}): this {
    const data = this.prepare([X], this.base.warmStart ? this.state?.params : undefined);
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object such as { labels }', options);
    if (options.labels === undefined) return this.fitPrepared(data);
    return this.fitPrepared(data, checkLabels(options.labels, data.rows, this.base.nComponents));
  }

  /** @internal */
  protected prepare([X]: [CountInput], params: MultinomialParams | undefined): MultinomialData {
    const csr = toCsr(X);
    if (params && csr.cols !== params.nFeatures)
      throw new InvalidInputError(
        'X',
        `${params.nFeatures} columns (the vocabulary at fit time)`,
        `${csr.cols} columns`,
      );
    const logCoefficient = new Float64Array(csr.rows);
    let totalCount = 0;
    for (let i = 0; i < csr.rows; i++) {
      let total = 0;
      let s = 0;
      for (let e = csr.indptr[i]!; e < csr.indptr[i + 1]!; e++) {
        total += csr.values[e]!;
        s -= logFactorial(csr.values[e]!);
      }
      logCoefficient[i] = s + logFactorial(total);
      totalCount += total;
    }
    return { ...csr, logCoefficient, meanLength: totalCount / csr.rows };
  }

  /** @internal */
  protected logDensities(data: MultinomialData, params: MultinomialParams, out: Float64Array): void {
    const K = params.weights.length;
    const V = params.nFeatures;
    const logT = new Float64Array(V * K);
    const p = params.probabilities;
    for (let k = 0; k < K; k++)
      for (let w = 0; w < V; w++) logT[w * K + k] = Math.log(Math.max(p[k * V + w]!, FLOOR));
    const { indptr, indices, values } = data;
    for (let i = 0; i < data.rows; i++) {
      const o = i * K;
      const c0 = data.logCoefficient[i]!;
      for (let k = 0; k < K; k++) out[o + k] = c0;
      for (let e = indptr[i]!, end = indptr[i + 1]!; e < end; e++) {
        const c = values[e]!;
        const d = indices[e]! * K;
        for (let k = 0; k < K; k++) out[o + k]! += c * logT[d + k]!;
      }
    }
  }

  /** @internal */
  protected statistics(
    data: MultinomialData,
    resp: Float64Array,
    params: MultinomialParams,
    into?: MultinomialStats,
  ): MultinomialStats {
    const K = params.weights.length;
    const { nk, countsT, lengths } = into ?? {
      nk: new Float64Array(K),
      countsT: new Float64Array(data.cols * K),
      lengths: new Float64Array(2),
    };
    const { indptr, indices, values } = data;
    for (let i = 0; i < data.rows; i++) {
      const o = i * K;
      for (let k = 0; k < K; k++) nk[k]! += resp[o + k]!;
      lengths[0]! += 1;
      for (let e = indptr[i]!, end = indptr[i + 1]!; e < end; e++) {
        const c = values[e]!;
        lengths[1]! += c;
        const d = indices[e]! * K;
        for (let k = 0; k < K; k++) countsT[d + k]! += c * resp[o + k]!;
      }
    }
    return { nk, countsT, lengths };
  }

  /** @internal Documents in chunks as SparseCountMatrix stay sparse (memory per non-zero). */
  protected override readsSparseChunks(): boolean {
    return true;
  }

  /** @internal */
  protected override readParams(wire: WireRecord): MultinomialParams {
    const K = this.base.nComponents;
    const params = readWireParams(wire, this.kind, K, {
      nFeatures: 'count',
      documentLength: 'number',
      probabilities: (V) => K * V,
    }) as unknown as MultinomialParams;
    params.probabilities.forEach((q, i) => {
      if (!(q >= 0)) throw new InvalidInputError(`params.probabilities[${i}]`, 'a probability >= 0', q);
    });
    return params;
  }

  /** @internal */
  protected override layoutOf(data: MultinomialData): Partial<MultinomialParams> {
    return { nFeatures: data.cols };
  }

  /** @internal */
  protected maximize(
    data: MultinomialData,
    { nk, countsT, lengths }: MultinomialStats,
    _p: MultinomialParams,
    iteration: number,
  ) {
    const K = nk.length;
    const V = data.cols;
    const a = this.alpha;
    const totals = new Float64Array(K);
    for (let w = 0; w < V; w++) for (let k = 0; k < K; k++) totals[k]! += countsT[w * K + k]!;
    let total = 0;
    for (const v of nk) total += v;
    const weights = new Float64Array(K);
    const probabilities = new Float64Array(K * V);
    for (let k = 0; k < K; k++) {
      const denominator = totals[k]! + a * V;
      if (!(denominator > 0))
        throw new NumericalError(
          `Component ${k} has no words left after iteration ${iteration}.`,
          'Use fewer components, more restarts (nInit), or alpha > 0.',
        );
      weights[k] = nk[k]! / total;
      for (let w = 0; w < V; w++) probabilities[k * V + w] = (countsT[w * K + k]! + a) / denominator;
    }
    // From the statistics, not the rows at hand: a streamed fit's M-step sees only a sample.
    return { weights, probabilities, nFeatures: V, documentLength: lengths[1]! / lengths[0]! };
  }

  /** @internal */
  protected override logPrior(params: MultinomialParams): number {
    if (this.alpha === 0) return 0;
    let s = 0;
    for (const q of params.probabilities) s += Math.log(q);
    return this.alpha * s;
  }

  /** @internal */
  protected explicitStart(data: MultinomialData): MultinomialParams | undefined {
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
      probabilities: probabilities.data.slice(),
      nFeatures: data.cols,
      documentLength: data.meanLength,
    };
  }

  /** @internal */
  protected packParams(params: MultinomialParams): Float64Array {
    const K = params.weights.length;
    const v = new Float64Array(K + params.probabilities.length);
    packWeights(params.weights, v);
    for (let i = 0; i < params.probabilities.length; i++)
      v[K + i] = Math.log(Math.max(params.probabilities[i]!, FLOOR));
    return v;
  }

  /** @internal */
  protected unpackParams(v: Float64Array, like: MultinomialParams): MultinomialParams | undefined {
    const K = like.weights.length;
    const V = like.nFeatures;
    const weights = unpackWeights(v, K);
    if (!weights) return undefined;
    const probabilities = new Float64Array(K * V);
    for (let k = 0; k < K; k++) {
      const row = unpackWeights(v, V, K + k * V);
      if (!row) return undefined;
      probabilities.set(row, k * V);
    }
    return { ...like, weights, probabilities };
  }

  /** @internal */
  protected countParameters(params: MultinomialParams): number {
    const K = params.weights.length;
    return K - 1 + K * (params.nFeatures - 1);
  }

  /**
   * Draws `nSamples` documents from the fitted mixture (seeded by `randomState`), each of
   * `documentLength` words (default: the mean length of the training documents, rounded), as sparse
   * counts, and the component each came from.
   */
  sample(
    nSamples = 1,
    options: { documentLength?: number } = {},
  ): { X: SparseCountMatrix; labels: Int32Array } {
    const { params } = this.fitted('sample');
    const n = checkCount(nSamples);
    const length = options.documentLength ?? Math.max(1, Math.round(params.documentLength));
    if (!(Number.isInteger(length) && length >= 1 && length <= 1e7))
      throw new InvalidOptionError('documentLength', 'an integer in [1, 1e7]', length);
    const rng = createRandom(this.base.randomState);
    const V = params.nFeatures;
    // Cumulative sums per component make each word draw a binary search.
    const K = params.weights.length;
    const cumulative = new Float64Array(K * V);
    for (let k = 0; k < K; k++) {
      let acc = 0;
      for (let w = 0; w < V; w++) cumulative[k * V + w] = acc += params.probabilities[k * V + w]!;
    }
    const labels = new Int32Array(n);
    const indptr = new Int32Array(n + 1);
    const indices: number[] = [];
    const values: number[] = [];
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = drawIndex(params.weights, rng.next());
      labels[i] = k;
      counts.clear();
      for (let t = 0; t < length; t++) {
        const u = rng.next() * cumulative[k * V + V - 1]!;
        let lo = 0;
        let hi = V - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[k * V + mid]! > u) hi = mid;
          else lo = mid + 1;
        }
        counts.set(lo, (counts.get(lo) ?? 0) + 1);
      }
      for (const [w, c] of [...counts].sort((a, b) => a[0] - b[0])) {
        indices.push(w);
        values.push(c);
      }
      indptr[i + 1] = indices.length;
    }
    return {
      X: { rows: n, cols: V, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) },
      labels,
    };
  }

  /** The fitted model as plain JSON; {@link MultinomialMixture.fromJSON} reads it back exactly. */
  toJSON(): MixtureJSON {
    const state = this.fitted('toJSON');
    const { params } = state;
    return writeEnvelope(this.kind, serialOptions(this.options, ['alpha']), state, {
      documentLength: params.documentLength,
      probabilities: rowsOf(params.probabilities, params.weights.length, params.nFeatures),
    });
  }

  /**
   * A fitted model from {@link MultinomialMixture.toJSON}'s output, checked field by field.
   *
   * @example
   * ```ts
   * import { MultinomialMixture } from '@em/mixtures';
   * const model = new MultinomialMixture({ nComponents: 2 }).fit([[3, 0, 1], [0, 4, 1], [2, 1, 0]]);
   * MultinomialMixture.fromJSON(JSON.stringify(model)).probabilities; // equal to model.probabilities
   * ```
   */
  static fromJSON(json: unknown): MultinomialMixture {
    const j = readEnvelope(json, 'MultinomialMixture');
    const weights = readWeights(j);
    const K = weights.length;
    const { data, cols } = flatMatrix('params.probabilities', j.params.probabilities, K);
    for (let k = 0; k < K; k++)
      checkSimplex(`params.probabilities[${k}]`, data.subarray(k * cols, (k + 1) * cols), 0, cols);
    const [documentLength] = finiteArray('params.documentLength', [j.params.documentLength]);
    if (!(documentLength! >= 0))
      throw new InvalidInputError('json.params.documentLength', 'a number >= 0', documentLength);
    const model = new MultinomialMixture({ ...(j.options as MultinomialMixtureOptions), nComponents: K });
    model.state = readFit(j, {
      weights,
      probabilities: data,
      nFeatures: cols,
      documentLength: documentLength!,
    });
    return model;
  }
}

function checkLabels(labels: ArrayLike<number>, n: number, K: number): Int32Array {
  if (!isArrayLike(labels) || labels.length !== n)
    throw new InvalidInputError('labels', `${n} labels (one per row of X; -1 for unlabelled)`, labels);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (typeof y !== 'number' || !Number.isInteger(y) || y < -1 || y >= K)
      throw new InvalidInputError('labels', `-1 (unlabelled) or a component in [0, ${K - 1}]`, y, { row: i });
    out[i] = y;
  }
  return out;
}
