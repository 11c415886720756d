import type { FlatMatrix } from '@em/core/numeric';
import { stepSize, stepwiseAverage } from '@em/core/stream';
import { addStats, CHUNK_ROWS, estimateResponsibilities, mStep, rowChunks, zeroStats } from '../estep.js';
import type { CovarianceKernel, GaussianStats } from '../kernels/types.js';
import { hasNoise } from '../mclust/noise/estep.js';
import { type NoiseStats, noiseBlockStatistics, noiseMStep } from '../mclust/noise/model.js';
import { fusedByFeatures, incompleteEStep } from '../missing/estep.js';
import { type MissingLayout, meanFilled } from '../missing/patterns.js';
import { recentred } from '../missing/stream.js';
import type { MixtureParams } from '../types.js';
import type { PartialFitOptions } from './schedule.js';

/**
 * The running statistics of stepwise EM: per-sample averages (nk sums to 1) centred on a fixed
 * reference point (the first batch's column means, one copy per component), so that averages taken
 * under different parameters can be mixed — the in-memory E-step centres on the current means,
 * which move.
 */
export interface OnlineState {
  /** The parameters these statistics produced: when the model's differ (refitted), a new run starts. */
  params: MixtureParams;
  /** Updates made so far (t). */
  updates: number;
  /** With a noise component, `noise` is the running average of its responsibilities. */
  stats: GaussianStats & { noise?: number };
  reference: Float64Array;
  /** The run's kernel: mclust's models keep their M-steps' warm starts in it. */
  kernel: CovarianceKernel;
}

/**
 * Statistics of one batch under `params`, centred on `reference`; returns them with n and Σ log p.
 * With a missing-value `layout` of the batch, its complete rows as any batch's and its incomplete
 * rows by pattern (`incompleteEStep`, which centres on the current means), re-centred.
 */
function batchStats(
  kernel: CovarianceKernel,
  X: FlatMatrix,
  params: MixtureParams,
  reference: Float64Array,
  layout?: MissingLayout,
): GaussianStats {
  if (layout) {
    const stats = batchStats(kernel, layout.complete, params, reference);
    const incomplete = incompleteEStep(
      kernel,
      layout,
      params,
      fusedByFeatures(params.nComponents, undefined),
    );
    return addStats(stats, recentred(incomplete, params.covarianceType, params.means, reference, X.cols));
  }
  const { nComponents: k } = params;
  const d = X.cols;
  const stats = zeroStats(kernel, k, d);
  if (hasNoise(params)) {
    // The noise E-step of `fit` on the same blocks, its moments centred on the reference.
    const noisy: NoiseStats = { ...stats, n: X.rows, noise: 0 };
    const blockStats = noiseBlockStatistics(kernel, Math.min(X.rows, CHUNK_ROWS), d, k);
    for (const chunk of rowChunks(X)) blockStats(chunk, params, noisy, reference);
    return noisy;
  }
  const scratch = new Float64Array(Math.min(X.rows, CHUNK_ROWS) * k);
  stats.n = X.rows;
  for (const chunk of rowChunks(X)) {
    stats.logLikelihood += estimateResponsibilities(kernel, chunk.data, chunk.rows, d, params, scratch);
    kernel.accumulate(chunk.data, chunk.rows, d, k, scratch, reference, stats.nk, stats.s1, stats.s2);
  }
  return stats;
}

/** The column means of `X` (its observed values' means when it has missing values), once per component. */
function columnMeans(X: FlatMatrix, k: number): Float64Array {
  const { data, rows, cols } = X;
  const means = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) means[j]! += data[i * cols + j]!;
  for (let j = 0; j < cols; j++) means[j]! /= rows;
  const reference = new Float64Array(k * cols);
  for (let c = 0; c < k; c++) reference.set(means, c * cols);
  return reference;
}

/** The running statistics after one more batch: what {@link stepwiseUpdate} runs its M-step on. */
export interface StepwiseStatistics {
  /** The new running per-sample averages (n = 1), centred on `reference`. */
  running: GaussianStats & { noise?: number };
  /** The batch's statistics under the parameters it started from (sums, centred on `reference`). */
  batch: GaussianStats;
  reference: Float64Array;
  updates: number;
}

/**
 * The statistics half of a stepwise update: the batch's per-sample average statistics ŝ under
 * `params` (a Gaussian mixture, or the Gaussian view of a variational posterior), and the running
 * average s ← (1 − η_t) s + η_t ŝ (η = 1 for the first update of a run).
 */
export function stepwiseStatistics(
  kernel: CovarianceKernel,
  X: FlatMatrix,
  params: MixtureParams,
  previous: Pick<OnlineState, 'updates' | 'stats' | 'reference'> | undefined,
  schedule: Required<PartialFitOptions>,
  layout?: MissingLayout,
): StepwiseStatistics {
  const k = params.nComponents;
  const reference = previous?.reference ?? columnMeans(layout ? meanFilled(X) : X, k);
  const updates = (previous?.updates ?? 0) + 1;
  const batch = batchStats(kernel, X, params, reference, layout);
  const eta = previous ? stepSize(updates, schedule) : 1;
  // New arrays (previous ones untouched): if the M-step fails (a collapsed component), the model
  // keeps its previous state. Per-sample averages: n = 1.
  const { nk, s1, s2 } = stepwiseAverage(previous?.stats, batch, X.rows, eta);
  const running: GaussianStats & { noise?: number } = { n: 1, logLikelihood: 0, nk, s1, s2 };
  // The noise's responsibility sum is one more averaged statistic (a number: averaged here as
  // stepwiseAverage averages each array entry).
  const batchNoise = (batch as Partial<NoiseStats>).noise;
  if (batchNoise !== undefined)
    running.noise = (previous ? (1 - eta) * (previous.stats.noise ?? 0) : 0) + (eta / X.rows) * batchNoise;
  return { running, batch, reference, updates };
}

/**
 * One stepwise-EM update (Cappé & Moulines 2009, in the mini-batch form of Liang & Klein 2009):
 * {@link stepwiseStatistics}, then the M-step from the running averages. Returns the new state and
 * the batch's mean log-likelihood under the parameters it started from.
 */
export function stepwiseUpdate(
  kernel: CovarianceKernel,
  X: FlatMatrix,
  params: MixtureParams,
  previous: OnlineState | undefined,
  schedule: Required<PartialFitOptions>,
  regCovar: number,
  layout?: MissingLayout,
): { state: OnlineState; meanLogLikelihood: number } {
  const { running, batch, reference, updates } = stepwiseStatistics(
    kernel,
    X,
    params,
    previous,
    schedule,
    layout,
  );
  const centred = { ...params, means: reference };
  const next =
    running.noise === undefined
      ? mStep(kernel, running, centred, regCovar, updates)
      : noiseMStep(kernel, running as NoiseStats, centred, 1, regCovar, updates);
  return {
    state: { params: next, updates, stats: running, reference, kernel },
    meanLogLikelihood: batch.logLikelihood / X.rows,
  };
}
