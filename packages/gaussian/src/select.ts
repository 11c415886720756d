import { InvalidOptionError, NumericalError, yieldToEventLoop } from '@em/core';
import type { DataInput, FlatMatrix } from '@em/core/numeric';
import { createRandom } from '@em/sampling';
import { type Collapse, certainlyNotCollapsed, findCollapse } from './collapse.js';
import { GaussianMixture } from './gaussian-mixture.js';
import { hierarchicalClustering } from './mclust/hc.js';
import { hierarchicalClasses } from './mclust/hclass.js';
import { isMclustModel } from './mclust/models.js';
import { markedCount, onUnmarkedRows } from './mclust/noise/select.js';
import { readData } from './missing/read.js';
import { COVARIANCE_TYPES } from './options.js';
import { fitOnWorker, shareRows, spreadOverWorkers, workerFitOptions } from './parallel/fits.js';
import type { WorkerPool } from './parallel/pool.js';
import { lendPool } from './parallel/shared-pools.js';
import { ModelSelectionError } from './select-error.js';
import type { CovarianceModel, GaussianMixtureOptions } from './types.js';

/**
 * Options of {@link selectModel}: the grid, the criterion, and the options shared by every fit.
 *
 * @example
 * ```ts
 * import type { SelectModelOptions } from '@em/gaussian';
 * const options: SelectModelOptions = { nComponents: [1, 2, 3], covarianceTypes: ['full', 'diag'], criterion: 'bic', randomState: 0 };
 * ```
 */
export interface SelectModelOptions
  extends Omit<
    GaussianMixtureOptions,
    | 'nComponents'
    | 'covarianceType'
    | 'weightsInit'
    | 'meansInit'
    | 'precisionsInit'
    | 'covariancesInit'
    | 'warmStart'
    | 'initialClasses'
  > {
  /** Numbers of components to try. Default `[1, 2, …, 9]`. */
  nComponents?: readonly number[];
  /**
   * Covariance types to try: scikit-learn's names and/or mclust's models (`MCLUST_MODELS` for all
   * 14). Default scikit-learn's four.
   */
  covarianceTypes?: readonly CovarianceModel[];
  /**
   * Criterion to minimise. Default `'bic'`. `'icl'` is mclust's integrated complete-data likelihood
   * (`mclustICL`): BIC plus twice the entropy of the hard classification, −2 Σ_i log max_k z_ik.
   */
  criterion?: 'bic' | 'aic' | 'icl';
  /**
   * The partition each K starts from (labels 0 … K − 1, one per row), as `initialClasses` of
   * {@link GaussianMixture}; return undefined to use `initParams` for that K. E.g. mclust's
   * `hclass(hc(X), 1:9)` columns, minus 1. With `initParams: 'hc'` (the default when every
   * covariance type is one of mclust's) it defaults to the cuts of one hierarchical agglomeration
   * of the data (`hcModel`, `hcUse`), computed once for the grid, as `mclustBIC` does.
   */
  initialClasses?: (nComponents: number) => ArrayLike<number> | undefined;
  /** Keep every fitted model in the result (`models`). Default false (only the best is kept). */
  keepModels?: boolean;
  /**
   * Let collapsed fits (see {@link ModelScore.collapsed}) be chosen as `best`. Default false: like
   * mclust's NA, they are tabulated but never chosen.
   */
  includeCollapsed?: boolean;
  /**
   * Called before each model is fitted, e.g. to label a progress bar that `onIteration` advances.
   */
  onModelStart?: (info: ModelStart) => void;
  /**
   * Called after each model of the grid is fitted (or failed, or was interrupted), in table order.
   * Return `false` to stop the grid: the remaining cells are reported as not fitted.
   */
  onModel?: (info: ModelProgress) => boolean | undefined | void;
}

/**
 * What {@link SelectModelOptions.onModelStart} receives: which cell of the grid starts.
 *
 * @example
 * ```ts
 * import type { ModelStart } from '@em/gaussian';
 * const label = ({ index, total, covarianceType, nComponents }: ModelStart) =>
 *   `model ${index + 1}/${total}: ${covarianceType} K=${nComponents}`;
 * ```
 */
export interface ModelStart {
  /** Position of the cell in `table` (0-based). */
  index: number;
  /** Number of cells in the grid. */
  total: number;
  /** Covariance type of the cell. */
  covarianceType: CovarianceModel;
  /** Number of components of the cell. */
  nComponents: number;
}

/**
 * What {@link SelectModelOptions.onModel} receives after each cell of the grid.
 *
 * @example
 * ```ts
 * import { selectModel } from '@em/gaussian';
 * selectModel([0, 0.3, 0.6, 8, 8.3, 8.6], {
 *   nComponents: [1, 2],
 *   randomState: 0,
 *   onModel: ({ index, total, score }) => console.log(`${index + 1}/${total}`, score.status, score.bic),
 * });
 * ```
 */
export interface ModelProgress extends ModelStart {
  /** The cell's row of the table. */
  score: ModelScore;
  /** The fitted model (`undefined` when the fit failed). */
  model: GaussianMixture | undefined;
}

/**
 * What happened to a cell of the grid:
 * - `'fitted'`: fitted to the end (converged or `maxIter`); may still be `collapsed`.
 * - `'failed'`: could not be fitted (a singular covariance, fewer samples than components); `error` says why.
 * - `'interrupted'`: the `signal` aborted, or `onIteration` returned false, during its fit; its
 *   numbers are those of the partial fit (none when it stopped before its first iteration).
 * - `'notFitted'`: not attempted, because the grid was stopped before it.
 *
 * Only `'fitted'` cells can be `best`.
 *
 * @example
 * ```ts
 * import type { ModelStatus } from '@em/gaussian';
 * const usable = (status: ModelStatus) => status === 'fitted';
 * ```
 */
export type ModelStatus = 'fitted' | 'failed' | 'interrupted' | 'notFitted';

/**
 * One cell of the selection table. Criteria are `null` when the cell has no fit (failed or not
 * fitted, shown as NA in mclust). A collapsed fit keeps its criteria but is not chosen as `best`
 * unless `includeCollapsed` is set.
 *
 * @example
 * ```ts
 * import type { ModelScore } from '@em/gaussian';
 * const show = (row: ModelScore) =>
 *   `${row.covarianceType} K=${row.nComponents}: ${row.collapsed ? 'collapsed' : (row.bic ?? 'NA')}`;
 * ```
 */
export interface ModelScore {
  /** Covariance type of this cell. */
  covarianceType: CovarianceModel;
  /** Number of components of this cell. */
  nComponents: number;
  /** What happened to this cell. */
  status: ModelStatus;
  /** Bayesian information criterion on the data (lower is better). */
  bic: number | null;
  /** Akaike information criterion on the data (lower is better). */
  aic: number | null;
  /** mclust's ICL with scikit-learn's sign: `bic − 2 Σ_i log max_k z_ik` (lower is better). */
  icl: number | null;
  /** Mean log-likelihood per sample (`score(X)`). */
  logLikelihood: number | null;
  /** Free parameters of the model. */
  nParameters: number | null;
  /** Whether the fit converged (false unless `status` is `'fitted'`). */
  converged: boolean;
  /**
   * Whether a component collapsed: the smallest eigenvalue of its covariance is at most
   * 10 × `regCovar`, i.e. it sits on repeated values or on a line (see {@link findCollapse}).
   * Its likelihood then depends on `regCovar` rather than on the data, so the criterion is
   * meaningless; mclust reports such fits as NA.
   */
  collapsed: boolean;
  /** Which component collapsed and how, when `collapsed`. */
  collapse?: Collapse;
  /** Why the fit failed, when it did. */
  error?: string;
}

/**
 * The result of {@link selectModel}.
 *
 * @example
 * ```ts
 * import { selectModel } from '@em/gaussian';
 * const selection = selectModel([0, 0.3, 0.6, 8, 8.3, 8.6], { nComponents: [1, 2], randomState: 0 });
 * selection.values.full.length; // 2: the BIC for K = 1 and for K = 2
 * ```
 */
export interface ModelSelection {
  /** The criterion that chose `best`. */
  criterion: 'bic' | 'aic' | 'icl';
  /** The numbers of components tried, in order. */
  nComponents: number[];
  /** The covariance types tried, in order. */
  covarianceTypes: CovarianceModel[];
  /** Every covariance type × number of components, type by type. */
  table: ModelScore[];
  /**
   * mclust's table: the criterion for each covariance type, aligned with `nComponents` (`null`
   * where `table` has none; collapsed cells keep theirs, check `table[i].collapsed`).
   */
  values: Record<CovarianceModel, (number | null)[]>;
  /**
   * The same table with mclust's sign (`mclustBIC`'s 2 log L − p log n, higher is better): `values`
   * negated, `null` where mclust shows NA.
   */
  mclustValues: Record<CovarianceModel, (number | null)[]>;
  /**
   * The best cells, best first (at most three, as mclust's `summary(mclustBIC(…))`), with the
   * criterion in both signs.
   */
  top: { covarianceType: CovarianceModel; nComponents: number; value: number; mclustValue: number }[];
  /**
   * The fitted, non-collapsed (unless `includeCollapsed`) model with the lowest criterion (ties:
   * the earlier in the table, i.e. the simpler K). `index` is its position in `table`.
   */
  best: {
    covarianceType: CovarianceModel;
    nComponents: number;
    value: number;
    index: number;
    model: GaussianMixture;
  };
  /** Every fitted model, aligned with `table` (`undefined` for failed fits), with `keepModels`. */
  models?: (GaussianMixture | undefined)[];
  /** True when the grid was stopped (`signal` or `onModel`) before every cell was fitted. */
  stopped: boolean;
}

/**
 * Fits a Gaussian mixture for every covariance type × number of components and tabulates BIC and
 * AIC, like mclust's `mclustBIC` but with scikit-learn's sign convention (lower is better).
 *
 * A cell that cannot be fitted is reported (`status: 'failed'`, `error`) and the grid goes on;
 * a fit in which a component collapsed onto repeated values is reported (`collapsed: true`) but
 * not chosen. An aborted `signal`, or `onModel` returning false, stops the grid after the current
 * model. Throws a {@link ModelSelectionError} (with the table) only when no cell can be `best`.
 *
 * @example
 * ```ts
 * import { selectModel } from '@em/gaussian';
 * // Two tight groups of ten points, around (0, 0) and (5, 5).
 * const X = [[0, 0.5], [5.42, 4.94], [0.45, -0.48], [5.07, 5.19], [-0.38, 0.43], [4.52, 4.7], [-0.14, -0.36], [5.33, 5.39], [0.49, 0.26], [5.21, 4.54],
 *   [-0.27, -0.14], [4.5, 5.49], [-0.27, 0.01], [5.21, 4.5], [0.5, 0.12], [5.33, 5.47], [-0.14, -0.24], [4.52, 4.59], [-0.38, 0.34], [5.07, 5.32]];
 * const { best, table } = selectModel(X, { nComponents: [1, 2, 3], criterion: 'bic', randomState: 0 });
 * best.nComponents;    // 2
 * best.covarianceType; // 'spherical'
 * best.model.predict([[0, 0]]);
 * ```
 */
export function selectModel(X: DataInput, options: SelectModelOptions = {}): ModelSelection {
  if (options.workers !== undefined) {
    throw new InvalidOptionError(
      'workers',
      'undefined with selectModel (worker threads answer asynchronously)',
      options.workers,
      'call selectModelAsync instead',
    );
  }
  const grid = new Grid(X, options);
  for (let index = 0; index < grid.total && grid.shouldContinue(); index++) {
    const model = grid.start(index);
    if (model) {
      try {
        model.fit(grid.data);
      } catch (error) {
        grid.fail(index, error);
        continue;
      }
    }
    grid.finish(index, model);
  }
  return grid.result();
}

/**
 * {@link selectModel} that yields to the event loop between models, so an `AbortSignal` fired by a
 * timer, a message or a UI button stops the grid. With the `workers` option the cells are fitted
 * side by side, one per worker thread at a time (each exactly as `fit` would, then scored here), and
 * reported to `onModel` in table order; with `onIteration` as well, one after another with each
 * E-step on the workers. Either way the table and `best` are `selectModel`'s.
 *
 * @example
 * ```ts
 * import { selectModelAsync } from '@em/gaussian';
 * const controller = new AbortController(); // controller.abort() from a Stop button stops the grid
 * const selection = await selectModelAsync([0, 0.3, 0.6, 8, 8.3, 8.6], {
 *   nComponents: [1, 2, 3],
 *   randomState: 0,
 *   signal: controller.signal,
 *   onModel: ({ index, total }) => console.log(`${index + 1}/${total} models fitted`),
 * });
 * selection.best.nComponents; // 2
 * ```
 */
export async function selectModelAsync(
  X: DataInput,
  options: SelectModelOptions = {},
): Promise<ModelSelection> {
  const grid = new Grid(X, options);
  // Cells are independent fits: side by side on the workers, unless onIteration must see every
  // iteration (then one after another, each E-step spread over the workers).
  if (options.workers !== undefined && options.onIteration === undefined)
    return cellsOnWorkers(grid, options.workers);
  for (let index = 0; index < grid.total; index++) {
    await yieldToEventLoop();
    if (!grid.shouldContinue()) break;
    const model = grid.start(index);
    if (model) {
      try {
        await model.fitAsync(grid.data);
      } catch (error) {
        grid.fail(index, error);
        continue;
      }
    }
    grid.finish(index, model);
  }
  return grid.result();
}

/**
 * The cells of the grid fitted side by side, one per worker at a time, in table order; each is
 * fitted by a worker exactly as `fit` would here, and scored here. Cells are reported (`onModel`)
 * and chosen from in table order, whichever finished first, so the table and `best` are
 * `selectModel`'s. A stop (`onModel` returning false, an aborted `signal`) starts no more cells;
 * cells after the one that stopped the grid stay `'notFitted'`, as in `selectModel`.
 */
async function cellsOnWorkers(grid: Grid, workers: number | WorkerPool): Promise<ModelSelection> {
  const { pool, giveBack } = await lendPool(workers, grid.total);
  try {
    const threads = await pool.endpoints(grid.total);
    const rows = shareRows(grid.data);
    type Outcome = { model: GaussianMixture | undefined } | { error: unknown };
    const outcomes: (Outcome | undefined)[] = new Array(grid.total).fill(undefined);
    let reported = 0;
    // Reports the finished cells that are next in table order.
    const flush = () => {
      for (let outcome = outcomes[reported]; outcome; outcome = outcomes[reported]) {
        const index = reported++;
        if (!grid.shouldContinue()) continue;
        if ('error' in outcome) grid.fail(index, outcome.error);
        else grid.finish(index, outcome.model);
      }
    };
    await spreadOverWorkers(
      threads,
      grid.total,
      async (worker, index) => {
        const model = grid.start(index);
        try {
          const state = model && (await fitOnWorker(worker, rows, workerFitOptions(model.options)));
          outcomes[index] = { model: state ? model.adoptFittedState(state) : undefined };
        } catch (error) {
          outcomes[index] = { error };
        }
        flush();
      },
      () => grid.shouldContinue(),
    );
  } finally {
    await giveBack();
  }
  return grid.result();
}

/** The bookkeeping shared by `selectModel` and `selectModelAsync`: validation, rows, best, stop. */
class Grid {
  readonly data: FlatMatrix;
  readonly total: number;
  private readonly criterion: 'bic' | 'aic' | 'icl';
  private readonly ks: number[];
  private readonly types: CovarianceModel[];
  private readonly cells: { covarianceType: CovarianceModel; nComponents: number }[];
  private readonly table: ModelScore[];
  private readonly models: (GaussianMixture | undefined)[];
  private readonly options: SelectModelOptions;
  private readonly shared: Omit<GaussianMixtureOptions, 'nComponents' | 'covarianceType'>;
  private best: ModelSelection['best'] | undefined;
  private readonly initialClasses: SelectModelOptions['initialClasses'];
  private stopped = false;
  /** Set when the user's `onIteration` stopped the current fit. */
  private fitStopped = false;

  constructor(X: DataInput, options: SelectModelOptions) {
    const {
      nComponents: ks,
      covarianceTypes,
      criterion = 'bic',
      keepModels,
      includeCollapsed,
      onModel,
      onModelStart,
      initialClasses,
      ...shared
    } = options;
    this.ks = [...(ks ?? [1, 2, 3, 4, 5, 6, 7, 8, 9])];
    this.types = [...(covarianceTypes ?? COVARIANCE_TYPES)];
    if (this.ks.length === 0)
      throw new InvalidOptionError('nComponents', 'a non-empty array of integers >= 1', ks);
    if (this.types.length === 0)
      throw new InvalidOptionError('covarianceTypes', 'a non-empty array', covarianceTypes);
    if (criterion !== 'bic' && criterion !== 'aic' && criterion !== 'icl')
      throw new InvalidOptionError('criterion', "'bic', 'aic' or 'icl'", criterion);
    for (const [name, value] of Object.entries({ onModel, onModelStart, initialClasses })) {
      if (value !== undefined && typeof value !== 'function')
        throw new InvalidOptionError(name, 'a function', value);
    }
    // Validates every option up front, so a typo fails before any fitting. Only nComponents's own
    // check depends on K, so the first type with every K, then every type with the first K, throw
    // what the whole grid would, first error first.
    for (const k of this.ks)
      new GaussianMixture({ ...shared, nComponents: k, covarianceType: this.types[0]! });
    for (const covarianceType of this.types.slice(1))
      new GaussianMixture({ ...shared, nComponents: this.ks[0]!, covarianceType });
    this.data = readData(X, shared.missing === 'em');
    // mclust's selection: one hierarchical tree, cut at every K (the default for mclust's models).
    if (shared.initParams === undefined && this.types.every(isMclustModel)) shared.initParams = 'hc';
    this.initialClasses =
      initialClasses ?? (shared.initParams === 'hc' ? hcPartitions(this.data, shared) : undefined);
    this.criterion = criterion;
    this.options = options;
    const userCallback = shared.onIteration;
    this.shared = {
      ...shared,
      onIteration: (info) => {
        if (userCallback?.(info) !== false) return true;
        this.fitStopped = true;
        return false;
      },
    };
    this.cells = this.types.flatMap((covarianceType) =>
      this.ks.map((nComponents) => ({ covarianceType, nComponents })),
    );
    this.total = this.cells.length;
    this.table = this.cells.map((cell) => ({
      ...cell,
      status: 'notFitted',
      bic: null,
      aic: null,
      icl: null,
      logLikelihood: null,
      nParameters: null,
      converged: false,
      collapsed: false,
    }));
    this.models = this.cells.map(() => undefined);
  }

  shouldContinue(): boolean {
    if (this.options.signal?.aborted) this.stopped = true;
    return !this.stopped;
  }

  /** Announces the cell; returns the model to fit, or undefined when it cannot be fitted at all. */
  start(index: number): GaussianMixture | undefined {
    const cell = this.cells[index]!;
    this.options.onModelStart?.({ index, total: this.total, ...cell });
    this.fitStopped = false;
    // With a noise guess, the components start from the unmarked rows only.
    const rows = this.data.rows - markedCount(this.options.noise);
    if (rows < cell.nComponents) {
      const row = this.table[index]!;
      row.status = 'failed';
      row.error = `fewer samples (${rows}${rows < this.data.rows ? ' not marked as noise' : ''}) than components (${cell.nComponents})`;
      return undefined;
    }
    const classes = this.initialClasses?.(cell.nComponents);
    return new GaussianMixture({
      ...this.shared,
      ...cell,
      ...(classes === undefined ? {} : { initialClasses: classes }),
    });
  }

  /** A numerical failure is the cell's result (mclust's NA); any other error is a bug or bad input. */
  fail(index: number, error: unknown): void {
    if (!(error instanceof NumericalError)) throw error;
    const row = this.table[index]!;
    row.status = 'failed';
    row.error = error.message;
    this.report(index, undefined);
  }

  finish(index: number, model: GaussianMixture | undefined): void {
    // A fit aborted before its first iteration learned nothing: interrupted, with nothing to score.
    if (model && !model.isFitted) this.table[index]!.status = 'interrupted';
    else if (model) this.score(index, model);
    this.report(index, model?.isFitted ? model : undefined);
  }

  private score(index: number, model: GaussianMixture): void {
    const row = this.table[index]!;
    const n = this.data.rows;
    const { score: logLikelihood, uncertainty } = model.scoreAndUncertainty(this.data);
    const nParameters = model.nParameters();
    // An abort is only seen between iterations, so a fit that ends with the signal aborted was cut short.
    const interrupted = this.fitStopped || this.options.signal?.aborted === true;
    // The eigenvalues only where a cheap test cannot rule a collapse out (most cells of a grid).
    const { regCovar } = model.options;
    const collapse = certainlyNotCollapsed(model.fittedState!.params, regCovar)
      ? undefined
      : findCollapse(model.covarianceType, model.covariances, model.nFeatures, regCovar);
    const bic = -2 * logLikelihood * n + nParameters * Math.log(n);
    Object.assign(row, {
      status: interrupted ? 'interrupted' : 'fitted',
      logLikelihood,
      nParameters,
      bic,
      icl: bic - 2 * classificationLogLikelihood(uncertainty),
      aic: -2 * logLikelihood * n + 2 * nParameters,
      converged: model.converged && !interrupted,
      collapsed: collapse !== undefined,
    } satisfies Partial<ModelScore>);
    if (collapse) row.collapse = collapse;
    const value = row[this.criterion]!;
    const eligible = !interrupted && (!collapse || this.options.includeCollapsed === true);
    if (eligible && (this.best === undefined || value < this.best.value)) {
      this.best = { ...this.cells[index]!, value, index, model };
    }
  }

  private report(index: number, model: GaussianMixture | undefined): void {
    if (this.options.keepModels) this.models[index] = model;
    const answer = this.options.onModel?.({
      index,
      total: this.total,
      ...this.cells[index]!,
      score: this.table[index]!,
      model,
    });
    if (answer === false) this.stopped = true;
  }

  result(): ModelSelection {
    this.shouldContinue();
    if (!this.best) {
      const reason = this.table.some((row) => row.status === 'fitted')
        ? 'collapsed'
        : this.stopped || this.table.some((row) => row.status === 'interrupted')
          ? 'aborted'
          : 'failed';
      throw new ModelSelectionError(reason, this.table, this.options.keepModels ? this.models : undefined);
    }
    const values = {} as ModelSelection['values'];
    const mclustValues = {} as ModelSelection['mclustValues'];
    for (const covarianceType of this.types) {
      values[covarianceType] = [];
      mclustValues[covarianceType] = [];
    }
    for (const row of this.table) {
      const value = row[this.criterion];
      values[row.covarianceType]!.push(value);
      mclustValues[row.covarianceType]!.push(value === null ? null : -value);
    }
    const top = this.table
      .filter((row) => row.status === 'fitted' && (!row.collapsed || this.options.includeCollapsed === true))
      .sort((a, b) => a[this.criterion]! - b[this.criterion]!)
      .slice(0, 3)
      .map(({ covarianceType, nComponents, ...row }) => {
        const value = row[this.criterion]!;
        return { covarianceType, nComponents, value, mclustValue: -value };
      });
    const result: ModelSelection = {
      criterion: this.criterion,
      nComponents: this.ks,
      covarianceTypes: this.types,
      table: this.table,
      values,
      mclustValues,
      top,
      best: this.best,
      stopped: this.stopped && this.table.some((row) => row.status !== 'fitted' && row.status !== 'failed'),
    };
    if (this.options.keepModels) result.models = this.models;
    return result;
  }
}

/** Σ_i log max_k z_ik from the uncertainties 1 − max_k z_ik (the classification part of ICL). */
function classificationLogLikelihood(uncertainty: Float64Array): number {
  let total = 0;
  for (let i = 0; i < uncertainty.length; i++) total += Math.log(1 - uncertainty[i]!);
  return total;
}

/** The K-cluster cuts of one hierarchical agglomeration of the data (mclust's `hclass(hc(X), K)`). */
function hcPartitions(
  data: FlatMatrix,
  options: Pick<SelectModelOptions, 'hcModel' | 'hcUse' | 'randomState' | 'noise'>,
): (k: number) => Int32Array | undefined {
  if (options.noise !== undefined) {
    const { noise, ...rest } = options;
    return onUnmarkedRows(data, noise, (clean) => hcPartitions(clean, rest));
  }
  const { rows: n, cols: p } = data;
  const model = options.hcModel ?? (p === 1 ? 'V' : n > p ? 'VVV' : 'EII');
  const random = createRandom(options.randomState ?? 0).random;
  const tree = hierarchicalClustering(data, { model, use: options.hcUse ?? 'SVD', random });
  const smallest = n - tree.merges.length;
  // Every model of the grid starts from the same cut for a K: cut once (the fits only read it).
  const cuts = new Map<number, Int32Array>();
  return (k) => {
    if (!(k >= smallest && k <= n)) return undefined;
    let cut = cuts.get(k);
    if (cut === undefined) {
      cut = hierarchicalClasses(tree, k);
      cuts.set(k, cut);
    }
    return cut;
  };
}
