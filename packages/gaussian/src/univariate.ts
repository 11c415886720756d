import { InvalidInputError, InvalidOptionError, inspectCustom } from '@em/core';
import { type FlatMatrix, toFlatMatrix } from '@em/core/numeric';
import { GaussianMixture } from './gaussian-mixture.js';
import { univariateMixtureSummary } from './inspect.js';
import type { PartialFitOptions } from './online/schedule.js';
import type { GaussianMixtureJSON } from './serialize.js';
import type { StreamFitOptions } from './streaming/fit-stream.js';
import type { GaussianMixtureOptions } from './types.js';

/**
 * Options of {@link UnivariateGaussianMixture}: those of {@link GaussianMixture}, where in one
 * dimension `covarianceType: 'tied'` means one variance shared by all components and every other
 * type means one variance per component (the default), plus `variancesInit`. `historyLimit`
 * bounds `history` as it does there (`nIter` still counts every iteration).
 *
 * @example
 * ```ts
 * import { UnivariateGaussianMixture, type UnivariateGaussianMixtureOptions } from '@em/gaussian';
 * const options: UnivariateGaussianMixtureOptions = { nComponents: 2, meansInit: [20, 40], variancesInit: [25, 25] };
 * new UnivariateGaussianMixture(options).fit([18, 20, 22, 38, 40, 42]).means; // [20, 40]
 * const long: UnivariateGaussianMixtureOptions = { nComponents: 2, maxIter: 1e6, historyLimit: 100 };
 * ```
 */
export interface UnivariateGaussianMixtureOptions extends Omit<GaussianMixtureOptions, 'meansInit'> {
  /** Initial means, one per component. */
  meansInit?: readonly number[] | Float64Array;
  /** Initial variances, one per component (or a single one with `covarianceType: 'tied'`). */
  variancesInit?: readonly number[] | Float64Array;
}

/**
 * One chunk of {@link UnivariateGaussianMixture.fitStream}'s source: numbers.
 *
 * @example
 * ```ts
 * import type { UnivariateChunk } from '@em/gaussian';
 * const chunk: UnivariateChunk = [1, 1.5, 2];
 * ```
 */
export type UnivariateChunk = readonly number[] | Float64Array;

/**
 * The source of {@link UnivariateGaussianMixture.fitStream}: an array of chunks of numbers, or a
 * function returning a fresh (async) iterable of them on every call (one call per pass).
 *
 * @example
 * ```ts
 * import type { UnivariateChunkSource } from '@em/gaussian';
 * const source: UnivariateChunkSource = function* () { yield [1, 2]; yield [9, 10]; };
 * ```
 */
export type UnivariateChunkSource =
  | readonly UnivariateChunk[]
  | (() => Iterable<UnivariateChunk> | AsyncIterable<UnivariateChunk>);

/**
 * A Gaussian mixture of one variable, with results as plain numbers: `means`, `variances` and
 * `standardDeviations` are `number[]`, data is `number[]` or `Float64Array`. It runs the same
 * estimator as {@link GaussianMixture} (available as `.model`), through its 1-D fast path.
 *
 * @example
 * ```ts
 * import { UnivariateGaussianMixture } from '@em/gaussian';
 * import { createRandom, normal } from '@em/sampling';
 * const rng = createRandom(7);
 * const x = [...normal(rng, { loc: 20, scale: 5, size: 4000 }), ...normal(rng, { loc: 40, scale: 5, size: 8000 })];
 * const gmm = new UnivariateGaussianMixture({ nComponents: 2, randomState: 1 }).fit(x);
 * gmm.means;              // ≈ [40, 20] (the order depends on the initialisation)
 * gmm.standardDeviations; // ≈ [5, 5]
 * gmm.weights;            // ≈ [1/3, 2/3]
 * ```
 */
export class UnivariateGaussianMixture {
  /** The underlying multivariate estimator (one feature). */
  readonly model: GaussianMixture;

  constructor(options: UnivariateGaussianMixtureOptions = {}) {
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object', options);
    const { variancesInit, ...rest } = options;
    const mixtureOptions: GaussianMixtureOptions = { ...rest };
    if (variancesInit !== undefined) {
      if (options.covariancesInit !== undefined || options.precisionsInit !== undefined) {
        throw new InvalidOptionError(
          'variancesInit',
          'undefined when covariancesInit or precisionsInit is given',
          variancesInit,
        );
      }
      if (!Array.isArray(variancesInit) && !(variancesInit instanceof Float64Array)) {
        throw new InvalidOptionError('variancesInit', 'an array of variances', variancesInit);
      }
      const values = Array.from(variancesInit as ArrayLike<number>);
      const tied = options.covarianceType === 'tied';
      const length = tied ? 1 : (options.nComponents ?? 1);
      if (values.length !== length) {
        const expected = tied
          ? 'one shared variance ([v]) with covarianceType tied'
          : `nComponents = ${length} variances`;
        throw new InvalidOptionError('variancesInit', expected, variancesInit);
      }
      mixtureOptions.covariancesInit = covarianceLayout(options.covarianceType ?? 'full', values);
    }
    this.model = new GaussianMixture(mixtureOptions);
  }

  /**
   * Fits the mixture to one-dimensional data.
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const gmm = new UnivariateGaussianMixture({ nComponents: 2, randomState: 0 }).fit([1, 1.5, 2, 9, 9.5, 10]);
   * ```
   */
  fit(x: readonly number[] | Float64Array): this {
    this.model.fit(univariate(x));
    return this;
  }

  /**
   * {@link GaussianMixture.fitStream} on one-dimensional data read chunk by chunk, once per EM
   * iteration: `source` is an array of chunks or a function returning a fresh (async) iterable of
   * chunks, each chunk an array (or Float64Array) of numbers. On the same values and options the
   * result is `fit`'s, bit for bit.
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const chunks = async function* () {
   *   yield [1, 1.5, 2];
   *   yield [9, 9.5, 10];
   * };
   * const gmm = await new UnivariateGaussianMixture({ nComponents: 2, randomState: 0 }).fitStream(chunks);
   * gmm.means.slice().sort((a, b) => a - b); // [1.5, 9.5]
   * ```
   */
  async fitStream(source: UnivariateChunkSource, options?: StreamFitOptions): Promise<this> {
    await this.model.fitStream(univariateChunks(source), options);
    return this;
  }

  /**
   * {@link GaussianMixture.partialFit} on a batch of one-dimensional values: one stepwise-EM
   * update. A first call on all the values is `fit` with `maxIter: 1`.
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const gmm = new UnivariateGaussianMixture({ nComponents: 2, randomState: 0 });
   * gmm.partialFit([1, 1.5, 2, 9, 9.5, 10]).partialFit([1.2, 9.8], { alpha: 0.7 });
   * gmm.model.nIter; // 2 (one per update)
   * ```
   */
  partialFit(x: readonly number[] | Float64Array, options?: PartialFitOptions): this {
    this.model.partialFit(univariate(x), options);
    return this;
  }

  /**
   * Component of each value.
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const gmm = new UnivariateGaussianMixture({ nComponents: 2, randomState: 0 }).fit([1, 1.5, 2, 9, 9.5, 10]);
   * gmm.predict([1.2, 9.8]); // Int32Array [0, 1]: two different components
   * ```
   */
  predict(x: readonly number[] | Float64Array): Int32Array {
    return this.model.predict(univariate(x));
  }

  /**
   * Posterior probability of each component for each value (n × nComponents).
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const gmm = new UnivariateGaussianMixture({ nComponents: 2, randomState: 0 }).fit([1, 1.5, 2, 9, 9.5, 10]);
   * gmm.predictProba([5.5]); // [[p, 1 − p]]
   * ```
   */
  predictProba(x: readonly number[] | Float64Array): number[][] {
    return this.model.predictProba(univariate(x));
  }

  /**
   * Log-density of the mixture at each value.
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const gmm = new UnivariateGaussianMixture().fit([-1, 0, 1]);
   * gmm.scoreSamples([0])[0]; // ≈ -0.5 * Math.log(2 * Math.PI * (2 / 3 + 1e-6)) (log N(0 | 0, 2/3 + regCovar))
   * ```
   */
  scoreSamples(x: readonly number[] | Float64Array): Float64Array {
    return this.model.scoreSamples(univariate(x));
  }

  /**
   * Density of the mixture at each value (`exp(scoreSamples(x))`), e.g. to draw the fitted curve.
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const gmm = new UnivariateGaussianMixture().fit([-1, 0, 1]);
   * gmm.density([0])[0]; // ≈ 0.4886
   * ```
   */
  density(x: readonly number[] | Float64Array): Float64Array {
    return this.scoreSamples(x).map(Math.exp);
  }

  /**
   * Mean log-likelihood per value.
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const x = [-1, 0, 1];
   * new UnivariateGaussianMixture().fit(x).score(x); // ≈ -1.2162
   * ```
   */
  score(x: readonly number[] | Float64Array): number {
    return this.model.score(univariate(x));
  }

  /**
   * Bayesian information criterion (lower is better).
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const x = [0, 0.5, 1, 8, 8.5, 9];
   * new UnivariateGaussianMixture({ nComponents: 2, randomState: 0 }).fit(x).bic(x);
   * ```
   */
  bic(x: readonly number[] | Float64Array): number {
    return this.model.bic(univariate(x));
  }

  /**
   * Akaike information criterion (lower is better).
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const x = [0, 0.5, 1, 8, 8.5, 9];
   * new UnivariateGaussianMixture({ nComponents: 2, randomState: 0 }).fit(x).aic(x);
   * ```
   */
  aic(x: readonly number[] | Float64Array): number {
    return this.model.aic(univariate(x));
  }

  /**
   * Number of free parameters (2 per component plus nComponents − 1 weights; one variance if tied).
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * new UnivariateGaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 1, 8, 9]).nParameters(); // 5
   * ```
   */
  nParameters(): number {
    return this.model.nParameters();
  }

  /**
   * Draws `n` values from the fitted mixture (grouped by component, as scikit-learn).
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const gmm = new UnivariateGaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 1, 8, 9]);
   * const { x, labels } = gmm.sample(500); // Float64Array, Int32Array
   * ```
   */
  sample(n: number): { x: Float64Array; labels: Int32Array } {
    const { X, labels } = this.model.sample(n);
    return { x: Float64Array.from(X, (row) => row[0]!), labels };
  }

  /** Mixing weights. */
  get weights(): number[] {
    return this.model.weights;
  }

  /** Component means. */
  get means(): number[] {
    return this.model.means.map((row) => row[0]!);
  }

  /** Component variances (all equal with `covarianceType: 'tied'`). */
  get variances(): number[] {
    const flat = this.model.params.covariances!;
    return Array.from({ length: this.model.nComponents }, (_, c) => flat[flat.length === 1 ? 0 : c]!);
  }

  /** Component standard deviations, `sqrt(variances)`. */
  get standardDeviations(): number[] {
    return this.variances.map(Math.sqrt);
  }

  /** Whether EM converged. */
  get converged(): boolean {
    return this.model.converged;
  }

  /** Iterations run. */
  get nIter(): number {
    return this.model.nIter;
  }

  /** Mean log-likelihood per value at the last E-step. */
  get lowerBound(): number {
    return this.model.lowerBound;
  }

  /** `lowerBound` after each iteration. */
  get history(): number[] {
    return this.model.history;
  }

  /**
   * One line for people: the type, K, the covariance model, whether fitted and, once fitted, the
   * iterations and log-likelihood. `console.log(model)` prints the same.
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const gmm = new UnivariateGaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 0.5, 1, 9, 9.5, 10]);
   * String(gmm); // "UnivariateGaussianMixture { nComponents: 2, covarianceType: 'full', fitted: true, converged: true, nIter: 2, meanLogLikelihood: -1.21621 }"
   * ```
   */
  toString(): string {
    return univariateMixtureSummary(this);
  }

  /** What Node's `util.inspect` (and so `console.log`) prints: {@link UnivariateGaussianMixture.toString}. */
  [inspectCustom](): string {
    return this.toString();
  }

  /**
   * The JSON form of the underlying {@link GaussianMixture}.
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const text = JSON.stringify(new UnivariateGaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 1, 8, 9]));
   * ```
   */
  toJSON(): GaussianMixtureJSON {
    return this.model.toJSON();
  }

  /**
   * Restores a model saved by `toJSON` (of this class, or of a one-feature `GaussianMixture`).
   *
   * @example
   * ```ts
   * import { UnivariateGaussianMixture } from '@em/gaussian';
   * const gmm = new UnivariateGaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 1, 8, 9]);
   * const copy = UnivariateGaussianMixture.fromJSON(JSON.stringify(gmm));
   * copy.means; // [0.5, 8.5] (as gmm.means)
   * gmm.means; // [0.5, 8.5]
   * ```
   */
  static fromJSON(json: GaussianMixtureJSON | string): UnivariateGaussianMixture {
    const model = GaussianMixture.fromJSON(json);
    if (model.isFitted && model.nFeatures !== 1) {
      throw new InvalidInputError('json.fitted.nFeatures', '1 (a univariate model)', model.nFeatures);
    }
    const wrapper = new UnivariateGaussianMixture();
    (wrapper as { model: GaussianMixture }).model = model;
    return wrapper;
  }
}

function univariate(x: readonly number[] | Float64Array) {
  const data = toFlatMatrix(x, 'x');
  if (data.cols !== 1)
    throw new InvalidInputError('x (features per sample)', '1 (number[] or Float64Array)', data.cols);
  return data;
}

/** One-dimensional chunks: numbers per chunk, as an array of chunks or a function returning them per pass. */
function univariateChunks(source: UnivariateChunkSource): () => AsyncIterable<FlatMatrix> {
  const open =
    typeof source === 'function'
      ? source
      : Array.isArray(source)
        ? () => source as Iterable<UnivariateChunk>
        : undefined;
  if (!open) {
    throw new InvalidInputError(
      'source',
      'an array of chunks of numbers, or a function returning an (async) iterable of them',
      source,
    );
  }
  return async function* () {
    let index = 0;
    let row = 0;
    for await (const chunk of open()) {
      const name = `source chunk ${index}`;
      const data = toFlatMatrix(chunk, name);
      if (data.cols !== 1 && data.rows > 0) {
        throw new InvalidInputError(name, 'numbers (one value per row)', `rows of ${data.cols} values`, {
          row,
        });
      }
      row += data.rows;
      index++;
      yield data;
    }
  };
}

function covarianceLayout(type: string, values: number[]): number[] | number[][] | number[][][] {
  switch (type) {
    case 'full':
      return values.map((v) => [[v]]);
    case 'tied':
      return [[values[0]!]];
    case 'diag':
      return values.map((v) => [v]);
    default:
      return values;
  }
}
