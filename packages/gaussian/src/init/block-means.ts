import type { GaussianStats } from '../kernels/types.js';
import { meansOf } from './initialize.js';
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
