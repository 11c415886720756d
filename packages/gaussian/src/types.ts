import type { Acceleration, IterationInfo } from '@em/core';
import type { DataInput } from '@em/core/numeric';
import type { KernelMode } from './kernels/specialized/types.js';
import type { HcModel } from './mclust/hc.js';
import type { HcUse } from './mclust/hc-transform.js';
import type { MclustModelName } from './mclust/models.js';
import type { NoiseRule } from './mclust/noise/rule.js';
import type { PriorOption } from './mclust/prior/option.js';
import type { WorkerPool } from './parallel/pool.js';

/**
 * How each component's covariance is parametrised, as in scikit-learn: `'full'` (each component
 * its own matrix), `'tied'` (one matrix shared by all), `'diag'` (each its own diagonal),
 * `'spherical'` (each its own single variance).
 *
 * @example
 * ```ts
 * import type { CovarianceType } from '@em/gaussian';
 * const types: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
 * ```
 */
export type CovarianceType = 'full' | 'tied' | 'diag' | 'spherical';

/**
 * A covariance model: scikit-learn's four types or mclust's 14 models ({@link MclustModelName}).
 * scikit-learn's names keep their behaviour (`regCovar`, `tol` on the mean log-likelihood); mclust's
 * names fit as mclust does (no `regCovar`, `tol` default 1e-5 on the relative change of the
 * log-likelihood, `maxIter` default 10000, mclust's M-steps).
 *
 * @example
 * ```ts
 * import { type CovarianceModel, GaussianMixture } from '@em/gaussian';
 * const models: CovarianceModel[] = ['full', 'VVV', 'VEV', 'EII'];
 * models.map((covarianceType) => new GaussianMixture({ covarianceType }).covarianceType); // ['full', 'VVV', 'VEV', 'EII']
 * ```
 */
export type CovarianceModel = CovarianceType | MclustModelName;

/**
 * How initial responsibilities are drawn, as in scikit-learn, plus `'hc'`: the k-cluster cut of
 * mclust's model-based hierarchical agglomeration (`hierarchicalClustering`), as `Mclust` starts.
 *
 * @example
 * ```ts
 * import type { InitParams } from '@em/gaussian';
 * const init: InitParams = 'k-means++';
 * ```
 */
export type InitParams = 'kmeans' | 'k-means++' | 'random' | 'random_from_data' | 'hc';

/**
 * Options of {@link GaussianMixture}: scikit-learn's parameters, camelCased, with the same defaults.
 *
 * @example
 * ```ts
 * import { GaussianMixture, type GaussianMixtureOptions } from '@em/gaussian';
 * const options: GaussianMixtureOptions = { nComponents: 3, covarianceType: 'diag', randomState: 0 };
 * const gmm = new GaussianMixture(options);
 * ```
 */
export interface GaussianMixtureOptions {
  /** Number of mixture components. Default 1. */
  nComponents?: number;
  /**
   * Covariance parametrisation: scikit-learn's `'full'`, `'tied'`, `'diag'`, `'spherical'`, or one
   * of mclust's 14 models (`'EII'` … `'VVV'`, fitted with mclust's M-steps and convergence rule).
   * Default `'full'`.
   */
  covarianceType?: CovarianceModel;
  /** Convergence threshold on the change of the mean log-likelihood per sample. Default 1e-3. */
  tol?: number;
  /** Non-negative regularisation added to the diagonal of covariances. Default 1e-6. */
  regCovar?: number;
  /** Number of EM iterations per run (0 keeps the initial parameters). Default 100. */
  maxIter?: number;
  /** Number of initialisations; the best run is kept. Default 1. */
  nInit?: number;
  /** Initialisation of the responsibilities. Default `'kmeans'`. */
  initParams?: InitParams;
  /**
   * Start EM from this partition of the rows (labels 0 … nComponents − 1, one per row of `X`)
   * instead of `initParams`: each row's responsibility is 1 for its class, as mclust's `me` started
   * from `unmap(classes)` (e.g. mclust's `hclass(hc(X), K) − 1`). Not kept by `toJSON`.
   */
  initialClasses?: ArrayLike<number>;
  /**
   * Maximum a posteriori estimation under mclust's conjugate prior (`prior = priorControl()`,
   * Fraley & Raftery 2007): `'default'` for mclust's `defaultPrior` hyperparameters, or some of
   * them (`{ shrinkage, mean, dof, scale }`, the rest defaulted). Only with mclust's models that
   * have a prior (`PRIOR_MODELS`); the log-likelihood, BIC and parameter counts stay mclust's.
   * Default none (maximum likelihood).
   */
  prior?: PriorOption;
  /** Agglomeration model for `initParams: 'hc'`. Default `'VVV'` (`'EII'` when n ≤ p, `'V'` in 1-D). */
  hcModel?: HcModel;
  /** Data transformation for `initParams: 'hc'`. Default `'SVD'`, mclust's `hcUse`. */
  hcUse?: HcUse;
  /** Initial weights (length nComponents, summing to 1). */
  weightsInit?: readonly number[] | Float64Array;
  /** Initial means (nComponents × nFeatures). */
  meansInit?: DataInput;
  /** Initial precisions (inverse covariances), shaped by covariance type as `precisions`. */
  precisionsInit?: CovarianceInit;
  /**
   * Initial covariances, shaped by covariance type as `covariances` (an addition to
   * scikit-learn; mutually exclusive with `precisionsInit`).
   */
  covariancesInit?: CovarianceInit;
  /**
   * Seed of the random generator used for initialisation and `sample`. Default: none, so every fit
   * starts differently, like scikit-learn's `random_state=None`; give a seed for reproducible fits.
   */
  randomState?: number;
  /** Start `fit` from the previous fit's parameters (a single run). Default false. */
  warmStart?: boolean;
  /**
   * Called after every EM iteration (of every `nInit` run); return `false` to stop. Its
   * `logLikelihood` is the lower bound (mean log-likelihood per sample) of the parameters the
   * iteration started from, and `params` are the parameters after its M-step.
   */
  onIteration?: (info: IterationInfo<MixtureParams>) => boolean | undefined | void;
  /** Stops fitting between iterations. */
  signal?: AbortSignal;
  /**
   * Which implementation of the per-sample × per-component loops to use (an addition to
   * scikit-learn): `'wasm'` runs them in WebAssembly with SIMD, `'generated'` compiles JavaScript
   * loops unrolled for the number of features once per fit (with `new Function`), `'generic'`
   * uses plain JavaScript loops, and `'auto'` (default) picks the fastest the environment allows
   * (WebAssembly, except generated JavaScript for full and tied covariances with 3 to 6 features
   * on at least 20 000 rows × components, where compiling it pays off;
   * a strict Content-Security-Policy can forbid either). Same results to rounding. Browsers that
   * refuse to compile WebAssembly synchronously on a page's main thread let a synchronous `fit`
   * use it only after {@link compileWasmKernels} (or any `fitAsync`) has run.
   */
  kernels?: KernelMode;
  /**
   * Run the E-step on worker threads (Node `worker_threads`, browser Web Workers): a number of
   * workers, or a pool from {@link createWorkerPool} (yours to reuse and close). With a number,
   * fits share one pool per thread count, kept open 2 seconds after the last fit that used it
   * (so that fitting again does not start threads again, which costs more than a fit of 100 000
   * rows on them; {@link closeSharedWorkerPools} stops them at once); a fit that starts while
   * another uses it gets threads of its own, stopped after it. Idle threads never keep a Node
   * process alive. Only {@link GaussianMixture.fitAsync} uses it; the parameters equal the
   * single-threaded fit's to rounding (~1e-14 relative). A number is a ceiling: a fit starts
   * `min(workers, rows, cores)` threads (a pool: at most one per row), since a thread without rows
   * idles and threads beyond the cores only compete; the fitted model's `workersUsed` says how
   * many ran. A worker that exits, throws or does not
   * answer rejects the fit with a `WorkerError`, leaving the model as it was.
   */
  workers?: number | WorkerPool;
  /**
   * `'squarem'` extrapolates EM's steps (SQUAREM, see `@em/core`): the same optimum in several
   * times fewer E-steps on poorly separated components, where plain EM crawls. Each iteration is
   * then a SQUAREM cycle of about three E-steps, and `tol` compares the lower bounds of successive
   * cycles. Default `'none'`: plain EM, which matches scikit-learn number for number.
   */
  acceleration?: Acceleration;
  /**
   * What to do with missing values (`NaN`) in the data (an addition to scikit-learn). `'error'`
   * (default): they are rejected, naming the row and column. `'em'`: rows with missing values take
   * part in the fit by EM for incomplete data (Ghahramani & Jordan 1994; Little & Rubin, ch. 11):
   * each row's responsibilities come from the density of its observed values, and its missing
   * values enter the statistics through their conditional expectations and covariances. `predict`,
   * `predictProba`, `score`, `scoreSamples`, `bic` and `aic` then accept rows with `NaN` too (the
   * observed-data likelihood), and `impute` fills them in. A row or a column with every value
   * missing is an error.
   */
  missing?: MissingValues;
  /**
   * Keep only the latest `historyLimit` lower bounds in `history` (an integer >= 1), so a fit with a
   * huge `maxIter` keeps bounded memory (@em/core's `historyLimit`); `nIter` still counts every
   * iteration and `lowerBound` is the last. Default: all of them.
   */
  historyLimit?: number;
  /**
   * A noise component, as mclust's `initialization = list(noise = guess)`: uniform (Poisson) noise
   * over the data's volume next to the Gaussian components. The initial guess marks each row
   * thought to be noise with `true` (one boolean per row of the data `fit` gets; at least one
   * marked, at least `nComponents` unmarked); the components start from `initParams` (or
   * `initialClasses`, whose labels for marked rows are ignored) on the unmarked rows. Afterwards
   * `predict` labels noise `-1` (mclust: 0), `predictProba` has a last column for the noise,
   * `noiseWeight` is its proportion and `nParameters` counts two more (mclust's count).
   * Works with every covariance model, in `fit`, `fitSteps`, `fitAsync` without `workers` and
   * `fitStream`, and with `noiseVolume` in `fitFromStatistics` and `partialFit`, on complete data,
   * without `acceleration`.
   * For data not held in memory, a {@link NoiseRule} (a function of a block of rows and the index
   * of its first row) gives the guess block by block; `fit` calls it once on all rows. In
   * `partialFit` the guess starts a run from its first batch (one boolean per row of that batch). A model
   * whose guess is a rule is saved by `toJSON` without it (functions have no JSON).
   */
  noise?: ArrayLike<boolean> | NoiseRule;
  /**
   * Volume of the noise's uniform density (mclust's `1 / Vinv`), with `noise`. Default
   * {@link hypervolume} of the data, mclust's `hypvol` (in `fitStream`: computed in two more passes,
   * the same number). Required by `partialFit` and `fitFromStatistics`, which never see all the rows.
   */
  noiseVolume?: number;
}

/**
 * How {@link GaussianMixture} treats missing values (`NaN`): `'error'` rejects them, `'em'` fits
 * the rows that have them by EM for incomplete data.
 *
 * @example
 * ```ts
 * import { GaussianMixture, type MissingValues } from '@em/gaussian';
 * const missing: MissingValues = 'em';
 * const gmm = new GaussianMixture({ nComponents: 2, missing, randomState: 0 });
 * gmm.options.missing; // 'em'
 * ```
 */
export type MissingValues = 'error' | 'em';

/**
 * Options of {@link GaussianMixture.imputeSamples}.
 *
 * @example
 * ```ts
 * import type { ImputeSamplesOptions } from '@em/gaussian';
 * const options: ImputeSamplesOptions = { nImputations: 20, randomState: 7 };
 * ```
 */
export interface ImputeSamplesOptions {
  /** How many completed copies of the data to draw. Default 5. */
  nImputations?: number;
  /** Seed of the draws (and bootstrap samples). Default: the model's `randomState`, else a random seed. */
  randomState?: number;
  /**
   * `true` (default): before each imputation, refit the model on a bootstrap sample of `X`
   * (starting from the fitted parameters), so that the draws carry the uncertainty of the
   * parameters as well as that of the missing values: Rubin's "proper" multiple imputation, as
   * Amelia's EMB. `false`: every draw uses the fitted parameters (faster; the spread between
   * imputations then understates the uncertainty of estimates made from them).
   */
  bootstrap?: boolean;
}

/**
 * Covariance-shaped input: full `K × D × D`, tied `D × D`, diag `K × D`, spherical `K`.
 *
 * @example
 * ```ts
 * import type { CovarianceInit } from '@em/gaussian';
 * const spherical: CovarianceInit = [1, 2];
 * const diag: CovarianceInit = [[1, 1], [2, 2]];
 * ```
 */
export type CovarianceInit =
  | readonly number[]
  | Float64Array
  | readonly (readonly number[])[]
  | readonly (readonly (readonly number[])[])[];

/**
 * Mixture parameters in the flat row-major layout used internally: scikit-learn's arrays,
 * flattened (full K × D × D, tied D × D, diag K × D, spherical K). This is what `onIteration`
 * receives as `params`, and what `GaussianMixture.params` returns.
 *
 * @example
 * ```ts
 * import type { MixtureParams } from '@em/gaussian';
 * const log = (params: MixtureParams) => console.log(params.weights);
 * ```
 */
export interface MixtureParams {
  /** How the covariances are parametrised (fixes the layout of `covariances`). */
  covarianceType: CovarianceType;
  /** Number of components K. */
  nComponents: number;
  /** Number of features D. */
  nFeatures: number;
  /** Length K. */
  weights: Float64Array;
  /** K × D row-major. */
  means: Float64Array;
  /** Covariances in the flat layout of the covariance type, or `undefined` when only precisions are known. */
  covariances: Float64Array | undefined;
  /** Precision Cholesky factors in the flat layout of the covariance type. */
  precisionsCholesky: Float64Array;
  /**
   * The noise component, for models fitted with `noise`: its proportion (the Gaussian `weights` sum
   * to 1 minus it) and the volume of its uniform density.
   */
  noise?: NoiseParams;
}

/**
 * The noise component of a {@link MixtureParams}: uniform density `1 / volume`, with weight `weight`.
 *
 * @example
 * ```ts
 * import type { NoiseParams } from '@em/gaussian';
 * const noise: NoiseParams = { weight: 0.1, volume: 42 };
 * ```
 */
export interface NoiseParams {
  /** Proportion of the noise component (mclust's last `pro`). */
  weight: number;
  /** Volume of its uniform density (mclust's `1 / Vinv`). */
  volume: number;
}

/**
 * What {@link GaussianMixture.fitSteps} yields after the initialisation (iteration 0) and after
 * every EM iteration.
 *
 * @example
 * ```ts
 * import type { FitStep } from '@em/gaussian';
 * const label = (step: FitStep) => `iteration ${step.iteration}: lower bound ${step.lowerBound.toFixed(4)}`;
 * label({ iteration: 3, lowerBound: -1.216206, change: 1e-4, nEStep: 3, elapsedMs: 2, converged: true }); // 'iteration 3: lower bound -1.2162'
 * ```
 */
export interface FitStep {
  /** 0 for the initial parameters, then 1, 2, … */
  iteration: number;
  /**
   * Mean log-likelihood per sample of the parameters the iteration started from (scikit-learn's
   * `lower_bound_`); −∞ at iteration 0 (or the previous fit's, with `warmStart`).
   */
  lowerBound: number;
  /** Change of `lowerBound` from the previous iteration (NaN at iteration 0). */
  change: number;
  /** E-steps so far (more than `iteration` with SQUAREM). */
  nEStep: number;
  /** Milliseconds since the first iteration started. */
  elapsedMs: number;
  /** Whether this iteration met the convergence rule (`tol`): the fit ends with it. */
  converged: boolean;
}
