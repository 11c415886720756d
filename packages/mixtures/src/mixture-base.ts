import {
  type AsyncEMModel,
  type EMModel,
  type EMResult,
  type EStepResult,
  InvalidInputError,
  InvalidOptionError,
  inspectCustom,
  NotFittedError,
  requireIterations,
  runEM,
  runEMAsync,
  runEMWithRestarts,
  runEMWithRestartsAsync,
} from '@em/core';
import { normalizeLogRows } from '@em/core/numeric';
import { ChunkPasses, type StreamSource, streamedEStep } from '@em/core/stream';
import { createRandom } from '@em/sampling';
import { mixtureSummary } from './inspect.js';
import type { ResolvedBase } from './options.js';
import { requirePossibleRows } from './possible-rows.js';
import {
  inChunk,
  type MixtureStreamOptions,
  matrixChunks,
  readStreamOptions,
  type SourceChunk,
  scanChunks,
} from './stream.js';

/**
 * What every mixture's parameters have: the mixing weights.
 *
 * @example
 * ```ts
 * import type { WeightedParams } from '@em/mixtures';
 * const params: WeightedParams = { weights: new Float64Array([0.3, 0.7]) };
 * ```
 */
export interface WeightedParams {
  /** Mixing weights π₁…π_K (sum to 1). */
  weights: Float64Array;
}

/**
 * Validated data inside a model: at least its number of rows.
 *
 * @example
 * ```ts
 * import type { PreparedData } from '@em/mixtures';
 * const data: PreparedData = { rows: 100 };
 * ```
 */
export interface PreparedData {
  /** Number of rows (samples). */
  rows: number;
}

/** The state a fit leaves. */
export interface FitState<P> {
  params: P;
  converged: boolean;
  nIter: number;
  lowerBound: number;
  history: number[];
}

/** Reusable buffers of one fit: responsibilities (n × K) and per-row log-normalisers. */
interface Buffers {
  resp: Float64Array;
  norms: Float64Array;
}

/**
 * The EM machinery every mixture in this package shares: the E-step (per-row log-densities from the
 * model, plus log-weights, normalised by `normalizeLogRows` from `@em/core/numeric`), restarts,
 * warm starts, acceleration, and `predict`/`predictProba`/`score`/`scoreSamples`/`bic`/`aic` — the
 * models supply the log-densities, the statistics, the M-step and `pack`/`unpack`. `A` is the tuple of
 * arguments `fit` and `predict` take.
 *
 * @example
 * ```ts
 * import { BernoulliMixture, MixtureModel } from '@em/mixtures';
 * const model: MixtureModel<any, any, any, any> = new BernoulliMixture({ nComponents: 2 });
 * ```
 */
export abstract class MixtureModel<P extends WeightedParams, D extends PreparedData, S, A extends unknown[]> {
  /** @internal */
  protected state: FitState<P> | undefined;
  /** @internal */
  protected readonly base: ResolvedBase;
  /** The model's name in error messages and JSON (`'BernoulliMixture'`, …). */
  abstract readonly kind: string;

  /** @internal */
  protected constructor(base: ResolvedBase) {
    this.base = base;
  }

  /** @internal Validates the arguments of fit/predict; `params` are the fitted ones (for consistency checks). */
  protected abstract prepare(args: A, params: P | undefined): D;
  /** @internal log p(xᵢ | component k) into `out` (n × K, row-major). */
  protected abstract logDensities(data: D, params: P, out: Float64Array): void;
  /**
   * @internal Expected sufficient statistics from the responsibilities (n × K), added row by row into
   * `into` when given (a streamed fit's running total: the same sums as one call over all rows).
   */
  protected abstract statistics(data: D, resp: Float64Array, params: P, into?: S): S;
  /**
   * @internal For `fitStream`: the layout (columns, levels) of the data read so far, from that of the
   * chunks before (`previous`) and of `data`, as parameters `prepare` checks chunks against.
   * Undefined: the model does not stream (its M-step needs the rows).
   */
  protected streamLayout(_data: D, _previous: Partial<P> | undefined): Partial<P> | undefined {
    return undefined;
  }
  /** @internal The M-step. */
  protected abstract maximize(data: D, stats: S, params: P, iteration: number): P;
  /** @internal Explicit initial parameters given in the options (`weightsInit`, …), if any. */
  protected abstract explicitStart(data: D): P | undefined;
  /** @internal Parameters as one vector (for SQUAREM). */
  protected abstract packParams(params: P): Float64Array;
  /** @internal Parameters from a vector, or undefined when infeasible. */
  protected abstract unpackParams(vector: Float64Array, like: P): P | undefined;
  /** @internal Number of free parameters of these parameters. */
  protected abstract countParameters(params: P): number;
  /** @internal log-prior of the parameters (smoothing), added to the EM objective. */
  protected logPrior(_params: P): number {
    return 0;
  }

  /** @internal Random start: each component seeded from a random row, blended with the overall statistics. */
  protected initialParams(data: D, random: () => number, labels: Int32Array | undefined): P {
    const K = this.base.nComponents;
    const n = data.rows;
    const resp = new Float64Array(n * K);
    if (labels) {
      // Nigam et al. (2000): start from the labelled rows; the unlabelled ones only break ties.
      for (let i = 0; i < n; i++) {
        const y = labels[i]!;
        if (y >= 0) resp[i * K + y] = 1;
        else for (let k = 0; k < K; k++) resp[i * K + k] = 1e-3 * (0.5 + random());
      }
    } else {
      // K distinct seed rows get most of the weight of their component; every row a little of each,
      // so no component starts empty (scikit-learn's 'random_from_data', softened).
      const seeds = new Set<number>();
      while (seeds.size < Math.min(K, n)) seeds.add(Math.floor(random() * n));
      const rows = [...seeds];
      for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) resp[i * K + k] = (0.5 + random()) / n;
      for (let k = 0; k < K; k++) {
        const seed = rows[k % rows.length]!;
        resp[seed * K + k]! += 1;
      }
    }
    const like = { weights: new Float64Array(K).fill(1 / K) } as P;
    return this.maximize(data, this.statistics(data, resp, like), like, 0);
  }

  /** @internal */
  protected eStep(data: D, params: P, labels: Int32Array | undefined, buffers: Buffers): EStepResult<S> {
    const K = params.weights.length;
    const n = data.rows;
    const { resp, norms } = buffers;
    this.logJoint(data, params, resp);
    let ll = 0;
    if (labels) {
      // Labelled rows keep their class (complete-data log-likelihood); the others are E-stepped.
      for (let i = 0; i < n; i++) {
        const y = labels[i]!;
        if (y >= 0) {
          ll += resp[i * K + y]!;
          resp.fill(0, i * K, (i + 1) * K);
          resp[i * K + y] = 1;
          norms[i] = 0;
        }
      }
      normalizeLogRowsExcept(resp, n, K, labels, norms);
      for (let i = 0; i < n; i++) if (labels[i]! < 0) ll += norms[i]!;
    } else {
      normalizeLogRows({ data: resp, rows: n, cols: K }, { out: norms });
      for (let i = 0; i < n; i++) ll += norms[i]!;
    }
    const stats = this.statistics(data, resp, params);
    return { stats, logLikelihood: (ll + this.logPrior(params)) / n };
  }

  /** @internal log πₖ + log p(xᵢ | k) into out (n × K). */
  protected logJoint(data: D, params: P, out: Float64Array): void {
    this.logDensities(data, params, out);
    const K = params.weights.length;
    const logWeights = params.weights.map(Math.log);
    for (let i = 0; i < data.rows; i++) for (let k = 0; k < K; k++) out[i * K + k]! += logWeights[k]!;
  }

  /** @internal Runs EM on prepared data (and labels: -1 for unlabelled). */
  protected fitPrepared(data: D, labels?: Int32Array): this {
    const o = this.base;
    const K = o.nComponents;
    if (data.rows < K && !this.explicitStart(data) && !(o.warmStart && this.state))
      throw new InvalidInputError('X', `at least nComponents = ${K} rows`, data.rows);
    const buffers: Buffers = { resp: new Float64Array(data.rows * K), norms: new Float64Array(data.rows) };
    const model: EMModel<P, S> = {
      eStep: (params) => this.eStep(data, params, labels, buffers),
      mStep: (stats, params, { iteration }) => this.maximize(data, stats, params, iteration),
      pack: (params) => this.packParams(params),
      unpack: (vector, like) => this.unpackParams(vector, like),
    };
    const options = this.emOptions();
    let result: EMResult<P>;
    const explicit = this.explicitStart(data);
    if (o.warmStart && this.state) {
      const start = this.state.params;
      result = runEM(model, start, { ...options, initialLogLikelihood: this.state.lowerBound });
    } else if (explicit) {
      result = runEM(model, explicit, options);
    } else {
      const rng = createRandom(o.randomState);
      result = runEMWithRestarts(model, (random) => this.initialParams(data, random, labels), {
        ...options,
        nInit: o.nInit,
        random: () => rng.next(),
      });
    }
    return this.keep(result);
  }

  /** @internal The loop's options from the model's. */
  private emOptions() {
    const o = this.base;
    return {
      maxIter: o.maxIter,
      tol: o.tol,
      stopRule: o.stopRule,
      acceleration: o.acceleration,
      onIteration: o.onIteration as never,
      signal: o.signal,
    };
  }

  /** @internal Keeps a run's result as the fitted state. */
  private keep(result: EMResult<P>): this {
    requireIterations(result, `a ${this.kind}`);
    this.state = {
      params: result.params,
      converged: result.converged,
      nIter: result.nIter,
      lowerBound: result.logLikelihood,
      history: result.history,
    };
    return this;
  }

  /**
   * Fits the mixture by exact EM over data read from `source` once per iteration, never held whole:
   * memory is one chunk, the statistics and the initialisation sample. A chunk is what `fit` takes
   * (rows of numbers). The first pass counts and checks the rows and draws a uniform sample of
   * `initSample` rows for the random starts; a source of no more rows than that is sampled whole,
   * in order, so the fit equals `fit`'s on the concatenated chunks bit for bit (as it does with the
   * `*Init` options or `warmStart`, whatever the source's size). The statistics of each chunk are
   * added row by row into the running total — the in-memory sums, whatever the chunk sizes.
   * Bernoulli, categorical and Poisson mixtures stream; the others throw an `InvalidOptionError`.
   *
   * @throws SourceNotReReadableError (from `@em/core/stream`) when a later pass reads other rows than
   * the first (a one-shot iterator); ChunkShapeError for a chunk of another width, naming the chunk
   * and its row; InvalidInputError naming the chunk and the row of a bad value.
   * @example
   * ```ts
   * import { PoissonMixture } from '@em/mixtures';
   * const chunks = [[[0, 1], [1, 0], [2, 1]], [[9, 11], [10, 12], [12, 9]]];
   * const options = { nComponents: 2, randomState: 0 };
   * const streamed = await new PoissonMixture(options).fitStream(chunks);
   * const inMemory = new PoissonMixture(options).fit(chunks.flat());
   * streamed.lowerBound === inMemory.lowerBound; // true
   * streamed.rates; // the same rates as inMemory.rates
   * ```
   */
  async fitStream(source: StreamSource<A[0]>, options: MixtureStreamOptions = {}): Promise<this> {
    const { initSample, onProgress } = readStreamOptions(options);
    const o = this.base;
    const warm = o.warmStart && this.state !== undefined;
    if (this.streamLayout === MixtureModel.prototype.streamLayout) {
      throw new InvalidOptionError(
        'fitStream',
        'a mixture whose M-step needs only added statistics (Bernoulli, categorical, Poisson)',
        this.kind,
        'use fit',
      );
    }
    // Pass 1 checks each chunk on its own (and against a warm start's parameters); the later passes
    // against the layout of all of them (a categorical column's levels are those of every chunk).
    const first = warm ? this.state!.params : undefined;
    let layout: Partial<P> | undefined = first;
    let checkAgainst = first;
    const prepare = ({ matrix, index, row }: SourceChunk) =>
      inChunk(index, row, () => this.prepare([matrix] as unknown as A, checkAgainst as P | undefined));
    const passes = new ChunkPasses(matrixChunks(source, onProgress));
    const scan = await scanChunks(passes, initSample, o.randomState, (chunk) => {
      layout = this.streamLayout(prepare(chunk), layout);
    });
    checkAgainst = layout as P;
    const K = o.nComponents;
    const shape = prepare({ matrix: scan.sample, index: 0, row: 0 });
    const explicit = this.explicitStart(shape);
    if (scan.rows < K && !explicit && !warm)
      throw new InvalidInputError('source', `at least nComponents = ${K} rows`, scan.rows);
    const like = { weights: new Float64Array(K) } as P;
    const empty = { ...shape, rows: 0 };
    let resp = new Float64Array(0);
    let norms = new Float64Array(0);
    const model: AsyncEMModel<P, S> = {
      eStep: streamedEStep<P, S, SourceChunk>({
        passes,
        zero: () => this.statistics(empty, resp, like),
        accumulate: (params, chunk, total) => {
          const data = prepare(chunk);
          const n = data.rows;
          if (resp.length < n * K) [resp, norms] = [new Float64Array(n * K), new Float64Array(n)];
          this.logJoint(data, params, resp);
          normalizeLogRows({ data: resp.subarray(0, n * K), rows: n, cols: K }, { out: norms });
          // Row by row into the running sums: the in-memory E-step's additions.
          let ll = total.logLikelihood;
          for (let i = 0; i < n; i++) ll += norms[i]!;
          return { stats: this.statistics(data, resp, params, total.stats), logLikelihood: ll };
        },
        finish: (total, params, rows) => ({
          stats: total.stats,
          logLikelihood: (total.logLikelihood + this.logPrior(params)) / rows,
        }),
      }),
      mStep: (stats, params, { iteration }) => this.maximize(shape, stats, params, iteration),
      pack: (params) => this.packParams(params),
      unpack: (vector, like) => this.unpackParams(vector, like),
    };
    const emOptions = this.emOptions();
    if (warm) {
      const start = this.state!.params;
      return this.keep(
        await runEMAsync(model, start, { ...emOptions, initialLogLikelihood: this.state!.lowerBound }),
      );
    }
    if (explicit) return this.keep(await runEMAsync(model, explicit, emOptions));
    const rng = createRandom(o.randomState);
    const result = await runEMWithRestartsAsync(
      model,
      (random) => this.initialParams(shape, random, undefined),
      {
        ...emOptions,
        nInit: o.nInit,
        random: () => rng.next(),
      },
    );
    return this.keep(result);
  }

  /** @internal */
  protected fitted(method: string): FitState<P> {
    if (!this.state) throw new NotFittedError(this.kind, method);
    return this.state;
  }

  /** @internal Normalised responsibilities and per-row log-likelihoods of new data. */
  protected posterior(
    args: A,
    method: string,
  ): { resp: Float64Array; norms: Float64Array; n: number; K: number } {
    const { params } = this.fitted(method);
    const data = this.prepare(args, params);
    const K = params.weights.length;
    const resp = new Float64Array(data.rows * K);
    this.logJoint(data, params, resp);
    const norms = normalizeLogRows({ data: resp, rows: data.rows, cols: K });
    requirePossibleRows(norms);
    return { resp, norms, n: data.rows, K };
  }

  /**
   * Fits the mixture by EM (`nInit` random starts, or the `*Init` parameters of the options, or — with
   * `warmStart` — the fitted parameters) and returns `this`.
   */
  fit(...args: A): this {
    return this.fitPrepared(this.prepare(args, this.base.warmStart ? this.state?.params : undefined));
  }

  /** The most probable component of each row (0-based). */
  predict(...args: A): Int32Array {
    const { resp, n, K } = this.posterior(args, 'predict');
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (resp[i * K + k]! > resp[i * K + best]!) best = k;
      labels[i] = best;
    }
    return labels;
  }

  /** Posterior probability of each component for each row (rows sum to 1). */
  predictProba(...args: A): number[][] {
    const { resp, n, K } = this.posterior(args, 'predictProba');
    return Array.from({ length: n }, (_, i) => Array.from(resp.subarray(i * K, (i + 1) * K)));
  }

  /** Log-likelihood log p(xᵢ) of each row under the fitted mixture. */
  scoreSamples(...args: A): Float64Array {
    return this.posterior(args, 'scoreSamples').norms;
  }

  /** Mean log-likelihood per row (scikit-learn's `score`). */
  score(...args: A): number {
    const norms = this.scoreSamples(...args);
    let sum = 0;
    for (const v of norms) sum += v;
    return sum / norms.length;
  }

  /** Bayesian information criterion −2 log L + p log n on the data (lower is better). */
  bic(...args: A): number {
    const norms = this.scoreSamples(...args);
    let sum = 0;
    for (const v of norms) sum += v;
    return -2 * sum + this.nParameters() * Math.log(norms.length);
  }

  /** Akaike information criterion −2 log L + 2p on the data (lower is better). */
  aic(...args: A): number {
    const norms = this.scoreSamples(...args);
    let sum = 0;
    for (const v of norms) sum += v;
    return -2 * sum + 2 * this.nParameters();
  }

  /** Number of free parameters of the fitted model (weights and component parameters). */
  nParameters(): number {
    return this.countParameters(this.fitted('nParameters').params);
  }

  /**
   * One line for people: the kind of mixture, K, whether fitted and, once fitted, the iterations and lower bound. `console.log(model)` prints the same.
   *
   * @example
   * ```ts
   * import { PoissonMixture } from '@em/mixtures';
   * const model = new PoissonMixture({ nComponents: 2, randomState: 0 });
   * String(model); // "PoissonMixture { nComponents: 2, fitted: false }"
   * console.log(model.fit([[0], [1], [1], [2], [20], [21], [22], [23]]));
   * // PoissonMixture { nComponents: 2, fitted: true, converged: true, nIter: 3, lowerBound: -2.52242 }
   * ```
   */
  toString(): string {
    return mixtureSummary(this, this.base.nComponents);
  }

  /** What Node's `util.inspect` (and so `console.log`) prints: {@link MixtureModel.toString}. */
  [inspectCustom](): string {
    return this.toString();
  }

  /** Mixing weights π₁…π_K of the fitted model. */
  get weights(): number[] {
    return Array.from(this.fitted('weights').params.weights);
  }

  /** Whether the best run converged (change of the lower bound below `tol`). */
  get converged(): boolean {
    return this.fitted('converged').converged;
  }

  /** Iterations of the best run. */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /**
   * The EM objective of the best run at its last E-step: mean log-likelihood per row, plus the
   * log-prior of the smoothing divided by the number of rows (scikit-learn's `lower_bound_`).
   */
  get lowerBound(): number {
    return this.fitted('lowerBound').lowerBound;
  }

  /** `lowerBound` after each iteration of the best run. */
  get history(): number[] {
    return [...this.fitted('history').history];
  }

  /** Whether `fit` has been called (or the model was loaded with `fromJSON`). */
  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** @internal */
  protected checkNComponents(K: number): void {
    if (K !== this.base.nComponents)
      throw new InvalidOptionError(
        'nComponents',
        `the number of components of the parameters (${K})`,
        this.base.nComponents,
      );
  }
}

/** normalizeLogRows on the unlabelled rows only (labelled rows are already one-hot). */
function normalizeLogRowsExcept(
  resp: Float64Array,
  n: number,
  K: number,
  labels: Int32Array,
  norms: Float64Array,
): void {
  let i = 0;
  while (i < n) {
    if (labels[i]! >= 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < n && labels[end]! < 0) end++;
    normalizeLogRows(
      { data: resp.subarray(i * K, end * K), rows: end - i, cols: K },
      { out: norms.subarray(i, end) },
    );
    i = end;
  }
}
