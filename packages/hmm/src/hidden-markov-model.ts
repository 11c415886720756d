import {
  type EMResult,
  InvalidInputError,
  InvalidOptionError,
  type IterationInfo,
  inspectCustom,
  NotFittedError,
  NumericalError,
  requireIterations,
  runEMWithRestarts,
  runEMWithRestartsAsync,
  yieldToEventLoop,
} from '@em/core';
import { ChunkPasses, type StreamSource, scaleStatistics, stepSize, stepwiseAverage } from '@em/core/stream';
import { createRandom, type Random } from '@em/sampling';
import { baumWelch, eStep, type Params } from './baum-welch.js';
import { CategoricalEmission } from './emissions/categorical.js';
import { drawIndex } from './emissions/emission.js';
import { GaussianEmission } from './emissions/gaussian.js';
import { GmmEmission } from './emissions/gmm.js';
import { PoissonEmission } from './emissions/poisson.js';
import type { AnyEmission } from './emissions/spec.js';
import { backward, forward, Workspace } from './forward-backward.js';
import { initialParams } from './init.js';
import { hiddenMarkovModelSummary } from './inspect.js';
import { type HmmOnlineRun, type HmmPartialFitOptions, readPartialFitOptions } from './online.js';
import {
  givenLettersOf,
  lettersFor,
  MAX_STATES,
  type ResolvedHmmOptions,
  resolveOptions,
} from './options.js';
import { loadParallelEStep } from './parallel/estep.js';
import { createWorkerPool, hardwareThreads } from './parallel/pool.js';
import { nest } from './params.js';
import {
  checkSequences,
  concatenate,
  readSequences,
  type Sequences,
  sequenceCount,
  totalLength,
} from './sequences.js';
import { type HiddenMarkovModelJSON, HMM_FORMAT, HMM_SCHEMA_VERSION, readJSON } from './serialize.js';
import {
  addShardCounts,
  type HmmShardScan,
  type HmmShardStatistics,
  type HmmStatisticsSource,
  type HmmWireRecord,
  paramsToWire,
  readStatisticsSource,
  scanSequences,
  shardCounts,
} from './shard.js';
import {
  type HmmStreamOptions,
  inSequence,
  readHmmStreamOptions,
  type SequenceChunk,
  sequenceChunks,
  streamedBaumWelch,
} from './stream.js';
import type {
  DecodeOptions,
  DecodeResult,
  FitAsyncOptions,
  HiddenMarkovModelOptions,
  HmmParameters,
  HmmSample,
  SampleOptions,
  ScoreSamplesResult,
  SequenceInput,
} from './types.js';
import { viterbi } from './viterbi.js';

/** Largest nStates × nFeatures table (emission probabilities, or means). */
const MAX_TABLE = 1 << 26;
/** Largest `sample` size: the observations come back as nested arrays. */
const MAX_SAMPLES = 1 << 24;

/**
 * A hidden Markov model fitted by Baum–Welch (EM), with hmmlearn's API camelCased: categorical,
 * Gaussian, Gaussian-mixture and Poisson emissions; `fit` on many sequences of different lengths;
 * `score`, `scoreSamples`, `predict`/`decode` (Viterbi or posterior decoding), `predictProba`,
 * `sample`, `bic`, `aic`; `toJSON`/`fromJSON`. Forward–backward is scaled, so sequences of millions
 * of steps neither underflow nor allocate more than T × nStates.
 *
 * @example
 * ```ts
 * import { HiddenMarkovModel } from '@em/hmm';
 * // A fair and a loaded die (Durbin et al. 1998): symbols 0–5 are faces 1–6.
 * const casino = new HiddenMarkovModel({
 *   nStates: 2,
 *   emission: 'categorical',
 *   startProb: [1, 0],
 *   transMat: [[0.95, 0.05], [0.1, 0.9]],
 *   emissionProb: [[1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6], [0.1, 0.1, 0.1, 0.1, 0.1, 0.5]],
 * });
 * casino.predict([2, 0, 4, 1, 3, 5, 5, 5, 5, 5, 5, 5, 5, 1, 2, 0, 4, 3, 2]);
 * // Int32Array [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]: the run of sixes is the loaded die
 * ```
 */
export class HiddenMarkovModel {
  private readonly options: ResolvedHmmOptions;
  private readonly userOptions: HiddenMarkovModelOptions;
  private emissionModel: AnyEmission | undefined;
  private fitted: Params<unknown> | undefined;
  private rng: Random | undefined;
  /** The running statistics of `partialFit` (stepwise EM), kept between calls. */
  private online: HmmOnlineRun | undefined;
  private result: Pick<EMResult<unknown>, 'converged' | 'nIter' | 'logLikelihood' | 'history'> | undefined;

  /**
   * @param options hmmlearn's parameters camelCased; see {@link HiddenMarkovModelOptions}. When every
   * parameter is given, the model is usable without `fit`.
   * @throws InvalidOptionError naming the option (a transMat row that does not sum to 1, a wrong shape…).
   */
  constructor(options: HiddenMarkovModelOptions = {}) {
    this.options = resolveOptions(options);
    this.userOptions = options;
    const o = this.options;
    const needed = lettersFor(o.emission);
    const givenAll = [...needed].every((ch) => givenLettersOf(o.given).includes(ch));
    if (givenAll) {
      const nFeatures = o.emission === 'categorical' ? o.given.alphabet! : o.given.columns!;
      this.emissionModel = this.createEmission(nFeatures);
      const params = initialParams(
        { options: { ...o, initParams: '' }, seqs: emptySequences(), nFeatures },
        Math.random,
      );
      this.emissionModel.prepare(params.emission); // rejects covariances that are not positive definite
      this.fitted = params;
    }
  }

  /** Number of hidden states. */
  get nStates(): number {
    return this.options.nStates;
  }

  /** hmmlearn's name for {@link HiddenMarkovModel.nStates}. */
  get nComponents(): number {
    return this.options.nStates;
  }

  /**
   * The `randomState` option as given (undefined: none), for code that draws on the model's behalf
   * (a distributed fit's initialisation sample).
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * new HiddenMarkovModel({ nStates: 2, randomState: 7 }).randomState; // 7
   * ```
   */
  get randomState(): number | undefined {
    return this.userOptions.randomState;
  }

  /** Features per observation (Gaussian, GMM, Poisson), or the alphabet size (categorical). */
  get nFeatures(): number {
    this.requireFitted('nFeatures');
    const e = this.emissionModel!;
    return e instanceof CategoricalEmission ? e.nFeatures : e.columns;
  }

  /** Whether the last `fit` converged (true for a model built from given parameters). */
  get converged(): boolean {
    return this.result?.converged ?? this.fitted !== undefined;
  }

  /** Iterations of the kept run of the last `fit` (0 without fit). */
  get nIter(): number {
    return this.result?.nIter ?? 0;
  }

  /**
   * Total log-likelihood of the training sequences reported by the last iteration (that of the
   * parameters before its M-step, as hmmlearn's monitor); `-Infinity` without fit.
   */
  get logLikelihood(): number {
    return this.result?.logLikelihood ?? Number.NEGATIVE_INFINITY;
  }

  /**
   * Log-likelihood of the training sequences at every iteration of the kept run (empty after
   * `partialFit`: a stream has no end, and its batches' log-likelihoods are not one objective).
   */
  get history(): number[] {
    return [...(this.result?.history ?? [])];
  }

  /** Start probabilities (hmmlearn's `startprob_`). */
  get startProb(): number[] {
    return Array.from(this.requireFitted('startProb').startProb);
  }

  /** Transition matrix, nStates × nStates (hmmlearn's `transmat_`). */
  get transMat(): number[][] {
    const s = this.nStates;
    return nest(this.requireFitted('transMat').transMat, [s, s]) as number[][];
  }

  /** `'categorical'`: emission probabilities, nStates × nFeatures (hmmlearn's `emissionprob_`). */
  get emissionProb(): number[][] {
    return this.parameters('emissionProb').emissionProb!;
  }

  /** Gaussian: nStates × D; `'gmm'`: nStates × nMix × D (hmmlearn's `means_`). */
  get means(): number[][] | number[][][] {
    return this.parameters('means').means!;
  }

  /**
   * Covariances shaped by `covarianceType` (spherical nStates; diag nStates × D; full
   * nStates × D × D; tied D × D; for `'gmm'` nStates × nMix in place of nStates, tied nStates × D × D).
   */
  get covars(): number[] | number[][] | number[][][] | number[][][][] {
    return this.parameters('covars').covars!;
  }

  /** `'gmm'`: mixture weights, nStates × nMix (hmmlearn's `weights_`). */
  get weights(): number[][] {
    return this.parameters('weights').weights!;
  }

  /** `'poisson'`: rates, nStates × D (hmmlearn's `lambdas_`). */
  get lambdas(): number[][] {
    return this.parameters('lambdas').lambdas!;
  }

  /**
   * All parameters as plain arrays.
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'poisson', randomState: 0 }).fit([[0, 1, 0, 9, 11, 10, 0, 1]]);
   * Object.keys(hmm.getParameters()); // ['startProb', 'transMat', 'lambdas']
   * ```
   */
  getParameters(): HmmParameters {
    return this.toPublic(this.requireFitted('getParameters'));
  }

  /**
   * Fits the model by Baum–Welch. `sequences` is a list of sequences of any lengths (each a
   * `number[]`, a typed array, a `number[][]` of feature vectors…), or a single sequence given as
   * numbers or a matrix; with `lengths`, hmmlearn's concatenated `X`. The expected counts of all
   * sequences add up in one E-step. Parameters not in `params` stay fixed; zeros in `transMat` and
   * `startProb` stay zero.
   *
   * @returns `this`.
   * @throws SequenceInputError naming the sequence and position of a bad observation.
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'categorical', randomState: 1 });
   * hmm.fit([[0, 0, 1, 0, 0, 2, 2, 2, 1, 2], [0, 1, 0, 2, 2]]);
   * hmm.transMat.every((row) => Math.abs(row[0]! + row[1]! - 1) < 1e-12); // true
   * ```
   */
  fit(sequences: readonly SequenceInput[] | SequenceInput, lengths?: readonly number[]): this {
    if (this.userOptions.workers !== undefined)
      throw new InvalidOptionError(
        'workers',
        'undefined with fit (worker threads answer asynchronously)',
        this.userOptions.workers,
        'Call fitAsync instead.',
      );
    const { emission, model, init, emOptions } = this.prepareFit(sequences, lengths);
    this.store(emission, runEMWithRestarts(model, init, emOptions));
    return this;
  }

  /**
   * {@link HiddenMarkovModel.fit}, asynchronously, with the E-step on worker threads when the
   * `workers` option is set (Node `worker_threads`, browser Web Workers; without it, the same as
   * `fit` after a turn of the event loop). The sequences are split among at most min(workers,
   * sequences, cores) threads — a pool: min(pool.size, sequences) — and sent to them once per fit;
   * each iteration sends only the parameters, every thread runs forward–backward on its share and
   * returns its expected counts and log-likelihood, and the main thread adds them up in sequence
   * order (whichever thread finishes first) and runs the M-step. So the result equals `fit`'s up to
   * rounding (1e-10 relative in the tests), `acceleration: 'squarem'` and `nInit` included. It pays
   * off with many sequences (or a few long ones, at least one per thread): each thread gets whole
   * sequences.
   *
   * @returns a promise of `this`. If a worker thread fails (throws, or exits) the promise rejects
   * with a {@link WorkerFailedError} — with a `NumericalError` when the E-step itself fails, as
   * `fit` — and the model keeps its previous parameters.
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const sequences = [[0.1, 5.2, 5.1, 0.2], [5.3, 0.1, 0.0, 5.2, 4.9], [0.2, 0.1, 5.0]];
   * const hmm = await new HiddenMarkovModel({ nStates: 2, workers: 2, randomState: 0 }).fitAsync(sequences);
   * hmm.logLikelihood === new HiddenMarkovModel({ nStates: 2, randomState: 0 }).fit(sequences).logLikelihood; // true, to rounding
   * ```
   */
  async fitAsync(
    sequences: readonly SequenceInput[] | SequenceInput,
    options: FitAsyncOptions = {},
  ): Promise<this> {
    if (typeof options !== 'object' || options === null || Array.isArray(options))
      throw new InvalidOptionError('options', 'an object such as { lengths }', options);
    const { workers } = this.userOptions;
    const signal = options.signal ?? this.userOptions.signal;
    const { seqs, emission, model, init, emOptions } = this.prepareFit(sequences, options.lengths, signal);
    if (workers === undefined) {
      await yieldToEventLoop();
      this.store(emission, runEMWithRestarts(model, init, emOptions));
      return this;
    }
    const own = typeof workers === 'number';
    const pool = own ? createWorkerPool(Math.min(workers, hardwareThreads())) : workers;
    try {
      const parallel = await loadParallelEStep(pool, seqs, emission, pool.size);
      try {
        const result = await runEMWithRestartsAsync(
          { ...model, eStep: (p) => parallel.eStep(p) },
          init,
          emOptions,
        );
        this.store(emission, result);
        return this;
      } finally {
        await parallel.release();
      }
    } finally {
      if (own) await pool.close();
    }
  }

  /**
   * Fits the model by Baum–Welch over sequences read from `source` once per iteration, never held
   * all at once: each chunk of the source is one sequence (anything `fit` takes as one sequence), and
   * memory is one sequence, the counts and the initialisation sample. The first pass checks every
   * sequence, learns the alphabet (categorical) and draws `initSequences` sequences uniformly for the
   * data-driven initialisation; a source of no more sequences than that is used whole, in order. The
   * expected counts of blocks of consecutive sequences are added as `fit` adds them, so the fit equals
   * `fit`'s on the same sequences bit for bit.
   *
   * @returns a promise of `this`.
   * @throws SourceNotReReadableError (from `@em/core/stream`) when a later pass reads other steps
   * than the first (a one-shot iterator); ChunkShapeError for a sequence of another number of
   * features; SequenceInputError naming the sequence (its index in the source) and position.
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const sequences = [[0, 0, 1, 0, 2, 2, 2, 1, 2], [0, 1, 0, 0, 2, 2], [2, 2, 1, 0, 0]];
   * const options = { nStates: 2, emission: 'categorical' as const, randomState: 1 };
   * const streamed = await new HiddenMarkovModel(options).fitStream(async function* () { yield* sequences; });
   * streamed.logLikelihood === new HiddenMarkovModel(options).fit(sequences).logLikelihood; // true
   * ```
   */
  async fitStream(source: StreamSource<SequenceInput>, options: HmmStreamOptions = {}): Promise<this> {
    const { initSequences, onProgress } = readHmmStreamOptions(options);
    if (this.userOptions.workers !== undefined)
      throw new InvalidOptionError(
        'workers',
        'undefined with fitStream (it reads the source on this thread)',
        this.userOptions.workers,
      );
    const o = this.options;
    const passes = new ChunkPasses(sequenceChunks(source, onProgress));
    // Pass 1: every sequence checked, the alphabet, and the initialisation sample.
    const seed = BigInt(o.randomState ?? Math.floor(Math.random() * 2 ** 31)) + 1n;
    const scan = await scanSequences(passes, initSequences, seed, this.checkChunk);
    const sample = concatenate(
      scan.sample.map(({ data, columns, offsets }) => ({ data, rows: offsets[1]!, cols: columns })),
      'sequences',
    );
    const nFeatures = o.emission === 'categorical' ? (o.nFeatures ?? scan.largest + 1) : sample.columns;
    const emission = this.createEmission(nFeatures);
    const model = streamedBaumWelch(emission, passes, o.params, {
      start: o.priors.start,
      trans: o.priors.trans,
    });
    const emOptions = this.emOptionsFor(emission, this.userOptions.signal);
    const init = (r: () => number) => this.checkedInit(sample, nFeatures, emission, r);
    this.store(emission, await runEMWithRestartsAsync(model, init, emOptions));
    return this;
  }

  /**
   * The first pass over a part of the data (a shard of sequences, one per chunk as `fitStream` reads
   * them): every sequence checked against this model's emission, counted, and `sampleSize`
   * sequences drawn uniformly (all of them, in order, when there are no more) for
   * {@link HiddenMarkovModel.fitFromStatistics}'s initialisation. Plain JSON, for worker processes.
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const scan = await new HiddenMarkovModel({ emission: 'categorical' }).scanShard([[0, 1, 2], [2, 0]]);
   * [scan.sequences, scan.steps, scan.symbols, scan.sampleLengths]; // [2, 5, 3, [3, 2]]
   * ```
   */
  async scanShard(
    source: StreamSource<SequenceInput>,
    options: { sampleSize?: number; randomState?: number } = {},
  ): Promise<HmmShardScan> {
    const { sampleSize = 1000, randomState = 0 } = options ?? {};
    if (!Number.isSafeInteger(sampleSize) || sampleSize < 1)
      throw new InvalidOptionError('sampleSize', 'an integer >= 1', sampleSize);
    if (!Number.isSafeInteger(randomState) || randomState < 0)
      throw new InvalidOptionError('randomState', 'a non-negative integer seed', randomState);
    const passes = new ChunkPasses(sequenceChunks(source, undefined));
    const scan = await scanSequences(passes, sampleSize, BigInt(randomState) + 1n, this.checkChunk);
    return {
      sequences: scan.sequences,
      steps: scan.steps,
      columns: scan.sample[0]!.columns,
      symbols: Math.floor(scan.largest) + 1,
      sample: scan.sample.flatMap((seqs) => Array.from(seqs.data)),
      sampleLengths: scan.sample.map((seqs) => seqs.offsets[1]!),
    };
  }

  /**
   * The E-step of a part of the data (a shard of sequences, one per chunk) under `params` (as
   * {@link HiddenMarkovModel.fitFromStatistics} passes them: they name the emission family, so any
   * model instance computes them): forward–backward's expected counts and log-likelihood, as plain
   * JSON. The counts of disjoint shards add up to those of their union.
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const params = {
   *   spec: { kind: 'poisson', nStates: 1, columns: 1, nFeatures: 1, nMix: 1, covarianceType: 'diag', minCovar: 0 },
   *   startProb: { f64: [1] }, transMat: { f64: [1] }, emission: { lambdas: { f64: [2] } },
   * };
   * const part = await new HiddenMarkovModel().shardStatistics(params, [[1, 3], [2]]);
   * [part.sequences, part.steps, part.counts.start]; // [2, 3, { f64: [2] }]
   * ```
   */
  shardStatistics(params: HmmWireRecord, source: StreamSource<SequenceInput>): Promise<HmmShardStatistics> {
    return shardCounts(params, source);
  }

  /**
   * Fits the model by Baum–Welch whose E-step adds the counts of shards of sequences computed
   * anywhere ({@link HiddenMarkovModel.shardStatistics} on worker processes or machines), in the
   * order given; the M-step runs here. The initialisation reads `source.sample`: with all the
   * sequences there, in order, the fit equals `fit`'s on them up to the grouping of the sums.
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const shards = [[[0, 0, 1, 0, 2, 2, 2, 1, 2]], [[0, 1, 0, 0, 2, 2], [2, 2, 1, 0, 0]]];
   * const options = { nStates: 2, emission: 'categorical' as const, randomState: 1 };
   * const worker = new HiddenMarkovModel(options);
   * const scans = await Promise.all(shards.map((shard) => worker.scanShard(shard)));
   * const model = await new HiddenMarkovModel(options).fitFromStatistics({
   *   sequences: 3, steps: 20, columns: 1, symbols: 3,
   *   sample: scans.flatMap((scan) => scan.sample),
   *   sampleLengths: scans.flatMap((scan) => scan.sampleLengths),
   *   statistics: (params) => Promise.all(shards.map((shard) => worker.shardStatistics(params, shard))),
   * });
   * Math.abs(model.logLikelihood - new HiddenMarkovModel(options).fit(shards.flat()).logLikelihood) < 1e-12; // true
   * ```
   */
  async fitFromStatistics(source: HmmStatisticsSource): Promise<this> {
    if (this.userOptions.workers !== undefined)
      throw new InvalidOptionError(
        'workers',
        'undefined with fitFromStatistics (its E-step runs where the shards are)',
        this.userOptions.workers,
      );
    const o = this.options;
    // The sample is only read by the initialisation: every sequence is checked where it is counted.
    const { sequences, steps, columns, symbols, seqs, statistics } = readStatisticsSource(source);
    const nFeatures = o.emission === 'categorical' ? (o.nFeatures ?? symbols) : columns;
    const emission = this.createEmission(nFeatures);
    const model = baumWelch(emission, seqs, o.params, { start: o.priors.start, trans: o.priors.trans });
    const eStep = async (params: Params<unknown>) => {
      const parts = await statistics(paramsToWire(emission, params));
      if (!Array.isArray(parts)) throw new InvalidInputError('statistics', 'an array of shard counts', parts);
      return addShardCounts(emission, parts, { sequences, steps });
    };
    const init = (r: () => number) => this.checkedInit(seqs, nFeatures, emission, r);
    const emOptions = this.emOptionsFor(emission, this.userOptions.signal);
    this.store(emission, await runEMWithRestartsAsync({ ...model, eStep }, init, emOptions));
    return this;
  }

  /**
   * One step of online (stepwise) EM on a batch of sequences (Cappé & Moulines 2009; Liang & Klein
   * 2009): the batch's expected counts under the current parameters, per sequence, are mixed into
   * running averages, s ← (1 − η_t) s + η_t ŝ, with η_t = (t + t0)^(−α), and the Baum–Welch M-step
   * runs from them — for sequences that arrive forever, or too many for even one pass per
   * iteration. The first call starts from the fitted or given parameters (after `fit`, `fitStream`,
   * `fromJSON`, or parameters in the options) or, for a model without any, from the start `fit`
   * would make on this batch. `logLikelihood` is then the batch's log-likelihood under the
   * parameters it started from, `nIter` the number of updates. For categorical emissions give
   * `nFeatures`, or later batches may not use symbols the first did not.
   *
   * @returns `this`.
   * @throws SequenceInputError naming the sequence and position of a bad observation (a symbol
   * outside the alphabet, another number of features than the model's).
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'poisson', randomState: 0 });
   * const batch = [[0, 1, 0, 9, 11, 10, 0, 1, 12, 9], [1, 0, 10, 11, 0]];
   * for (let pass = 0; pass < 30; pass++) hmm.partialFit(batch);
   * hmm.lambdas.map((rate) => Math.round(rate[0]!)).sort((a, b) => a - b); // [0, 10]
   * hmm.nIter; // 30
   * ```
   */
  partialFit(sequences: readonly SequenceInput[] | SequenceInput, options?: HmmPartialFitOptions): this {
    const { schedule, lengths } = readPartialFitOptions(options);
    if (this.userOptions.workers !== undefined)
      throw new InvalidOptionError(
        'workers',
        'undefined with partialFit (one batch is one E-step on this thread)',
        this.userOptions.workers,
      );
    const o = this.options;
    const seqs = readSequences(sequences, lengths, 'sequences', true);
    let emission = this.emissionModel;
    let params = this.fitted;
    if (emission === undefined || params === undefined) {
      const nFeatures = this.featuresForFit(seqs);
      emission = this.createEmission(nFeatures);
      const seed = o.randomState ?? Math.floor(Math.random() * 2 ** 31);
      params = this.checkedInit(seqs, nFeatures, emission, createRandom(seed).random);
    } else {
      checkSequences(
        seqs,
        o.emission,
        emission.columns,
        emission instanceof CategoricalEmission ? emission.nFeatures : undefined,
        'sequences',
      );
    }
    // A model refitted (or rebuilt) since the last update starts a new run.
    const run = this.online?.params === params ? this.online : undefined;
    const batch = eStep(emission, params, seqs, new Workspace(o.nStates));
    const updates = (run?.updates ?? 0) + 1;
    const count = sequenceCount(seqs);
    const stats = stepwiseAverage(run?.stats, batch.stats, count, stepSize(updates, schedule));
    const seen = (run?.sequences ?? 0) + count;
    const bw = baumWelch(emission, seqs, o.params, { start: o.priors.start, trans: o.priors.trans });
    const next = bw.mStep(scaleStatistics(stats, seen), params, { iteration: updates });
    emission.prepare(next.emission); // a covariance that is not positive definite fails here, before any change
    this.emissionModel = emission;
    this.fitted = next;
    this.online = { params: next, updates, sequences: seen, stats };
    this.result = {
      converged: false,
      nIter: updates,
      logLikelihood: batch.logLikelihood,
      history: [],
    };
    return this;
  }

  /**
   * Log-likelihood log P(X) of a sequence (or of the sequences concatenated in `X` by `lengths`,
   * summed) by the forward algorithm.
   *
   * @throws NumericalError naming the sequence and position when the model cannot emit it (its
   * probability is 0: hmmlearn's `-inf`).
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const coin = new HiddenMarkovModel({
   *   nStates: 1, emission: 'categorical', startProb: [1], transMat: [[1]], emissionProb: [[0.5, 0.5]],
   * });
   * coin.score([0, 1, 1]); // 3 · log ½ = −2.0794…
   * ```
   */
  score(X: SequenceInput, lengths?: readonly number[]): number {
    const { seqs, emission, params } = this.prepareInput(X, lengths, 'score');
    const prep = emission.prepare(params.emission);
    const ws = new Workspace(this.nStates);
    let total = 0;
    for (let q = 0; q < sequenceCount(seqs); q++) {
      const t0 = seqs.offsets[q]!;
      const ll = forward(
        emission,
        prep,
        params.startProb,
        params.transMat,
        seqs.data,
        t0,
        seqs.offsets[q + 1]! - t0,
        ws,
      );
      if (typeof ll !== 'number') throw impossible(q, ll.position);
      total += ll;
    }
    return total;
  }

  /**
   * Log-likelihood and state posteriors P(state j at step t | X) by forward–backward.
   *
   * @throws NumericalError naming the sequence and position when the model cannot emit it.
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'gaussian', covarianceType: 'diag', randomState: 0 })
   *   .fit([0.1, -0.2, 0.05, 5.1, 4.9, 5.2, 0.0, -0.1]);
   * const { logProb, posteriors } = hmm.scoreSamples([0, 5]);
   * posteriors[0]![0]! + posteriors[0]![1]!; // 1
   * ```
   */
  scoreSamples(X: SequenceInput, lengths?: readonly number[]): ScoreSamplesResult {
    const { logProb, posteriors } = this.posteriorsOf(X, lengths, 'scoreSamples');
    return {
      logProb,
      posteriors: nest(posteriors, [posteriors.length / this.nStates, this.nStates]) as number[][],
    };
  }

  /**
   * State posteriors, T × nStates (hmmlearn's `predict_proba`).
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const hmm = new HiddenMarkovModel({
   *   nStates: 2, emission: 'categorical', startProb: [0.5, 0.5], transMat: [[0.9, 0.1], [0.1, 0.9]],
   *   emissionProb: [[0.9, 0.1], [0.1, 0.9]],
   * });
   * hmm.predictProba([0, 0, 1])[0]![0]; // 0.939…: mostly state 0
   * ```
   */
  predictProba(X: SequenceInput, lengths?: readonly number[]): number[][] {
    return this.scoreSamples(X, lengths).posteriors;
  }

  /**
   * The decoded state of every step, by the model's `algorithm` (Viterbi by default).
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const hmm = new HiddenMarkovModel({
   *   nStates: 2, emission: 'poisson', startProb: [0.5, 0.5], transMat: [[0.9, 0.1], [0.1, 0.9]],
   *   lambdas: [[1], [10]],
   * });
   * hmm.predict([0, 1, 12, 9, 11, 0]); // Int32Array [0, 0, 1, 1, 1, 0]
   * ```
   */
  predict(X: SequenceInput, lengths?: readonly number[]): Int32Array {
    return this.decode(X, { lengths }).stateSequence;
  }

  /**
   * Decodes the hidden states: `'viterbi'` (the most likely path, with its joint log-probability) or
   * `'map'` (the most likely state at each step, with the log-likelihood), as hmmlearn's `decode`.
   *
   * @throws NumericalError naming the sequence and position when no state path can emit it.
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const hmm = new HiddenMarkovModel({
   *   nStates: 2, emission: 'categorical', startProb: [1, 0], transMat: [[0.5, 0.5], [0, 1]],
   *   emissionProb: [[0.8, 0.2], [0.2, 0.8]],
   * });
   * const { logProb, stateSequence } = hmm.decode([0, 0, 1, 1], { algorithm: 'viterbi' });
   * stateSequence; // Int32Array [0, 0, 1, 1]
   * ```
   */
  decode(X: SequenceInput, options: DecodeOptions = {}): DecodeResult {
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object', options);
    const algorithm = options.algorithm ?? this.options.algorithm;
    if (algorithm !== 'viterbi' && algorithm !== 'map')
      throw new InvalidOptionError('algorithm', "'viterbi' or 'map'", algorithm);
    if (algorithm === 'map') {
      const { logProb, posteriors } = this.posteriorsOf(X, options.lengths, 'decode');
      const s = this.nStates;
      const states = new Int32Array(posteriors.length / s);
      for (let t = 0; t < states.length; t++) {
        let best = 0;
        for (let j = 1; j < s; j++) if (posteriors[t * s + j]! > posteriors[t * s + best]!) best = j;
        states[t] = best;
      }
      return { logProb, stateSequence: states };
    }
    const { seqs, emission, params } = this.prepareInput(X, options.lengths, 'decode');
    const prep = emission.prepare(params.emission);
    const logStart = params.startProb.map(Math.log);
    const logTrans = params.transMat.map(Math.log);
    const ws = new Workspace(this.nStates);
    const path = new Int32Array(totalLength(seqs));
    let total = 0;
    for (let q = 0; q < sequenceCount(seqs); q++) {
      const t0 = seqs.offsets[q]!;
      const lp = viterbi(
        emission,
        prep,
        logStart,
        logTrans,
        seqs.data,
        t0,
        seqs.offsets[q + 1]! - t0,
        ws,
        path,
        t0,
      );
      if (typeof lp !== 'number') throw impossible(q, lp.position);
      total += lp;
    }
    return { logProb: total, stateSequence: path };
  }

  /**
   * Draws `nSamples` steps from the model: the states by the Markov chain, each observation from
   * its state's emission.
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const hmm = new HiddenMarkovModel({
   *   nStates: 2, emission: 'gaussian', covarianceType: 'spherical', startProb: [1, 0],
   *   transMat: [[0.9, 0.1], [0.2, 0.8]], means: [[0], [10]], covars: [1, 1],
   * });
   * const { X, states } = hmm.sample(100, { randomState: 3 });
   * X.length; // 100
   * states[0]; // 0
   * ```
   */
  sample(nSamples: number, options: SampleOptions = {}): HmmSample {
    if (!Number.isInteger(nSamples) || nSamples < 1 || nSamples > MAX_SAMPLES)
      throw new InvalidOptionError('nSamples', `an integer in 1…${MAX_SAMPLES}`, nSamples);
    if (typeof options !== 'object' || options === null)
      throw new InvalidOptionError('options', 'an object', options);
    const params = this.requireFitted('sample');
    const emission = this.emissionModel!;
    const s = this.nStates;
    if (options.randomState !== undefined && !Number.isInteger(options.randomState))
      throw new InvalidOptionError('randomState', 'an integer seed', options.randomState);
    const { currentState } = options;
    if (
      currentState !== undefined &&
      (!Number.isInteger(currentState) || currentState < 0 || currentState >= s)
    )
      throw new InvalidOptionError('currentState', `a state in 0…${s - 1}`, currentState);
    if (options.randomState === undefined && this.rng === undefined)
      this.rng = createRandom(this.options.randomState ?? Math.floor(Math.random() * 2 ** 31));
    const rng = options.randomState !== undefined ? createRandom(options.randomState) : this.rng!;
    const prep = emission.prepare(params.emission);
    const d = emission.columns;
    const flat = new Float64Array(nSamples * d);
    const states = new Int32Array(nSamples);
    let state = currentState ?? drawIndex(params.startProb, 0, s, rng.next());
    for (let t = 0; t < nSamples; t++) {
      if (t > 0) state = drawIndex(params.transMat, state * s, s, rng.next());
      states[t] = state;
      emission.sample(prep, state, rng, flat, t * d);
    }
    return { X: nest(flat, [nSamples, d]) as number[][], states };
  }

  /**
   * Number of free parameters among those fitted (`params`), as hmmlearn counts them.
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'categorical', randomState: 0 }).fit([[0, 1, 2, 1, 0]]);
   * hmm.nParameters(); // 1 start + 2 transition + 2 × 2 emission = 7
   * ```
   */
  nParameters(): number {
    this.requireFitted('nParameters');
    const s = this.nStates;
    const p = this.options.params;
    return (
      (p.includes('s') ? s - 1 : 0) + (p.includes('t') ? s * (s - 1) : 0) + this.emissionModel!.nParameters(p)
    );
  }

  /**
   * Bayesian information criterion −2 log L + p log n on the given data (lower is better).
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const X = [0.1, 0.2, 0.1, 5.2, 5.1, 5.3, 0.2, 0.1, 5.0, 5.2];
   * const one = new HiddenMarkovModel({ nStates: 1, randomState: 0 }).fit(X);
   * const two = new HiddenMarkovModel({ nStates: 2, randomState: 0 }).fit(X);
   * two.bic(X) < one.bic(X); // true
   * ```
   */
  bic(X: SequenceInput, lengths?: readonly number[]): number {
    const seqs = readSequences(X, lengths, 'X', false);
    return -2 * this.score(X, lengths) + this.nParameters() * Math.log(totalLength(seqs));
  }

  /**
   * Akaike information criterion −2 log L + 2p on the given data (lower is better).
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const hmm = new HiddenMarkovModel({ nStates: 2, randomState: 0 }).fit([0.1, 0.2, 5.2, 5.1, 0.1]);
   * Number.isFinite(hmm.aic([0.1, 0.2, 5.2, 5.1, 0.1])); // true
   * ```
   */
  aic(X: SequenceInput, lengths?: readonly number[]): number {
    return -2 * this.score(X, lengths) + 2 * this.nParameters();
  }

  /**
   * One line for people: the number of states, the emission, whether fitted (or built from given parameters) and, after `fit`, the iterations and log-likelihood. `console.log(model)` prints the same.
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'categorical', randomState: 0 });
   * String(hmm); // "HiddenMarkovModel { nStates: 2, emission: 'categorical', fitted: false }"
   * console.log(hmm.fit([[0, 1, 1, 0, 2, 2, 2, 0, 1, 2]]));
   * // HiddenMarkovModel { nStates: 2, emission: 'categorical', nFeatures: 3, fitted: true, converged: true, nIter: 21, logLikelihood: -8.63893 }
   * ```
   */
  toString(): string {
    return hiddenMarkovModelSummary(
      this,
      this.options,
      this.result ? 'fitted' : this.fitted ? 'given' : 'unfitted',
    );
  }

  /** What Node's `util.inspect` (and so `console.log`) prints: {@link HiddenMarkovModel.toString}. */
  [inspectCustom](): string {
    return this.toString();
  }

  /**
   * The model as plain JSON (versioned schema): options, parameters and the fit's summary.
   * `HiddenMarkovModel.fromJSON(JSON.stringify(model))` gives back the same numbers exactly.
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'categorical', randomState: 0 }).fit([[0, 1, 1, 0, 2]]);
   * const copy = HiddenMarkovModel.fromJSON(JSON.stringify(hmm));
   * copy.score([0, 1]) === hmm.score([0, 1]); // true
   * ```
   */
  toJSON(): HiddenMarkovModelJSON {
    const params = this.requireFitted('toJSON');
    const o = this.options;
    return {
      format: HMM_FORMAT,
      version: HMM_SCHEMA_VERSION,
      options: {
        nStates: o.nStates,
        emission: o.emission,
        covarianceType: o.covarianceType,
        minCovar: o.minCovar,
        nMix: o.nMix,
        nFeatures: this.nFeatures,
        params: o.params,
        initParams: o.initParams,
        algorithm: o.algorithm,
        maxIter: o.maxIter,
        tol: o.tol,
        nInit: o.nInit,
        ...(o.randomState === undefined ? {} : { randomState: o.randomState }),
      },
      parameters: this.toPublic(params),
      // A model built from given parameters has no fit to summarise.
      ...(this.result
        ? {
            fit: {
              converged: this.result.converged,
              nIter: this.result.nIter,
              logLikelihood: this.result.logLikelihood,
              history: this.history,
            },
          }
        : {}),
    };
  }

  /**
   * A model from {@link HiddenMarkovModel.toJSON}'s output (an object or its JSON string), checked
   * field by field: a wrong format or version, a missing parameter, a transMat row not summing to 1
   * or a wrong shape throws an `InvalidInputError` naming the field.
   *
   * @example
   * ```ts
   * import { HiddenMarkovModel } from '@em/hmm';
   * const hmm = HiddenMarkovModel.fromJSON({
   *   format: 'em-hmm', version: 1,
   *   options: { nStates: 1, emission: 'categorical', nFeatures: 2 },
   *   parameters: { startProb: [1], transMat: [[1]], emissionProb: [[0.25, 0.75]] },
   * });
   * hmm.score([1]); // log 0.75
   * ```
   */
  static fromJSON(json: string | HiddenMarkovModelJSON): HiddenMarkovModel {
    const { options, fit } = readJSON(json);
    let model: HiddenMarkovModel;
    try {
      model = new HiddenMarkovModel(options);
    } catch (error) {
      if (error instanceof InvalidOptionError) {
        const field = /^(startProb|transMat|emissionProb|means|covars|weights|lambdas)/.test(error.option)
          ? `parameters.${error.option}`
          : `options.${error.option}`;
        throw new InvalidInputError(`json.${field}`, error.expected, error.received);
      }
      throw error;
    }
    if (model.fitted === undefined)
      throw new InvalidInputError(
        'json.parameters',
        `every parameter of a '${model.options.emission}' model`,
        undefined,
      );
    if (fit) model.result = fit;
    return model;
  }

  // --- internals -------------------------------------------------------------------------------

  /** Validation, the Baum–Welch model and the EM options shared by `fit` and `fitAsync`. */
  private prepareFit(
    sequences: readonly SequenceInput[] | SequenceInput,
    lengths: readonly number[] | undefined,
    signal = this.userOptions.signal,
  ) {
    const o = this.options;
    const seqs = readSequences(sequences, lengths, 'sequences', true);
    const nFeatures = this.featuresForFit(seqs);
    const emission = this.createEmission(nFeatures);
    const model = baumWelch(emission, seqs, o.params, { start: o.priors.start, trans: o.priors.trans });
    const init = (r: () => number) => this.checkedInit(seqs, nFeatures, emission, r);
    return { seqs, emission, model, init, emOptions: this.emOptionsFor(emission, signal) };
  }

  /** The loop's options (restarts' random numbers included) for a fit with `emission`. */
  private emOptionsFor(emission: AnyEmission, signal: AbortSignal | undefined) {
    const o = this.options;
    const random = createRandom(o.randomState ?? Math.floor(Math.random() * 2 ** 31)).random;
    const user = this.userOptions.onIteration;
    return {
      maxIter: o.maxIter,
      tol: o.tol,
      stopRule: this.userOptions.stopRule,
      acceleration: this.userOptions.acceleration,
      signal,
      nInit: o.nInit,
      random,
      onIteration: user
        ? (info: IterationInfo<Params<unknown>>) =>
            user({ ...info, params: this.toPublic(info.params, emission) } as IterationInfo<HmmParameters>)
        : undefined,
    };
  }

  /** Keeps a fit's result: the model changes only once a fit has succeeded. */
  private store(
    emission: AnyEmission,
    result: Pick<EMResult<Params<unknown>>, 'params' | 'converged' | 'nIter' | 'logLikelihood' | 'history'>,
  ): void {
    requireIterations(result, 'a HiddenMarkovModel');
    this.emissionModel = emission;
    this.fitted = result.params;
    this.result = {
      converged: result.converged,
      nIter: result.nIter,
      logLikelihood: result.logLikelihood,
      history: result.history,
    };
  }

  /** Checks a streamed sequence against this model's emission (alphabet, counts, features). */
  private readonly checkChunk = ({ seqs, index }: SequenceChunk): void => {
    const o = this.options;
    inSequence(index, () => {
      if (o.emission === 'categorical') checkSequences(seqs, 'categorical', 1, o.nFeatures, 'sequences');
      else checkSequences(seqs, o.emission, o.given.columns, undefined, 'sequences');
    });
  };

  private createEmission(nFeatures: number): AnyEmission {
    const o = this.options;
    const s = o.nStates;
    if (s * nFeatures > MAX_TABLE)
      throw new InvalidOptionError(
        'nFeatures',
        `at most ${Math.floor(MAX_TABLE / s)} with ${s} states`,
        nFeatures,
      );
    if (o.emission === 'gmm' && s * o.nMix > MAX_STATES)
      throw new InvalidOptionError('nMix', `at most ${Math.floor(MAX_STATES / s)} with ${s} states`, o.nMix);
    switch (o.emission) {
      case 'categorical': {
        let prior = o.priors.emission;
        if (prior && prior.length === 1) prior = new Float64Array(s * nFeatures).fill(prior[0]!);
        if (prior && prior.length !== s * nFeatures)
          throw new InvalidOptionError(
            'emissionProbPrior',
            `a number or a ${s} × ${nFeatures} matrix`,
            this.userOptions.emissionProbPrior,
          );
        return new CategoricalEmission(s, nFeatures, prior);
      }
      case 'gaussian':
        return new GaussianEmission(s, nFeatures, o.covarianceType, o.minCovar);
      case 'gmm':
        return new GmmEmission(s, o.nMix, nFeatures, o.covarianceType, o.minCovar, o.priors.weights);
      case 'poisson':
        return new PoissonEmission(s, nFeatures);
    }
  }

  /** Features (or alphabet) for a fit: from the options or given parameters, else from the data. */
  private featuresForFit(seqs: Sequences): number {
    const o = this.options;
    if (o.emission === 'categorical') {
      checkSequences(seqs, 'categorical', 1, o.nFeatures, 'sequences');
      if (o.nFeatures !== undefined) return o.nFeatures;
      let max = 0;
      for (const v of seqs.data) if (v > max) max = v;
      return max + 1;
    }
    checkSequences(seqs, o.emission, o.given.columns, undefined, 'sequences');
    return seqs.columns;
  }

  private checkedInit(
    seqs: Sequences,
    nFeatures: number,
    emission: AnyEmission,
    random: () => number,
  ): Params<unknown> {
    const params = initialParams({ options: this.options, seqs, nFeatures }, random);
    emission.prepare(params.emission);
    return params;
  }

  private requireFitted(method: string): Params<unknown> {
    if (this.fitted === undefined) throw new NotFittedError('HiddenMarkovModel', method);
    return this.fitted;
  }

  private parameters(name: keyof HmmParameters): HmmParameters {
    const p = this.getParameters();
    if (p[name] === undefined)
      throw new InvalidOptionError(name, `an attribute of this '${this.options.emission}' model`, undefined);
    return p;
  }

  private prepareInput(X: SequenceInput, lengths: readonly number[] | undefined, method: string) {
    const params = this.requireFitted(method);
    const emission = this.emissionModel!;
    const seqs = readSequences(X, lengths, 'X', false);
    checkSequences(
      seqs,
      this.options.emission,
      emission.columns,
      emission instanceof CategoricalEmission ? emission.nFeatures : undefined,
      'X',
    );
    return { seqs, emission, params };
  }

  private posteriorsOf(X: SequenceInput, lengths: readonly number[] | undefined, method: string) {
    const { seqs, emission, params } = this.prepareInput(X, lengths, method);
    const prep = emission.prepare(params.emission);
    const s = this.nStates;
    const ws = new Workspace(s);
    const posteriors = new Float64Array(totalLength(seqs) * s);
    let logProb = 0;
    for (let q = 0; q < sequenceCount(seqs); q++) {
      const t0 = seqs.offsets[q]!;
      const length = seqs.offsets[q + 1]! - t0;
      const ll = forward(emission, prep, params.startProb, params.transMat, seqs.data, t0, length, ws);
      if (typeof ll !== 'number') throw impossible(q, ll.position);
      logProb += ll;
      backward(emission, prep, params.transMat, seqs.data, t0, length, ws, undefined, q);
      posteriors.set(ws.alpha.subarray(0, length * s), t0 * s);
    }
    return { logProb, posteriors };
  }

  private toPublic(params: Params<unknown>, emission: AnyEmission = this.emissionModel!): HmmParameters {
    const s = this.nStates;
    const out: HmmParameters = {
      startProb: Array.from(params.startProb),
      transMat: nest(params.transMat, [s, s]) as number[][],
    };
    const e = params.emission as Record<string, unknown>;
    if (emission instanceof CategoricalEmission)
      out.emissionProb = nest(e.emissionProb as Float64Array, [s, emission.nFeatures]) as number[][];
    else if (emission instanceof PoissonEmission)
      out.lambdas = nest(e.lambdas as Float64Array, [s, emission.columns]) as number[][];
    else {
      const bank = (e as { bank: { means: Float64Array; covars: Float64Array } }).bank;
      const d = emission.columns;
      const type = this.options.covarianceType;
      const lead = emission instanceof GmmEmission ? [s, this.options.nMix] : [s];
      out.means = nest(bank.means, [...lead, d]) as number[][];
      const covShape =
        type === 'spherical'
          ? lead
          : type === 'diag'
            ? [...lead, d]
            : type === 'full'
              ? [...lead, d, d]
              : emission instanceof GmmEmission
                ? [s, d, d]
                : [d, d];
      out.covars = nest(bank.covars, covShape) as HmmParameters['covars'];
      if (emission instanceof GmmEmission)
        out.weights = nest((e as { weights: Float64Array }).weights, [s, this.options.nMix]) as number[][];
    }
    return out;
  }
}

function emptySequences(): Sequences {
  return { data: new Float64Array(0), columns: 1, offsets: Int32Array.of(0, 0) };
}

function impossible(sequence: number, position: number): NumericalError {
  return new NumericalError(
    `Sequence ${sequence} has probability 0 at position ${position} under this model.`,
    'No state path can emit it: a structural zero in startProb, transMat or the emission parameters rules it out.',
  );
}
