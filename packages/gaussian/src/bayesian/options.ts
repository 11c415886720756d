import type { IterationInfo } from '@em/core';
import { InvalidOptionError } from '@em/core';
import type { DataInput } from '@em/core/numeric';
import type { KernelMode } from '../kernels/specialized/types.js';
import { checkCommonOptions, integer, nonNegative, oneOf, rejectUnknownOptions } from '../option-checks.js';
import { COVARIANCE_TYPES, INIT_PARAMS } from '../options.js';
import type { CovarianceInit, CovarianceType, InitParams } from '../types.js';
import type { BayesianMixtureParams } from './variational.js';

/**
 * The prior on the mixing weights of a {@link BayesianGaussianMixture}, as in scikit-learn:
 * `'dirichlet_process'` (stick-breaking, the default: an infinite mixture truncated at
 * `nComponents`, which switches off unneeded components readily) or `'dirichlet_distribution'`
 * (a finite symmetric Dirichlet).
 *
 * @example
 * ```ts
 * import type { WeightConcentrationPriorType } from '@em/gaussian';
 * const prior: WeightConcentrationPriorType = 'dirichlet_distribution';
 * ```
 */
export type WeightConcentrationPriorType = 'dirichlet_process' | 'dirichlet_distribution';

export const WEIGHT_CONCENTRATION_PRIOR_TYPES: readonly WeightConcentrationPriorType[] = [
  'dirichlet_process',
  'dirichlet_distribution',
];

/**
 * Options of {@link BayesianGaussianMixture}: scikit-learn's parameters, camelCased, with the same
 * defaults. A prior left unset is derived from the data at each `fit`, as scikit-learn does.
 *
 * @example
 * ```ts
 * import { BayesianGaussianMixture, type BayesianGaussianMixtureOptions } from '@em/gaussian';
 * const options: BayesianGaussianMixtureOptions = {
 *   nComponents: 10,
 *   weightConcentrationPriorType: 'dirichlet_process',
 *   weightConcentrationPrior: 0.01,
 *   randomState: 0,
 * };
 * const bgm = new BayesianGaussianMixture(options);
 * ```
 */
export interface BayesianGaussianMixtureOptions {
  /** Upper bound on the number of components (unneeded ones get weights near 0). Default 1. */
  nComponents?: number;
  /** Covariance parametrisation. Default `'full'`. */
  covarianceType?: CovarianceType;
  /** Convergence threshold on the change of the lower bound (a total over samples, not a mean). Default 1e-3. */
  tol?: number;
  /** Non-negative regularisation added to the diagonal of the empirical covariances. Default 1e-6. */
  regCovar?: number;
  /** Number of variational EM iterations per run (0 keeps the initial parameters). Default 100. */
  maxIter?: number;
  /** Number of initialisations; the run with the highest lower bound is kept. Default 1. */
  nInit?: number;
  /** Initialisation of the responsibilities. Default `'kmeans'`. */
  initParams?: InitParams;
  /**
   * Initial responsibilities (nSamples × nComponents, non-negative): the first M-step starts from
   * them instead of from `initParams` (an addition to scikit-learn, whose `_initialize` takes the
   * same array; it makes a fit reproducible across implementations).
   */
  respInit?: DataInput;
  /** Type of the weights prior. Default `'dirichlet_process'`. */
  weightConcentrationPriorType?: WeightConcentrationPriorType;
  /** Concentration of the weights prior (γ), > 0. Default 1 / nComponents. */
  weightConcentrationPrior?: number;
  /** Precision prior on the means (β₀), > 0. Default 1. */
  meanPrecisionPrior?: number;
  /** Prior mean of the means (length nFeatures). Default: the mean of the data. */
  meanPrior?: readonly number[] | Float64Array;
  /** Degrees of freedom of the Wishart prior (ν₀), > nFeatures − 1. Default nFeatures. */
  degreesOfFreedomPrior?: number;
  /**
   * Prior on the covariances: full and tied a positive-definite nFeatures × nFeatures matrix, diag
   * nFeatures positive numbers, spherical one positive number. Default: the data's empirical
   * covariance (`np.cov`), its column variances, or their mean.
   */
  covariancePrior?: CovarianceInit | number;
  /** Seed of the random generator used for initialisation and `sample`. Default: none (a fresh seed each fit). */
  randomState?: number;
  /** Start `fit` from the previous fit's parameters (a single run). Default false. */
  warmStart?: boolean;
  /**
   * Called after every iteration (of every `nInit` run); return `false` to stop. Its
   * `logLikelihood` is the lower bound after the iteration's update, and `params` the update.
   */
  onIteration?: (info: IterationInfo<BayesianMixtureParams>) => boolean | undefined | void;
  /** Stops fitting between iterations. */
  signal?: AbortSignal;
  /** Which implementation of the E-step loops to use, as `GaussianMixture`'s `kernels`. Default `'auto'`. */
  kernels?: KernelMode;
  /**
   * Keep only the latest `historyLimit` lower bounds in `history` (an integer >= 1), so a fit with a
   * huge `maxIter` keeps bounded memory (@em/core's `historyLimit`); `nIter` still counts every
   * iteration and `lowerBound` is the last. Default: all of them.
   */
  historyLimit?: number;
}

/**
 * {@link BayesianGaussianMixtureOptions} after defaults are applied and validated, as exposed by
 * `BayesianGaussianMixture.options` (scikit-learn's `get_params()`).
 *
 * @example
 * ```ts
 * import { BayesianGaussianMixture, type ResolvedBayesianOptions } from '@em/gaussian';
 * const options: ResolvedBayesianOptions = new BayesianGaussianMixture().options;
 * options.weightConcentrationPriorType; // 'dirichlet_process'
 * ```
 */
export type ResolvedBayesianOptions = Required<
  Pick<
    BayesianGaussianMixtureOptions,
    | 'nComponents'
    | 'covarianceType'
    | 'tol'
    | 'regCovar'
    | 'maxIter'
    | 'nInit'
    | 'initParams'
    | 'weightConcentrationPriorType'
    | 'warmStart'
  >
> &
  Omit<
    BayesianGaussianMixtureOptions,
    | 'nComponents'
    | 'covarianceType'
    | 'tol'
    | 'regCovar'
    | 'maxIter'
    | 'nInit'
    | 'initParams'
    | 'weightConcentrationPriorType'
    | 'warmStart'
  >;

const KNOWN = new Set([
  'nComponents',
  'covarianceType',
  'tol',
  'regCovar',
  'maxIter',
  'nInit',
  'initParams',
  'respInit',
  'weightConcentrationPriorType',
  'weightConcentrationPrior',
  'meanPrecisionPrior',
  'meanPrior',
  'degreesOfFreedomPrior',
  'covariancePrior',
  'randomState',
  'warmStart',
  'onIteration',
  'signal',
  'kernels',
  'historyLimit',
]);

/** A finite number > 0 (scikit-learn's `Interval(Real, 0, None, closed="neither")`). */
export function positive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) {
    throw new InvalidOptionError(name, 'a finite number > 0', value);
  }
  return value;
}

/**
 * Applies scikit-learn's defaults and rejects invalid or unknown options (with a camelCase hint).
 * What depends on the data (the shapes of `meanPrior`, `covariancePrior` and `respInit`,
 * `degreesOfFreedomPrior > nFeatures − 1`) is checked by `fit`.
 */
export function resolveBayesianOptions(
  options: BayesianGaussianMixtureOptions = {},
): ResolvedBayesianOptions {
  rejectUnknownOptions(options, KNOWN);
  const o = options;
  if (o.weightConcentrationPrior !== undefined)
    positive('weightConcentrationPrior', o.weightConcentrationPrior);
  if (o.meanPrecisionPrior !== undefined) positive('meanPrecisionPrior', o.meanPrecisionPrior);
  if (o.degreesOfFreedomPrior !== undefined) positive('degreesOfFreedomPrior', o.degreesOfFreedomPrior);
  if (o.meanPrior !== undefined) {
    const ok = Array.isArray(o.meanPrior) || o.meanPrior instanceof Float64Array;
    if (!ok || o.meanPrior.length === 0) {
      throw new InvalidOptionError('meanPrior', 'an array of nFeatures finite numbers', o.meanPrior);
    }
    Array.from(o.meanPrior as ArrayLike<unknown>).forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new InvalidOptionError(`meanPrior[${j}]`, 'a finite number', v);
    });
  }
  if (o.covariancePrior !== undefined) {
    const c = o.covariancePrior;
    if (typeof c === 'number') positive('covariancePrior', c);
    else if (!(Array.isArray(c) || c instanceof Float64Array)) {
      throw new InvalidOptionError(
        'covariancePrior',
        'a positive number (spherical), an array (diag) or a matrix (full, tied)',
        c,
      );
    }
  }
  checkCommonOptions(o);
  if (o.historyLimit !== undefined) integer('historyLimit', o.historyLimit, 1);
  const covarianceType = oneOf('covarianceType', o.covarianceType ?? 'full', COVARIANCE_TYPES);
  if (typeof o.covariancePrior === 'number' && covarianceType !== 'spherical') {
    throw new InvalidOptionError(
      'covariancePrior',
      `${covarianceType === 'diag' ? 'an array of nFeatures positive numbers' : 'an nFeatures × nFeatures positive-definite matrix'} for covarianceType '${covarianceType}'`,
      o.covariancePrior,
    );
  }
  return {
    ...o,
    nComponents: integer('nComponents', o.nComponents ?? 1, 1),
    covarianceType,
    tol: nonNegative('tol', o.tol ?? 1e-3),
    regCovar: nonNegative('regCovar', o.regCovar ?? 1e-6),
    maxIter: integer('maxIter', o.maxIter ?? 100, 0),
    nInit: integer('nInit', o.nInit ?? 1, 1),
    initParams: oneOf('initParams', o.initParams ?? 'kmeans', INIT_PARAMS),
    weightConcentrationPriorType: oneOf(
      'weightConcentrationPriorType',
      o.weightConcentrationPriorType ?? 'dirichlet_process',
      WEIGHT_CONCENTRATION_PRIOR_TYPES,
    ),
    warmStart: o.warmStart ?? false,
  };
}
