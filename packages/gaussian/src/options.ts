import { InvalidOptionError, validateEMOptions } from '@em/core';
import { HC_MODELS } from './mclust/hc.js';
import { HC_USES } from './mclust/hc-transform.js';
import { WorkerPool } from './parallel/pool.js';
import type { CovarianceType, GaussianMixtureOptions, InitParams } from './types.js';

export const COVARIANCE_TYPES: readonly CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
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

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function integer(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidOptionError(name, `an integer >= ${min}`, value);
  }
  return value;
}

function nonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidOptionError(name, 'a finite number >= 0', value);
  }
  return value;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new InvalidOptionError(name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
  return value as T;
}

/** Applies scikit-learn's defaults and rejects invalid or unknown options (with a camelCase hint). */
export function resolveMixtureOptions(options: GaussianMixtureOptions = {}): ResolvedMixtureOptions {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) {
      const hint = KNOWN.has(camel(key))
        ? `Did you mean ${camel(key)}?`
        : `Known options: ${[...KNOWN].join(', ')}.`;
      throw new InvalidOptionError(key, 'no such option', (options as Record<string, unknown>)[key], hint);
    }
  }
  const o = options;
  if (o.precisionsInit !== undefined && o.covariancesInit !== undefined) {
    throw new InvalidOptionError(
      'covariancesInit',
      'undefined when precisionsInit is given (pass one of them)',
      o.covariancesInit,
    );
  }
  if (
    o.randomState !== undefined &&
    (typeof o.randomState !== 'number' || !Number.isSafeInteger(o.randomState) || o.randomState < 0)
  ) {
    throw new InvalidOptionError('randomState', 'a non-negative integer seed', o.randomState);
  }
  if (o.warmStart !== undefined && typeof o.warmStart !== 'boolean') {
    throw new InvalidOptionError('warmStart', 'a boolean', o.warmStart);
  }
  if (o.onIteration !== undefined && typeof o.onIteration !== 'function') {
    throw new InvalidOptionError('onIteration', 'a function', o.onIteration);
  }
  if (
    o.signal !== undefined &&
    (typeof o.signal !== 'object' || o.signal === null || typeof o.signal.aborted !== 'boolean')
  ) {
    throw new InvalidOptionError('signal', 'an AbortSignal', o.signal);
  }
  if (o.hcModel !== undefined) oneOf('hcModel', o.hcModel, HC_MODELS);
  if (o.hcUse !== undefined) oneOf('hcUse', o.hcUse, HC_USES);
  if (o.kernels !== undefined) oneOf('kernels', o.kernels, ['auto', 'wasm', 'generated', 'generic']);
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
