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
import {
  ChunkPasses,
  inSourceChunk,
  readStepSizeOptions,
  type StreamSource,
  scaleStatistics,
  stepSize,
  stepwiseAverage,
  streamedEStep,
} from '@em/core/stream';
import { createRandom } from '@em/sampling';
import { mixtureSummary } from './inspect.js';
import type { MixturePartialFitOptions, OnlineRun } from './online.js';
import type { ResolvedBase } from './options.js';
import { requirePossibleRows } from './possible-rows.js';
import {
  denseRows,
  type MixtureStreamOptions,
  matrixChunks,
  readStreamOptions,
  type SourceChunk,
  scanChunks,
} from './stream.js';
import {
  addWire,
  fromWire,
  type MixtureShardScan,
  type MixtureShardStatistics,
  type MixtureStatisticsSource,
  readShardScanOptions,
  readStatisticsSource,
  type ShardScanOptions,
  toWire,
  type WireRecord,
} from './wire.js';

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
  /** @internal The running statistics of `partialFit` (stepwise EM), kept between calls. */
  private online: OnlineRun<P, S> | undefined;
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
   * @internal For `fitStream`: the layout (columns, levels) of `data`, as parameters `prepare` checks
   * chunks against. Undefined: the model does not stream (its M-step needs the rows).
   */
  protected layoutOf(_data: D): Partial<P> | undefined {
    return undefined;
  }
  /**
   * @internal `prepare` of the rows of a chunk, a batch or a sample — one matrix, in the model's
   * streaming shape (a regression's rows end with the response).
   */
  protected prepareRows(X: unknown, params: P | undefined): D {
    return this.prepare([X] as unknown as A, params);
  }
  /** @internal Whether chunks may be a `SparseCountMatrix` (kept sparse: a multinomial's documents). */
  protected readsSparseChunks(): boolean {
    return false;
  }
  /** @internal Whether `fitStream` and the shard methods apply: the M-step needs only added statistics. */
  protected streams(): boolean {
    return this.layoutOf !== MixtureModel.prototype.layoutOf;
  }
  /** @internal Whether `partialFit` applies: the M-step is a function of running averages of statistics. */
  protected learnsOnline(): boolean {
    return this.streams();
  }
  /**
   * @internal Parameters sent by a coordinator (`shardStatistics`), checked against the model: a
   * typed error names a missing or malformed field.
   */
  protected readParams(wire: WireRecord): P {
    return fromWire(wire, 'params') as unknown as P;
  }
  /**
   * @internal The M-step of a fit whose data is elsewhere (streamed, sharded). `statsAt(params)` is a
   * further E-step pass under `params`, for an M-step that needs more than the E-step's statistics
   * (a regression's Newton iterations). Default: {@link MixtureModel.maximize}.
   */
  protected maximizeAsync(
    data: D,
    stats: S,
    params: P,
    iteration: number,
    _statsAt: (params: P) => Promise<S>,
  ): P | Promise<P> {
    return this.maximize(data, stats, params, iteration);
  }
  /** @internal The layout of two parts of the data together (their widths are already equal). */
  protected mergeLayouts(a: Partial<P>, _b: Partial<P>): Partial<P> {
    return a;
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
   * Every mixture of this package streams, from dense rows: a regression's rows are
   * [x₁ … x_d, y] (the covariates then the response). A gaussian regression's M-step is least squares
   * from per-component XᵀWX, XᵀWy, yᵀWy and Σw (taken about the data's first row, for precision); a
   * Poisson or logistic regression's M-step is `fit`'s Newton iterations to convergence, each trial
   * one more pass over the source (the sums at it add up over rows), so it runs `fit`'s iterations
   * exactly — a few passes per EM iteration instead of one. A multinomial mixture's chunks are dense
   * count rows or `SparseCountMatrix` documents (kept sparse, the sample too: memory per non-zero);
   * `fit`'s `labels` (semi-supervised) are not streamed.
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
   * A regression's chunks are rows [x, y]:
   * ```ts
   * import { RegressionMixture } from '@em/mixtures';
   * const rows = [[0, 0.1], [1, 1], [2, 2.1], [3, 2.9], [4, 4], [0, 10], [1, 8.1], [2, 6], [3, 4.1], [4, 2]];
   * const options = { nComponents: 2, randomState: 1 };
   * const streamed = await new RegressionMixture(options).fitStream([rows.slice(0, 4), rows.slice(4)]);
   * const inMemory = new RegressionMixture(options).fit(rows.map((r) => [r[0]!]), rows.map((r) => r[1]!));
   * streamed.lowerBound === inMemory.lowerBound; // true
   * ```
   */
  async fitStream(source: StreamSource<A[0]>, options: MixtureStreamOptions = {}): Promise<this> {
    const { initSample, onProgress } = readStreamOptions(options);
    this.requireStreamable('fitStream');
    const warm = this.base.warmStart && this.state !== undefined;
    const reader = this.chunkReader(warm ? this.state!.params : undefined);
    const passes = new ChunkPasses(matrixChunks(source, onProgress, this.readsSparseChunks()));
    const scan = await scanChunks(passes, initSample, this.base.randomState, reader.visit);
    const shape = reader.shapeOf(scan.sample);
    const eStep = streamedEStep<P, S, SourceChunk>({
      passes,
      zero: () => this.zeroStatistics(shape),
      accumulate: this.chunkEStep(reader.prepare),
      finish: (total, params, rows) => this.finishEStep(total, params, rows),
    });
    return this.runExternal(shape, scan.rows, eStep);
  }

  /**
   * One pass over a part of the data (a shard), for a fit whose E-step runs where the shards are
   * (`@em/distributed`): its rows, columns and layout, and a uniform sample of `sampleSize` rows (all
   * rows, in order, when there are no more).
   *
   * @example
   * ```ts
   * import { PoissonMixture } from '@em/mixtures';
   * const scan = await new PoissonMixture({ nComponents: 2 }).scanShard([[[0, 1], [2, 3]], [[4, 5]]]);
   * [scan.rows, scan.cols, scan.sample]; // [3, 2, [0, 1, 2, 3, 4, 5]]
   * ```
   */
  async scanShard(source: StreamSource<A[0]>, options: ShardScanOptions = {}): Promise<MixtureShardScan> {
    this.requireStreamable('scanShard');
    const { sampleSize = 100_000, randomState = 0 } = readShardScanOptions(options);
    const reader = this.chunkReader(undefined);
    const scan = await scanChunks(
      new ChunkPasses(matrixChunks(source, undefined, this.readsSparseChunks())),
      sampleSize,
      randomState,
      reader.visit,
    );
    return {
      rows: scan.rows,
      cols: scan.sample.cols,
      sample: denseRows(scan.sample),
      layout: toWire(reader.layout()),
    };
  }

  /**
   * The E-step statistics of a part of the data (a shard) under `params` (as {@link MixtureModel.fitFromStatistics}
   * passes them), as plain JSON: statistics of disjoint parts add up to those of their union.
   *
   * @example
   * ```ts
   * import { PoissonMixture } from '@em/mixtures';
   * const model = new PoissonMixture({ nComponents: 1 });
   * const params = { weights: { f64: [1] }, rates: { f64: [2] }, nFeatures: 1 };
   * const part = await model.shardStatistics(params, [[[1], [3]]]);
   * [part.rows, part.stats.nk]; // [2, { f64: [2] }]
   * ```
   */
  async shardStatistics(params: WireRecord, source: StreamSource<A[0]>): Promise<MixtureShardStatistics> {
    this.requireStreamable('shardStatistics');
    const typed = this.readParams(params);
    const reader = this.chunkReader(typed);
    const accumulate = this.chunkEStep(reader.prepare);
    let total: EStepResult<S> | undefined;
    let rows = 0;
    for await (const { chunk } of new ChunkPasses(
      matrixChunks(source, undefined, this.readsSparseChunks()),
    ).next()) {
      total ??= { stats: this.zeroStatistics(reader.prepare(chunk)), logLikelihood: 0 };
      total = accumulate(typed, chunk, total);
      rows += chunk.matrix.rows;
    }
    if (!total) throw new InvalidInputError('source', 'at least one row', 'no rows');
    return {
      rows,
      logLikelihood: total.logLikelihood,
      stats: toWire(total.stats as Record<string, unknown>),
    };
  }

  /**
   * Fits the mixture by EM whose E-step adds the statistics of the parts of the data (shards),
   * computed anywhere ({@link MixtureModel.shardStatistics} on worker processes or machines), in the
   * order given. The random starts are drawn from `source.sample`; with all rows there, in order, the
   * fit equals `fit`'s up to the grouping of the sums.
   *
   * @example
   * ```ts
   * import { PoissonMixture } from '@em/mixtures';
   * const shards = [[[0], [1], [2]], [[9], [10], [12]]];
   * const worker = new PoissonMixture({ nComponents: 2 });
   * const scans = await Promise.all(shards.map((shard) => worker.scanShard([shard])));
   * const model = await new PoissonMixture({ nComponents: 2, randomState: 0 }).fitFromStatistics({
   *   rows: 6,
   *   cols: 1,
   *   sample: scans.flatMap((scan) => scan.sample),
   *   layouts: scans.map((scan) => scan.layout),
   *   statistics: (params) => Promise.all(shards.map((shard) => worker.shardStatistics(params, [shard]))),
   * });
   * model.rates.map((r) => Math.round(r[0]!)).sort((a, b) => a - b); // [1, 10]
   * ```
   */
  async fitFromStatistics(source: MixtureStatisticsSource): Promise<this> {
    this.requireStreamable('fitFromStatistics');
    const { rows, cols, sample, layouts, statistics } = readStatisticsSource(source);
    let layout = fromWire(layouts[0]!, 'layouts[0]') as Partial<P>;
    layouts.slice(1).forEach((part, i) => {
      layout = this.mergeLayouts(layout, fromWire(part, `layouts[${i + 1}]`) as Partial<P>);
    });
    const warm = this.base.warmStart && this.state !== undefined;
    const matrix = { data: Float64Array.from(sample), rows: sample.length / cols, cols };
    const shape = this.prepareRows(matrix, (warm ? this.state!.params : layout) as P);
    const eStep = async (params: P): Promise<EStepResult<S>> => {
      const parts = await statistics(toWire(params as unknown as Record<string, unknown>));
      const total = { stats: this.zeroStatistics(shape), logLikelihood: 0, rows: 0 };
      parts.forEach((part, i) => {
        addWire(total.stats as Record<string, unknown>, part?.stats, `statistics of part ${i}`);
        total.logLikelihood += part.logLikelihood;
        total.rows += part.rows;
      });
      if (total.rows !== rows)
        throw new InvalidInputError(
          'statistics',
          `parts covering all ${rows} rows`,
          `parts covering ${total.rows} rows`,
        );
      return this.finishEStep(total, params, rows);
    };
    return this.runExternal(shape, rows, eStep);
  }

  /**
   * One step of online (stepwise) EM on a batch of rows (Cappé & Moulines 2009; Liang & Klein 2009):
   * the batch's statistics under the current parameters are mixed into running per-row averages,
   * s ← (1 − η_t) s + η_t ŝ, with η_t = (t + t0)^(−α), and the M-step runs from them — for data that
   * arrives forever, or is too large for even one pass per iteration. The first call starts from the
   * fitted parameters (after `fit`, `fitStream`, `fromJSON`) or, for a model never fitted, from the
   * start `fit` would make on this batch. `lowerBound` is then the batch's mean log-likelihood under
   * the parameters it started from, `nIter` the number of updates. Bernoulli, categorical (give
   * `nLevels`, or later batches may not use levels the first did not), multinomial, Poisson and
   * gaussian regression mixtures (batches of rows [x₁ … x_d, y]); a Poisson or logistic regression's
   * M-step is Newton's method over the rows, not a function of averaged statistics, so it throws an
   * `InvalidOptionError` there.
   *
   * @example
   * ```ts
   * import { PoissonMixture } from '@em/mixtures';
   * const model = new PoissonMixture({ nComponents: 2, ratesInit: [[1], [8]] });
   * for (let pass = 0; pass < 20; pass++) model.partialFit([[0], [1], [2], [9], [10], [11]]);
   * model.rates.map((r) => Math.round(r[0]!)); // [1, 10]
   * model.nIter; // 20
   * ```
   */
  partialFit(X: A[0], options?: MixturePartialFitOptions): this {
    const schedule = readStepSizeOptions(options);
    this.requireStreamable('partialFit', true);
    const o = this.base;
    const K = o.nComponents;
    const fitted = this.state?.params;
    const data = this.prepareRows(X, fitted);
    let params = fitted ?? this.explicitStart(data);
    if (!params) {
      if (data.rows < K)
        throw new InvalidInputError(
          'X (rows of the first partialFit batch)',
          `at least nComponents = ${K}`,
          data.rows,
        );
      params = this.initialParams(data, createRandom(o.randomState).random, undefined);
    }
    const run = this.online !== undefined && this.online.params === fitted ? this.online : undefined;
    const resp = new Float64Array(data.rows * K);
    const norms = new Float64Array(data.rows);
    this.logJoint(data, params, resp);
    normalizeLogRows({ data: resp, rows: data.rows, cols: K }, { out: norms });
    let ll = 0;
    for (const v of norms) ll += v;
    const updates = (run?.updates ?? 0) + 1;
    const stats = stepwiseAverage(
      run?.stats,
      this.statistics(data, resp, params),
      data.rows,
      stepSize(updates, schedule),
    );
    const rows = (run?.rows ?? 0) + data.rows;
    const next = this.maximize(data, scaleStatistics(stats, rows), params, updates);
    this.online = { params: next, updates, rows, stats };
    this.state = { params: next, converged: false, nIter: updates, lowerBound: ll / data.rows, history: [] };
    return this;
  }

  /** @internal */
  private requireStreamable(method: string, online = false): void {
    if (!this.streams() || (online && !this.learnsOnline())) {
      throw new InvalidOptionError(
        method,
        online
          ? 'a mixture whose M-step is a function of running averages of statistics (Bernoulli, categorical, multinomial, Poisson, gaussian regression)'
          : 'a mixture whose M-step needs only added statistics',
        this.kind,
        'use fit',
      );
    }
  }

  /**
   * @internal Chunks prepared as `fit` prepares X. The first pass checks each chunk on its own (and
   * against `first`: a warm start's parameters) and learns the layout of all of them (a categorical
   * column's levels are those of every chunk); the later passes check against that layout.
   */
  private chunkReader(first: P | undefined) {
    let layout: Partial<P> | undefined;
    let against = first;
    const prepare = ({ matrix, index, row }: SourceChunk) =>
      inSourceChunk(index, row, () => this.prepareRows(matrix, against));
    return {
      prepare,
      visit: (chunk: SourceChunk) => {
        const part = this.layoutOf(prepare(chunk))!;
        layout = layout ? this.mergeLayouts(layout, part) : part;
      },
      layout: () => layout as Record<string, unknown>,
      /** The layout's data for the M-step and the starts: the sample, checked against the layout. */
      shapeOf: (sample: SourceChunk['matrix']) => {
        against = (first ?? layout) as P;
        return prepare({ matrix: sample, index: 0, row: 0 });
      },
    };
  }

  /** @internal Statistics of no rows, for data laid out as `shape`. */
  private zeroStatistics(shape: D): S {
    const like = { weights: new Float64Array(this.base.nComponents) } as P;
    return this.statistics({ ...shape, rows: 0 }, new Float64Array(0), like);
  }

  /** @internal The E-step of one chunk, added row by row into the running total (fit's additions). */
  private chunkEStep(prepare: (chunk: SourceChunk) => D) {
    const K = this.base.nComponents;
    let resp = new Float64Array(0);
    let norms = new Float64Array(0);
    return (params: P, chunk: SourceChunk, total: EStepResult<S>): EStepResult<S> => {
      const data = prepare(chunk);
      const n = data.rows;
      if (resp.length < n * K) [resp, norms] = [new Float64Array(n * K), new Float64Array(n)];
      this.logJoint(data, params, resp);
      normalizeLogRows({ data: resp.subarray(0, n * K), rows: n, cols: K }, { out: norms });
      let ll = total.logLikelihood;
      for (let i = 0; i < n; i++) ll += norms[i]!;
      return { stats: this.statistics(data, resp, params, total.stats), logLikelihood: ll };
    };
  }

  /** @internal The EM objective of a pass: log-likelihood plus log-prior, per row (as fit's E-step). */
  private finishEStep(total: EStepResult<S>, params: P, rows: number): EStepResult<S> {
    return { stats: total.stats, logLikelihood: (total.logLikelihood + this.logPrior(params)) / rows };
  }

  /** @internal EM with an E-step over data held elsewhere: fit's starts (warm, explicit, restarts). */
  private async runExternal(shape: D, rows: number, eStep: AsyncEMModel<P, S>['eStep']): Promise<this> {
    const o = this.base;
    const K = o.nComponents;
    const warm = o.warmStart && this.state !== undefined;
    const explicit = this.explicitStart(shape);
    if (rows < K && !explicit && !warm)
      throw new InvalidInputError('source', `at least nComponents = ${K} rows`, rows);
    const model: AsyncEMModel<P, S> = {
      eStep,
      mStep: (stats, params, { iteration }) =>
        this.maximizeAsync(shape, stats, params, iteration, async (at) => (await eStep(at)).stats),
      pack: (params) => this.packParams(params),
      unpack: (vector, like) => this.unpackParams(vector, like),
    };
    const emOptions = this.emOptions();
    if (warm) {
      const { params, lowerBound } = this.state!;
      return this.keep(await runEMAsync(model, params, { ...emOptions, initialLogLikelihood: lowerBound }));
    }
    if (explicit) return this.keep(await runEMAsync(model, explicit, emOptions));
    const rng = createRandom(o.randomState);
    const start = (random: () => number) => this.initialParams(shape, random, undefined);
    return this.keep(
      await runEMWithRestartsAsync(model, start, { ...emOptions, nInit: o.nInit, random: () => rng.next() }),
    );
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
