import type { CovarianceModel, GaussianMixtureJSON, InitParams, ModelScore } from '@em/gaussian';

/** Options shared by every fit of the grid (scikit-learn's names). */
export interface SharedFitOptions {
  initParams: InitParams;
  nInit: number;
  maxIter: number;
  tol: number;
  regCovar: number;
  randomState: number;
  /** `--missing em`: fit rows with missing values (absent otherwise). */
  missing?: 'em';
  /** `--prior default`: mclust's conjugate prior (absent otherwise). */
  prior?: 'default';
  /** `--noise`: the initial noise guess, one boolean per row (absent otherwise). */
  noise?: boolean[];
}

/** What the fitting worker receives: the data and the grid `selectModel` fits. */
export interface FitJob {
  data: Float64Array;
  rows: number;
  cols: number;
  nComponents: number[];
  covarianceTypes: CovarianceModel[];
  criterion: 'bic' | 'aic';
  options: SharedFitOptions;
  /** A one-element flag on a SharedArrayBuffer: set to 1 to stop after the current iteration. */
  stop: Int32Array;
}

/**
 * One cell of `selectModel`'s table, with what the command line needs besides: the model itself and
 * its iterations. `status` says whether it was fitted, failed, interrupted by Ctrl-C or not fitted.
 */
export interface FitOutcome extends Omit<ModelScore, 'logLikelihood'> {
  /** Total log-likelihood of the data (`score(X) × n`, as mclust prints it), not the mean. */
  logLikelihood: number | null;
  /** The fitted model, or null when the fit failed or was not run. */
  model: GaussianMixtureJSON | null;
  nIter: number;
}

/** The grid's outcome: every cell, and the one `selectModel` chose, if it could choose one. */
export interface FitResult {
  outcomes: FitOutcome[];
  /** Index of `selectModel`'s best model in `outcomes`. */
  best: number | undefined;
  /** When there is no best: the `ModelSelectionError`'s reason and message. */
  failure: { reason: 'failed' | 'collapsed' | 'aborted'; message: string } | undefined;
}

/** A typed error thrown inside the worker, sent back to be reported as the user's problem. */
export interface WorkerFailure {
  name: string;
  message: string;
  stack: string | undefined;
  /** An `EMError` code when it was one (bad option or input), else undefined (a bug). */
  code: string | undefined;
}

export type WorkerMessage =
  | { type: 'start'; index: number; total: number; covarianceType: CovarianceModel; nComponents: number }
  | { type: 'iteration'; run: number; iteration: number; logLikelihood: number }
  | { type: 'end'; result: FitResult }
  | { type: 'failed'; failure: WorkerFailure };
