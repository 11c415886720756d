// A BayesianGaussianMixture of @em/gaussian: the worker half is the GaussianMixture's (the
// variational E-step is a Gaussian mixture's E-step under the Gaussian view of the posterior, which
// the coordinator sends as a ParamsMessage); the coordinator half runs the variational update.
import type { BayesianGaussianMixture, MixtureParams, MixtureStatistics } from '@em/gaussian';
import type { ParamsMessage, ScanResult } from '../protocol.js';
import { mergeRowScans } from '../row-scans.js';
import type { ShardModel } from '../shard-model.js';
import { gaussianModel } from './gaussian.js';

export const bayesianGaussianModel: ShardModel = {
  name: 'bayesian-gaussian',
  describe: 'a BayesianGaussianMixture (@em/gaussian)',
  // By shape, as the gaussian entry (which turns these away): fitFromStatistics and a weights prior.
  accepts(model) {
    const m = model as { fitFromStatistics?: unknown; weightConcentrationPriorType?: unknown } | null;
    return typeof m?.fitFromStatistics === 'function' && typeof m.weightConcentrationPriorType === 'string';
  },
  seed: (model) => (model as BayesianGaussianMixture).options.randomState ?? 0,
  scan: gaussianModel.scan,
  statistics: gaussianModel.statistics,

  // No checkpoint: a fit interrupted by Redis reports ServiceUnavailableError and is rerun (the
  // priors come from two statistics rounds the resumed fit would need again).
  async fit(model, run) {
    const { rows, cols, sample } = mergeRowScans(run.scans as ScanResult[], run.initSample, run.seed);
    await (model as BayesianGaussianMixture).fitFromStatistics({
      rows,
      cols,
      sample,
      statistics: async (params: MixtureParams) => {
        const message: ParamsMessage = {
          covarianceType: params.covarianceType,
          nComponents: params.nComponents,
          nFeatures: params.nFeatures,
          weights: Array.from(params.weights),
          means: Array.from(params.means),
          precisionsCholesky: Array.from(params.precisionsCholesky),
        };
        return (await run.statistics(message)) as MixtureStatistics[];
      },
    });
  },
};
