import { InvalidOptionError, NumericalError } from '@em/core';
import { toFlatMatrix } from './data.js';
import { GaussianMixture } from './gaussian-mixture.js';
import { COVARIANCE_TYPES } from './options.js';
import type { CovarianceType, DataInput, GaussianMixtureOptions } from './types.js';

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
  > {
  /** Numbers of components to try. Default `[1, 2, …, 9]`. */
  nComponents?: readonly number[];
  /** Covariance types to try. Default all four. */
  covarianceTypes?: readonly CovarianceType[];
  /** Criterion to minimise. Default `'bic'`. */
  criterion?: 'bic' | 'aic';
  /** Keep every fitted model in the result (`models`). Default false (only the best is kept). */
  keepModels?: boolean;
}

/**
 * One cell of the selection table. Criteria are `null` when the fit failed (e.g. a singular
 * covariance, shown as NA in mclust) or there are fewer samples than components.
 *
 * @example
 * ```ts
 * import type { ModelScore } from '@em/gaussian';
 * const show = (row: ModelScore) => `${row.covarianceType} K=${row.nComponents}: ${row.bic ?? 'NA'}`;
 * ```
 */
export interface ModelScore {
  /** Covariance type of this cell. */
  covarianceType: CovarianceType;
  /** Number of components of this cell. */
  nComponents: number;
  /** Bayesian information criterion on the data (lower is better). */
  bic: number | null;
  /** Akaike information criterion on the data (lower is better). */
  aic: number | null;
  /** Mean log-likelihood per sample (`score(X)`). */
  logLikelihood: number | null;
  /** Free parameters of the model. */
  nParameters: number | null;
  /** Whether the fit converged. */
  converged: boolean;
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
 * selection.values.full; // [bic for K = 1, bic for K = 2]
 * ```
 */
export interface ModelSelection {
  /** The criterion that chose `best`. */
  criterion: 'bic' | 'aic';
  /** The numbers of components tried, in order. */
  nComponents: number[];
  /** The covariance types tried, in order. */
  covarianceTypes: CovarianceType[];
  /** Every covariance type × number of components, type by type. */
  table: ModelScore[];
  /** mclust's table: the criterion for each covariance type, aligned with `nComponents`. */
  values: Record<CovarianceType, (number | null)[]>;
  /** The model with the lowest criterion (ties: the earlier in the table, i.e. the simpler K). */
  best: { covarianceType: CovarianceType; nComponents: number; value: number; model: GaussianMixture };
  /** Every fitted model, aligned with `table` (`undefined` for failed fits), with `keepModels`. */
  models?: (GaussianMixture | undefined)[];
}

/**
 * Fits a Gaussian mixture for every covariance type × number of components and tabulates BIC and
 * AIC, like mclust's `mclustBIC` but with scikit-learn's sign convention (lower is better).
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
  const { nComponents: grid, covarianceTypes, criterion = 'bic', keepModels = false, ...shared } = options;
  const ks = [...(grid ?? [1, 2, 3, 4, 5, 6, 7, 8, 9])];
  const types = [...(covarianceTypes ?? COVARIANCE_TYPES)];
  if (ks.length === 0)
    throw new InvalidOptionError('nComponents', 'a non-empty array of integers >= 1', grid);
  if (types.length === 0)
    throw new InvalidOptionError('covarianceTypes', 'a non-empty array', covarianceTypes);
  if (criterion !== 'bic' && criterion !== 'aic')
    throw new InvalidOptionError('criterion', "'bic' or 'aic'", criterion);
  // Validates every option up front, so a typo fails before any fitting.
  for (const covarianceType of types)
    for (const k of ks) new GaussianMixture({ ...shared, nComponents: k, covarianceType });

  const data = toFlatMatrix(X);
  const table: ModelScore[] = [];
  const models: (GaussianMixture | undefined)[] = [];
  const values = {} as Record<CovarianceType, (number | null)[]>;
  let best: ModelSelection['best'] | undefined;
  for (const covarianceType of types) {
    values[covarianceType] = [];
    for (const k of ks) {
      const row: ModelScore = {
        covarianceType,
        nComponents: k,
        bic: null,
        aic: null,
        logLikelihood: null,
        nParameters: null,
        converged: false,
      };
      let model: GaussianMixture | undefined;
      if (data.rows < k) {
        row.error = `fewer samples (${data.rows}) than components`;
      } else {
        try {
          model = new GaussianMixture({ ...shared, nComponents: k, covarianceType }).fit(data);
          row.logLikelihood = model.score(data);
          row.nParameters = model.nParameters();
          row.bic = -2 * row.logLikelihood * data.rows + row.nParameters * Math.log(data.rows);
          row.aic = -2 * row.logLikelihood * data.rows + 2 * row.nParameters;
          row.converged = model.converged;
        } catch (error) {
          if (!(error instanceof NumericalError)) throw error;
          row.error = error.message;
          model = undefined;
        }
      }
      const value = row[criterion];
      values[covarianceType].push(value);
      if (value !== null && model && (best === undefined || value < best.value)) {
        best = { covarianceType, nComponents: k, value, model };
      }
      table.push(row);
      models.push(keepModels ? model : undefined);
    }
  }
  if (!best) {
    throw new NumericalError(
      'Every model of the grid failed to fit.',
      'Increase regCovar, try fewer components, or check the data for duplicated points.',
    );
  }
  const result: ModelSelection = { criterion, nComponents: ks, covarianceTypes: types, table, values, best };
  if (keepModels) result.models = models;
  return result;
}
