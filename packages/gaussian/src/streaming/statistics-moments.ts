import { InvalidInputError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import type { DataMoments } from '../mclust/prior/hyperparameters.js';
import type { MixtureParams } from '../types.js';
import type { MixtureStatistics, StatisticsSource } from './statistics.js';

/**
 * The whole data's mean and (n − 1)-normalised covariance — what mclust's default prior reads —
 * from the parts' statistics under a one-component full model (every responsibility is 1): the
 * first round centred on the sample's mean gives Σ (xᵢ − m₀), so the mean, the second centred on
 * that mean gives the scatter Σ (xᵢ − x̄)(xᵢ − x̄)ᵀ. Two rounds, never a difference of large sums.
 * The sums run by block and by part, so they match `fit`'s row-order sums to rounding, not to the bit.
 */
export async function momentsFromStatistics(
  source: StatisticsSource,
  sample: FlatMatrix,
  n: number,
): Promise<DataMoments> {
  const d = sample.cols;
  const start = new Float64Array(d);
  for (let i = 0; i < sample.rows; i++) for (let j = 0; j < d; j++) start[j]! += sample.data[i * d + j]!;
  for (let j = 0; j < d; j++) start[j]! /= sample.rows;
  const shift = await centredSums(source, start, n, 's1');
  const mean = Array.from(start, (m, j) => m + shift[j]! / n);
  const scatter = await centredSums(source, Float64Array.from(mean), n, 's2');
  // The full layout's s2 holds the upper triangle (a ≤ b).
  const cov = Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => scatter[Math.min(a, b) * d + Math.max(a, b)]! / (n - 1)),
  );
  return { rows: n, cols: d, mean, cov };
}

/** One round of the parts' statistics under N(centre, I), their `key` sums added in part order. */
async function centredSums(
  source: StatisticsSource,
  centre: Float64Array,
  n: number,
  key: 's1' | 's2',
): Promise<Float64Array> {
  const d = centre.length;
  const identity = new Float64Array(d * d);
  for (let j = 0; j < d; j++) identity[j * d + j] = 1;
  // No covariances: these are not an M-step's parameters (a coordinator that checkpoints those, as
  // @em/distributed's, must not take them for an iteration), and the E-step reads the precisions only.
  const params: MixtureParams = {
    covarianceType: 'full',
    nComponents: 1,
    nFeatures: d,
    weights: Float64Array.of(1),
    means: centre,
    covariances: undefined,
    precisionsCholesky: identity,
  };
  const parts: readonly MixtureStatistics[] = await source.statistics(params);
  const size = key === 's1' ? d : d * d;
  const total = new Float64Array(size);
  let rows = 0;
  parts.forEach((part, index) => {
    const values = part?.[key];
    if (!Array.isArray(values) || values.length !== size) {
      throw new InvalidInputError(
        `statistics of part ${index} (${key}, one-component full model for the prior's moments)`,
        `an array of ${size} numbers`,
        values,
      );
    }
    for (let i = 0; i < size; i++) total[i]! += values[i]!;
    rows += part.rows;
  });
  if (rows !== n)
    throw new InvalidInputError('statistics', `parts covering all ${n} rows`, `parts covering ${rows} rows`);
  return total;
}
