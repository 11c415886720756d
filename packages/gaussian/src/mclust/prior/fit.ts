import { InvalidOptionError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import type { CovarianceKernel } from '../../kernels/types.js';
import type { CovarianceModel } from '../../types.js';
import type { MclustModelName } from '../models.js';
import { dataMoments } from './hyperparameters.js';
import { mclustPriorKernel } from './kernel.js';
import { type PriorOption, priorModel } from './option.js';

/** The kernel `fit` uses with a `prior` (complete data only: the MAP step needs every value). */
export function fitKernelWithPrior(
  covarianceType: CovarianceModel,
  data: FlatMatrix,
  k: number,
  prior: PriorOption,
  hasMissing: boolean,
): CovarianceKernel {
  if (hasMissing) {
    throw new InvalidOptionError(
      'prior',
      'undefined when X has missing values',
      prior,
      'Fit complete rows with a prior.',
    );
  }
  priorModel(covarianceType);
  return mclustPriorKernel(covarianceType as MclustModelName, dataMoments(data), k, prior);
}
