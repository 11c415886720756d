// A GaussianMixture of @em/gaussian: rows in CSV or raw float64 shards; the parameters travel as
// a ParamsMessage, the statistics as @em/gaussian's MixtureStatistics.
import { InvalidInputError, InvalidOptionError } from '@em/core';
import {
  type GaussianMixture,
  type GaussianMixtureOptions,
  type MixtureParams,
  type MixtureStatistics,
  mixtureStatistics,
  type NoiseParams,
  scanSource,
} from '@em/gaussian';
import { checkpointOf } from '../checkpoint.js';
import type { ParamsMessage, ScanResult } from '../protocol.js';
import { mergeRowScans } from '../row-scans.js';
import type { ShardModel } from '../shard-model.js';

/**
 * The parameters as they travel, with `missing: 'em'` when the shards' NaN cells are missing values
 * and the noise component's weight and volume when the model has one (absent otherwise, so the
 * messages of models without noise are as they were).
 */
type GaussianParamsMessage = ParamsMessage & { missing?: 'em' | 'error'; noise?: NoiseParams };

/** A shard's scan: {@link ScanResult} plus each sample row's index in the shard (for a noise guess). */
type GaussianScan = ScanResult & { sampleIndex?: number[] };

export const gaussianModel: ShardModel = {
  name: 'gaussian',
  describe: 'a GaussianMixture (@em/gaussian)',
  // By shape, not class, so a GaussianMixture from another copy of @em/gaussian is one too; the
  // models of the other packages have shard methods of their own.
  accepts(model) {
    const m = model as {
      fitFromStatistics?: unknown;
      shardStatistics?: unknown;
      scanShard?: unknown;
      weightConcentrationPriorType?: unknown;
    } | null;
    return (
      typeof m?.fitFromStatistics === 'function' &&
      typeof m.shardStatistics !== 'function' &&
      typeof m.scanShard !== 'function' &&
      // A BayesianGaussianMixture has fitFromStatistics too, but a variational update and priors
      // from the data that this entry's checkpoints and resumes know nothing of: not this entry's.
      m.weightConcentrationPriorType === undefined
    );
  },
  seed: (model) => (model as GaussianMixture).options.randomState ?? 0,

  async scan(source, read, sampleSize, randomState): Promise<ScanResult> {
    // NaN (a missing value) is let through here and travels as null; the fit decides: with
    // missing: 'em' it is fitted, otherwise the sample and the E-step jobs reject it by row.
    const { rows, cols, sample, sampleIndex } = await scanSource(source, {
      ...read,
      sampleSize,
      randomState,
      missing: 'em',
    });
    const scan: GaussianScan = {
      rows,
      cols,
      sample: Array.from(sample.data),
      sampleRows: sample.rows,
      sampleIndex,
    };
    return scan;
  },

  statistics(message, source, read) {
    const { missing, noise, ...params } = message as GaussianParamsMessage;
    const typed: MixtureParams = {
      ...params,
      ...(noise === undefined ? {} : { noise }),
      weights: Float64Array.from(params.weights),
      means: Float64Array.from(params.means),
      precisionsCholesky: Float64Array.from(params.precisionsCholesky),
      // The E-step reads the precisions only.
      covariances: undefined,
    };
    return mixtureStatistics(typed, source, { ...read, missing });
  },

  async fit(model, run) {
    // JSON carried the samples' missing values (NaN) as null.
    const scans = (run.scans as GaussianScan[]).map((scan) => ({
      ...scan,
      sample: scan.sample.map((value) => value ?? Number.NaN),
    }));
    const { missing, noise } = (model as GaussianMixture).options;
    // With a noise guess, the sample is drawn from the rows it leaves unmarked, as fit starts there.
    const guessed = noise === undefined ? undefined : withoutGuessedNoise(scans, noise);
    const merged = mergeRowScans(guessed?.scans ?? scans, run.initSample, run.seed);
    const { cols, sample } = merged;
    const rows = merged.rows + (guessed?.noiseRows ?? 0);
    let iterations = 0;
    let lastLowerBound = Number.NEGATIVE_INFINITY;
    await (model as GaussianMixture).fitFromStatistics({
      rows,
      cols,
      sample,
      ...(guessed ? { noiseRows: guessed.noiseRows } : {}),
      statistics: async (params: MixtureParams) => {
        // The prior's two rounds of the data's moments come without covariances: not iterations.
        const eStep = params.covariances !== undefined;
        // Parameters from an M-step: the iteration before them completed.
        if (eStep && iterations > 0) run.checkpoint(checkpointOf(params, iterations, lastLowerBound));
        if (eStep) iterations++;
        const message: GaussianParamsMessage = {
          missing,
          covarianceType: params.covarianceType,
          nComponents: params.nComponents,
          nFeatures: params.nFeatures,
          weights: Array.from(params.weights),
          means: Array.from(params.means),
          precisionsCholesky: Array.from(params.precisionsCholesky),
          ...(params.noise ? { noise: { ...params.noise } } : {}),
        };
        const parts = (await run.statistics(message)) as MixtureStatistics[];
        if (eStep) lastLowerBound = parts.reduce((sum, part) => sum + part.logLikelihood, 0) / rows;
        return parts;
      },
    });
  },
};

/**
 * The scans with the rows a noise guess marks taken out (of each shard's row count and sample) and
 * the number of marked rows. The guess is `fit`'s: one boolean per row of all shards in shard order
 * — a NoiseRule is a function, which cannot travel to the workers.
 */
function withoutGuessedNoise(
  scans: GaussianScan[],
  noise: NonNullable<GaussianMixtureOptions['noise']>,
): { scans: ScanResult[]; noiseRows: number } {
  if (typeof noise === 'function') {
    throw new InvalidOptionError(
      'noise',
      'an array of booleans, one per row of all shards in shard order, with fitDistributed (a NoiseRule is a function: it cannot travel to the workers)',
      'a function',
    );
  }
  const total = scans.reduce((sum, scan) => sum + scan.rows, 0);
  if (noise.length !== total) {
    throw new InvalidOptionError(
      'noise',
      `${total} booleans, one per row of all shards in shard order`,
      `${noise.length} values`,
    );
  }
  let offset = 0;
  let noiseRows = 0;
  const kept = scans.map((scan, shard) => {
    const { cols } = scan;
    if (!Array.isArray(scan.sampleIndex)) {
      throw new InvalidInputError(
        `the scan of shards[${shard}] (sampleIndex)`,
        "each sample row's index, as workers of this version send (update the workers)",
        scan.sampleIndex,
      );
    }
    let marked = 0;
    for (let i = 0; i < scan.rows; i++) if (noise[offset + i]) marked++;
    const sample: number[] = [];
    scan.sampleIndex.forEach((row, t) => {
      if (!noise[offset + row]) sample.push(...scan.sample.slice(t * cols, (t + 1) * cols));
    });
    offset += scan.rows;
    noiseRows += marked;
    return { rows: scan.rows - marked, cols, sample, sampleRows: sample.length / cols };
  });
  return { scans: kept, noiseRows };
}
