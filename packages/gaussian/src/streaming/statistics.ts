import { InvalidInputError, InvalidOptionError, NumericalError } from '@em/core';
import type { DataInput } from '@em/core/numeric';
import { createRandom } from '@em/sampling';
import { addStats, CHUNK_ROWS, mStep, zeroStats } from '../estep.js';
import type { FittedState } from '../gaussian-mixture.js';
import { kernelFor, kernelForModel } from '../kernels/index.js';
import { createFusedEStep } from '../kernels/specialized/index.js';
import type { CovarianceKernel, GaussianStats } from '../kernels/types.js';
import { compileWasmKernels } from '../kernels/wasm/module.js';
import type { MclustModelName } from '../mclust/models.js';
import { checkNoiseCount, readNoiseVolume } from '../mclust/noise/mask.js';
import {
  type NoiseStats,
  type NoisyParams,
  noiseBlockStatistics,
  noiseMStep,
} from '../mclust/noise/model.js';
import { mclustPriorKernel } from '../mclust/prior/kernel.js';
import { fusedByFeatures } from '../missing/estep.js';
import { hasMissing, meanFilled } from '../missing/patterns.js';
import { readData } from '../missing/read.js';
import { MissingChecks, missingBlockStats } from '../missing/stream.js';
import { packMixture, unpackMixture } from '../pack.js';
import { addPartStatistics } from '../part-statistics.js';
import type { MixtureParams } from '../types.js';
import { type ExternalFitContext, type ExternalModel, runFitOverPasses } from './run-fit.js';
import { type ChunkSource, openSource, type SourceFormatOptions } from './source.js';
import { momentsFromStatistics } from './statistics-moments.js';
import { requireStreamableOptions } from './supported.js';

/**
 * The E-step statistics of one part of the data (a shard) under given parameters, as plain arrays
 * so they travel as JSON: statistics of disjoint parts add up to those of their union, which is
 * what lets the E-step run where the data is (`mixtureStatistics`) and the M-step where the parts
 * meet (`GaussianMixture.fitFromStatistics`).
 *
 * @example
 * ```ts
 * import type { MixtureStatistics } from '@em/gaussian';
 * const part: MixtureStatistics = { rows: 2, logLikelihood: -3.1, nk: [1.2, 0.8], s1: [0.1, -0.1], s2: [0.5, 0.4] };
 * ```
 */
export interface MixtureStatistics {
  /** Rows of the part. */
  rows: number;
  /** Σ log p(xᵢ) over the part's rows. */
  logLikelihood: number;
  /** Σᵢ rᵢ꜀ for each component c (length nComponents). */
  nk: number[];
  /** Σᵢ rᵢ꜀ (xᵢ − μ꜀), centred on the parameters' means (nComponents × nFeatures, row-major). */
  s1: number[];
  /** Second moments about the parameters' means, laid out for the covariance type. */
  s2: number[];
  /**
   * Σᵢ rᵢ,noise, the noise component's responsibility sum, when the parameters have a noise
   * component (`params.noise`); absent otherwise.
   */
  noise?: number;
}

/**
 * Where {@link GaussianMixture.fitFromStatistics} gets its data from: the size of the whole data
 * set, rows for the initialisation, and the statistics of every part under given parameters —
 * computed anywhere (worker processes, other machines) — in a fixed order of the parts.
 *
 * @example
 * ```ts
 * import { mixtureStatistics, type StatisticsSource } from '@em/gaussian';
 * const shards = [[[0], [0.5]], [[9], [9.5]]];
 * const source: StatisticsSource = {
 *   rows: 4,
 *   cols: 1,
 *   sample: [[0], [0.5], [9], [9.5]],
 *   statistics: (params) => Promise.all(shards.map((shard) => mixtureStatistics(params, [shard]))),
 * };
 * ```
 */
export interface StatisticsSource {
  /** Rows of the whole data set. */
  rows: number;
  /** Columns (features). */
  cols: number;
  /**
   * Rows the data-driven initialisations (k-means, …) start from: all rows, or a uniform sample.
   * With `noise`, rows not guessed as noise only (as `scanSource` with `noise` draws them).
   */
  sample: DataInput;
  /**
   * With the `noise` option: how many of the `rows` the initial guess marks as noise (the noise
   * starts at that share, the components from `sample`). `scanSource` with `noise` counts them.
   */
  noiseRows?: number;
  /** Statistics of every part under `params`, always the same parts in the same order. */
  statistics(params: MixtureParams): Promise<readonly MixtureStatistics[]> | readonly MixtureStatistics[];
}

/**
 * The E-step statistics of the rows of `source` under `params`: the same 4096-row blocks and fused
 * kernels as `fit` and `fitStream`, added in row order. Run it where a shard of the data lives and
 * send the result (plain arrays) to the process that fits.
 *
 * @example
 * ```ts
 * import { GaussianMixture, mixtureStatistics } from '@em/gaussian';
 * const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 }).fit([0, 0.5, 9, 9.5]);
 * const part = await mixtureStatistics(gmm.params, [[[0], [0.5]]]);
 * part.rows; // 2
 * Math.max(...part.nk); // ≈ 2: both rows in one component
 * ```
 */
export async function mixtureStatistics(
  params: MixtureParams,
  source: ChunkSource,
  options?: StatisticsOptions,
): Promise<MixtureStatistics> {
  const { covarianceType, nComponents: k, nFeatures: d } = params;
  const { missing, ...format } = options ?? {};
  if (missing !== undefined && missing !== 'em' && missing !== 'error') {
    throw new InvalidOptionError('missing', "'error' or 'em'", missing);
  }
  const kernel = kernelFor(covarianceType, d);
  if (params.noise !== undefined) return noiseStatistics(kernel, params as NoisyParams, source, format);
  await compileWasmKernels();
  const fused = createFusedEStep(covarianceType, d, k);
  const fusedFor = fusedByFeatures(k, undefined);
  const checks = missing === 'em' ? new MissingChecks(d) : undefined;
  const total = zeroStats(kernel, k, d);
  for await (const block of openSource(source, format, checks !== undefined).pass()) {
    if (block.cols !== d) {
      throw new InvalidInputError('source (features per sample)', `${d}, as the parameters`, block.cols);
    }
    let stats: GaussianStats;
    if (checks) {
      checks.offer(block);
      stats = missingBlockStats(kernel, block, params, fused, fusedFor);
    } else {
      stats = zeroStats(kernel, k, d);
      fused.run(block.data, 0, block.rows, params.weights, params.means, params.precisionsCholesky, stats);
      stats.n = block.rows;
    }
    addStats(total, stats);
  }
  return finiteStatistics(total);
}

/**
 * The statistics of a part with a noise component: `fit`'s noise E-step on the same 4096-row
 * blocks, plus Σ rᵢ,noise.
 */
async function noiseStatistics(
  kernel: CovarianceKernel,
  params: NoisyParams,
  source: ChunkSource,
  format: SourceFormatOptions,
): Promise<MixtureStatistics> {
  const { nComponents: k, nFeatures: d } = params;
  const total: NoiseStats = { ...zeroStats(kernel, k, d), noise: 0 };
  const blockStats = noiseBlockStatistics(kernel, CHUNK_ROWS, d, k);
  for await (const block of openSource(source, format).pass()) {
    if (block.cols !== d) {
      throw new InvalidInputError('source (features per sample)', `${d}, as the parameters`, block.cols);
    }
    blockStats(block, params, total);
    total.n += block.rows;
  }
  return { ...finiteStatistics(total), noise: total.noise };
}

/** The statistics as plain arrays, once checked finite. */
function finiteStatistics(total: GaussianStats): MixtureStatistics {
  // A row so far from every component that its density underflows (or its moments overflow) would
  // send NaN to the M-step: said here, where the shard is known.
  const finite = (values: Float64Array) => values.every(Number.isFinite);
  if (!Number.isFinite(total.logLikelihood) || !finite(total.nk) || !finite(total.s1) || !finite(total.s2)) {
    throw new NumericalError(
      `The statistics of this part of the data are not finite (log-likelihood ${total.logLikelihood}): a row lies where no component has any density, or its values overflow.`,
      'Rescale the data, or check the part for extreme values.',
    );
  }
  return {
    rows: total.n,
    logLikelihood: total.logLikelihood,
    nk: Array.from(total.nk),
    s1: Array.from(total.s1),
    s2: Array.from(total.s2),
  };
}

/**
 * Options of {@link mixtureStatistics}: how files are read, and whether NaN marks a missing value.
 *
 * @example
 * ```ts
 * import { GaussianMixture, mixtureStatistics, type StatisticsOptions } from '@em/gaussian';
 * const gmm = new GaussianMixture({ missing: 'em' }).fit([[0, 0], [2, 2], [1, Number.NaN]]);
 * const options: StatisticsOptions = { missing: 'em' };
 * // A shard whose second value is missing: its conditional expectation given the first, 1.
 * const part = await mixtureStatistics(gmm.params, [[[3, Number.NaN]]], options);
 * part.rows; // 1
 * part.s1; // ≈ [2.0000, 2.0000]: (3, E[x₂ | x₁ = 3] ≈ 3) minus the means (1, 1)
 * ```
 */
export interface StatisticsOptions extends SourceFormatOptions {
  /**
   * `'em'`: NaN cells are missing values, fitted as `GaussianMixture`'s `missing: 'em'` fits them
   * (the shard's statistics add each incomplete row's conditional expectations); a row with every
   * value missing is an `InvalidInputError`. Default `'error'`: NaN is an `InvalidInputError`.
   */
  missing?: 'error' | 'em';
}

/** `fitFromStatistics`: EM whose E-step adds the parts' statistics in their order. */
export async function fitFromStatisticsSource(
  context: ExternalFitContext,
  source: StatisticsSource,
): Promise<FittedState> {
  const { options } = context;
  if (typeof source !== 'object' || source === null || typeof source.statistics !== 'function') {
    throw new InvalidInputError('source', 'an object with rows, cols, sample and statistics(params)', source);
  }
  const { rows: n, cols: d } = source;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidInputError('source.rows', 'an integer >= 1', n);
  if (!Number.isSafeInteger(d) || d < 1) throw new InvalidInputError('source.cols', 'an integer >= 1', d);
  const allowMissing = options.missing === 'em';
  // The prior's hyperparameters are the data's moments, which missing values would leave undefined.
  if (allowMissing && options.prior !== undefined)
    throw new InvalidOptionError('prior', "undefined with missing: 'em' in fitFromStatistics", options.prior);
  const read = readData(source.sample, allowMissing, 'source.sample');
  if (read.cols !== d) {
    throw new InvalidInputError('source.sample (features per sample)', `${d}, as source.cols`, read.cols);
  }
  // As `fit`: with missing values the initialisation starts from the column means in the gaps.
  if (allowMissing) {
    const checks = new MissingChecks(d, 'source.sample');
    checks.offer(read);
    checks.finish();
  }
  const sample = allowMissing && hasMissing(read) ? meanFilled(read) : read;
  const { nComponents: k, regCovar } = options;
  const covarianceType = requireStreamableOptions(options, 'fitFromStatistics');
  // mclust's models: their layout's statistics, their own M-step (one kernel per fit); with a
  // prior, `fit`'s MAP M-step, its hyperparameters from two rounds of one-component statistics.
  const kernel =
    options.prior === undefined
      ? kernelForModel(covarianceType, d)
      : mclustPriorKernel(
          covarianceType as MclustModelName,
          await momentsFromStatistics(source, sample, n),
          k,
          options.prior,
        );
  const sizes = { nk: k, s1: k * d, s2: kernel.statsSize(k, d) };
  const noise = noiseStart(options, source.noiseRows, n, k);
  const model: ExternalModel = {
    async eStep(params) {
      const parts = await source.statistics(params);
      const total: NoiseStats = { ...zeroStats(kernel, k, d), noise: 0 };
      addPartStatistics(total, parts, sizes, n, (part, index) => {
        if (!noise) return;
        if (typeof part.noise !== 'number') {
          throw new InvalidInputError(
            `statistics of part ${index} (noise)`,
            "the noise's responsibility sum (a number), as mixtureStatistics gives for parameters with noise",
            part.noise,
          );
        }
        total.noise += part.noise;
      });
      return { stats: total, logLikelihood: total.logLikelihood / n };
    },
    mStep: (stats, params, { iteration }) =>
      noise
        ? noiseMStep(kernel, stats as NoiseStats, params, n, regCovar, iteration)
        : mStep(kernel, stats, params, regCovar, iteration),
    pack: packMixture,
    unpack: (vector, like) => unpackMixture(kernel, vector, like),
  };
  const rng = createRandom(options.randomState ?? context.seed());
  return runFitOverPasses(context, rng, { n, d, sample, kernel, model, noise });
}

/** With `noise`: the marked rows (`source.noiseRows`, checked as `fit` checks its guess) and the volume. */
function noiseStart(
  options: ExternalFitContext['options'],
  noiseRows: unknown,
  n: number,
  k: number,
): { marked: number; volume: number } | undefined {
  if (options.noise === undefined) return undefined;
  if (!Number.isSafeInteger(noiseRows) || (noiseRows as number) < 0) {
    throw new InvalidInputError(
      'source.noiseRows',
      'the number of rows the noise guess marks (an integer >= 1; scanSource with noise counts them)',
      noiseRows,
    );
  }
  checkNoiseCount(noiseRows as number, n, k);
  // requireStreamableOptions has checked that noiseVolume is given.
  return { marked: noiseRows as number, volume: readNoiseVolume(options.noiseVolume, () => Number.NaN) };
}
