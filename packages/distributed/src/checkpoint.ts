import type { GaussianMixtureOptions, MixtureParams } from '@em/gaussian';

/**
 * The parameters after the last completed iteration of a distributed fit, as plain JSON: what a
 * {@link ServiceUnavailableError} carries so that a fit interrupted by Redis can go on from there.
 *
 * @example
 * ```ts
 * import type { DistributedCheckpoint } from '@em/distributed';
 * const saved: DistributedCheckpoint = {
 *   iteration: 3, lowerBound: -2.1, weights: [0.4, 0.6], means: [[0], [9]], covariances: [[[1]], [[1.5]]],
 * };
 * saved.iteration; // 3
 * ```
 */
export interface DistributedCheckpoint {
  /** Iterations completed (M-steps done) before the failure. */
  iteration: number;
  /** Mean log-likelihood per row of the last completed iteration's E-step. */
  lowerBound: number;
  /** Mixing weights (length nComponents). */
  weights: number[];
  /** Component means, nComponents × nFeatures. */
  means: number[][];
  /** Covariances shaped as `GaussianMixtureOptions.covariancesInit`. */
  covariances: number[] | number[][] | number[][][];
}

/** The checkpoint of `params` (from an M-step, so with covariances) after `iteration` iterations. */
export function checkpointOf(
  params: MixtureParams,
  iteration: number,
  lowerBound: number,
): DistributedCheckpoint {
  const { nComponents: k, nFeatures: d, covarianceType } = params;
  const flat = params.covariances!;
  const rows = (offset: number, count: number, width: number) =>
    Array.from({ length: count }, (_, r) =>
      Array.from(flat.subarray(offset + r * width, offset + (r + 1) * width)),
    );
  const covariances =
    covarianceType === 'full'
      ? Array.from({ length: k }, (_, c) => rows(c * d * d, d, d))
      : covarianceType === 'tied'
        ? rows(0, d, d)
        : covarianceType === 'diag'
          ? rows(0, k, d)
          : Array.from(flat);
  return {
    iteration,
    lowerBound,
    weights: Array.from(params.weights),
    means: Array.from({ length: k }, (_, c) => Array.from(params.means.subarray(c * d, c * d + d))),
    covariances,
  };
}

/**
 * Options that start a new `GaussianMixture` where `checkpoint` left off: its parameters as the
 * initial ones (`weightsInit`, `meansInit`, `covariancesInit`) and the iterations left of `maxIter`.
 *
 * @example
 * ```ts
 * import { GaussianMixture } from '@em/gaussian';
 * import { resumeOptions } from '@em/distributed';
 * const checkpoint = { iteration: 3, lowerBound: -2.1, weights: [0.4, 0.6], means: [[0], [9]], covariances: [[[1]], [[1.5]]] };
 * const model = new GaussianMixture({ nComponents: 2, ...resumeOptions(checkpoint, 100) });
 * model.options.maxIter; // 97
 * // then: await fitDistributed(model, sameOptionsAsBefore)
 * ```
 */
export function resumeOptions(
  checkpoint: DistributedCheckpoint,
  maxIter = 100,
): Pick<GaussianMixtureOptions, 'weightsInit' | 'meansInit' | 'covariancesInit' | 'maxIter'> {
  return {
    weightsInit: checkpoint.weights,
    meansInit: checkpoint.means,
    covariancesInit: checkpoint.covariances,
    maxIter: Math.max(1, maxIter - checkpoint.iteration),
  };
}
