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

/** The data's size, column means and (n − 1)-normalised covariance: all mclust's default prior reads. */
export interface DataMoments {
  rows: number;
  cols: number;
  mean: number[];
  cov: number[][];
}

/**
 * The moments of rows read in blocks, in two passes — column sums in row order, then the centred
 * cross-products in row order — the same sums in the same order whether the rows come as one
 * matrix (`fit`) or as blocks of a stream (`fitStream`), so both get the same bits.
 */
export class MomentSums {
  private rows = 0;
  private readonly sums: number[];
  private mean: number[] | undefined;
  private readonly cross: number[][];

  constructor(private readonly cols: number) {
    this.sums = new Array<number>(cols).fill(0);
    this.cross = Array.from({ length: cols }, () => new Array<number>(cols).fill(0));
  }

  /** First pass: adds each column's values in row order. */
  addSums({ data, rows, cols: d }: FlatMatrix): void {
    for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) this.sums[j]! += data[i * d + j]!;
    this.rows += rows;
  }

  /** Second pass: adds (xᵢ − x̄)(xᵢ − x̄)ᵀ (upper triangle) in row order. */
  addCrossProducts({ data, rows, cols: d }: FlatMatrix): void {
    this.mean ??= this.sums.map((s) => s / this.rows);
    const mean = this.mean;
    for (let i = 0; i < rows; i++) {
      for (let a = 0; a < d; a++) {
        const da = data[i * d + a]! - mean[a]!;
        for (let b = a; b < d; b++) this.cross[a]![b]! += da * (data[i * d + b]! - mean[b]!);
      }
    }
  }

  /** The moments, after both passes. */
  moments(): DataMoments {
    const n = this.rows;
    const d = this.cols;
    const mean = this.mean ?? this.sums.map((s) => s / n);
    const cov = this.cross.map((row) => row.slice());
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        cov[a]![b]! /= n - 1;
        cov[b]![a] = cov[a]![b]!;
      }
    }
    return { rows: n, cols: d, mean, cov };
  }
}

/** The {@link DataMoments} of rows held in memory. */
export function dataMoments(X: FlatMatrix): DataMoments {
  const sums = new MomentSums(X.cols);
  sums.addSums(X);
  sums.addCrossProducts(X);
  return sums.moments();
}

/**
 * mclust's `defaultPrior(data, G, modelName)`: shrinkage 0.01, the data's mean, d + 2 degrees of
 * freedom, and a scale of the data's (n − 1)-normalised variance shrunk by (1/G)^(2/d): its average
 * over the variables for the spherical and diagonal models, var/G² on one-dimensional data, the
 * whole covariance matrix for the others (its diagonal when n ≤ d).
 */
export function defaultPriorOf(
  { rows: n, cols: d, mean, cov }: DataMoments,
  k: number,
  model: PriorModelName,
): PriorHyperparameters {
  const factor = (1 / k) ** (2 / d);
  let scale: PriorHyperparameters['scale'];
  if (hasMatrixScale(model, d)) {
    scale = cov.map((row, a) => row.map((v, b) => (n > d || a === b ? factor * v : 0)));
  } else {
    let trace = 0;
    for (let j = 0; j < d; j++) trace += cov[j]![j]!;
    scale = (factor * trace) / d;
  }
  return { shrinkage: 0.01, mean: mean.slice(), dof: d + 2, scale };
}
