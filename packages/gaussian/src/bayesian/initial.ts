import type { FlatMatrix } from '@em/core/numeric';
import { parametersFromResponsibilities } from '../init/initialize.js';
import type { CovarianceKernel } from '../kernels/types.js';
import type { WeightConcentrationPriorType } from './options.js';
import { type BayesianMixtureParams, type Priors, variationalUpdate } from './variational.js';

const TEN_EPS = 10 * Number.EPSILON;

/**
 * scikit-learn's `_initialize`: the variational update from initial responsibilities (n × k) of
 * the rows of `X`. `scale` multiplies the counts: 1 when `X` is the data, rows/sampleRows when it is
 * a uniform sample of them (`fitStream`, `fitFromStatistics`), so the sample stands for the whole
 * data set against the priors.
 */
export function initialParameters(
  kernel: CovarianceKernel,
  X: FlatMatrix,
  k: number,
  regCovar: number,
  priors: Priors,
  priorType: WeightConcentrationPriorType,
  resp: Float64Array,
  scale: number,
): BayesianMixtureParams {
  const { rows: n, cols: d } = X;
  const { means: xk, covariances: sk } = parametersFromResponsibilities(kernel, X, k, resp, regCovar);
  const nk = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) nk[c]! += resp[i * k + c]!;
  for (let c = 0; c < k; c++) nk[c] = nk[c]! * scale + TEN_EPS;
  return variationalUpdate(kernel, kernel.covarianceType, priorType, priors, k, d, { nk, xk, sk }, 0);
}
