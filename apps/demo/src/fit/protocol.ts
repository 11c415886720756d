import type { CovarianceModel, CovarianceType, InitParams, ModelScore } from '@em/gaussian';

/** A matrix crossing the worker boundary (its buffer is copied, never shared). */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** What the pages let people choose; everything else is @em/gaussian's default. */
export interface FitSettings {
  nComponents: number;
  /** scikit-learn's four names or any of mclust's 14 models. */
  covarianceType: CovarianceModel;
  initParams: InitParams;
  randomState: number;
  maxIter: number;
  tol: number;
  /** `'em'` fits rows with missing cells (NaN) by EM; default: every value must be present. */
  missing?: 'error' | 'em';
}

/** A model as plain data in scikit-learn's shapes: what @em/plot draws and the tables show. */
export interface ModelView {
  covarianceType: CovarianceType;
  weights: number[];
  means: number[][];
  covariances: number[] | number[][] | number[][][];
}

/** The state after one EM iteration. */
export interface Snapshot {
  /** Iterations done (0 = the initial parameters). */
  iteration: number;
  /** Mean log-likelihood per sample reported by the last E-step (scikit-learn's lower_bound_). */
  lowerBound: number;
  model: ModelView;
}

/** Per-point results, sent when the page asks for them (they cost N × K work). */
export interface PointResults {
  labels: Int32Array;
  /** Posterior probability of the predicted component: 1 − uncertainty. */
  confidence: Float64Array;
}

/** @em/gaussian's model-selection result as plain data: the table without the fitted models. */
export interface SelectionTable {
  nComponents: number[];
  covarianceTypes: CovarianceModel[];
  /** Every covariance type × number of components, type by type, with its status and BIC. */
  table: ModelScore[];
  /** The fitted, non-collapsed model with the lowest BIC; undefined when no cell can be best. */
  best: { covarianceType: CovarianceModel; nComponents: number; value: number } | undefined;
  /** True when Stop ended the grid before every cell was fitted. */
  stopped: boolean;
  /** Why there is no best (a ModelSelectionError's message), when there is none. */
  failure?: string;
}

/** Progress of a model selection: a cell starts (`score` absent) or ends (`score` is its row). */
export interface SelectProgress {
  /** Position of the cell in the grid (0-based). */
  index: number;
  total: number;
  covarianceType: CovarianceModel;
  nComponents: number;
  score?: ModelScore;
}

export type Request =
  /** Initialises a fit: @em/gaussian's initialisation, or `from` a model (to continue after the data changed). */
  | { type: 'start'; X: Matrix; settings: FitSettings; from?: ModelView }
  /**
   * Runs up to `steps` iterations (stopping early on convergence or Stop), `pauseMs` apart; with
   * `points`, the final reply carries every point's label.
   */
  | { type: 'run'; steps: number; pauseMs: number; points: boolean }
  /** A new user action begins: forget a Stop meant for the previous one. */
  | { type: 'begin' }
  | { type: 'stop' }
  | {
      type: 'select';
      X: Matrix;
      nComponents: number[];
      covarianceTypes: CovarianceModel[];
      randomState: number;
      /** `'em'`: rows with missing cells (NaN) are fitted too. */
      missing?: 'em';
    }
  /** Sample data. Done here because multivariate sampling brings in ml-matrix, which the worker has anyway. */
  | { type: 'clusters'; clusters: number; perCluster: number; seed: number }
  | { type: 'example' };

export type Reply =
  | { type: 'progress'; snapshot: Snapshot }
  | {
      type: 'paused';
      snapshot: Snapshot;
      history: number[];
      converged: boolean;
      stopped: boolean;
      points?: PointResults;
      modelJson: string;
    }
  | { type: 'selectProgress'; progress: SelectProgress }
  | { type: 'selected'; table: SelectionTable }
  | { type: 'clusters'; points: Float64Array }
  | { type: 'example'; text: string }
  | { type: 'error'; message: string };
