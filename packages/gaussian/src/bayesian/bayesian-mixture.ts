import {
  InvalidInputError,
  InvalidOptionError,
  inspectCustom,
  NotFittedError,
  type RestartResult,
  runEM,
  runEMWithRestarts,
} from '@em/core';
import { type DataInput, type FlatMatrix, toFlatMatrix, toRows } from '@em/core/numeric';
import { createRandom } from '@em/sampling';
import { logNormalisers, mean, mostLikely, responsibilities, type VisitChunks } from '../chunk-views.js';
import { CHUNK_ROWS, estimateResponsibilities, rowChunks } from '../estep.js';
import { initialResponsibilities } from '../init/initialize.js';
import { initialisedOnly, requireLowerBound } from '../initialised-only.js';
import { bayesianMixtureSummary } from '../inspect.js';
import { kernelFor } from '../kernels/index.js';
import { createFusedEStep } from '../kernels/specialized/index.js';
import { checkDataScale } from '../numeric-range.js';
import type { PartialFitOptions } from '../online/schedule.js';
import { nestCovariance, precisionsFromCholesky } from '../params.js';
import { sampleMixture } from '../sample.js';
import type { StreamFitOptions } from '../streaming/fit-stream.js';
import type { ChunkSource } from '../streaming/source.js';
import type { StatisticsSource } from '../streaming/statistics.js';
import type { CovarianceType, MixtureParams } from '../types.js';
import type { BayesianExternalContext } from './external-fit.js';
import { initialParameters } from './initial.js';
import { type BayesianOnlineState, bayesianPartialFitStep } from './online.js';
import {
  type BayesianGaussianMixtureOptions,
  type ResolvedBayesianOptions,
  resolveBayesianOptions,
  type WeightConcentrationPriorType,
} from './options.js';
import { resolvePriors } from './priors.js';
import { type BayesianGaussianMixtureJSON, bayesianFromJSON, bayesianToJSON } from './serialize.js';
import { bayesianFitFromStatistics } from './statistics.js';
import { bayesianFitStream } from './stream.js';
import {
  type BayesianMixtureParams,
  expectedWeights,
  kernelWeights,
  type Priors,
  variationalModel,
} from './variational.js';

/** @internal What `fit` learned, kept together so a model is fitted or not as a whole. */
export interface BayesianFittedState {
  params: BayesianMixtureParams;
  weights: Float64Array;
  converged: boolean;
  nIter: number;
  lowerBound: number;
  history: number[];
  /** The priors of the fit (for `partialFit` to go on with); absent after `fromJSON`. */
  priors?: Priors;
}

type FitResult = Pick<
  RestartResult<BayesianMixtureParams>,
  'params' | 'logLikelihood' | 'history' | 'nIter'
> & {
  anyConverged: boolean;
};

/**
 * A variational Bayesian Gaussian mixture: scikit-learn's `BayesianGaussianMixture` with its options
 * (camelCased), defaults, attributes, methods and numbers. Priors on the weights (a Dirichlet
 * process or distribution), the means (Gaussian) and the precisions (Wishart) let the fit switch
 * off components the data do not need: fit with a generous `nComponents` and read how many
 * components keep a weight that matters, instead of comparing BICs.
 *
 * @example
 * ```ts
 * import { BayesianGaussianMixture } from '@em/gaussian';
 * const X = [[1, 2], [1, 4], [1, 0], [4, 2], [12, 4], [10, 7]];
 * const bgm = new BayesianGaussianMixture({ nComponents: 2, randomState: 42 }).fit(X);
 * bgm.means;                      // ≈ [[2.50, 2.29], [8.46, 4.52]] (scikit-learn documents 2.49…, 2.29…, 8.45…, 4.52…: truncated)
 * bgm.predict([[0, 0], [9, 3]]);  // Int32Array [0, 1]
 * ```
 */
export class BayesianGaussianMixture {
  /** The options after defaults (scikit-learn's `get_params()`). */
  readonly options: Readonly<ResolvedBayesianOptions>;
  private state: BayesianFittedState | undefined;
  /** Running statistics of `partialFit` (stepwise variational Bayes), kept between calls. */
  private online: BayesianOnlineState | undefined;

  constructor(options: BayesianGaussianMixtureOptions = {}) {
    this.options = Object.freeze(resolveBayesianOptions(options));
  }

  /** Number of components (an upper bound on the number the fit uses). */
  get nComponents(): number {
    return this.options.nComponents;
  }

  /** Covariance type. */
  get covarianceType(): CovarianceType {
    return this.options.covarianceType;
  }

  /** Type of the weights prior. */
  get weightConcentrationPriorType(): WeightConcentrationPriorType {
    return this.options.weightConcentrationPriorType;
  }

  /** Whether `fit` has run (or the model was loaded from JSON). */
  get isFitted(): boolean {
    return this.state !== undefined;
  }

  private fitted(method: string): BayesianFittedState {
    if (!this.state) throw new NotFittedError('BayesianGaussianMixture', method);
    return this.state;
  }

  /**
   * Estimates the variational posterior: `nInit` runs from `initParams` (or from `respInit`, or one
   * run from the previous fit with `warmStart`), keeping the one with the highest lower bound.
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture } from '@em/gaussian';
   * const bgm = new BayesianGaussianMixture({ nComponents: 3, randomState: 0 }).fit([0, 0.2, 0.4, 0.6, 0.8, 1, 6, 6.2, 6.4, 6.6, 6.8, 7]);
   * bgm.converged; // true
   * ```
   */
  fit(X: DataInput): this {
    const data = toFlatMatrix(X);
    const { nComponents: k, covarianceType: type, regCovar, maxIter, nInit, tol } = this.options;
    if (data.rows < k) {
      throw new InvalidInputError('X (number of samples)', `at least nComponents = ${k}`, data.rows);
    }
    checkDataScale(data);
    const warm = this.options.warmStart && this.state !== undefined;
    if (warm) this.checkFeatures(data, 'fit');
    const priors = resolvePriors(this.options, data);
    const resp = this.options.respInit === undefined || warm ? undefined : this.readRespInit(data);
    const kernel = kernelFor(type, data.cols);
    const fused = createFusedEStep(type, data.cols, k, this.options.kernels);
    const priorType = this.options.weightConcentrationPriorType;
    const model = variationalModel(kernel, fused, data, k, regCovar, priors);
    const rng = createRandom(this.options.randomState ?? randomSeed());
    const init = (random: () => number) => {
      model.restart();
      const start = resp ?? initialResponsibilities(data, k, this.options.initParams, random);
      return initialParameters(kernel, data, k, regCovar, priors, priorType, start, 1);
    };
    const emOptions = {
      maxIter,
      tol,
      onIteration: this.options.onIteration,
      signal: this.options.signal,
      historyLimit: this.options.historyLimit,
      initialLogLikelihood: warm ? this.state!.lowerBound : undefined,
    };
    if (maxIter === 0) {
      // Initialisation only (scikit-learn keeps the last initial parameters); a warm start has
      // nothing to do. No iteration ran, so the model has no lowerBound (NoIterationError).
      if (warm) return this;
      let params = init(rng.random);
      for (let run = 1; run < nInit; run++) params = init(rng.random);
      this.state = { ...initialisedOnly(params), weights: expectedWeights(params), priors };
      return this;
    }
    let result: FitResult;
    if (warm) {
      const run = runEM(model, this.state!.params, emOptions);
      result = { ...run, anyConverged: run.converged };
    } else {
      // A run from respInit is deterministic: one is enough, as nInit copies of it would be equal.
      const runs = runEMWithRestarts(model, init, {
        ...emOptions,
        nInit: resp ? 1 : nInit,
        random: rng.random,
      });
      // scikit-learn sets converged_ when any of the nInit runs converged.
      result = { ...runs, anyConverged: runs.runs.some((run) => run.converged) };
    }
    this.store(result, priors);
    return this;
  }

  /**
   * {@link BayesianGaussianMixture.fit} on data read from a source once per iteration instead of
   * held in memory (the sources and options of `GaussianMixture.fitStream`: chunk arrays, functions
   * returning (async) iterables of chunks, CSV or float64 files in Node, `File`/`Blob` in browsers).
   * Pass 1 counts the rows, sums the columns (the mean prior) and draws `initSample` rows; unless
   * `covariancePrior` is given, pass 2 computes the covariance prior; then each iteration is one
   * pass. The initialisation (`initParams`) runs on the sample, its counts scaled to the number of
   * rows; a source with no more rows than `initSample` is its own sample, so the start — and the fit,
   * bit for bit — is `fit`'s on the same rows. `respInit` and `initParams: 'hc'` need the rows in
   * memory and are refused.
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture } from '@em/gaussian';
   * const chunks = [[[0], [0.2], [0.4]], [[6], [6.2], [6.4]]];
   * const streamed = await new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fitStream(chunks);
   * const inMemory = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fit(chunks.flat());
   * streamed.lowerBound === inMemory.lowerBound; // true
   * ```
   */
  async fitStream(source: ChunkSource, options?: StreamFitOptions): Promise<this> {
    const state = await bayesianFitStream(this.externalContext(), source, options);
    if (state) this.state = state;
    this.online = undefined;
    return this;
  }

  /**
   * The variational fit with its E-step elsewhere, as `GaussianMixture.fitFromStatistics`: each
   * iteration asks `source.statistics(params)` for every part's statistics — `params` is the
   * Gaussian view of the posterior (weights e^(E[log π_c] + Wishart terms), the posterior means and
   * precisions), so the parts run {@link mixtureStatistics} on it exactly as for a
   * `GaussianMixture` — adds them in the parts' order and updates the posterior here. Two extra
   * rounds before the first iteration give the data-driven priors (column sums, then centred
   * products), unless `meanPrior` and `covariancePrior` are given. The initialisation runs on
   * `source.sample` (counts scaled to `source.rows`).
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture, mixtureStatistics } from '@em/gaussian';
   * const shards = [[[0], [0.2], [0.4]], [[6], [6.2], [6.4]]];
   * const bgm = await new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fitFromStatistics({
   *   rows: 6,
   *   cols: 1,
   *   sample: shards.flat(),
   *   statistics: (params) => Promise.all(shards.map((shard) => mixtureStatistics(params, [shard]))),
   * });
   * const inMemory = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fit(shards.flat());
   * Math.abs(bgm.lowerBound - inMemory.lowerBound) < 1e-10; // true
   * ```
   */
  async fitFromStatistics(source: StatisticsSource): Promise<this> {
    const state = await bayesianFitFromStatistics(this.externalContext(), source);
    if (state) this.state = state;
    this.online = undefined;
    return this;
  }

  /**
   * Online variational Bayes: updates the posterior with one batch of rows. The batch's average
   * E-step statistics are mixed into running averages with step η_t = (t + t0)^(−α) (`options`, the
   * schedule of `GaussianMixture.partialFit`), and the variational update runs on the averages
   * scaled to the rows seen so far — stochastic variational inference (Hoffman et al. 2013) in its
   * mini-batch form, since the posterior's natural parameters are the prior's plus those statistics.
   * The first call initialises as `fit` would on that batch (or continues from a fitted model); its
   * priors from the data (mean, covariance) come from the fit's data or from the first batch and
   * stay fixed for the run. On the whole data set a first `partialFit` is one iteration of `fit`
   * (to 1e-12: the statistics are centred on the first batch's column means, not on the means).
   * Afterwards `nIter` counts the updates, `converged` is false, `history` is empty, and
   * `lowerBound` is the batch's mean score (`scoreSamples`) before its update: a variational lower
   * bound needs Σ r log r of all rows under one posterior, which a stream does not have.
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture } from '@em/gaussian';
   * const bgm = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 });
   * bgm.partialFit([[0, 0.1], [0.2, 0], [9, 9.1], [9.2, 9]]);
   * bgm.partialFit([[0.1, 0.3], [9.1, 8.8], [0, 0.2], [8.9, 9]], { alpha: 0.7 });
   * bgm.nIter; // 2 (one per update)
   * ```
   */
  partialFit(X: DataInput, options?: PartialFitOptions): this {
    const data = toFlatMatrix(X);
    checkDataScale(data);
    const context = { options: this.options, state: this.state, online: this.online, seed: randomSeed };
    const { state, online } = bayesianPartialFitStep(context, data, options);
    this.state = state;
    this.online = online;
    return this;
  }

  private externalContext(): BayesianExternalContext {
    return { options: this.options, previous: this.state, seed: randomSeed };
  }

  private store(result: FitResult, priors: Priors): void {
    // Aborted before its first iteration: nothing was learned, the model stays as it was.
    if (result.nIter === 0) return;
    this.state = {
      params: result.params,
      weights: expectedWeights(result.params),
      converged: result.anyConverged,
      nIter: result.nIter,
      lowerBound: result.logLikelihood,
      history: result.history.slice(),
      priors,
    };
  }

  /** `respInit` checked against the data: nSamples × nComponents, finite, non-negative. */
  private readRespInit(data: FlatMatrix): Float64Array {
    const k = this.nComponents;
    const resp = toFlatMatrix(this.options.respInit!, 'respInit');
    if (resp.rows !== data.rows || resp.cols !== k) {
      throw new InvalidOptionError(
        'respInit',
        `an array of shape nSamples × nComponents (${data.rows} × ${k})`,
        `shape ${resp.rows} × ${resp.cols}`,
      );
    }
    for (let i = 0; i < resp.data.length; i++) {
      if (!(resp.data[i]! >= 0)) {
        throw new InvalidOptionError(
          `respInit[${Math.floor(i / k)}][${i % k}]`,
          'a non-negative number',
          resp.data[i],
        );
      }
    }
    return Float64Array.from(resp.data);
  }

  /**
   * Fits the model and returns the component of each sample (as `fit(X).predict(X)`).
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture } from '@em/gaussian';
   * const labels = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fitPredict([0, 0.2, 0.4, 0.6, 0.8, 1, 6, 6.2, 6.4, 6.6, 6.8, 7]);
   * labels[0] === labels[1]; // true
   * ```
   */
  fitPredict(X: DataInput): Int32Array {
    const data = toFlatMatrix(X);
    return this.fit(data).predict(data);
  }

  private checkFeatures(data: FlatMatrix, method: string): void {
    const d = this.fitted(method).params.nFeatures;
    if (data.cols !== d) {
      throw new InvalidInputError(
        'X (features per sample)',
        `${d}, as in the data this BayesianGaussianMixture was fitted on`,
        data.cols,
      );
    }
  }

  private input(X: DataInput, method: string): FlatMatrix {
    this.fitted(method);
    const data = toFlatMatrix(X);
    this.checkFeatures(data, method);
    return data;
  }

  /**
   * Runs the E-step over `data` chunk by chunk and hands each chunk's n × k block (responsibilities
   * or their logarithms) and each sample's log-sum-exp of the weighted log-probabilities to `visit`.
   */
  private readonly visitor: VisitChunks = (data, logResp, visit) => this.visitChunks(data, logResp, visit);

  private visitChunks(
    data: FlatMatrix,
    logResp: boolean,
    visit: (start: number, rows: number, block: Float64Array, logProbNorm: Float64Array) => void,
  ): void {
    const { params } = this.state!;
    const { nComponents: k, nFeatures: d } = params;
    const kernel = kernelFor(params.covarianceType, d);
    const weights = new Float64Array(k);
    const max = kernelWeights(params, weights, new Float64Array(k));
    const gaussian: MixtureParams = {
      covarianceType: params.covarianceType,
      nComponents: k,
      nFeatures: d,
      weights,
      means: params.means,
      covariances: params.covariances,
      precisionsCholesky: params.precisionsCholesky,
    };
    const chunkRows = Math.min(data.rows, CHUNK_ROWS);
    const block = new Float64Array(chunkRows * k);
    const norm = new Float64Array(chunkRows);
    let start = 0;
    for (const chunk of rowChunks(data)) {
      estimateResponsibilities(kernel, chunk.data, chunk.rows, chunk.cols, gaussian, block, norm, logResp);
      for (let i = 0; i < chunk.rows; i++) norm[i]! += max;
      visit(start, chunk.rows, block, norm);
      start += chunk.rows;
    }
  }

  /**
   * The most likely component of each sample.
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture } from '@em/gaussian';
   * const bgm = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 0.2, 0.4, 0.6, 0.8, 1, 6, 6.2, 6.4, 6.6, 6.8, 7]);
   * bgm.predict([0.1, 6.1]); // Int32Array [a, b] with a !== b
   * ```
   */
  predict(X: DataInput): Int32Array {
    return mostLikely(this.visitor, this.input(X, 'predict'), this.nComponents);
  }

  /**
   * Posterior probability of each component for each sample (rows sum to 1), n × nComponents.
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture } from '@em/gaussian';
   * const bgm = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 0.2, 0.4, 0.6, 0.8, 1, 6, 6.2, 6.4, 6.6, 6.8, 7]);
   * bgm.predictProba([3.5]); // [[p, 1 − p]]
   * ```
   */
  predictProba(X: DataInput): number[][] {
    return responsibilities(this.visitor, this.input(X, 'predictProba'), this.nComponents);
  }

  /**
   * scikit-learn's `score_samples`: per sample, the log-sum-exp over components of the weighted
   * log-probabilities under the variational posterior (E[log π_c] plus the expected Gaussian
   * log-density; not a normalised density).
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture } from '@em/gaussian';
   * const bgm = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 0.2, 0.4, 0.6, 0.8, 1, 6, 6.2, 6.4, 6.6, 6.8, 7]);
   * bgm.scoreSamples([0.2, 100]); // Float64Array [high, very low]
   * ```
   */
  scoreSamples(X: DataInput): Float64Array {
    return logNormalisers(this.visitor, this.input(X, 'scoreSamples'));
  }

  /**
   * Mean of {@link BayesianGaussianMixture.scoreSamples} over `X`.
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture } from '@em/gaussian';
   * const X = [0, 0.2, 0.4, 0.6, 0.8, 1, 6, 6.2, 6.4, 6.6, 6.8, 7];
   * const bgm = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
   * bgm.score(X); // a number
   * ```
   */
  score(X: DataInput): number {
    this.fitted('score');
    return mean(this.scoreSamples(X));
  }

  /**
   * Draws `n` samples from the mixture with the fitted `weights`, `means` and `covariances`, as
   * scikit-learn: component counts from the weights, then each component's samples in order (so
   * `labels` is sorted). With `randomState` every call returns the same sample.
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture } from '@em/gaussian';
   * const bgm = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fit([[0, 0], [0, 1], [1, 0], [9, 9], [9, 8], [8, 9]]);
   * const drawn = bgm.sample(100); // drawn.X: number[][] (100 × 2), drawn.labels: Int32Array
   * ```
   */
  sample(n: number): { X: number[][]; labels: Int32Array } {
    const { params, weights } = this.fitted('sample');
    if (!Number.isInteger(n) || n < 1) throw new InvalidInputError('n', 'an integer >= 1', n);
    const { covarianceType: type, nComponents: k, nFeatures: d } = params;
    const seed = this.options.randomState ?? randomSeed();
    return sampleMixture(type, k, d, weights, params.means, params.covariances, n, seed);
  }

  /**
   * How many components have a weight above `threshold` (default 0.01): the number of components
   * the data use (an addition to scikit-learn).
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture } from '@em/gaussian';
   * const X = [0, 0.2, 0.4, 0.6, 0.8, 1, 6, 6.2, 6.4, 6.6, 6.8, 7];
   * new BayesianGaussianMixture({ nComponents: 5, randomState: 0, weightConcentrationPrior: 1e-3 }).fit(X).effectiveComponents(); // 2
   * ```
   */
  effectiveComponents(threshold = 0.01): number {
    const { weights } = this.fitted('effectiveComponents');
    if (typeof threshold !== 'number' || !(threshold >= 0 && threshold < 1)) {
      throw new InvalidInputError('threshold', 'a number in [0, 1)', threshold);
    }
    let count = 0;
    for (const w of weights) if (w > threshold) count++;
    return count;
  }

  /** Mixing weights (length nComponents): the posterior mean of the weights, scikit-learn's `weights_`. */
  get weights(): number[] {
    return Array.from(this.fitted('weights').weights);
  }

  /** Posterior means of the component means (nComponents × nFeatures), scikit-learn's `means_`. */
  get means(): number[][] {
    const { means, nComponents, nFeatures } = this.fitted('means').params;
    return toRows(means, nComponents, nFeatures);
  }

  /**
   * Covariances shaped by covariance type (full K×D×D, tied D×D, diag K×D, spherical K):
   * scikit-learn's `covariances_`, the Wishart scale matrices divided by their degrees of freedom.
   */
  get covariances(): number[] | number[][] | number[][][] {
    const {
      covariances,
      covarianceType: type,
      nComponents: k,
      nFeatures: d,
    } = this.fitted('covariances').params;
    return nestCovariance(covariances, type, k, d);
  }

  /** Precisions (inverse covariances), shaped as `covariances`. */
  get precisions(): number[] | number[][] | number[][][] {
    const {
      precisionsCholesky,
      covarianceType: type,
      nComponents: k,
      nFeatures: d,
    } = this.fitted('precisions').params;
    return nestCovariance(precisionsFromCholesky(precisionsCholesky, type, k, d), type, k, d);
  }

  /** Cholesky factors of the precisions, shaped as `covariances` (scikit-learn's `precisions_cholesky_`). */
  get precisionsCholesky(): number[] | number[][] | number[][][] {
    const {
      precisionsCholesky,
      covarianceType: type,
      nComponents: k,
      nFeatures: d,
    } = this.fitted('precisionsCholesky').params;
    return nestCovariance(precisionsCholesky, type, k, d);
  }

  /**
   * Parameters of the weights' posterior, scikit-learn's `weight_concentration_`: for the
   * Dirichlet process the two arrays of Beta parameters `[a, b]` (each of length nComponents), for
   * the Dirichlet distribution the nComponents concentrations.
   */
  get weightConcentration(): number[] | [number[], number[]] {
    const {
      weightConcentration: conc,
      weightConcentrationPriorType: type,
      nComponents: k,
    } = this.fitted('weightConcentration').params;
    if (type === 'dirichlet_process') return [Array.from(conc.subarray(0, k)), Array.from(conc.subarray(k))];
    return Array.from(conc);
  }

  /** Precision of each mean's posterior (length nComponents), scikit-learn's `mean_precision_`. */
  get meanPrecision(): number[] {
    return Array.from(this.fitted('meanPrecision').params.meanPrecision);
  }

  /**
   * Degrees of freedom of each component's Wishart posterior (length nComponents), scikit-learn's
   * `degrees_of_freedom_` (a single number for a tied covariance, here repeated nComponents times).
   */
  get degreesOfFreedom(): number[] {
    return Array.from(this.fitted('degreesOfFreedom').params.degreesOfFreedom);
  }

  /** Whether the best run converged (scikit-learn: any of the `nInit` runs). */
  get converged(): boolean {
    return this.fitted('converged').converged;
  }

  /** Iterations of the best run. */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /**
   * The variational lower bound of the best run after its last iteration (scikit-learn's
   * `lower_bound_`: a total over samples, up to constants). A model initialised without iterating
   * (`maxIter: 0`) has none: `NoIterationError`.
   */
  get lowerBound(): number {
    return requireLowerBound(this.fitted('lowerBound'), 'BayesianGaussianMixture').lowerBound;
  }

  /** `lowerBound` after each iteration of the best run. */
  get history(): number[] {
    return this.fitted('history').history.slice();
  }

  /** Number of features seen by `fit`. */
  get nFeatures(): number {
    return this.fitted('nFeatures').params.nFeatures;
  }

  /** The fitted variational parameters in the flat internal layout (copies). */
  get params(): BayesianMixtureParams {
    const p = this.fitted('params').params;
    return {
      ...p,
      weightConcentration: p.weightConcentration.slice(),
      meanPrecision: p.meanPrecision.slice(),
      means: p.means.slice(),
      degreesOfFreedom: p.degreesOfFreedom.slice(),
      covariances: p.covariances.slice(),
      precisionsCholesky: p.precisionsCholesky.slice(),
    };
  }

  /**
   * One line for people: the type, K, the covariance model, whether fitted and, once fitted, the
   * iterations and log-likelihood. `console.log(model)` prints the same.
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture } from '@em/gaussian';
   * const bgm = new BayesianGaussianMixture({ nComponents: 4, randomState: 0 });
   * String(bgm); // "BayesianGaussianMixture { nComponents: 4, covarianceType: 'full', weightConcentrationPriorType: 'dirichlet_process', fitted: false }"
   * console.log(bgm.fit([[0], [0.5], [1], [9], [9.5], [10]]));
   * // BayesianGaussianMixture { …, fitted: true, effectiveComponents: 2, converged: true, nIter: 9, lowerBound: -11.876 }
   * ```
   */
  toString(): string {
    return bayesianMixtureSummary(this);
  }

  /** What Node's `util.inspect` (and so `console.log`) prints: {@link BayesianGaussianMixture.toString}. */
  [inspectCustom](): string {
    return this.toString();
  }

  /**
   * A plain JSON-safe object (schema version 1) with the options and the fitted posterior;
   * `BayesianGaussianMixture.fromJSON` restores an identical model. `onIteration`, `signal` and
   * `respInit` are not kept.
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture } from '@em/gaussian';
   * const bgm = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 1, 2, 9, 10, 11]);
   * const text = JSON.stringify(bgm); // calls toJSON()
   * ```
   */
  toJSON(): BayesianGaussianMixtureJSON {
    return bayesianToJSON(this.options, this.state);
  }

  /**
   * Restores a model from {@link BayesianGaussianMixture.toJSON}'s output (an object or its JSON
   * string), validating the format, the schema version, every field and their consistency; throws
   * `InvalidInputError` naming the offending field otherwise.
   *
   * @example
   * ```ts
   * import { BayesianGaussianMixture } from '@em/gaussian';
   * const bgm = new BayesianGaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 1, 2, 9, 10, 11]);
   * const copy = BayesianGaussianMixture.fromJSON(JSON.stringify(bgm));
   * copy.predict([0.5, 9.5]); // same as bgm.predict([0.5, 9.5])
   * ```
   */
  static fromJSON(json: BayesianGaussianMixtureJSON | string): BayesianGaussianMixture {
    let parsed: unknown = json;
    if (typeof json === 'string') {
      try {
        parsed = JSON.parse(json);
      } catch {
        throw new InvalidInputError('json', 'a JSON string or object from toJSON()', json);
      }
    }
    const { options, state } = bayesianFromJSON(parsed);
    const model = new BayesianGaussianMixture(options);
    if (state) model.state = { ...state, weights: expectedWeights(state.params) };
    return model;
  }
}

export function randomSeed(): number {
  // Like scikit-learn's random_state=None: a different initialisation on every fit.
  return Math.floor(Math.random() * 2 ** 32);
}
