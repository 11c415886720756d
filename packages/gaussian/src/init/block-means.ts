import { zeroStats } from '../estep.js';
import type { CovarianceKernel, GaussianStats } from '../kernels/types.js';
import { type EstimatedParameters, meansOf, withCovariances } from './initialize.js';
import { addBlocks } from './kmeans-blocks.js';
import type { KmeansReply } from './kmeans-ops.js';

/**
 * The initial weights and means ({@link meansOf}) from the k-means' final counts and sums per
 * block (a `sum` step's reply over all `blocks`), added in block order: the same numbers whichever
 * thread computes them, so every worker of a k-means in lockstep and the calling thread agree.
 */
export function meansOfBlockSums(sums: KmeansReply, blocks: number, n: number, d: number, k: number) {
  const first: GaussianStats = {
    n,
    logLikelihood: 0,
    nk: new Float64Array(k),
    s1: new Float64Array(k * d),
    s2: new Float64Array(0),
  };
  addBlocks(sums.counts!, blocks, k, first.nk);
  addBlocks(sums.blocks!, blocks, k * d, first.s1);
  return meansOf(first, n, d, k);
}

/**
 * scikit-learn's `_estimate_gaussian_parameters` for full covariances in its two passes, as
 * `estimateParameters`, from the k-means holders' replies over all `blocks`: `counted` (a `sum`
 * step: the means, {@link meansOfBlockSums}) and `around` (the `moments` step around those means),
 * each added in block order — the same numbers on the calling thread and on every worker.
 */
export function estimateFromBlocks(
  kernel: CovarianceKernel,
  counted: KmeansReply,
  around: KmeansReply,
  blocks: number,
  n: number,
  d: number,
  k: number,
  regCovar: number,
): EstimatedParameters {
  const means = meansOfBlockSums(counted, blocks, n, d, k);
  const second = zeroStats(kernel, k, d);
  second.n = n;
  addBlocks(around.counts!, blocks, k, second.nk);
  addBlocks(around.blocks!, blocks, k * d, second.s1);
  addBlocks(around.moments!, blocks, k * d * d, second.s2);
  return withCovariances(kernel, second, means, k, d, regCovar);
}
