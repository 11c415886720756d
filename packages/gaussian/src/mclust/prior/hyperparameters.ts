import type { FlatMatrix } from '@em/core/numeric';

/**
 * The hyperparameters of mclust's conjugate prior (Fraley & Raftery 2007): a normal prior on each
 * component mean, μ_k | Σ_k ~ N(`mean`, Σ_k / `shrinkage`), and an inverse-gamma (spherical and
 * diagonal models) or inverse-Wishart (the others) prior on the variances with `dof` degrees of
 * freedom and scale `scale`. The same fields as the list mclust's `defaultPrior` returns.
 *
 * @example
 * ```ts
 * import type { PriorHyperparameters } from '@em/gaussian';
 * const prior: PriorHyperparameters = { shrinkage: 0.01, mean: [0, 0], dof: 4, scale: [[1, 0], [0, 1]] };
 * prior.dof; // 4
 * ```
 */
export interface PriorHyperparameters {
  /** κ_P: how many observations' worth of weight the prior mean has (0 leaves the means alone). */
  shrinkage: number;
  /** μ_P, the prior mean (length d). */
  mean: number[];
  /** ν_P, the degrees of freedom of the variance prior (more than d − 1). */
  dof: number;
  /**
   * Λ_P, the scale of the variance prior: a number for the spherical and diagonal models (and for
   * one-dimensional data), a d × d symmetric positive definite matrix for EEE, EEV, VEV and VVV.
   */
  scale: number | number[][];
}

/**
 * The models mclust has a conjugate-prior M-step for (`mclustBIC` drops EVE, VEE, VVE and EVV when
 * given a prior); on one-dimensional data they reduce to mclust's E and V.
 *
 * @example
 * ```ts
 * import { PRIOR_MODELS } from '@em/gaussian';
 * PRIOR_MODELS.length; // 10
 * PRIOR_MODELS.includes('VEE'); // false
 * ```
 */
export const PRIOR_MODELS = ['EII', 'VII', 'EEI', 'VEI', 'EVI', 'VVI', 'EEE', 'EEV', 'VEV', 'VVV'] as const;

/**
 * One of {@link PRIOR_MODELS}.
 *
 * @example
 * ```ts
 * import type { PriorModelName } from '@em/gaussian';
 * const model: PriorModelName = 'VVV';
 * ```
 */
export type PriorModelName = (typeof PRIOR_MODELS)[number];

/** Whether the model's variance prior has a matrix scale (d > 1 and an orientation to estimate). */
export function hasMatrixScale(model: PriorModelName, d: number): boolean {
  return d > 1 && (model === 'EEE' || model === 'EEV' || model === 'VEV' || model === 'VVV');
}

/**
 * mclust's `defaultPrior(data, G, modelName)`: shrinkage 0.01, the data's mean, d + 2 degrees of
 * freedom, and a scale of the data's (n − 1)-normalised variance shrunk by (1/G)^(2/d): its average
 * over the variables for the spherical and diagonal models, var/G² on one-dimensional data, the
 * whole covariance matrix for the others (its diagonal when n ≤ d).
 */
export function defaultPriorOf(X: FlatMatrix, k: number, model: PriorModelName): PriorHyperparameters {
  const { data, rows: n, cols: d } = X;
  const mean = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const da = data[i * d + a]! - mean[a]!;
      for (let b = a; b < d; b++) cov[a]![b]! += da * (data[i * d + b]! - mean[b]!);
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a]![b]! /= n - 1;
      cov[b]![a] = cov[a]![b]!;
    }
  }
  const factor = (1 / k) ** (2 / d);
  let scale: PriorHyperparameters['scale'];
  if (hasMatrixScale(model, d)) {
    scale = cov.map((row, a) => row.map((v, b) => (n > d || a === b ? factor * v : 0)));
  } else {
    let trace = 0;
    for (let j = 0; j < d; j++) trace += cov[j]![j]!;
    scale = (factor * trace) / d;
  }
  return { shrinkage: 0.01, mean, dof: d + 2, scale };
}
