import type { CovarianceType, GaussianMixtureJSON, InitParams } from '@em/gaussian';

/** One cell of the grid: a number of components and a covariance type. */
export interface GridCell {
  nComponents: number;
  covarianceType: CovarianceType;
}

/** Options shared by every fit of the grid (scikit-learn's names). */
export interface SharedFitOptions {
  initParams: InitParams;
  nInit: number;
  maxIter: number;
  tol: number;
  regCovar: number;
  randomState: number;
}

/** What the fitting worker receives. */
export interface FitJob {
  data: Float64Array;
  rows: number;
  cols: number;
  grid: GridCell[];
  options: SharedFitOptions;
  /** A one-element flag on a SharedArrayBuffer: set to 1 to stop after the current iteration. */
  stop: Int32Array;
}

/** How one fit of the grid ended. */
export interface FitOutcome extends GridCell {
  /** Not run at all: stopped before it started. */
  skipped: boolean;
  /** Stopped by Ctrl-C before converging. */
  interrupted: boolean;
  /** The fitted model, or null when the fit failed or was skipped. */
  model: GaussianMixtureJSON | null;
  /** Total log-likelihood of the data under the fitted parameters (`score(X) × n`). */
  logLikelihood: number | null;
  bic: number | null;
  aic: number | null;
  nParameters: number | null;
  converged: boolean;
  nIter: number;
  /** A component whose variance fell to the `regCovar` floor: it sits on repeated values. */
  collapsed: { component: number; feature: number; variance: number } | null;
  /** Why the fit failed (a numerical failure such as a singular covariance). */
  error: string | null;
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
  | { type: 'start'; index: number }
  | { type: 'iteration'; index: number; run: number; iteration: number; logLikelihood: number }
  | { type: 'done'; outcome: FitOutcome }
  | { type: 'failed'; failure: WorkerFailure }
  | { type: 'end' };
