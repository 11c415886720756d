// A GaussianMixture of @em/gaussian: rows in CSV or raw float64 shards; the parameters travel as
// a ParamsMessage, the statistics as @em/gaussian's MixtureStatistics.
import {
  type GaussianMixture,
  type MixtureParams,
  type MixtureStatistics,
  mixtureStatistics,
  scanSource,
} from '@em/gaussian';
import { checkpointOf } from '../checkpoint.js';
import type { ParamsMessage, ScanResult } from '../protocol.js';
import { mergeRowScans } from '../row-scans.js';
import type { ShardModel } from '../shard-model.js';

/** The parameters as they travel, with `missing: 'em'` when the shards' NaN cells are missing values. */
type GaussianParamsMessage = ParamsMessage & { missing?: 'em' | 'error' };

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
    const { rows, cols, sample } = await scanSource(source, {
      ...read,
      sampleSize,
      randomState,
      missing: 'em',
    });
    return { rows, cols, sample: Array.from(sample.data), sampleRows: sample.rows };
  },

  statistics(message, source, read) {
    const { missing, ...params } = message as GaussianParamsMessage;
    const typed: MixtureParams = {
      ...params,
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
    const scans = (run.scans as ScanResult[]).map((scan) => ({
      ...scan,
      sample: scan.sample.map((value) => value ?? Number.NaN),
    }));
    const { rows, cols, sample } = mergeRowScans(scans, run.initSample, run.seed);
    const { missing } = (model as GaussianMixture).options;
    let eSteps = 0;
    let lastLowerBound = Number.NEGATIVE_INFINITY;
    await (model as GaussianMixture).fitFromStatistics({
      rows,
      cols,
      sample,
      statistics: async (params: MixtureParams) => {
        // Parameters from an M-step (they have covariances): the iteration before them completed.
        if (eSteps > 0 && params.covariances) run.checkpoint(checkpointOf(params, eSteps, lastLowerBound));
        eSteps++;
        const message: GaussianParamsMessage = {
          missing,
          covarianceType: params.covarianceType,
          nComponents: params.nComponents,
          nFeatures: params.nFeatures,
          weights: Array.from(params.weights),
          means: Array.from(params.means),
          precisionsCholesky: Array.from(params.precisionsCholesky),
        };
        const parts = (await run.statistics(message)) as MixtureStatistics[];
        lastLowerBound = parts.reduce((sum, part) => sum + part.logLikelihood, 0) / rows;
        return parts;
      },
    });
  },
};
