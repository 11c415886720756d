import { InvalidOptionError, validateEMOptions } from '@em/core';
import { HC_MODELS } from './mclust/hc.js';
import { HC_USES } from './mclust/hc-transform.js';
import { isMclustModel, MCLUST_MODELS } from './mclust/models.js';
import { checkNoiseOptions } from './mclust/noise/options.js';
import { checkPriorOption } from './mclust/prior/option.js';
import { suggestName } from './mclust/suggest.js';
import { checkCommonOptions, integer, nonNegative, oneOf, rejectUnknownOptions } from './option-checks.js';
import { WorkerPool } from './parallel/pool.js';
import type { CovarianceModel, CovarianceType, GaussianMixtureOptions, InitParams } from './types.js';

export const COVARIANCE_TYPES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
/** Every accepted `covarianceType`: scikit-learn's four, then mclust's 14. */
export const COVARIANCE_MODELS: readonly CovarianceModel[] = [...COVARIANCE_TYPES, ...MCLUST_MODELS];
export const INIT_PARAMS: readonly InitParams[] = ['kmeans', 'k-means++', 'random', 'random_from_data', 'hc'];

const KNOWN = new Set([
  'nComponents',
  'covarianceType',
  'tol',
  'regCovar',
  'maxIter',
  'nInit',
  'initParams',
  'hcModel',
  'hcUse',
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
  'initialClasses',
  'prior',
  'noise',
  'noiseVolume',
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
 * [options.nComponents, options.covarianceType, options.tol, options.maxIter, options.nInit]; // [1, 'full', 1e-3, 100, 1]
 * [options.initParams, options.warmStart, options.missing]; // ['kmeans', false, 'error']
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
  if (o.hcModel !== undefined) oneOf('hcModel', o.hcModel, HC_MODELS);
  if (o.hcUse !== undefined) oneOf('hcUse', o.hcUse, HC_USES);
  if (o.acceleration !== undefined) validateEMOptions({ acceleration: o.acceleration });
  if (o.workers !== undefined && !(o.workers instanceof WorkerPool)) integer('workers', o.workers, 1);
  const covarianceType = readCovarianceModel('covarianceType', o.covarianceType ?? 'full');
  const mclust = isMclustModel(covarianceType);
  if (mclust && o.regCovar !== undefined && o.regCovar !== 0) {
    throw new InvalidOptionError(
      'regCovar',
      `0 or undefined with mclust's model '${covarianceType}' (mclust adds nothing to the covariances)`,
      o.regCovar,
    );
  }
  checkPriorOption(o.prior, covarianceType);
  if (o.noise !== undefined) checkNoiseOptions(o);
  else if (o.noiseVolume !== undefined)
    throw new InvalidOptionError('noiseVolume', 'undefined without noise', o.noiseVolume);
  // Both are mclust's, but their combination has no mclust reference to match here yet.
  if (o.noise !== undefined && o.prior !== undefined)
    throw new InvalidOptionError(
      'prior',
      'undefined when noise is set (a prior with a noise component is not supported)',
      o.prior,
    );
  if (o.initialClasses !== undefined && !isArrayLike(o.initialClasses))
    throw new InvalidOptionError('initialClasses', 'an array of class labels, one per row', o.initialClasses);
  return {
    ...o,
    nComponents: integer('nComponents', o.nComponents ?? 1, 1),
    covarianceType,
    // mclust's emControl(): tol 1e-5 on the relative change, no cap to speak of, nothing added.
    tol: nonNegative('tol', o.tol ?? (mclust ? 1e-5 : 1e-3)),
    regCovar: nonNegative('regCovar', o.regCovar ?? (mclust ? 0 : 1e-6)),
    maxIter: integer('maxIter', o.maxIter ?? (mclust ? 10000 : 100), 0),
    nInit: integer('nInit', o.nInit ?? 1, 1),
    initParams: oneOf('initParams', o.initParams ?? 'kmeans', INIT_PARAMS),
    warmStart: o.warmStart ?? false,
    missing: oneOf('missing', o.missing ?? 'error', ['error', 'em'] as const),
  };
}

/** A covariance model name, or an {@link InvalidOptionError} suggesting the nearest one. */
export function readCovarianceModel(option: string, value: unknown): CovarianceModel {
  if (COVARIANCE_MODELS.includes(value as CovarianceModel)) return value as CovarianceModel;
  const hint = typeof value === 'string' ? suggestName(value, COVARIANCE_MODELS) : undefined;
  throw new InvalidOptionError(
    option,
    `one of ${COVARIANCE_MODELS.map((a) => `'${a}'`).join(', ')}`,
    value,
    hint ? `Did you mean '${hint}'?` : undefined,
  );
}

function isArrayLike(value: unknown): value is ArrayLike<number> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}
