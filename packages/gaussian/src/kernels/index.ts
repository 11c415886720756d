import { mclustKernel } from '../mclust/kernel.js';
import { isMclustModel } from '../mclust/models.js';
import type { CovarianceModel, CovarianceType } from '../types.js';
import { diagKernel } from './diag.js';
import { fullKernel } from './full.js';
import { sphericalKernel } from './spherical.js';
import { tiedKernel } from './tied.js';
import type { CovarianceKernel } from './types.js';
import { univariateKernel } from './univariate.js';

const univariate = {
  full: univariateKernel('full'),
  diag: univariateKernel('diag'),
  spherical: univariateKernel('spherical'),
};
const general = { full: fullKernel, tied: tiedKernel, diag: diagKernel, spherical: sphericalKernel };

/** The kernel for a covariance type and number of features (1-D data takes the fast path). */
export function kernelFor(covarianceType: CovarianceType, nFeatures: number): CovarianceKernel {
  if (nFeatures === 1 && covarianceType !== 'tied') return univariate[covarianceType];
  return general[covarianceType];
}

/**
 * The one place a fit, `predict` and `score` get their kernel: scikit-learn's four types by
 * layout, mclust's 14 models as their layout's kernel with the model's own M-step.
 */
export function kernelForModel(model: CovarianceModel, nFeatures: number): CovarianceKernel {
  return isMclustModel(model) ? mclustKernel(model, nFeatures) : kernelFor(model, nFeatures);
}
