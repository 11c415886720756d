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
  const { rows: n, cols: d, data } = X;
  const type = options.covarianceType;
  if (n < 2) throw new InvalidInputError('X (number of samples)', 'at least 2', n);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;

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

  const covariance =
    options.covariancePrior === undefined
      ? empiricalCovariance(X, mean, type)
      : readCovariancePrior(options.covariancePrior, type, d);
  return {
    weightConcentration: options.weightConcentrationPrior ?? 1 / options.nComponents,
    meanPrecision: options.meanPrecisionPrior ?? 1,
    mean: meanPrior,
    degreesOfFreedom,
    covariance,
  };
}

/** `np.cov(X.T)` (full, tied), `np.var(X, 0, ddof=1)` (diag) or its mean (spherical). */
function empiricalCovariance(X: FlatMatrix, mean: Float64Array, type: CovarianceType): Float64Array {
  const { rows: n, cols: d, data } = X;
  if (type === 'full' || type === 'tied') {
    const out = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) {
        const da = data[i * d + a]! - mean[a]!;
        for (let b = a; b < d; b++) out[a * d + b]! += da * (data[i * d + b]! - mean[b]!);
      }
    }
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        out[a * d + b]! /= n - 1;
        out[b * d + a] = out[a * d + b]!;
      }
    }
    return out;
  }
  const variances = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) variances[j]! += (data[i * d + j]! - mean[j]!) ** 2;
  }
  for (let j = 0; j < d; j++) variances[j]! /= n - 1;
  if (type === 'diag') return variances;
  let total = 0;
  for (let j = 0; j < d; j++) total += variances[j]!;
  return Float64Array.of(total / d);
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
