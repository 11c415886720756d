import { InvalidOptionError } from '@em/core';
import type { ResolvedMixtureOptions } from '../options.js';
import type { CovarianceModel } from '../types.js';

/**
 * fitStream, partialFit and the statistics API run every covariance model — scikit-learn's four
 * types and mclust's 14 models: each M-step reads only the per-component counts, means and scatter
 * matrices W_k, which add up across chunks and shards. `initParams: 'hc'` runs on the initialisation
 * sample (on at most 2000 of its rows, as mclust's `subset` and `fit` do). `prior` runs in fitStream
 * and fitFromStatistics, which read the whole data's mean and covariance (its default
 * hyperparameters) in passes before the first iteration. `noise` runs in fitStream (its volume from
 * passes over the rows unless `noiseVolume` is given) and in fitFromStatistics with `noiseVolume`.
 * Refused by name, before any data is read, instead of being fitted differently from `fit`:
 * `prior` and `noise` in partialFit (a first batch's moments, guess and volume are not the whole
 * data's), `noise` without `noiseVolume` in fitFromStatistics (statistics carry no ranges) and
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
  if (options.noise !== undefined && method !== 'fitStream' && options.noiseVolume === undefined) {
    const why =
      method === 'partialFit'
        ? "a first batch's hypervolume is not the data's, and the noise density must stay fixed across updates"
        : 'the hypervolume needs the ranges of all the rows, which statistics do not carry';
    throw new InvalidOptionError(
      'noiseVolume',
      `a number with noise in ${method} (${why}; compute it with hypervolume or hypervolumeOfSource where the data can be read, or use fitStream)`,
      undefined,
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
