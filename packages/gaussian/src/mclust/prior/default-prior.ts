import { InvalidInputError } from '@em/core';
import type { DataInput } from '@em/core/numeric';
import { readData } from '../../missing/read.js';
import { integer } from '../../option-checks.js';
import type { CovarianceModel } from '../../types.js';
import { dataMoments, defaultPriorOf, type PriorHyperparameters } from './hyperparameters.js';
import { priorModel } from './option.js';

/**
 * mclust's `defaultPrior(data, G, modelName)`: the hyperparameters `prior: 'default'` uses for
 * `model` with `nComponents` components on `X` — shrinkage 0.01, the data's mean, d + 2 degrees
 * of freedom, and a scale from the data's variance shrunk by (1/G)^(2/d) (a number for the
 * spherical and diagonal models and one-dimensional data, a d × d matrix for EEE, EEV, VEV, VVV).
 *
 * @example
 * ```ts
 * import { defaultPrior } from '@em/gaussian';
 * const X = [[0, 0], [2, 0], [0, 2], [2, 2]];
 * const full = defaultPrior(X, 2, 'VVV');
 * [full.shrinkage, full.mean, full.dof]; // [0.01, [1, 1], 4]
 * full.scale; // [[0.6666666666666666, 0], [0, 0.6666666666666666]]
 * defaultPrior(X, 2, 'EII').scale; // 0.6666666666666666
 * ```
 */
export function defaultPrior(
  X: DataInput,
  nComponents: number,
  model: CovarianceModel,
): PriorHyperparameters {
  const data = readData(X, false);
  const k = integer('nComponents', nComponents, 1);
  if (data.rows < 2)
    throw new InvalidInputError('X (number of samples)', 'at least 2 (a variance to scale by)', data.rows);
  return defaultPriorOf(dataMoments(data), k, priorModel(model));
}
