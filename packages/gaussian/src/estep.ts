import { chunkedEStep, type EMModel, type EStepResult } from '@em/core';
import { type FlatMatrix, normalizeLogRows } from '@em/core/numeric';
import { SingularCovarianceError } from './errors.js';
import { float64Views } from './float64-views.js';
import type { FusedEStep } from './kernels/specialized/index.js';
import type { CovarianceKernel, GaussianStats } from './kernels/types.js';
import { rescueOverflowedRows } from './overflow.js';
import { packMixture, unpackMixture } from './pack.js';
import type { MixtureParams } from './types.js';

/** Rows per chunk: keeps the n × k scratch small and in cache, whatever n is. */
export const CHUNK_ROWS = 4096;

const TEN_EPS = 10 * Number.EPSILON;

/**
 * scikit-learn's `_estimate_log_prob_resp` on rows `[0, n)` of `X`: writes the responsibilities
 * (or, with `logResp`, their logarithms) to `out` (n × k) and the per-sample log-density
 * `log Σ_c w_c N(x_i | c)` to `logProbNorm` if given. Returns Σ_i log p(x_i).
 */
export function estimateResponsibilities(
  kernel: CovarianceKernel,
  X: Float64Array,
  n: number,
  d: number,
  params: MixtureParams,
  out: Float64Array,
  logProbNorm?: Float64Array,
  logResp = false,
): number {
  const k = params.nComponents;
  kernel.estimateLogProb(X, n, d, k, params.means, params.precisionsCholesky, out);
  const logWeights = new Float64Array(k);
  for (let c = 0; c < k; c++) logWeights[c] = Math.log(params.weights[c]!);
  for (let i = 0, row = 0; i < n; i++, row += k) {
    for (let c = 0; c < k; c++) out[row + c]! += logWeights[c]!;
  }
  const rescued = rescueOverflowedRows(kernel, X, n, d, params, out);
  const norms = normalizeLogRows({ data: out, rows: n, cols: k }, { log: logResp, out: logProbNorm });
  for (const [i, offset] of rescued) norms[i]! += offset;
  let total = 0;
  for (let i = 0; i < n; i++) total += norms[i]!;
  return total;
}

/** Fresh zero statistics for k components in d dimensions. */
export function zeroStats(kernel: CovarianceKernel, k: number, d: number): GaussianStats {
  const [nk, s1, s2] = float64Views(k, k * d, kernel.statsSize(k, d)) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  return { n: 0, logLikelihood: 0, nk, s1, s2 };
}

/** Statistics of two disjoint parts of the data add up; `into` is updated in place. */
export function addStats(into: GaussianStats, other: GaussianStats): GaussianStats {
  into.n += other.n;
  into.logLikelihood += other.logLikelihood;
  for (let i = 0; i < into.nk.length; i++) into.nk[i]! += other.nk[i]!;
  for (let i = 0; i < into.s1.length; i++) into.s1[i]! += other.s1[i]!;
  for (let i = 0; i < into.s2.length; i++) into.s2[i]! += other.s2[i]!;
  return into;
}

/** E-step statistics of one chunk of rows, centred on the current means. */
export function eStepChunk(
  kernel: CovarianceKernel,
  chunk: FlatMatrix,
  params: MixtureParams,
  scratch: Float64Array,
): GaussianStats {
  const k = params.nComponents;
  const d = chunk.cols;
  const stats = zeroStats(kernel, k, d);
  stats.n = chunk.rows;
  stats.logLikelihood = estimateResponsibilities(kernel, chunk.data, chunk.rows, d, params, scratch);
  kernel.accumulate(chunk.data, chunk.rows, d, k, scratch, params.means, stats.nk, stats.s1, stats.s2);
  return stats;
}

/**
 * scikit-learn's `_m_step` from statistics: weights `(nk + 10ε) / n`, means moved by
 * `s1 / (nk + 10ε)`, covariances from the kernel, then the precision Cholesky factor. Throws
 * {@link SingularCovarianceError} naming the component and `iteration`.
 */
export function mStep(
  kernel: CovarianceKernel,
  stats: GaussianStats,
  params: MixtureParams,
  regCovar: number,
  iteration: number,
): MixtureParams {
  const { nComponents: k, nFeatures: d, covarianceType } = params;
  const size = kernel.covarianceSize(k, d);
  // One allocation for the M-step's arrays (see float64Views): a grid of small fits runs thousands.
  const [nkReg, weights, means, covariances, precisionsCholesky] = float64Views(k, k, k * d, size, size) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  for (let c = 0; c < k; c++) {
    nkReg[c] = stats.nk[c]! + TEN_EPS;
    weights[c] = nkReg[c]! / stats.n;
    for (let j = 0; j < d; j++)
      means[c * d + j] = params.means[c * d + j]! + stats.s1[c * d + j]! / nkReg[c]!;
  }
  if (kernel.posteriorStep) kernel.posteriorStep(stats, nkReg, means, k, d, covariances);
  else kernel.covariances(stats, nkReg, k, d, regCovar, covariances);
  const failed = kernel.precisionCholesky(covariances, k, d, precisionsCholesky);
  if (failed >= 0) throw new SingularCovarianceError(failed, iteration, kernel.modelName ?? covarianceType);
  return { covarianceType, nComponents: k, nFeatures: d, weights, means, covariances, precisionsCholesky };
}

/** Splits a flat matrix into row chunks (views, no copies). */
export function* rowChunks(X: FlatMatrix, rows = CHUNK_ROWS): Generator<FlatMatrix> {
  for (let start = 0; start < X.rows; start += rows) {
    const end = Math.min(X.rows, start + rows);
    yield { data: X.data.subarray(start * X.cols, end * X.cols), rows: end - start, cols: X.cols };
  }
}

/**
 * The Gaussian mixture as an `@em/core` model. The E-step is chunked: each chunk's statistics are
 * added with {@link addStats}, and each chunk reports its share of the *mean* log-likelihood
 * (Σ log p / n) so that the loop's `tol` applies to scikit-learn's `lower_bound_`. `pack` and
 * `unpack` let `@em/core` accelerate it with SQUAREM.
 */
export function gaussianModel(
  kernel: CovarianceKernel,
  X: FlatMatrix,
  k: number,
  regCovar: number,
  fused?: FusedEStep,
): EMModel<MixtureParams, GaussianStats> {
  const scratch = new Float64Array(Math.min(X.rows, CHUNK_ROWS) * k);
  // One chunk and a fused kernel: its statistics are the E-step's as they are, without the empty
  // total they would be added to (the same numbers; a grid of small fits runs this thousands of times).
  const eStep: EMModel<MixtureParams, GaussianStats>['eStep'] =
    fused && X.rows <= CHUNK_ROWS
      ? (params) => {
          const stats = zeroStats(kernel, k, X.cols);
          fused.run(X.data, 0, X.rows, params.weights, params.means, params.precisionsCholesky, stats);
          return { stats, logLikelihood: stats.logLikelihood / X.rows };
        }
      : chunkedE(kernel, X, k, scratch, fused);
  return {
    eStep,
    mStep: (stats, params, { iteration }) => mStep(kernel, stats, params, regCovar, iteration),
    pack: packMixture,
    unpack: (vector, like) => unpackMixture(kernel, vector, like),
  };
}

/** {@link gaussianModel}'s E-step over chunks of {@link CHUNK_ROWS} rows, their statistics added. */
function chunkedE(
  kernel: CovarianceKernel,
  X: FlatMatrix,
  k: number,
  scratch: Float64Array,
  fused: FusedEStep | undefined,
): (params: MixtureParams) => EStepResult<GaussianStats> {
  return chunkedEStep<MixtureParams, GaussianStats, FlatMatrix>({
    chunks: () => rowChunks(X),
    eStepChunk: (params, chunk): EStepResult<GaussianStats> => {
      // The fused kernels (kernels/specialized) compute the same statistics in one pass.
      const stats = fused ? zeroStats(kernel, k, X.cols) : eStepChunk(kernel, chunk, params, scratch);
      fused?.run(chunk.data, 0, chunk.rows, params.weights, params.means, params.precisionsCholesky, stats);
      return { stats, logLikelihood: stats.logLikelihood / X.rows };
    },
    zero: () => zeroStats(kernel, k, X.cols),
    add: addStats,
  });
}
