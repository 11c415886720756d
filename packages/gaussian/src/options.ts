import { InvalidOptionError, validateEMOptions } from '@em/core';
import { checkCommonOptions, integer, nonNegative, oneOf, rejectUnknownOptions } from './option-checks.js';
import { WorkerPool } from './parallel/pool.js';
import type { CovarianceType, GaussianMixtureOptions, InitParams } from './types.js';

export const COVARIANCE_TYPES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
export const INIT_PARAMS: readonly InitParams[] = ['kmeans', 'k-means++', 'random', 'random_from_data'];

const KNOWN = new Set([
  'nComponents',
  'covarianceType',
  'tol',
  'regCovar',
  'maxIter',
  'nInit',
  'initParams',
  'weightsInit',
  'meansInit',
  'precisionsInit',
  'covariancesInit',
  'randomState',
  'warmStart',
  'onIteration',
  'signal',
  'kernels',
  'historyLimit',
  'workers',
  'acceleration',
  'missing',
]);

/**
 * {@link GaussianMixtureOptions} after defaults are applied and validated, as exposed by
 * `GaussianMixture.options` (scikit-learn's `get_params()`).
 *
 * @example
 * ```ts
 * import { GaussianMixture, type ResolvedMixtureOptions } from '@em/gaussian';
 * const options: ResolvedMixtureOptions = new GaussianMixture().options;
 * options.regCovar; // 1e-6
 * ```
 */
export type ResolvedMixtureOptions = Required<
  Pick<
    GaussianMixtureOptions,
    | 'nComponents'
    | 'covarianceType'
    | 'tol'
    | 'regCovar'
    | 'maxIter'
    | 'nInit'
    | 'initParams'
    | 'warmStart'
    | 'missing'
  >
> &
  Omit<
    GaussianMixtureOptions,
    | 'nComponents'
    | 'covarianceType'
    | 'tol'
    | 'regCovar'
    | 'maxIter'
    | 'nInit'
    | 'initParams'
    | 'warmStart'
    | 'missing'
  >;

/** Applies scikit-learn's defaults and rejects invalid or unknown options (with a camelCase hint). */
export function resolveMixtureOptions(options: GaussianMixtureOptions = {}): ResolvedMixtureOptions {
  rejectUnknownOptions(options, KNOWN);
  const o = options;
  if (o.precisionsInit !== undefined && o.covariancesInit !== undefined) {
    throw new InvalidOptionError(
      'covariancesInit',
      'undefined when precisionsInit is given (pass one of them)',
      o.covariancesInit,
    );
  }
  checkCommonOptions(o);
  if (o.historyLimit !== undefined) integer('historyLimit', o.historyLimit, 1);
  if (o.acceleration !== undefined) validateEMOptions({ acceleration: o.acceleration });
  if (o.workers !== undefined && !(o.workers instanceof WorkerPool)) integer('workers', o.workers, 1);
  return {
    ...o,
    nComponents: integer('nComponents', o.nComponents ?? 1, 1),
    covarianceType: oneOf('covarianceType', o.covarianceType ?? 'full', COVARIANCE_TYPES),
    tol: nonNegative('tol', o.tol ?? 1e-3),
    regCovar: nonNegative('regCovar', o.regCovar ?? 1e-6),
    maxIter: integer('maxIter', o.maxIter ?? 100, 0),
    nInit: integer('nInit', o.nInit ?? 1, 1),
    initParams: oneOf('initParams', o.initParams ?? 'kmeans', INIT_PARAMS),
    warmStart: o.warmStart ?? false,
    missing: oneOf('missing', o.missing ?? 'error', ['error', 'em'] as const),
  };
}
