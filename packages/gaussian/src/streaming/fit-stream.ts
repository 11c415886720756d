import { InvalidInputError, InvalidOptionError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { ChunkPasses, streamedEStep } from '@em/core/stream';
import { createRandom } from '@em/sampling';
import { addStats, CHUNK_ROWS, eStepChunk, mStep, zeroStats } from '../estep.js';
import type { FittedState } from '../gaussian-mixture.js';
import { kernelForModel } from '../kernels/index.js';
import { createFusedEStep } from '../kernels/specialized/index.js';
import type { CovarianceKernel, GaussianStats } from '../kernels/types.js';
import { compileWasmKernels } from '../kernels/wasm/module.js';
import { layoutOf, type MclustModelName } from '../mclust/models.js';
import { HypervolumeSums } from '../mclust/noise/hypervolume.js';
import { checkNoiseCount, readNoiseVolume } from '../mclust/noise/mask.js';
import {
  type NoiseStats,
  type NoisyParams,
  noiseBlockStatistics,
  noiseMStep,
} from '../mclust/noise/model.js';
import { countMarked, noiseFlags } from '../mclust/noise/rule.js';
import { MomentSums } from '../mclust/prior/hyperparameters.js';
import { mclustPriorKernel } from '../mclust/prior/kernel.js';
import { fusedByFeatures } from '../missing/estep.js';
import { hasMissing, meanFilled } from '../missing/patterns.js';
import { MissingChecks, missingBlockStats } from '../missing/stream.js';
import { packMixture, unpackMixture } from '../pack.js';
import type { MixtureParams } from '../types.js';
import { Reservoir } from './reservoir.js';
import { type ExternalFitContext, type ExternalModel, runFitOverPasses } from './run-fit.js';
import { type ChunkSource, openSource, type SourceFormatOptions } from './source.js';
import { requireStreamableOptions } from './supported.js';

/**
 * Options of {@link GaussianMixture.fitStream}: how files are read, the initialisation sample and
 * progress.
 *
 * @example
 * ```ts
 * import type { StreamFitOptions } from '@em/gaussian';
 * const options: StreamFitOptions = {
 *   format: 'float64', columns: 4, initSample: 50_000,
 *   onProgress: ({ pass, rows, totalRows }) => console.log(pass, rows, totalRows),
 * };
 * ```
 */
export interface StreamFitOptions extends SourceFormatOptions {
  /**
   * Rows drawn uniformly (reservoir sampling, seeded by `randomState`) during the first pass for
   * the data-driven initialisation (`initParams` k-means, k-means++, random_from_data, and hc on at
   * most 2000 of these rows, mclust's `subset`); with `noise`, from the rows the guess leaves
   * unmarked. A source with no more rows than this is initialised from all of its rows, exactly as
   * `fit` does.
   * Default 100 000.
   */
  initSample?: number;
  /** Called as each pass reads (every 4096 rows): for progress bars and ETAs. */
  onProgress?: (progress: StreamProgress) => void;
}

/**
 * Where a streamed fit is: pass 1 counts the rows and draws the initialisation sample, every later
 * pass is one E-step over all rows.
 *
 * @example
 * ```ts
 * import { GaussianMixture, type StreamProgress } from '@em/gaussian';
 * const lines: string[] = [];
 * const show = ({ pass, rows, totalRows }: StreamProgress) =>
 *   lines.push(`pass ${pass}: ${totalRows ? Math.round((100 * rows) / totalRows) : '?'} %`);
 * const gmm = new GaussianMixture({ nComponents: 2, randomState: 0, maxIter: 1 });
 * await gmm.fitStream([[[0, 1], [1, 1]], [[9, 8], [10, 9]]], { onProgress: show });
 * lines; // ['pass 1: ? %', 'pass 2: 100 %']: pass 1 counts the rows, so it cannot show a share
 * ```
 */
export interface StreamProgress {
  /** 1-based pass over the source. */
  pass: number;
  /** Rows read so far in this pass. */
  rows: number;
  /** Rows of the source (known after pass 1). */
  totalRows: number | undefined;
  /** Bytes read so far in this pass (files and Blobs; 0 for chunks). */
  bytes: number;
  /** Size of the file or Blob. */
  totalBytes: number | undefined;
}

const DEFAULT_INIT_SAMPLE = 100_000;
const STREAM_KEYS = ['format', 'columns', 'delimiter', 'header', 'initSample', 'onProgress'];

export type StreamFitContext = ExternalFitContext;

/**
 * Exact EM over a source read once per iteration: the E-step adds the statistics of 4096-row
 * blocks in row order — the blocks and order of the in-memory E-step — so the fit equals `fit`'s on
 * the same rows and initial parameters. Memory: one read buffer, one block, the sample.
 */
export async function fitFromStream(
  context: StreamFitContext,
  source: ChunkSource,
  streamOptions: StreamFitOptions = {},
): Promise<FittedState> {
  const { options } = context;
  const { initSample, onProgress, ...formatOptions } = readStreamOptions(streamOptions);
  if (options.workers !== undefined) {
    throw new InvalidOptionError(
      'workers',
      'undefined with fitStream (it reads the source on this thread)',
      options.workers,
      'use @em/distributed to spread a streamed E-step',
    );
  }
  const allowMissing = options.missing === 'em';
  // The prior's hyperparameters are the data's moments, which NaN cells would make NaN.
  if (allowMissing && options.prior !== undefined)
    throw new InvalidOptionError('prior', "undefined with missing: 'em' in fitStream", options.prior);
  const opened = openSource(source, formatOptions, allowMissing);
  const { nComponents: k, regCovar, kernels } = options;
  const covarianceType = requireStreamableOptions(options, 'fitStream');
  if (kernels === undefined || kernels === 'auto' || kernels === 'wasm') await compileWasmKernels();
  const seed = options.randomState ?? context.seed();
  const rng = createRandom(seed);
  // @em/core/stream's passes check every pass reads the first pass's rows; the blocks' widths are
  // checked (naming the chunk and row) where the source's chunks are regrouped into blocks.
  const { meter } = opened;
  const passes = new ChunkPasses<FlatMatrix>({
    chunks: () => {
      meter.bytes = 0;
      return opened.pass();
    },
    shape: (block) => block,
    onChunk: onProgress
      ? (pass, rows, totalRows) =>
          onProgress({ pass, rows, totalRows, bytes: meter.bytes, totalBytes: meter.totalBytes })
      : undefined,
  });

  // Pass 1: count the rows, check them, draw the initialisation sample (and, with a prior, add the
  // column sums of the data's mean).
  let reservoir: Reservoir | undefined;
  let checks: MissingChecks | undefined;
  let moments: MomentSums | undefined;
  // With a noise guess: the rows it marks (they stay out of the sample, as `fit` initialises from
  // the unmarked rows) and, unless noiseVolume is given, the sums of the data's hypervolume.
  const noise = options.noise;
  let marked = 0;
  let volumeSums: HypervolumeSums | undefined;
  let n = 0;
  const sampleRandom = createRandom(BigInt(seed) + 1n).random;
  for await (const { chunk: block } of passes.next()) {
    reservoir ??= new Reservoir(initSample, block.cols, sampleRandom);
    if (allowMissing) {
      checks ??= new MissingChecks(block.cols);
      checks.offer(block);
    }
    if (noise === undefined) reservoir.offer(block);
    else {
      const flags = noiseFlags(noise, block, n);
      marked += countMarked(flags);
      reservoir.offer(block, flags);
      if (options.noiseVolume === undefined) {
        volumeSums ??= new HypervolumeSums(block.cols);
        volumeSums.add(block, 1);
      }
    }
    n += block.rows;
    if (options.prior !== undefined) {
      moments ??= new MomentSums(block.cols);
      moments.addSums(block);
    }
  }
  if (!reservoir) throw new InvalidInputError('source', 'at least one row', 'no rows');
  checks?.finish();
  const d = reservoir.cols;
  let noiseStart: { marked: number; volume: number } | undefined;
  if (noise !== undefined) {
    if (typeof noise !== 'function' && noise.length !== n)
      throw new InvalidOptionError(
        'noise',
        `${n} booleans, one per row of the source`,
        `${noise.length} values`,
      );
    checkNoiseCount(marked, n, k);
    // The hypervolume's further passes (the principal axes, then the ranges along them).
    for (let pass = 2; volumeSums && pass <= volumeSums.passes; pass++)
      for await (const { chunk: block } of passes.next()) volumeSums.add(block, pass);
    noiseStart = { marked, volume: readNoiseVolume(options.noiseVolume, () => volumeSums!.volume()) };
  }
  // mclust's models: their layout's E-step and statistics, their own M-step (one kernel per fit);
  // with a prior, the MAP M-step of `fit`, its hyperparameters from one more pass (the covariance).
  let kernel: CovarianceKernel;
  if (moments && options.prior !== undefined) {
    const prior = options.prior;
    for await (const { chunk: block } of passes.next()) moments.addCrossProducts(block);
    kernel = mclustPriorKernel(covarianceType as MclustModelName, moments.moments(), k, prior);
  } else {
    kernel = kernelForModel(covarianceType, d);
  }
  const layout = layoutOf(covarianceType, d);
  // With missing values, the kernel `fit` picks for this many rows (it sizes it by all the rows).
  const fused = checks
    ? createFusedEStep(layout, d, k, kernels, undefined, undefined, n)
    : createFusedEStep(layout, d, k, kernels);
  const sample = reservoir.sample();
  // As `fit`: the initialisation starts from the sample with each gap filled by its column's mean
  // (over the sample's observed values; over all rows when the sample is all of them).
  return runFitOverPasses(context, rng, {
    n,
    d,
    sample: allowMissing && hasMissing(sample) ? meanFilled(sample) : sample,
    kernel,
    model: noiseStart
      ? streamedNoiseModel(kernel, passes, n, d, k, regCovar)
      : checks
        ? streamedMissingModel(kernel, passes, n, d, k, regCovar, fused, fusedByFeatures(k, kernels))
        : streamedGaussianModel(kernel, passes, n, d, k, regCovar, fused),
    noise: noiseStart,
  });
}

/**
 * `gaussianModel` with the rows read from a source on each E-step: the same per-block statistics
 * (fused kernels when available), added in block order, each block reporting its share of the mean
 * log-likelihood.
 */
function streamedGaussianModel(
  kernel: CovarianceKernel,
  passes: ChunkPasses<FlatMatrix>,
  n: number,
  d: number,
  k: number,
  regCovar: number,
  fused: ReturnType<typeof createFusedEStep> | undefined,
): ExternalModel {
  const scratch = new Float64Array(Math.min(n, CHUNK_ROWS) * k);
  // Each block's statistics from zero, added to the total in block order: the in-memory E-step's sums.
  const eStep = streamedEStep<MixtureParams, GaussianStats, FlatMatrix>({
    passes,
    zero: () => zeroStats(kernel, k, d),
    accumulate: (params, chunk, total) => {
      const stats = fused ? zeroStats(kernel, k, d) : eStepChunk(kernel, chunk, params, scratch);
      fused?.run(chunk.data, 0, chunk.rows, params.weights, params.means, params.precisionsCholesky, stats);
      return {
        stats: addStats(total.stats, stats),
        logLikelihood: total.logLikelihood + stats.logLikelihood / n,
      };
    },
  });
  return {
    eStep,
    mStep: (stats, params, { iteration }) => mStep(kernel, stats, params, regCovar, iteration),
    pack: packMixture,
    unpack: (vector, like) => unpackMixture(kernel, vector, like),
  };
}

/**
 * `noiseMixtureModel` with the rows read from a source on each E-step: the same 4096-row blocks,
 * each added into the total as `fit` adds them, so the sums are `fit`'s to the bit.
 */
function streamedNoiseModel(
  kernel: CovarianceKernel,
  passes: ChunkPasses<FlatMatrix>,
  n: number,
  d: number,
  k: number,
  regCovar: number,
): ExternalModel {
  const blockStats = noiseBlockStatistics(kernel, Math.min(n, CHUNK_ROWS), d, k);
  const eStep = streamedEStep<MixtureParams, NoiseStats, FlatMatrix>({
    passes,
    zero: () => ({ ...zeroStats(kernel, k, d), n, noise: 0 }),
    accumulate: (params, chunk, total) => {
      blockStats(chunk, params as NoisyParams, total.stats);
      return total;
    },
    finish: ({ stats }) => ({ stats, logLikelihood: stats.logLikelihood / n }),
  });
  return {
    eStep,
    mStep: (stats, params, { iteration }) =>
      noiseMStep(kernel, stats as NoiseStats, params, n, regCovar, iteration),
    pack: packMixture,
    unpack: (vector, like) => unpackMixture(kernel, vector, like),
  };
}

/**
 * {@link streamedGaussianModel} for data with missing values: each block's complete rows through the
 * fused kernel, its incomplete rows by missingness pattern (`missingBlockStats`), blocks added in
 * order.
 */
function streamedMissingModel(
  kernel: CovarianceKernel,
  passes: ChunkPasses<FlatMatrix>,
  n: number,
  d: number,
  k: number,
  regCovar: number,
  fused: ReturnType<typeof createFusedEStep>,
  fusedFor: (p: number) => ReturnType<typeof createFusedEStep>,
): ExternalModel {
  const eStep = streamedEStep<MixtureParams, GaussianStats, FlatMatrix>({
    passes,
    zero: () => zeroStats(kernel, k, d),
    accumulate: (params, chunk, total) => {
      const stats = missingBlockStats(kernel, chunk, params, fused, fusedFor);
      return {
        stats: addStats(total.stats, stats),
        logLikelihood: total.logLikelihood + stats.logLikelihood / n,
      };
    },
  });
  return {
    eStep,
    mStep: (stats, params, { iteration }) => mStep(kernel, stats, params, regCovar, iteration),
    pack: packMixture,
    unpack: (vector, like) => unpackMixture(kernel, vector, like),
  };
}

export function readStreamOptions(options: StreamFitOptions): StreamFitOptions & { initSample: number } {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!STREAM_KEYS.includes(key)) {
      throw new InvalidOptionError(
        key,
        `no such option of fitStream (known: ${STREAM_KEYS.join(', ')})`,
        (options as Record<string, unknown>)[key],
      );
    }
  }
  const initSample = options.initSample ?? DEFAULT_INIT_SAMPLE;
  if (!Number.isInteger(initSample) || initSample < 1)
    throw new InvalidOptionError('initSample', 'an integer >= 1', initSample);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new InvalidOptionError('onProgress', 'a function', options.onProgress);
  }
  return { ...options, initSample };
}
