import { InvalidOptionError } from '@em/core';
import { COVARIANCE_TYPES, type ResolvedMixtureOptions } from '../options.js';
import type { CovarianceType } from '../types.js';

/**
 * fitStream, partialFit and the statistics API run scikit-learn's four covariance types. mclust's
 * models (iterative M-steps, hc starts from the whole data) and `initialClasses` (one class per row
 * of data the stream never holds) are refused by name instead of being fitted differently from `fit`.
 */
export function requireStreamableOptions(options: ResolvedMixtureOptions, method: string): CovarianceType {
  const type = options.covarianceType;
  if (!(COVARIANCE_TYPES as readonly string[]).includes(type)) {
    throw new InvalidOptionError(
      'covarianceType',
      `one of ${COVARIANCE_TYPES.join(', ')} for ${method} (mclust's models are fitted in memory with fit)`,
      type,
    );
  }
  if (options.initialClasses !== undefined) {
    throw new InvalidOptionError(
      'initialClasses',
      `absent for ${method} (it labels rows held in memory)`,
      'an array',
    );
  }
  if (options.initParams === 'hc') {
    throw new InvalidOptionError('initParams', `not 'hc' for ${method}`, 'hc');
  }
  return type as CovarianceType;
}
