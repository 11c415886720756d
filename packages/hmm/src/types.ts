import type { Acceleration, IterationInfo, StopRule } from '@em/core';
import type { DataInput, NumericArray } from '@em/core/numeric';
import type { WorkerPool } from './parallel/pool.js';

/**
 * What each hidden state emits: `'categorical'` symbols 0…nFeatures−1 (hmmlearn's `CategoricalHMM`),
 * `'gaussian'` vectors (`GaussianHMM`), a `'gmm'` — a Gaussian mixture per state (`GMMHMM`) — or
 * `'poisson'` counts (`PoissonHMM`, independent features).
 *
 * @example
 * ```ts
 * import type { EmissionType } from '@em/hmm';
 * const kinds: EmissionType[] = ['categorical', 'gaussian', 'gmm', 'poisson'];
 * ```
 */
export type EmissionType = 'categorical' | 'gaussian' | 'gmm' | 'poisson';

/**
 * How Gaussian covariances are parametrised, as in hmmlearn and `@em/gaussian`: `'full'` (a matrix
 * per state), `'diag'` (a diagonal per state), `'spherical'` (one variance per state) or `'tied'`
 * (one matrix shared by all states; for `'gmm'`, shared by the components of each state).
 *
 * @example
 * ```ts
 * import type { CovarianceType } from '@em/hmm';
 * const type: CovarianceType = 'diag';
 * ```
 */
export type CovarianceType = 'spherical' | 'diag' | 'full' | 'tied';

/**
 * Decoding algorithm: `'viterbi'` (the single most likely state path) or `'map'` (posterior decoding:
 * the most likely state at each step, which need not form a possible path).
 *
 * @example
 * ```ts
 * import type { DecodeAlgorithm } from '@em/hmm';
 * const algorithm: DecodeAlgorithm = 'map';
 * ```
 */
export type DecodeAlgorithm = 'viterbi' | 'map';

/**
 * One observation sequence: a one-dimensional array (symbols, counts or univariate values) or a
 * T × D matrix of feature vectors in any shape `@em/core`'s converter accepts.
 *
 * @example
 * ```ts
 * import type { SequenceInput } from '@em/hmm';
 * const rolls: SequenceInput = [0, 5, 5, 2, 5];
 * const vectors: SequenceInput = [[0.1, 2], [0.3, 1.9]];
 * ```
 */
export type SequenceInput = DataInput;

/**
 * A probability vector or matrix given by the user: `number[]`, a typed array, or rows of them.
 *
 * @example
 * ```ts
 * import type { ProbabilityInput } from '@em/hmm';
 * const transMat: ProbabilityInput = [[0.95, 0.05], [0.1, 0.9]];
 * ```
 */
export type ProbabilityInput = NumericArray | readonly NumericArray[];

/**
 * Nested arrays of numbers (1-, 2- or 3-dimensional), the shape of covariances by type.
 *
 * @example
 * ```ts
 * import type { NestedNumbers } from '@em/hmm';
 * const fullCovars: NestedNumbers = [[[1, 0], [0, 1]], [[2, 0.5], [0.5, 1]]];
 * ```
 */
export type NestedNumbers = number | readonly NestedNumbers[] | NumericArray;

/**
 * Options of {@link HiddenMarkovModel}: hmmlearn's parameters, camelCased. Initial parameter values
 * (`startProb`, `transMat`, `emissionProb`, `means`, `covars`, `weights`, `lambdas`) are used as given
 * and excluded from `initParams`; a parameter left out of `params` stays fixed during `fit`.
 *
 * @example
 * ```ts
 * import { HiddenMarkovModel, type HiddenMarkovModelOptions } from '@em/hmm';
 * const options: HiddenMarkovModelOptions = { nStates: 2, emission: 'categorical', randomState: 0 };
 * const hmm = new HiddenMarkovModel(options);
 * ```
 */
export interface HiddenMarkovModelOptions {
  /** Number of hidden states. Default 1. */
  nStates?: number;
  /** hmmlearn's name for `nStates` (give one or the other). */
  nComponents?: number;
  /** What the states emit. Default `'gaussian'`. */
  emission?: EmissionType;
  /** Gaussian and `'gmm'` emissions: covariance parametrisation. Default `'diag'` (hmmlearn's). */
  covarianceType?: CovarianceType;
  /** Gaussian and `'gmm'` emissions: added to every variance in the M-step. Default 1e-3 (hmmlearn's). */
  minCovar?: number;
  /** `'gmm'` emissions: mixture components per state. Default 1. */
  nMix?: number;
  /** `'categorical'` emissions: size of the alphabet (symbols 0…nFeatures−1). Default: inferred by `fit`. */
  nFeatures?: number;
  /** Initial (or fixed) start probabilities, length nStates. */
  startProb?: ProbabilityInput;
  /**
   * Initial (or fixed) transition matrix, nStates × nStates, rows summing to 1. Zeros are
   * structural: they stay zero through fitting (left–right and other topologies).
   */
  transMat?: ProbabilityInput;
  /** `'categorical'`: initial emission probabilities, nStates × nFeatures, rows summing to 1. */
  emissionProb?: ProbabilityInput;
  /** Gaussian: nStates × D; `'gmm'`: nStates × nMix × D (or (nStates·nMix) × D). Initial means. */
  means?: NestedNumbers;
  /**
   * Gaussian: initial covariances shaped by type (spherical nStates; diag nStates × D; full
   * nStates × D × D; tied D × D). `'gmm'`: the same with nStates × nMix in place of nStates (tied:
   * nStates × D × D).
   */
  covars?: NestedNumbers;
  /** `'gmm'`: initial mixture weights, nStates × nMix, rows summing to 1. */
  weights?: ProbabilityInput;
  /** `'poisson'`: initial rates, nStates × D. */
  lambdas?: ProbabilityInput;
  /**
   * Dirichlet concentration on the start probabilities (a number or one per state): adds
   * `prior − 1` pseudo-counts. Default 1 (maximum likelihood).
   */
  startProbPrior?: number | NumericArray;
  /** Dirichlet concentration on each row of the transition matrix (number or matrix). Default 1. */
  transMatPrior?: number | ProbabilityInput;
  /** `'categorical'`: Dirichlet concentration on each row of emission probabilities. Default 1. */
  emissionProbPrior?: number | ProbabilityInput;
  /** `'gmm'`: Dirichlet concentration on each state's mixture weights. Default 1. */
  weightsPrior?: number | ProbabilityInput;
  /**
   * Which parameters `fit` updates, as hmmlearn's letters: `s` start, `t` transitions, `e` emission
   * probabilities, `m` means, `c` covariances, `w` mixture weights, `l` Poisson rates. Default: all
   * that apply to the emission type.
   */
  params?: string;
  /** Which parameters `fit` initialises (same letters). Default: all that were not given. */
  initParams?: string;
  /** Decoding algorithm of `predict` and `decode`. Default `'viterbi'`. */
  algorithm?: DecodeAlgorithm;
  /** Maximum Baum–Welch iterations per run (hmmlearn's `n_iter`, whose default is 10). Default 100. */
  maxIter?: number;
  /** Stop when the total log-likelihood improves by less than this (hmmlearn's). Default 1e-2. */
  tol?: number;
  /** How `tol` is read (see `@em/core`'s `EMOptions.stopRule`). Default `'absolute'`. */
  stopRule?: StopRule;
  /** Number of initialisations; the run with the best log-likelihood is kept. Default 1. */
  nInit?: number;
  /** Seed for initialisation and `sample`. Default: none (a fresh seed each fit). */
  randomState?: number;
  /** `'squarem'` to accelerate Baum–Welch (see `@em/core`). Default `'none'`. */
  acceleration?: Acceleration;
  /** Called after every iteration; return `false` to stop. */
  onIteration?: (info: IterationInfo<HmmParameters>) => boolean | undefined | void;
  /** Stops fitting between iterations. */
  signal?: AbortSignal;
  /**
   * Worker threads for {@link HiddenMarkovModel.fitAsync} (Node `worker_threads`, browser Web
   * Workers): a number, or a {@link WorkerPool} shared across fits. The sequences are split among
   * the threads, each runs forward–backward on its share, and their expected counts add up on the
   * main thread. A number starts at most min(workers, sequences, cores) threads for the fit and stops
   * them after it; a pool uses at most min(pool.size, sequences) of its threads. With `workers` set,
   * `fit` throws an `InvalidOptionError`: call `fitAsync`. Default: none (one thread).
   */
  workers?: number | WorkerPool;
}

/**
 * Options of {@link HiddenMarkovModel.fitAsync}.
 *
 * @example
 * ```ts
 * import type { FitAsyncOptions } from '@em/hmm';
 * const options: FitAsyncOptions = { lengths: [500, 300], signal: AbortSignal.timeout(60_000) };
 * ```
 */
export interface FitAsyncOptions {
  /** Lengths of the sequences concatenated in `sequences` (hmmlearn's `lengths`), as `fit`'s second argument. */
  lengths?: readonly number[];
  /** Stops fitting between iterations (instead of the model's `signal` option). */
  signal?: AbortSignal;
}

/**
 * The parameters of a hidden Markov model as plain arrays (what `onIteration` receives and what the
 * model's attributes return). Fields that do not apply to the emission type are absent.
 *
 * @example
 * ```ts
 * import type { HmmParameters } from '@em/hmm';
 * const p: HmmParameters = { startProb: [1, 0], transMat: [[0.9, 0.1], [0, 1]], emissionProb: [[0.5, 0.5], [0.1, 0.9]] };
 * ```
 */
export interface HmmParameters {
  /** Start probabilities, length nStates. */
  startProb: number[];
  /** Transition matrix, nStates × nStates. */
  transMat: number[][];
  /** `'categorical'`: nStates × nFeatures. */
  emissionProb?: number[][];
  /** Gaussian: nStates × D; `'gmm'`: nStates × nMix × D. */
  means?: number[][] | number[][][];
  /** Covariances shaped by type (see {@link HiddenMarkovModelOptions.covars}). */
  covars?: number[] | number[][] | number[][][] | number[][][][];
  /** `'gmm'`: nStates × nMix. */
  weights?: number[][];
  /** `'poisson'`: nStates × D. */
  lambdas?: number[][];
}

/**
 * What {@link HiddenMarkovModel.scoreSamples} returns: the log-likelihood and the state posteriors.
 *
 * @example
 * ```ts
 * import type { ScoreSamplesResult } from '@em/hmm';
 * const r: ScoreSamplesResult = { logProb: -3.2, posteriors: [[0.9, 0.1]] };
 * ```
 */
export interface ScoreSamplesResult {
  /** Total log-likelihood of the sequence(s). */
  logProb: number;
  /** P(state j at step t | observations), T × nStates (sequences concatenated). */
  posteriors: number[][];
}

/**
 * What {@link HiddenMarkovModel.decode} returns.
 *
 * @example
 * ```ts
 * import type { DecodeResult } from '@em/hmm';
 * const r: DecodeResult = { logProb: -7.5, stateSequence: new Int32Array([0, 0, 1]) };
 * ```
 */
export interface DecodeResult {
  /**
   * Viterbi: log-probability of the best path jointly with the observations (summed over
   * sequences). MAP: the log-likelihood of the observations (as hmmlearn).
   */
  logProb: number;
  /** The decoded state at every step (sequences concatenated). */
  stateSequence: Int32Array;
}

/**
 * Options of {@link HiddenMarkovModel.decode}.
 *
 * @example
 * ```ts
 * import type { DecodeOptions } from '@em/hmm';
 * const options: DecodeOptions = { algorithm: 'map', lengths: [10, 5] };
 * ```
 */
export interface DecodeOptions {
  /** Default: the model's `algorithm` option. */
  algorithm?: DecodeAlgorithm;
  /** Lengths of the sequences concatenated in `X` (hmmlearn's `lengths`). */
  lengths?: readonly number[];
}

/**
 * What {@link HiddenMarkovModel.sample} returns.
 *
 * @example
 * ```ts
 * import type { HmmSample } from '@em/hmm';
 * const s: HmmSample = { X: [[0], [5]], states: new Int32Array([0, 1]) };
 * ```
 */
export interface HmmSample {
  /** The observations, T × D (one column for categorical and univariate models). */
  X: number[][];
  /** The hidden state behind each observation. */
  states: Int32Array;
}

/**
 * Options of {@link HiddenMarkovModel.sample}.
 *
 * @example
 * ```ts
 * import type { SampleOptions } from '@em/hmm';
 * const options: SampleOptions = { randomState: 7, currentState: 0 };
 * ```
 */
export interface SampleOptions {
  /** Seed; default: the model's generator (seeded by `randomState`). */
  randomState?: number;
  /** State of the first step; default drawn from `startProb`. */
  currentState?: number;
}
