import { InvalidOptionError } from '@em/core';
import type { ResolvedMixtureOptions } from '../options.js';
import type { CovarianceModel } from '../types.js';

/**
 * fitStream, partialFit and the statistics API run every covariance model — scikit-learn's four
 * types and mclust's 14 models: each M-step reads only the per-component counts, means and scatter
 * matrices W_k, which add up across chunks and shards. `initParams: 'hc'` runs on the initialisation
 * sample (on at most 2000 of its rows, as mclust's `subset` and `fit` do). `prior` runs in fitStream
 * and fitFromStatistics, which read the whole data's mean and covariance (its default
 * hyperparameters) in passes before the first iteration. Refused by name, before any data is read,
 * instead of being fitted differently from `fit`: `prior` in partialFit (a first batch's moments
 * are not the whole data's), `noise` (its density is one over the hypervolume of all the rows) and
 * `initialClasses` (one class per row of data the stream never holds).
 */
export function requireStreamableOptions(options: ResolvedMixtureOptions, method: string): CovarianceModel {
  if (options.prior !== undefined && method === 'partialFit') {
    throw new InvalidOptionError(
      'prior',
      `undefined with partialFit (mclust's prior is set from the mean and variance of all the rows, which batches arriving one by one never give; use fitStream or fitFromStatistics)`,
      options.prior,
    );
  }
  if (options.noise !== undefined) {
    throw new InvalidOptionError(
      'noise',
      `undefined with ${method} (the noise density is 1 / the hypervolume of all the rows; use fit)`,
      'a noise guess',
    );
  }
  if (options.initialClasses !== undefined) {
    throw new InvalidOptionError(
      'initialClasses',
      `absent for ${method} (it labels rows held in memory)`,
      'an array',
    );
  }
  return options.covarianceType;
}
