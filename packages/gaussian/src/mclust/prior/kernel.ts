import type { CovarianceKernel } from '../../kernels/types.js';
import { mclustKernel, scatterOf } from '../kernel.js';
import { type MclustModelName, modelSpec } from '../models.js';
import { RTEPS, type WarmStart } from '../mstep/types.js';
import type { DataMoments, PriorModelName } from './hyperparameters.js';
import { mapStep, shrinksMeans } from './map-step.js';
import { type PriorOption, priorModel, resolvePrior } from './option.js';

/**
 * The kernel of an mclust model fitted under a conjugate prior (mclust's `prior = priorControl()`):
 * the model's own kernel, whose M-step is the maximum a posteriori one of {@link mapStep} (means
 * moved towards the prior mean, variances augmented by the prior). The prior is resolved once per
 * fit, from the data's moments and K (mclust calls `defaultPrior(data, G, modelName)` for each).
 */
export function mclustPriorKernel(
  covarianceType: MclustModelName,
  moments: DataMoments,
  k: number,
  option: PriorOption,
): CovarianceKernel {
  const d = moments.cols;
  const prior = resolvePrior(option, moments, k, covarianceType);
  // One-dimensional data: every model is mclust's E or V.
  const model: PriorModelName =
    d === 1 ? (covarianceType.startsWith('E') ? 'EII' : 'VII') : priorModel(covarianceType);
  const { layout } = modelSpec(covarianceType, d);
  const base = mclustKernel(covarianceType, d);
  const warm: WarmStart = new Map();
  return {
    ...base,
    posteriorStep(stats, nkReg, means, kk, dims, out) {
      const scatter = scatterOf(layout, stats, nkReg, kk, dims);
      const estimable =
        nkReg.every((n) => n > RTEPS) && mapStep(model, layout, scatter, means, prior, out, warm);
      if (!estimable) out.fill(Number.NaN);
      if (!shrinksMeans(model, kk, dims)) return;
      const kappa = prior.shrinkage;
      for (let c = 0; c < kk; c++) {
        const w = nkReg[c]! / (nkReg[c]! + kappa);
        for (let j = 0; j < dims; j++)
          means[c * dims + j] = w * means[c * dims + j]! + (1 - w) * prior.mean[j]!;
      }
    },
  };
}
