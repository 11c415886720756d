import { InvalidInputError, InvalidOptionError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { choleskyLower } from '../linalg.js';
import { flattenShaped } from '../shapes.js';
import type { CovarianceType } from '../types.js';
import type { ResolvedBayesianOptions } from './options.js';
import type { Priors } from './variational.js';

/**
 * scikit-learn's `_check_parameters`: the priors of a fit, from the options or, when unset, from
 * the data (`mean_prior_ = X.mean(0)`, `covariance_prior_ = np.cov(X.T)` or the column variances
 * with ddof 1, `degrees_of_freedom_prior_ = nFeatures`). Checks the shapes against the data.
 */
export function resolvePriors(options: ResolvedBayesianOptions, X: FlatMatrix): Priors {
  const { rows: n, cols: d } = X;
  if (n < 2) throw new InvalidInputError('X (number of samples)', 'at least 2', n);
  const sums = new Float64Array(d);
  addColumnSums(sums, X);
  const mean = columnMeans(sums, n);
  return priorsFromData(options, n, d, mean, () => {
    const products = new CentredProducts(options.covarianceType, d, mean);
    products.add(X);
    return products.covariance(n);
  }) as Priors;
}

/** Adds each column's values, in row order, into `sums` (a pass of `resolvePriors`' mean). */
export function addColumnSums(sums: Float64Array, X: FlatMatrix): void {
  const { rows, cols: d, data } = X;
  for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) sums[j]! += data[i * d + j]!;
}

/** The column means from their sums. */
export function columnMeans(sums: Float64Array, n: number): Float64Array {
  const mean = Float64Array.from(sums);
  for (let j = 0; j < mean.length; j++) mean[j]! /= n;
  return mean;
}

/**
 * The priors from the data's size, column means and (only called when `covariancePrior` is unset)
 * empirical covariance: `resolvePriors` with the data read elsewhere (a stream, in passes).
 */
export function priorsFromData(
  options: ResolvedBayesianOptions,
  n: number,
  d: number,
  mean: Float64Array,
  empiricalCovariance: () => Float64Array | Promise<Float64Array>,
): Priors | Promise<Priors> {
  if (n < 2) throw new InvalidInputError('X (number of samples)', 'at least 2', n);
  let meanPrior: Float64Array = mean;
  if (options.meanPrior !== undefined) {
    meanPrior = flattenShaped('meanPrior', options.meanPrior, [d], 'nFeatures');
  }

  let degreesOfFreedom = d;
  if (options.degreesOfFreedomPrior !== undefined) {
    if (!(options.degreesOfFreedomPrior > d - 1)) {
      throw new InvalidOptionError(
        'degreesOfFreedomPrior',
        `a number > nFeatures − 1 = ${d - 1}`,
        options.degreesOfFreedomPrior,
      );
    }
    degreesOfFreedom = options.degreesOfFreedomPrior;
  }
  const priors = (covariance: Float64Array): Priors => ({
    weightConcentration: options.weightConcentrationPrior ?? 1 / options.nComponents,
    meanPrecision: options.meanPrecisionPrior ?? 1,
    mean: meanPrior,
    degreesOfFreedom,
    covariance,
  });
  if (options.covariancePrior !== undefined) {
    return priors(readCovariancePrior(options.covariancePrior, options.covarianceType, d));
  }
  const covariance = empiricalCovariance();
  return covariance instanceof Float64Array ? priors(covariance) : covariance.then(priors);
}

/**
 * `np.cov(X.T)` (full, tied), `np.var(X, 0, ddof=1)` (diag) or its mean (spherical), about given
 * column means, summed over blocks of rows in row order: the same sums over one block or many.
 */
export class CentredProducts {
  private readonly sums: Float64Array;
  private readonly type: CovarianceType;
  private readonly d: number;
  private readonly mean: Float64Array;

  constructor(type: CovarianceType, d: number, mean: Float64Array) {
    this.type = type;
    this.d = d;
    this.mean = mean;
    this.sums = new Float64Array(type === 'full' || type === 'tied' ? d * d : d);
  }

  add(X: FlatMatrix): void {
    const { rows } = X;
    const d = this.d;
    const mean = this.mean;
    const out = this.sums;
    const data = X.data;
    if (this.type === 'full' || this.type === 'tied') {
      for (let i = 0; i < rows; i++) {
        for (let a = 0; a < d; a++) {
          const da = data[i * d + a]! - mean[a]!;
          for (let b = a; b < d; b++) out[a * d + b]! += da * (data[i * d + b]! - mean[b]!);
        }
      }
      return;
    }
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < d; j++) out[j]! += (data[i * d + j]! - mean[j]!) ** 2;
    }
  }

  covariance(n: number): Float64Array {
    const { d } = this;
    const out = this.sums.slice();
    if (this.type === 'full' || this.type === 'tied') {
      for (let a = 0; a < d; a++) {
        for (let b = a; b < d; b++) {
          out[a * d + b]! /= n - 1;
          out[b * d + a] = out[a * d + b]!;
        }
      }
      return out;
    }
    for (let j = 0; j < d; j++) out[j]! /= n - 1;
    if (this.type === 'diag') return out;
    let total = 0;
    for (let j = 0; j < d; j++) total += out[j]!;
    return Float64Array.of(total / d);
  }
}

/** A given `covariancePrior`, checked as scikit-learn does: symmetric positive definite, or positive. */
function readCovariancePrior(value: unknown, type: CovarianceType, d: number): Float64Array {
  if (type === 'spherical') {
    if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) {
      throw new InvalidOptionError(
        'covariancePrior',
        "a finite number > 0 for covarianceType 'spherical'",
        value,
      );
    }
    return Float64Array.of(value);
  }
  if (type === 'diag') {
    const out = flattenShaped('covariancePrior', value, [d], 'nFeatures');
    out.forEach((v, j) => {
      if (!(v > 0)) throw new InvalidOptionError(`covariancePrior[${j}]`, 'a number > 0', v);
    });
    return out;
  }
  const out = flattenShaped('covariancePrior', value, [d, d], 'nFeatures × nFeatures');
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < a; b++) {
      const x = out[a * d + b]!;
      const y = out[b * d + a]!;
      if (Math.abs(x - y) > 1e-8 + 1e-5 * Math.abs(y)) {
        throw new InvalidOptionError(
          'covariancePrior',
          'a symmetric matrix',
          `entries [${a}][${b}] = ${x} and [${b}][${a}] = ${y}`,
        );
      }
    }
  }
  if (!choleskyLower(out, 0, d, new Float64Array(d * d), 0)) {
    throw new InvalidOptionError(
      'covariancePrior',
      'a symmetric, positive-definite matrix',
      'a matrix that is not positive definite',
    );
  }
  return out;
}
