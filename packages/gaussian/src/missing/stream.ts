import { InvalidInputError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { addStats, zeroStats } from '../estep.js';
import type { FusedEStep } from '../kernels/specialized/index.js';
import type { CovarianceKernel, GaussianStats } from '../kernels/types.js';
import type { MixtureParams } from '../types.js';
import { incompleteEStep } from './estep.js';
import { missingLayout } from './patterns.js';

/**
 * The checks `fit` makes on data with missing values (a row with every value missing, a column
 * with every value missing), made block by block over a streamed pass: rows are named by their
 * position in the whole source, columns once the pass has ended.
 */
export class MissingChecks {
  private readonly observed: Float64Array;
  private row = 0;

  constructor(
    readonly cols: number,
    private readonly name = 'source',
  ) {
    this.observed = new Float64Array(cols);
  }

  /** Counts the observed values of `block`'s columns; a row with none is an `InvalidInputError`. */
  offer(block: FlatMatrix): void {
    const { data, rows, cols } = block;
    for (let i = 0; i < rows; i++) {
      let seen = 0;
      for (let j = 0; j < cols; j++) {
        if (!Number.isNaN(data[i * cols + j]!)) {
          seen++;
          this.observed[j]!++;
        }
      }
      if (seen === 0) {
        throw new InvalidInputError(
          this.name,
          'at least one observed (non-NaN) value in every row',
          'a row with every value missing',
          { row: this.row + i },
        );
      }
    }
    this.row += rows;
  }

  /** After the pass: a column with no observed value is an `InvalidInputError` naming it. */
  finish(): void {
    for (let j = 0; j < this.cols; j++) {
      if (this.observed[j] === 0) {
        throw new InvalidInputError(
          this.name,
          'at least one observed (non-NaN) value in every column',
          'a column with every value missing',
          { column: j },
        );
      }
    }
  }
}

/**
 * E-step statistics of one block of rows that may hold missing values (NaN), centred on the
 * current means: the complete rows through the fused kernel, the incomplete ones grouped by
 * missingness pattern within the block ({@link incompleteEStep}). `fit` groups the patterns over
 * the whole data set instead, so the sums are the same up to the order of their terms.
 */
export function missingBlockStats(
  kernel: CovarianceKernel,
  block: FlatMatrix,
  params: MixtureParams,
  fused: FusedEStep,
  fusedFor: (p: number) => FusedEStep,
  name = 'source',
): GaussianStats {
  const { nComponents: k, weights, means, precisionsCholesky } = params;
  const layout = missingLayout(block, false, name);
  const stats = zeroStats(kernel, k, block.cols);
  const { complete } = layout;
  if (complete.rows > 0)
    fused.run(complete.data, 0, complete.rows, weights, means, precisionsCholesky, stats);
  stats.n = complete.rows;
  if (layout.incompleteRows > 0) addStats(stats, incompleteEStep(kernel, layout, params, fusedFor));
  return stats;
}

/**
 * `stats` (centred on `from`, k × d) re-centred on `to`: with δ = from − to per component,
 * s1 + nk δ and s2 + s1 δᵀ + δ s1ᵀ + nk δ δᵀ, reduced as the covariance type keeps s2 (upper
 * triangle per component for full, one summed matrix for tied, the diagonal for diag, its trace
 * for spherical). Online EM needs its statistics about a fixed point; the missing-value E-step
 * centres on the current means.
 */
export function recentred(
  stats: GaussianStats,
  type: MixtureParams['covarianceType'],
  from: Float64Array,
  to: Float64Array,
  d: number,
): GaussianStats {
  const k = stats.nk.length;
  const s1 = Float64Array.from(stats.s1);
  const s2 = Float64Array.from(stats.s2);
  const delta = new Float64Array(d);
  for (let c = 0; c < k; c++) {
    const nk = stats.nk[c]!;
    for (let j = 0; j < d; j++) delta[j] = from[c * d + j]! - to[c * d + j]!;
    const old = stats.s1.subarray(c * d, (c + 1) * d);
    for (let j = 0; j < d; j++) s1[c * d + j]! += nk * delta[j]!;
    if (type === 'full' || type === 'tied') {
      const off = type === 'full' ? c * d * d : 0;
      for (let a = 0; a < d; a++)
        for (let b = a; b < d; b++)
          s2[off + a * d + b]! += old[a]! * delta[b]! + delta[a]! * old[b]! + nk * delta[a]! * delta[b]!;
    } else if (type === 'diag') {
      for (let j = 0; j < d; j++) s2[c * d + j]! += 2 * old[j]! * delta[j]! + nk * delta[j]! * delta[j]!;
    } else {
      for (let j = 0; j < d; j++) s2[c]! += 2 * old[j]! * delta[j]! + nk * delta[j]! * delta[j]!;
    }
  }
  return { n: stats.n, logLikelihood: stats.logLikelihood, nk: Float64Array.from(stats.nk), s1, s2 };
}
