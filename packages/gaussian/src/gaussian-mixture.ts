import {
  type EStepResult,
  emSteps,
  InvalidInputError,
  InvalidOptionError,
  inspectCustom,
  NotFittedError,
  type RestartResult,
  runEM,
  runEMAsync,
  runEMWithRestarts,
  runEMWithRestartsAsync,
} from '@em/core';
import { type DataInput, type FlatMatrix, normalizeLogRows, toFlatMatrix, toRows } from '@em/core/numeric';
import { createRandom } from '@em/sampling';
import {
  logNormalisers,
  logNormalisersAndUncertainties,
  mean,
  mostLikely,
  responsibilities,
  uncertainties,
  type VisitChunks,
} from './chunk-views.js';
import { addStats, CHUNK_ROWS, estimateResponsibilities, gaussianModel, rowChunks } from './estep.js';
import { float64Views } from './float64-views.js';
import {
  type InitOverrides,
  initialisesByKmeans,
  initialParameters,
  type KmeansOutcome,
  responsibilitiesFromClasses,
} from './init/initialize.js';
import { initialisedOnly, requireLowerBound } from './initialised-only.js';
import { gaussianMixtureSummary } from './inspect.js';
import { kernelFor, kernelForModel } from './kernels/index.js';
import { createFusedEStep } from './kernels/specialized/index.js';
import type { CovarianceKernel, GaussianStats } from './kernels/types.js';
import { compileWasmKernels } from './kernels/wasm/module.js';
import { traceEvaluated } from './mclust/evaluated.js';
import { isMclustModel, layoutOf } from './mclust/models.js';
import { hasNoise, noiseResponsibilities } from './mclust/noise/estep.js';
import { hypervolume } from './mclust/noise/hypervolume.js';
import { type NoiseMask, noiseMaskOf, readNoiseVolume } from './mclust/noise/mask.js';
import {
  noiseMixtureModel,
  unmarkedResponsibilities,
  unmarkedRows,
  withInitialNoise,
} from './mclust/noise/model.js';
import { rejectNoise } from './mclust/noise/unsupported.js';
import { fitKernelWithPrior } from './mclust/prior/fit.js';
import { fusedByFeatures, incompleteEStep, missingGaussianModel, observedLogJoint } from './missing/estep.js';
import { conditionalDraws, conditionalMeans } from './missing/impute.js';
import { hasMissing, type MissingLayout, meanFilled, missingLayout } from './missing/patterns.js';
import { readData } from './missing/read.js';
import { checkDataScale, requireFiniteCriterion, requireFiniteLogDensities } from './numeric-range.js';
import { partialFitStep } from './online/partial-fit.js';
import type { PartialFitOptions } from './online/schedule.js';
import type { OnlineState } from './online/stepwise.js';
import { type ResolvedMixtureOptions, resolveMixtureOptions } from './options.js';
import { loadParallelEStep } from './parallel/estep.js';
import { fitInLockstep } from './parallel/fit-in-lockstep.js';
import { runOnWorker, shareRows, spreadOverWorkers, workerFitOptions } from './parallel/fits.js';
import { estimatesOnWorkers, kmeansOnWorkers, type ResidentRows } from './parallel/kmeans.js';
import type { WorkerPool } from './parallel/pool.js';
import { lendPool } from './parallel/shared-pools.js';
import {
  covariancesOf,
  nestCovariance,
  precisionsCholeskyFromPrecisions,
  precisionsFromCholesky,
  readCovarianceOption,
  readWeightsInit,
} from './params.js';
import { sampleMixture } from './sample.js';
import { type GaussianMixtureJSON, mixtureFromJSON, mixtureToJSON } from './serialize.js';
import { fitFromStream, type StreamFitOptions } from './streaming/fit-stream.js';
import type { ChunkSource } from './streaming/source.js';
import { fitFromStatisticsSource, type StatisticsSource } from './streaming/statistics.js';
import type {
  CovarianceModel,
  FitStep,
  GaussianMixtureOptions,
  ImputeSamplesOptions,
  MixtureParams,
} from './types.js';

/** @internal How one restart of `fitAsync`'s parallel `nInit` runs ended (see `runFrom`). */
export interface RestartRun {
  /** Final parameters (mclust's models: those of the last log-likelihood, as `fit` keeps). */
  params: MixtureParams;
  logLikelihood: number;
  history: number[];
  nIter: number;
  converged: boolean;
}

type FitResult = Pick<RestartResult<MixtureParams>, 'params' | 'logLikelihood' | 'history' | 'nIter'> & {
  anyConverged: boolean;
};

/** What {@link GaussianMixture.fitSteps} yields for the initial parameters (iteration 0). */
const INITIAL_STEP = { iteration: 0, change: Number.NaN, nEStep: 0, elapsedMs: 0, converged: false } as const;

/** @internal What {@link GaussianMixture.fit} learned, kept together so a model is fitted or not as a whole. */
export interface FittedState {
  params: MixtureParams;
  converged: boolean;
  nIter: number;
  lowerBound: number;
  history: number[];
  /** Worker threads whose E-steps produced this state (absent: the calling thread). */
  workersUsed?: number;
}

/**
 * A Gaussian mixture fitted by EM: scikit-learn's `GaussianMixture` with its options (camelCased),
 * defaults, attributes, methods and numbers.
 *
 * @example
 * ```ts
 * import { GaussianMixture } from '@em/gaussian';
 * const X = [[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]];
 * const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
 * gmm.means;                       // ≈ [[1, 2], [10, 2]] (the order depends on the initialisation)
 * gmm.predict([[0, 0], [12, 3]]);  // Int32Array [0, 1]: the two points in different components
 * ```
 */
export class GaussianMixture {
  /** The options after defaults (scikit-learn's `get_params()`). */
  readonly options: Readonly<ResolvedMixtureOptions>;
  private state: FittedState | undefined;
  /** Running statistics of `partialFit` (stepwise EM), kept between calls. */
  private online: OnlineState | undefined;

  constructor(options: GaussianMixtureOptions = {}) {
    this.options = Object.freeze(resolveMixtureOptions(options));
  }

  /** Number of components. */
  get nComponents(): number {
    return this.options.nComponents;
  }

  /** Covariance type (scikit-learn's name or mclust's model). */
  get covarianceType(): CovarianceModel {
    return this.options.covarianceType;
  }

  /** Whether `fit` has run (or the model was loaded from JSON). */
  get isFitted(): boolean {
    return this.state !== undefined;
  }

  private fitted(method: string): FittedState {
    if (!this.state) throw new NotFittedError('GaussianMixture', method);
    return this.state;
  }

  /**
   * Estimates the parameters with EM: `nInit` runs from `initParams` (or one run from the previous
   * parameters with `warmStart`), keeping the one with the highest lower bound.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const gmm = new GaussianMixture({ nComponents: 2, randomState: 1 }).fit([1, 1.2, 0.8, 9, 9.5, 10]);
   * gmm.converged; // true
   * ```
   */
  fit(X: DataInput): this {
    if (this.options.workers !== undefined) {
      throw new InvalidOptionError(
        'workers',
        'undefined with fit (worker threads answer asynchronously)',
        this.options.workers,
        'call fitAsync instead',
      );
    }
    const setup = this.prepareFit(this.read(X));
    if (setup) this.runSync(setup);
    return this;
  }

  /** The EM run(s) of `fit`, on the calling thread. */
  private runSync(setup: NonNullable<ReturnType<GaussianMixture['prepareFit']>>): void {
    const { model, init, emOptions, warm, nInit, rng } = setup;
    const result: FitResult = warm
      ? (() => {
          const run = runEM(model, this.state!.params, emOptions);
          return { ...run, anyConverged: run.converged };
        })()
      : (() => {
          const runs = runEMWithRestarts(model, init, { ...emOptions, nInit, random: rng.random });
          // scikit-learn sets converged_ when any of the nInit runs converged.
          return { ...runs, anyConverged: runs.runs.some((run) => run.converged) };
        })();
    this.storeResult(result);
  }

  /**
   * {@link GaussianMixture.fit}, with the E-step on worker threads when the `workers` option is
   * set (otherwise the same as `fit`, between two turns of the event loop). The workers get the
   * rows once per fit; the default k-means initialisation then runs on them too (where memory can
   * be shared; the same k-means as `fit`'s, bit for bit), other initialisations here while they
   * take the rows. Each iteration sends them
   * the parameters and adds up their statistics, so the result equals `fit`'s to rounding. With `nInit > 1` (and no `onIteration` or `signal`) the
   * runs go side by side instead, one per worker, from initial parameters drawn here in run order:
   * the result is `fit`'s exactly.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const gmm = await new GaussianMixture({ nComponents: 2, workers: 2, randomState: 0 }).fitAsync(X);
   * ```
   */
  async fitAsync(X: DataInput): Promise<this> {
    const { workers, covarianceType, nComponents, kernels } = this.options;
    const data = this.read(X);
    // Some browsers compile a module this size on a page's main thread only asynchronously.
    if (kernels === undefined || kernels === 'auto' || kernels === 'wasm') await compileWasmKernels();
    if (workers === undefined) return this.fit(data);
    // The data's scale is checked while the workers run the k-means, when they do (a pass over
    // every value, 2 ms on 50 000 × 32), else where `fit` checks it; either way before anything
    // is stored, and before any error of the options' own (as `fit`).
    let setup: ReturnType<GaussianMixture['prepareFit']>;
    try {
      setup = this.prepareFit(data, true);
    } catch (error) {
      checkDataScale(data);
      throw error;
    }
    if (!setup) return this;
    const { model, init, initFromKmeans, emOptions, warm, nInit, rng, kernel, layout } = setup;
    // Restarts are independent fits: side by side on the workers, unless a callback or a signal
    // must see every iteration (then one after another, each E-step spread over the workers).
    const { onIteration, signal } = this.options;
    const restarts = !warm && nInit > 1 && onIteration === undefined && signal === undefined;
    const kmeansInit = !warm && initFromKmeans !== undefined;
    const checkScale = () => checkDataScale(data);
    if (restarts || !kmeansInit) checkScale();
    if (restarts) {
      await this.restartsOnWorkers(data, init, rng.random, workers);
      return this;
    }
    // With missing values the workers take the complete rows; the incomplete ones stay here.
    const shared = layout ? layout.complete : data;
    const fusedFor = fusedByFeatures(nComponents, kernels);
    if (shared.rows === 0) {
      this.runSync(setup);
      return this;
    }
    const { pool, giveBack } = await lendPool(workers, shared.rows);
    try {
      const layout_ = layoutOf(covarianceType, shared.cols);
      // The first run's initial parameters: its k-means on the workers once they hold the rows; or
      // computed here (another initialisation, or threads still to start: two take 50–60 ms to
      // load, longer than the k-means) while the workers start and take the rows. The runs
      // draw them in order from `rng` as before, and the k-means is the same anywhere, bit for
      // bit, so the result is the same.
      const running = pool.isRunning(shared.rows);
      const initOnWorkers = kmeansInit && running;
      if (kmeansInit && !initOnWorkers) checkScale();
      let first: MixtureParams | undefined;
      const initHere = () => {
        first = init(rng.random);
      };
      if (!warm && !running) {
        // Their start is awaited (and any failure to start reported) by loadParallelEStep.
        pool.endpoints(shared.rows).catch(() => undefined);
        initHere();
      }
      // The k-means goes to each worker right behind its rows, as soon as they are posted; and
      // with it the whole fit, where nothing needs this thread between the iterations (no
      // callback, no signal, no rows with gaps) and the workers take the initial estimate.
      let kmeansRun: ReturnType<typeof kmeansOnWorkers> | undefined;
      let wholeRun: Promise<RestartRun> | undefined;
      const wholeFit =
        !layout &&
        onIteration === undefined &&
        signal === undefined &&
        estimatesOnWorkers(kernel, nComponents, shared.cols);
      const startKmeans = (resident?: ResidentRows) => {
        if (wholeFit) {
          const options = { ...workerFitOptions(this.options), nComponents };
          wholeRun = fitInLockstep(resident, shared, options, kernel, rng.random, checkScale);
          if (wholeRun) return;
        }
        kmeansRun = kmeansOnWorkers(resident, shared, nComponents, rng.random, {
          kernel,
          regCovar: this.options.regCovar,
          whileRunning: checkScale,
        });
      };
      let parallel: Awaited<ReturnType<typeof loadParallelEStep>>;
      try {
        parallel = await loadParallelEStep(
          pool,
          shared,
          layout_,
          nComponents,
          kernels ?? 'auto',
          warm || first ? undefined : initOnWorkers ? startKmeans : initHere,
        );
      } catch (error) {
        // A worker that failed to take the rows fails the k-means too (its partners are woken).
        await (wholeRun ?? kmeansRun)?.catch(() => undefined);
        throw error;
      }
      if (wholeRun) {
        try {
          const run = await wholeRun;
          this.storeResult({ ...run, anyConverged: run.converged }, parallel.workers);
          return this;
        } finally {
          await parallel.release();
        }
      }
      if (kmeansRun && initFromKmeans) {
        try {
          first = initFromKmeans(rng.random, await kmeansRun);
        } catch (error) {
          await parallel.release();
          throw error;
        }
      }
      const initFirst = (random: () => number) => {
        const params = first ?? init(random);
        first = undefined;
        return params;
      };
      try {
        const parallelModel = {
          ...model,
          eStep: layout
            ? async (params: MixtureParams) => {
                const { stats } = await parallel.eStep(params);
                addStats(stats, incompleteEStep(kernel, layout, params, fusedFor));
                return { stats, logLikelihood: stats.logLikelihood / layout.rows };
              }
            : (params: MixtureParams) => parallel.eStep(params),
        };
        let result: FitResult;
        if (warm) {
          const run = await runEMAsync(parallelModel, this.state!.params, emOptions);
          result = { ...run, anyConverged: run.converged };
        } else {
          const runs = await runEMWithRestartsAsync(parallelModel, initFirst, {
            ...emOptions,
            nInit,
            random: rng.random,
          });
          result = { ...runs, anyConverged: runs.runs.some((run) => run.converged) };
        }
        this.storeResult(result, parallel.workers);
        return this;
      } finally {
        await parallel.release();
      }
    } finally {
      await giveBack();
    }
  }

  /**
   * The `nInit` runs of `fitAsync` side by side, one per worker at a time. The initial parameters
   * are drawn here, in run order, from the fit's one random stream (as `fit` draws them); each
   * worker runs EM from them with the same code as `fit`; the best run is chosen in run order (a
   * later run only when strictly better, as scikit-learn). So the result is `fit`'s, bit for bit.
   */
  private async restartsOnWorkers(
    data: FlatMatrix,
    init: (random: () => number) => MixtureParams,
    random: () => number,
    workers: number | WorkerPool,
  ): Promise<void> {
    const { nInit } = this.options;
    const { pool, giveBack } = await lendPool(workers, nInit);
    try {
      const threads = await pool.endpoints(nInit);
      const rows = shareRows(data);
      const options = workerFitOptions(this.options);
      const runs = (await spreadOverWorkers(threads, nInit, (worker) =>
        // Drawn before the first await: in run order, whichever worker is free first.
        runOnWorker(worker, rows, options, init(random)),
      )) as RestartRun[];
      let best = runs[0]!;
      for (const run of runs) if (run.logLikelihood > best.logLikelihood) best = run;
      this.state = {
        params: best.params,
        // scikit-learn sets converged_ when any of the nInit runs converged.
        converged: runs.some((run) => run.converged),
        nIter: best.nIter,
        lowerBound: best.logLikelihood,
        history: best.history.slice(),
        workersUsed: threads.length,
      };
    } finally {
      await giveBack();
    }
  }

  /**
   * {@link GaussianMixture.fit} on data read from a source once per EM iteration instead of held in
   * memory: a function returning (async) iterables of chunks, an array of chunks, in Node a CSV or
   * raw float64 file path, in browsers a `File`/`Blob`. Memory stays bounded by one read buffer and
   * the initialisation sample, whatever the number of rows. The first pass counts the rows and
   * draws `initSample` rows for the initialisation (all rows when there are no more); each
   * iteration is then one pass, adding the statistics of the same 4096-row blocks in the same order
   * as `fit`, so on the same rows and initial parameters the result is `fit`'s, bit for bit. A source
   * that yields different rows on a later pass is a `SourceNotReReadableError`.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const chunks = async function* () {
   *   yield [[0, 0.1], [0.2, 0], [0.1, 0.3]];
   *   yield [[9, 9.1], [9.2, 9], [9.1, 8.8]];
   * };
   * const gmm = await new GaussianMixture({ nComponents: 2, randomState: 0 }).fitStream(chunks);
   * gmm.means; // ≈ [[0.1000, 0.1333], [9.1000, 8.9667]] (the order depends on the initialisation)
   * // mclust's models stream too (as do partialFit and fitFromStatistics):
   * const vei = await new GaussianMixture({ nComponents: 2, covarianceType: 'VEI', randomState: 0 }).fitStream(chunks);
   * vei.covarianceType; // 'VEI'
   * // Node: await gmm.fitStream('big.f64', { format: 'float64', columns: 4 });
   * ```
   *
   * With `missing: 'em'`, NaN cells (in chunks and raw float64 files) are missing values, fitted as
   * `fit` fits them; the sample starts the initialisation with its gaps filled by its column means
   * (`fit`'s rule; the same numbers when the sample is all the rows). The statistics are `fit`'s up
   * to the order of the sums (rows are grouped by missingness pattern per 4096-row block).
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const chunks = [[[0, 0], [1, Number.NaN]], [[2, 2], [Number.NaN, 4], [4, 4]]];
   * const gmm = await new GaussianMixture({ missing: 'em', tol: 1e-10, maxIter: 1000 }).fitStream(chunks);
   * gmm.means[0]; // ≈ [2.2000, 2.2000]: fit's answer on the same rows
   * ```
   */
  async fitStream(source: ChunkSource, options?: StreamFitOptions): Promise<this> {
    const context = {
      options: this.options,
      previous: this.state,
      overrides: (data: FlatMatrix) => this.readOverrides(data),
      seed: randomSeed,
    };
    this.state = await fitFromStream(context, source, options);
    return this;
  }

  /**
   * EM whose E-step runs elsewhere: each iteration asks `source.statistics(params)` for the
   * statistics of every part of the data (computed with {@link mixtureStatistics} in worker
   * processes, on other machines, by a job queue such as `@em/distributed`'s), adds them in the
   * parts' order and runs the M-step here. Initialisation, restarts and stopping rules are `fit`'s,
   * from `source.sample`. Parts that do not cover exactly `source.rows` rows are an
   * `InvalidInputError`, never a silently partial fit.
   *
   * @example
   * ```ts
   * import { GaussianMixture, mixtureStatistics } from '@em/gaussian';
   * const shards = [[[0], [0.5], [1]], [[9], [9.5], [10]]];
   * const gmm = await new GaussianMixture({ nComponents: 2, randomState: 0 }).fitFromStatistics({
   *   rows: 6,
   *   cols: 1,
   *   sample: shards.flat(),
   *   statistics: (params) => Promise.all(shards.map((shard) => mixtureStatistics(params, [shard]))),
   * });
   * gmm.means; // ≈ [[0.5000], [9.5000]] (the order depends on the initialisation)
   * ```
   */
  async fitFromStatistics(source: StatisticsSource): Promise<this> {
    const context = {
      options: this.options,
      previous: this.state,
      overrides: (data: FlatMatrix) => this.readOverrides(data),
      seed: randomSeed,
    };
    this.state = await fitFromStatisticsSource(context, source);
    return this;
  }

  /**
   * Online EM: updates the model with one batch of rows, for data that arrives without end or is
   * too large even for one pass per iteration. Stepwise EM (Cappé & Moulines 2009) in its mini-batch
   * form (Liang & Klein 2009): the batch's average statistics under the current parameters are
   * mixed into running statistics with step size η_t = (t + t0)^(−α) (`options`), then the M-step
   * runs on them. The first call initialises as `fit` would on that batch (or continues from a
   * fitted model) and takes the batch's statistics as they are (η = 1): on the whole data set, a
   * first `partialFit` is exactly `fit` with `maxIter: 1`. Afterwards `nIter` counts the updates,
   * `lowerBound` is the last batch's mean log-likelihood before its update, `converged` is false
   * and `history` is empty (a stream has no end to converge at). Pass the same options every call.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 });
   * gmm.partialFit([[0, 0.1], [0.2, 0], [9, 9.1], [9.2, 9]]);
   * gmm.partialFit([[0.1, 0.3], [9.1, 8.8], [0, 0.2], [8.9, 9]], { alpha: 0.7 });
   * gmm.nIter; // 2 (one per update)
   * ```
   */
  partialFit(X: DataInput, options?: PartialFitOptions): this {
    const context = {
      options: this.options,
      state: this.state,
      online: this.online,
      overrides: (data: FlatMatrix) => this.readOverrides(data),
      seed: randomSeed,
    };
    const { state, online } = partialFitStep(context, this.read(X), options);
    this.state = state;
    this.online = online;
    return this;
  }

  /**
   * {@link GaussianMixture.fit} one EM iteration at a time, for pages that animate EM or let a
   * person step through it. A generator: the first step (iteration 0) is the initialisation, then
   * one step per iteration (a SQUAREM cycle with `acceleration: 'squarem'`); after each, this
   * model's attributes (`weights`, `means`, `covariances`, `lowerBound`, `predict`, …) show the
   * parameters so far. Run to the end it fits exactly as `fit` does with `nInit: 1`, and returns
   * this model; drop it at any point to keep the parameters reached.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const gmm = new GaussianMixture({ nComponents: 2, randomState: 0, initParams: 'random_from_data' });
   * for (const step of gmm.fitSteps([1, 1.5, 2, 9, 9.5, 10])) {
   *   console.log(step.iteration, step.lowerBound, gmm.means); // draw a frame here
   * }
   * gmm.converged; // true
   * ```
   */
  *fitSteps(X: DataInput): Generator<FitStep, this, void> {
    if (this.options.nInit !== 1) {
      throw new InvalidOptionError('nInit', '1 with fitSteps (it steps through one run)', this.options.nInit);
    }
    if (this.options.workers !== undefined) {
      throw new InvalidOptionError(
        'workers',
        'undefined with fitSteps',
        this.options.workers,
        'use fitAsync',
      );
    }
    const setup = this.prepareFit(this.read(X));
    if (!setup) {
      yield { ...INITIAL_STEP, lowerBound: Number.NEGATIVE_INFINITY };
      return this;
    }
    const { model, init, emOptions, warm, rng } = setup;
    const start = warm ? this.state!.params : init(rng.random);
    const previous = warm ? this.state!.lowerBound : Number.NEGATIVE_INFINITY;
    // Grows with the run; the state shares it (the history getter hands out copies).
    const history: number[] = [];
    const before = this.state;
    this.state = { params: start, converged: false, nIter: 0, lowerBound: previous, history };
    yield { ...INITIAL_STEP, lowerBound: previous };
    const steps = emSteps(model, start, emOptions);
    for (let next = steps.next(); ; next = steps.next()) {
      if (next.done) {
        if (next.value.nIter === 0) this.state = before;
        this.storeResult({ ...next.value, anyConverged: next.value.converged });
        return this;
      }
      const { iteration, logLikelihood, change, nEStep, elapsedMs, params, converged } = next.value;
      history.push(logLikelihood);
      if (history.length > (this.options.historyLimit ?? Number.POSITIVE_INFINITY)) history.shift();
      this.state = { params, converged: false, nIter: iteration, lowerBound: logLikelihood, history };
      yield { iteration, lowerBound: logLikelihood, change, nEStep, elapsedMs, converged };
    }
  }

  /**
   * Validation and initialisation shared by `fit` and `fitAsync`; undefined when `maxIter` is 0
   * (done). With `deferScaleCheck` the caller checks the data's scale (`checkDataScale`) itself.
   */
  private prepareFit(data: FlatMatrix, deferScaleCheck = false) {
    const { nComponents: k, covarianceType, regCovar, maxIter, nInit, tol, initParams } = this.options;
    if (data.rows < k) {
      throw new InvalidInputError('X (number of samples)', `at least nComponents = ${k}`, data.rows);
    }
    if (!deferScaleCheck) checkDataScale(data);
    const warm = this.options.warmStart && this.state !== undefined;
    if (warm) this.checkFeatures(data, 'fit');
    // Complete data takes exactly the path it always took; only data with NaN is laid out by pattern
    // (the rows were read refusing NaN unless missing is 'em': no second pass to look for one).
    const layout: MissingLayout | undefined =
      this.options.missing === 'em' && hasMissing(data) ? missingLayout(data, true) : undefined;
    const overrides = warm ? {} : this.readOverrides(data);
    const kernel = this.options.prior
      ? fitKernelWithPrior(covarianceType, data, k, this.options.prior, layout !== undefined)
      : kernelForModel(covarianceType, data.cols);
    // mclust's noise component: its own E- and M-step, the components start on the unmarked rows.
    const noise = this.options.noise === undefined ? undefined : this.readNoise(data);
    const shape = layoutOf(covarianceType, data.cols);
    const fused = createFusedEStep(
      shape,
      data.cols,
      k,
      this.options.kernels,
      undefined,
      undefined,
      data.rows,
    );
    const traced = traceEvaluated(
      noise
        ? noiseMixtureModel(kernel, data, k, regCovar)
        : layout
          ? missingGaussianModel(kernel, layout, k, regCovar, fused, this.options.kernels)
          : gaussianModel(kernel, data, k, regCovar, fused),
      isMclustModel(covarianceType) ? tol : undefined,
    );
    const model = traced.model;
    // mclust's models end, as mclust, with the parameters of the last log-likelihood.
    this.finalParams = isMclustModel(covarianceType) ? traced.evaluated : (params) => params;
    const rng = createRandom(this.options.randomState ?? randomSeed());
    // The initialisation (k-means, first parameters) starts from the column means in the gaps.
    const initData = layout ? meanFilled(data) : noise ? unmarkedRows(data, noise.mask) : data;
    if (noise && overrides.responsibilities)
      overrides.responsibilities = unmarkedResponsibilities(overrides.responsibilities, noise.mask, k);
    const startFrom = (random: () => number, kmeansRun?: KmeansOutcome) =>
      initialParameters(
        kernel,
        initData,
        k,
        shape,
        regCovar,
        initParams,
        overrides,
        random,
        { model: this.options.hcModel, use: this.options.hcUse },
        kmeansRun,
      );
    const start = (random: () => number) => startFrom(random);
    // The k-means of the first run can go to the workers holding the rows (`fitAsync`).
    const kmeansOnRows = initData === data && initialisesByKmeans(initParams, overrides);
    const init = noise
      ? (random: () => number) => withInitialNoise(start(random), data.rows, noise.mask.count, noise.volume)
      : start;
    // scikit-learn's warm start measures the first change from the previous fit's lower bound.
    const emOptions = {
      maxIter,
      tol,
      onIteration: this.options.onIteration,
      signal: this.options.signal,
      acceleration: this.options.acceleration,
      // mclust's rule: stop when the log-likelihood changes by less than tol relative to its size.
      stopRule: isMclustModel(covarianceType) ? ('relative' as const) : ('absolute' as const),
      historyLimit: this.options.historyLimit,
      initialLogLikelihood: warm ? this.state!.lowerBound : undefined,
    };

    if (maxIter === 0) {
      // Initialisation only (scikit-learn keeps the last initial parameters); a warm start has
      // nothing to do. No iteration ran, so the model has no lowerBound (see initialisedOnly).
      if (deferScaleCheck) checkDataScale(data);
      if (warm) return undefined;
      let params = init(rng.random);
      for (let run = 1; run < nInit; run++) params = init(rng.random);
      this.state = initialisedOnly(params);
      return undefined;
    }
    return {
      model,
      init,
      initFromKmeans: kmeansOnRows ? startFrom : undefined,
      emOptions,
      warm,
      nInit,
      rng,
      kernel,
      layout,
    };
  }

  private finalParams: (params: MixtureParams) => MixtureParams = (params) => params;

  /** The `noise` guess and volume, checked against the data. */
  private readNoise(data: FlatMatrix): { mask: NoiseMask; volume: number } {
    const mask = noiseMaskOf(this.options.noise, data, this.options.nComponents);
    return { mask, volume: readNoiseVolume(this.options.noiseVolume, () => hypervolume(data)) };
  }

  private storeResult(result: FitResult, workersUsed?: number): void {
    // Aborted before its first iteration: nothing was learned, the model stays as it was.
    if (result.nIter === 0) return;
    this.state = {
      params: this.finalParams(result.params),
      converged: result.anyConverged,
      nIter: result.nIter,
      lowerBound: result.logLikelihood,
      history: result.history.slice(),
      ...(workersUsed === undefined ? {} : { workersUsed }),
    };
  }

  /**
   * Fits the model and returns the component of each sample (as `fit(X).predict(X)`).
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const labels = new GaussianMixture({ nComponents: 2, randomState: 0 }).fitPredict([0, 0.1, 5, 5.1]);
   * labels[0] === labels[1]; // true
   * ```
   */
  fitPredict(X: DataInput): Int32Array {
    const data = this.read(X);
    return this.fit(data).predict(data);
  }

  /** Validates the `*Init` options against the number of features seen by `fit`. */
  private readOverrides(data: FlatMatrix): InitOverrides {
    const d = data.cols;
    const type = layoutOf(this.options.covarianceType, d);
    const { nComponents: k, weightsInit, meansInit, precisionsInit, covariancesInit } = this.options;
    const overrides: InitOverrides = {};
    if (this.options.initialClasses !== undefined)
      overrides.responsibilities = responsibilitiesFromClasses(this.options.initialClasses, data.rows, k);
    if (weightsInit !== undefined) overrides.weights = readWeightsInit(weightsInit, k);
    if (meansInit !== undefined) {
      const means = toFlatMatrix(meansInit, 'meansInit');
      if (means.rows !== k || means.cols !== d) {
        throw new InvalidOptionError(
          'meansInit',
          `an array of shape nComponents × nFeatures (${k} × ${d})`,
          `shape ${means.rows} × ${means.cols}`,
        );
      }
      overrides.means = Float64Array.from(means.data);
    }
    if (precisionsInit !== undefined) {
      const precisions = readCovarianceOption('precisionsInit', precisionsInit, type, k, d);
      overrides.precisionsCholesky = precisionsCholeskyFromPrecisions(
        'precisionsInit',
        precisions,
        type,
        k,
        d,
      );
    }
    if (covariancesInit !== undefined) {
      const covariances = readCovarianceOption('covariancesInit', covariancesInit, type, k, d);
      const kernel = kernelFor(type, d);
      const precisionsCholesky = new Float64Array(covariances.length);
      const failed = kernel.precisionCholesky(covariances, k, d, precisionsCholesky);
      if (failed >= 0) {
        const at = type === 'full' ? `covariancesInit[${failed}]` : 'covariancesInit';
        throw new InvalidOptionError(
          at,
          'a symmetric, positive-definite covariance',
          'a matrix that is not positive definite',
        );
      }
      overrides.covariances = covariances;
      overrides.precisionsCholesky = precisionsCholesky;
    }
    return overrides;
  }

  private checkFeatures(data: FlatMatrix, method: string): void {
    const d = this.fitted(method).params.nFeatures;
    if (data.cols !== d) {
      throw new InvalidInputError(
        'X (features per sample)',
        `${d}, as in the data this GaussianMixture was fitted on`,
        data.cols,
      );
    }
  }

  /** The data as a flat matrix; NaN (missing) is let through only with `missing: 'em'`. */
  private read(X: DataInput): FlatMatrix {
    return readData(X, this.options.missing === 'em');
  }

  /** Validated data with the fitted number of features. */
  private input(X: DataInput, method: string): FlatMatrix {
    this.fitted(method);
    const data = this.read(X);
    this.checkFeatures(data, method);
    return data;
  }

  /** Runs the E-step over `data` chunk by chunk and hands each chunk's n × k block to `visit`. */
  private readonly visitor: VisitChunks = (data, logResp, visit) => this.visitChunks(data, logResp, visit);

  private visitChunks(
    data: FlatMatrix,
    logResp: boolean,
    visit: (start: number, rows: number, block: Float64Array, logProbNorm: Float64Array) => void,
  ): void {
    const { params } = this.state!;
    const kernel = kernelFor(params.covarianceType, params.nFeatures);
    if (hasNoise(params)) {
      // The noise component is the last column (mclust's z).
      const k = params.nComponents;
      const rows = Math.min(data.rows, CHUNK_ROWS);
      const block = new Float64Array(rows * (k + 1));
      const scratch = new Float64Array(rows * k);
      const norm = new Float64Array(rows);
      let start = 0;
      for (const chunk of rowChunks(data)) {
        noiseResponsibilities(
          kernel,
          chunk.data,
          chunk.rows,
          chunk.cols,
          params,
          block,
          scratch,
          norm,
          logResp,
        );
        visit(start, chunk.rows, block, norm);
        start += chunk.rows;
      }
      return;
    }
    if (this.options.missing === 'em' && hasMissing(data)) {
      // Rows with missing values: the density of their observed values (all rows in one block).
      const layout = missingLayout(data, false);
      const k = params.nComponents;
      const block = new Float64Array(data.rows * k);
      observedLogJoint(kernel, layout, params, block);
      const norm = requireFiniteLogDensities(
        normalizeLogRows({ data: block, rows: data.rows, cols: k }, { log: logResp }),
        'GaussianMixture (rows with missing values)',
      );
      visit(0, data.rows, block, norm);
      return;
    }
    const chunkRows = Math.min(data.rows, CHUNK_ROWS);
    const [block, norm] = float64Views(chunkRows * params.nComponents, chunkRows) as [
      Float64Array,
      Float64Array,
    ];
    let start = 0;
    for (const chunk of rowChunks(data)) {
      estimateResponsibilities(kernel, chunk.data, chunk.rows, chunk.cols, params, block, norm, logResp);
      visit(start, chunk.rows, block, norm);
      start += chunk.rows;
    }
  }

  /**
   * The most likely component of each sample; with a noise component (`noise`), `-1` for samples
   * most likely noise (mclust's 0).
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 0.2, 6, 6.2]);
   * gmm.predict([0.1, 6.1]); // Int32Array [0, 1]: different components
   * ```
   */
  predict(X: DataInput): Int32Array {
    const labels = mostLikely(this.visitor, this.input(X, 'predict'), this.columns());
    // The noise column (index nComponents) is labelled −1.
    if (this.state!.params.noise)
      for (let i = 0; i < labels.length; i++) if (labels[i] === this.nComponents) labels[i] = -1;
    return labels;
  }

  /** Columns of the responsibilities: the components, and the noise when there is one. */
  private columns(): number {
    return this.nComponents + (this.state?.params.noise ? 1 : 0);
  }

  /**
   * Posterior probability of each component for each sample (rows sum to 1), n × nComponents; with a
   * noise component (`noise`), n × (nComponents + 1), the noise last (mclust's `z`).
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 0.2, 6, 6.2]);
   * gmm.predictProba([3.1]); // ≈ [[0.5, 0.5]]: 3.1 is halfway
   * gmm.predictProba([3.1])[0].reduce((a, b) => a + b); // ≈ 1.000000000000: each row sums to 1
   * ```
   */
  predictProba(X: DataInput): number[][] {
    const data = this.input(X, 'predictProba');
    return responsibilities(this.visitor, data, this.columns());
  }

  /**
   * Each sample's classification uncertainty, `1 − max_c p(c | x)`, as mclust's `uncertainty`
   * (0 for a sample certainly in one component, up to 1 − 1/nComponents); with a noise component,
   * the noise counts as one more class.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 0.2, 6, 6.2]);
   * const [near, between] = gmm.uncertainty([0.1, 3.1]);
   * near < 1e-6; // true: 0.1 is deep in one component
   * between; // ≈ 0.5: 3.1 is halfway
   * ```
   */
  uncertainty(X: DataInput): Float64Array {
    const data = this.input(X, 'uncertainty');
    return uncertainties(this.visitor, data, this.columns());
  }

  /**
   * Log of the mixture density at each sample, `log Σ_c w_c N(x | μ_c, Σ_c)`.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const gmm = new GaussianMixture({ nComponents: 1 }).fit([-1, 0, 1]);
   * gmm.scoreSamples([0])[0]; // ≈ -0.5 * Math.log(2 * Math.PI * (2 / 3 + 1e-6)) (log N(0 | 0, 2/3 + regCovar))
   * ```
   */
  scoreSamples(X: DataInput): Float64Array {
    return logNormalisers(this.visitor, this.input(X, 'scoreSamples'));
  }

  /**
   * Mean log-likelihood per sample of `X`.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const X = [-1, 0, 1];
   * const gmm = new GaussianMixture().fit(X);
   * gmm.score(X) - gmm.lowerBound; // ≈ 0.000000: lowerBound is from the last E-step
   * ```
   */
  score(X: DataInput): number {
    this.fitted('score');
    return mean(this.scoreSamples(X));
  }

  /**
   * @internal `score(X)` and `uncertainty(X)` from one pass over the data, as `selectModel`
   * tabulates both for every cell of its grid: the same numbers as the two methods.
   */
  scoreAndUncertainty(X: DataInput): { score: number; uncertainty: Float64Array } {
    this.fitted('score');
    const both = logNormalisersAndUncertainties(this.visitor, this.input(X, 'score'), this.columns());
    return { score: mean(both.logNormalisers), uncertainty: both.uncertainties };
  }

  /**
   * Number of free parameters: means, covariances and nComponents − 1 weights (and, as mclust counts
   * them, 2 for a noise component: its weight and its volume).
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * new GaussianMixture({ nComponents: 2 }).fit([[0, 0], [1, 1], [5, 5], [6, 7]]).nParameters(); // 11
   * ```
   */
  nParameters(): number {
    const { nComponents: k, nFeatures: d, noise } = this.fitted('nParameters').params;
    const kernel = kernelForModel(this.covarianceType, d);
    // mclust's nMclustParams counts two for the noise: its proportion and its volume.
    return kernel.nCovarianceParameters(k, d) + k * d + k - 1 + (noise ? 2 : 0);
  }

  /**
   * Bayesian information criterion on `X`, `−2 n score(X) + p log n` (lower is better).
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const X = [0, 0.5, 1, 8, 8.5, 9];
   * const bic1 = new GaussianMixture({ nComponents: 1 }).fit(X).bic(X);
   * const bic2 = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X).bic(X);
   * bic2 < bic1; // true
   * ```
   */
  bic(X: DataInput): number {
    const data = this.input(X, 'bic');
    return requireFiniteCriterion(
      'bic',
      -2 * this.score(data) * data.rows + this.nParameters() * Math.log(data.rows),
    );
  }

  /**
   * Akaike information criterion on `X`, `−2 n score(X) + 2 p` (lower is better).
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const X = [0, 0.5, 1, 8, 8.5, 9];
   * new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X).aic(X); // ≈ 24.5945
   * ```
   */
  aic(X: DataInput): number {
    const data = this.input(X, 'aic');
    return requireFiniteCriterion('aic', -2 * this.score(data) * data.rows + 2 * this.nParameters());
  }

  /**
   * `X` with every missing value (`NaN`) replaced by its conditional expectation given the observed
   * values of its row under the fitted mixture, `Σ_c p(c | x_o) E[x_m | x_o, c]`: the regression on
   * the observed values within each component, mixed by the row's responsibilities. Observed values
   * are copied unchanged. Any fitted model can impute (whatever its `missing` option); a row with
   * every value missing is an `InvalidInputError`.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const X = [[1, 2], [2, 4], [3, 6], [4, 8], [5, NaN]];
   * const gmm = new GaussianMixture({ missing: 'em' }).fit(X);
   * gmm.impute([[5, NaN]]); // ≈ [[5, 10.000]]: y = 2x in the complete rows
   * ```
   */
  impute(X: DataInput): number[][] {
    const { params } = this.fitted('impute');
    rejectNoise(this.options, 'impute');
    const data = readData(X, true);
    this.checkFeatures(data, 'impute');
    const filled = hasMissing(data)
      ? conditionalMeans(missingLayout(data, false), params, data)
      : data.data.subarray(0, data.rows * data.cols);
    return toRows(filled, data.rows, data.cols);
  }

  /**
   * Multiple imputation: `nImputations` completed copies of `X`, each missing value drawn from its
   * conditional distribution given the observed values of its row (a component drawn from the
   * row's responsibilities, then the missing coordinates from that component's conditional
   * normal). By default each copy first refits the model on a bootstrap sample of `X` (from the
   * fitted parameters, with `missing: 'em'`), so that the spread between copies carries the
   * uncertainty of the parameters too (proper multiple imputation, as Amelia's EMB): analyse each
   * copy and pool the results with Rubin's rules.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const X = [[1, 2.1], [2, 3.9], [3, 6.2], [4, 7.8], [5, NaN], [6, 12.1]];
   * const gmm = new GaussianMixture({ missing: 'em', randomState: 0 }).fit(X);
   * const copies = gmm.imputeSamples(X, { nImputations: 3, randomState: 1 });
   * copies.length;  // 3
   * copies[0][4][0]; // 5: observed values are kept
   * Math.abs(copies[0][4][1] - 10) < 2; // true: a draw near 10
   * ```
   */
  imputeSamples(X: DataInput, options: ImputeSamplesOptions = {}): number[][][] {
    const { params } = this.fitted('imputeSamples');
    rejectNoise(this.options, 'imputeSamples');
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object', options);
    for (const key of Object.keys(options)) {
      if (!['nImputations', 'randomState', 'bootstrap'].includes(key))
        throw new InvalidOptionError(
          key,
          'no such option (known: nImputations, randomState, bootstrap)',
          (options as Record<string, unknown>)[key],
        );
    }
    const { nImputations = 5, randomState, bootstrap = true } = options;
    if (!Number.isInteger(nImputations) || nImputations < 1)
      throw new InvalidOptionError('nImputations', 'an integer >= 1', nImputations);
    if (randomState !== undefined && (!Number.isSafeInteger(randomState) || randomState < 0))
      throw new InvalidOptionError('randomState', 'a non-negative integer seed', randomState);
    if (typeof bootstrap !== 'boolean') throw new InvalidOptionError('bootstrap', 'a boolean', bootstrap);
    const data = readData(X, true);
    this.checkFeatures(data, 'imputeSamples');
    const rng = createRandom(randomState ?? this.options.randomState ?? randomSeed());
    if (!hasMissing(data)) {
      const rows = toRows(data.data.subarray(0, data.rows * data.cols), data.rows, data.cols);
      return Array.from({ length: nImputations }, () => rows.map((row) => row.slice()));
    }
    const layout = missingLayout(data, false);
    const out: number[][][] = [];
    for (let m = 0; m < nImputations; m++) {
      const drawParams = bootstrap ? this.bootstrapParams(data, rng) : params;
      out.push(toRows(conditionalDraws(layout, drawParams, data, rng), data.rows, data.cols));
    }
    return out;
  }

  /** The model refitted (from the fitted parameters) on a bootstrap sample of `data`'s rows. */
  private bootstrapParams(data: FlatMatrix, rng: ReturnType<typeof createRandom>): MixtureParams {
    const { rows: n, cols: d } = data;
    const sample = new Float64Array(n * d);
    // A sample in which some feature is never observed tells nothing about it: draw again.
    for (let attempt = 0; ; attempt++) {
      const observed = new Int32Array(d);
      for (let i = 0; i < n; i++) {
        const row = rng.integer(n);
        for (let j = 0; j < d; j++) {
          const v = data.data[row * d + j]!;
          sample[i * d + j] = v;
          if (!Number.isNaN(v)) observed[j]!++;
        }
      }
      if (observed.every((count) => count > 0)) break;
      if (attempt === 100) {
        throw new InvalidInputError(
          'X',
          'enough observed values in every column to draw bootstrap samples',
          'a column observed in too few rows',
          { column: observed.indexOf(0) },
        );
      }
    }
    const { params } = this.state!;
    const { onIteration, signal, workers, weightsInit, meansInit, precisionsInit, covariancesInit, ...rest } =
      this.options;
    const refit = new GaussianMixture({
      ...rest,
      missing: 'em',
      nInit: 1,
      warmStart: false,
      weightsInit: params.weights,
      meansInit: { data: params.means, rows: params.nComponents, cols: d },
      precisionsInit: precisionsFromCholesky(
        params.precisionsCholesky,
        params.covarianceType,
        params.nComponents,
        d,
      ),
    }).fit({ data: sample, rows: n, cols: d });
    return refit.state!.params;
  }

  /**
   * Draws `n` samples from the fitted mixture: component counts from the weights, then each
   * component's samples in order (so `labels` is sorted), as scikit-learn. Uses a generator seeded
   * with `randomState`, so with a seed every call returns the same sample (like scikit-learn).
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit([[0, 0], [0, 1], [9, 9], [9, 8]]);
   * const drawn = gmm.sample(100);
   * drawn.X.length; // 100 (rows of 2 numbers)
   * drawn.X[0].length; // 2
   * drawn.labels; // Int32Array(100)
   * ```
   */
  sample(n: number): { X: number[][]; labels: Int32Array } {
    const { params } = this.fitted('sample');
    rejectNoise(this.options, 'sample');
    if (!Number.isInteger(n) || n < 1) throw new InvalidInputError('n', 'an integer >= 1', n);
    const { nComponents: k, nFeatures: d, covarianceType: type } = params;
    const seed = this.options.randomState ?? randomSeed();
    return sampleMixture(type, k, d, params.weights, params.means, this.flatCovariances(), n, seed);
  }

  /** Mixing weights (length nComponents), scikit-learn's `weights_`. */
  get weights(): number[] {
    return Array.from(this.fitted('weights').params.weights);
  }

  /**
   * Proportion of the noise component of a model fitted with `noise` (mclust's last `pro`; the
   * `weights` sum to 1 minus it), `undefined` without one.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const X = [[0, 0], [0.2, 0.1], [0.1, 0.3], [0.3, 0.2], [5, 5], [5.2, 5.1], [5.1, 4.8], [4.9, 5.2], [9, 0]];
   * const gmm = new GaussianMixture({ nComponents: 2, covarianceType: 'VVV', initParams: 'hc', noise: X.map((_, i) => i === 8) }).fit(X);
   * gmm.noiseWeight; // ≈ 0.112 (about 1 of 9 rows)
   * gmm.predict(X); // Int32Array [0, 0, 0, 0, 1, 1, 1, 1, -1]: −1 is noise
   * gmm.predictProba(X)[8].length; // 3: the components, then the noise
   * ```
   */
  get noiseWeight(): number | undefined {
    return this.fitted('noiseWeight').params.noise?.weight;
  }

  /** Volume of the noise component's uniform density (mclust's `1 / Vinv`), `undefined` without one. */
  get noiseVolume(): number | undefined {
    return this.fitted('noiseVolume').params.noise?.volume;
  }

  /** Component means (nComponents × nFeatures), scikit-learn's `means_`. */
  get means(): number[][] {
    const { means, nComponents, nFeatures } = this.fitted('means').params;
    return toRows(means, nComponents, nFeatures);
  }

  /** Covariances shaped by covariance type (full K×D×D, tied D×D, diag K×D, spherical K). */
  get covariances(): number[] | number[][] | number[][][] {
    const { params } = this.fitted('covariances');
    return nestCovariance(
      this.flatCovariances(),
      params.covarianceType,
      params.nComponents,
      params.nFeatures,
    );
  }

  /** Precisions (inverse covariances), shaped as `covariances`. */
  get precisions(): number[] | number[][] | number[][][] {
    const {
      covarianceType: type,
      nComponents: k,
      nFeatures: d,
      precisionsCholesky,
    } = this.fitted('precisions').params;
    return nestCovariance(precisionsFromCholesky(precisionsCholesky, type, k, d), type, k, d);
  }

  /** Cholesky factors of the precisions, shaped as `covariances` (scikit-learn's `precisions_cholesky_`). */
  get precisionsCholesky(): number[] | number[][] | number[][][] {
    const {
      covarianceType: type,
      nComponents: k,
      nFeatures: d,
      precisionsCholesky,
    } = this.fitted('precisionsCholesky').params;
    return nestCovariance(precisionsCholesky, type, k, d);
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
   * Mean log-likelihood per sample at the last E-step of the best run (scikit-learn's `lower_bound_`).
   * A model initialised without iterating (`maxIter: 0`) has none: `NoIterationError`.
   */
  get lowerBound(): number {
    return requireLowerBound(this.fitted('lowerBound'), 'GaussianMixture').lowerBound;
  }

  /** `lowerBound` after each iteration of the best run. */
  get history(): number[] {
    return this.fitted('history').history.slice();
  }

  /**
   * Worker threads that ran the E-steps of the last fit: with `workers: n`, `min(n, rows, cores)`
   * (rows: those without missing values); with a pool, at most one per row; 0 when the fit ran on
   * the calling thread (`fit`, `fitSteps`, `fitStream`, `fitAsync` without `workers`, a model
   * restored by `fromJSON`).
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const gmm = await new GaussianMixture({ nComponents: 2, workers: 8, randomState: 0 }).fitAsync([0, 0.1, 5]);
   * gmm.workersUsed; // 1, 2 or 3: min(8, rows = 3, cores), never 8
   * ```
   */
  get workersUsed(): number {
    return this.fitted('workersUsed').workersUsed ?? 0;
  }

  /** Number of features seen by `fit`. */
  get nFeatures(): number {
    return this.fitted('nFeatures').params.nFeatures;
  }

  /** The fitted parameters in the flat internal layout (copies). */
  get params(): MixtureParams {
    const p = this.fitted('params').params;
    return {
      ...p,
      weights: p.weights.slice(),
      means: p.means.slice(),
      covariances: this.flatCovariances(),
      precisionsCholesky: p.precisionsCholesky.slice(),
      ...(p.noise ? { noise: { ...p.noise } } : {}),
    };
  }

  /** Covariances, computed from the precisions when only those are known (`maxIter: 0` with `precisionsInit`). */
  private flatCovariances(): Float64Array {
    return covariancesOf(this.state!.params);
  }

  /**
   * One line for people: the type, K, the covariance model, whether fitted and, once fitted, the
   * iterations and log-likelihood. `console.log(model)` prints the same.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 });
   * String(gmm); // "GaussianMixture { nComponents: 2, covarianceType: 'full', fitted: false }"
   * console.log(gmm.fit([[0], [0.5], [1], [9], [9.5], [10]]));
   * // GaussianMixture { nComponents: 2, covarianceType: 'full', nFeatures: 1, fitted: true, converged: true, nIter: 2, meanLogLikelihood: -1.21621 }
   * ```
   */
  toString(): string {
    return gaussianMixtureSummary(this);
  }

  /** What Node's `util.inspect` (and so `console.log`) prints: {@link GaussianMixture.toString}. */
  [inspectCustom](): string {
    return this.toString();
  }

  /**
   * A plain JSON-safe object (schema version 1) with the options and the fitted parameters;
   * `GaussianMixture.fromJSON` restores an identical model. `onIteration` and `signal` are not kept.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 1, 9, 10]);
   * const text = JSON.stringify(gmm); // calls toJSON()
   * gmm.toJSON().version; // 1 (MIXTURE_SCHEMA_VERSION)
   * ```
   */
  toJSON(): GaussianMixtureJSON {
    return mixtureToJSON(this.options, this.state);
  }

  /**
   * Restores a model from {@link GaussianMixture.toJSON}'s output (an object or its JSON string),
   * validating the format, the schema version and every field; throws `InvalidInputError` naming
   * the offending field otherwise.
   *
   * @example
   * ```ts
   * import { GaussianMixture } from '@em/gaussian';
   * const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 1, 9, 10]);
   * const copy = GaussianMixture.fromJSON(JSON.stringify(gmm));
   * copy.predict([0.5, 9.5]); // Int32Array [0, 1] (as gmm.predict([0.5, 9.5]))
   * gmm.predict([0.5, 9.5]); // Int32Array [0, 1]
   * ```
   */
  static fromJSON(json: GaussianMixtureJSON | string): GaussianMixture {
    let parsed: unknown = json;
    if (typeof json === 'string') {
      try {
        parsed = JSON.parse(json);
      } catch {
        throw new InvalidInputError('json', 'a JSON string or object from toJSON()', json);
      }
    }
    const { options, state } = mixtureFromJSON(parsed);
    const model = new GaussianMixture(options);
    model.state = state;
    return model;
  }

  /**
   * @internal What the last fit learned, for a worker to send back whole (typed arrays and all,
   * so the calling thread gets the very same numbers).
   */
  get fittedState(): FittedState | undefined {
    return this.state;
  }

  /** @internal Takes the state a worker's fit learned, as if this model had fitted it. */
  adoptFittedState(state: FittedState): this {
    this.state = state;
    return this;
  }

  /**
   * @internal One of `nInit` runs, from `params` drawn by the calling thread (the runs of a fit draw
   * their initial parameters from one random stream, in turn): the same validation, model and EM
   * loop as `fit`, so a worker running it gives what `fit`'s restart loop gives for that run.
   * Throws on data that `fit` refuses.
   */
  runFrom(X: FlatMatrix, params: MixtureParams): RestartRun {
    const setup = this.prepareFit(X);
    if (!setup) throw new InvalidOptionError('maxIter', 'at least 1 for a run of EM', this.options.maxIter);
    return this.restartRun(runEM(setup.model, params, setup.emOptions));
  }

  /**
   * @internal One worker's part of `fitAsync`'s whole fit by its workers in lockstep
   * (`parallel/fit-in-lockstep.ts`): the initial parameters from the k-means run with the others
   * (`initial`), then EM with the E-step they share. Every party runs the same code on the same
   * numbers, so every party ends with the same run, `fitAsync`'s.
   */
  runInLockstep(
    X: FlatMatrix,
    lockstep: {
      initial(kernel: CovarianceKernel, regCovar: number): KmeansOutcome;
      eStep: (params: MixtureParams) => EStepResult<GaussianStats>;
    },
  ): RestartRun {
    // The scale of the data is checked on the calling thread, meanwhile.
    const setup = this.prepareFit(X, true);
    if (!setup?.initFromKmeans) throw new Error('a fit in lockstep starts from the k-means on its rows');
    const { model, initFromKmeans, emOptions, rng, kernel } = setup;
    const first = initFromKmeans(rng.random, lockstep.initial(kernel, this.options.regCovar));
    // As `fitAsync` runs a single run: its restarts' loop of one.
    const run = runEMWithRestarts({ ...model, eStep: lockstep.eStep }, () => first, {
      ...emOptions,
      nInit: 1,
      random: rng.random,
    });
    return this.restartRun(run);
  }

  /** How a run ended, as a worker reports it (mclust's models: the parameters of the last log-likelihood). */
  private restartRun(run: Omit<RestartRun, 'params'> & { params: MixtureParams }): RestartRun {
    return {
      params: this.finalParams(run.params),
      logLikelihood: run.logLikelihood,
      history: run.history,
      nIter: run.nIter,
      converged: run.converged,
    };
  }
}

function randomSeed(): number {
  // Like scikit-learn's random_state=None: a different initialisation on every fit.
  return Math.floor(Math.random() * 2 ** 32);
}
