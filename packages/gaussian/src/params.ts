import { InvalidOptionError } from '@em/core';
import { choleskyLower, invertSpd, multiplyByTranspose } from './linalg.js';
import { flattenShaped } from './shapes.js';
import type { CovarianceType, MixtureParams } from './types.js';

/** scikit-learn's shape of a covariance-like array, and how to name it in messages. */
export function covarianceShape(
  type: CovarianceType,
  k: number,
  d: number,
): { shape: number[]; label: string } {
  switch (type) {
    case 'full':
      return { shape: [k, d, d], label: 'nComponents × nFeatures × nFeatures' };
    case 'tied':
      return { shape: [d, d], label: 'nFeatures × nFeatures' };
    case 'diag':
      return { shape: [k, d], label: 'nComponents × nFeatures' };
    case 'spherical':
      return { shape: [k], label: 'nComponents' };
  }
}

/** Nests a flat covariance-like array into scikit-learn's shape for the covariance type. */
export function nestCovariance(
  flat: Float64Array,
  type: CovarianceType,
  k: number,
  d: number,
): number[] | number[][] | number[][][] {
  const rows = (off: number, r: number, c: number) =>
    Array.from({ length: r }, (_, i) => Array.from(flat.subarray(off + i * c, off + (i + 1) * c)));
  switch (type) {
    case 'full':
      return Array.from({ length: k }, (_, c) => rows(c * d * d, d, d));
    case 'tied':
      return rows(0, d, d);
    case 'diag':
      return rows(0, k, d);
    case 'spherical':
      return Array.from(flat);
  }
}

/** Precisions (U Uᵀ for full/tied, U² for diag/spherical) from precision Cholesky factors. */
export function precisionsFromCholesky(
  precisionsCholesky: Float64Array,
  type: CovarianceType,
  k: number,
  d: number,
): Float64Array {
  const out = new Float64Array(precisionsCholesky.length);
  if (type === 'full' || type === 'tied') {
    const blocks = type === 'full' ? k : 1;
    for (let c = 0; c < blocks; c++) multiplyByTranspose(precisionsCholesky, c * d * d, d, out, c * d * d);
  } else {
    for (let i = 0; i < out.length; i++) out[i] = precisionsCholesky[i]! ** 2;
  }
  return out;
}

/**
 * scikit-learn's handling of `precisions_init`: validated (symmetric and positive definite, or
 * positive), then `cholesky(precision, lower=True)` for full/tied and `sqrt` otherwise.
 */
export function precisionsCholeskyFromPrecisions(
  option: string,
  precisions: Float64Array,
  type: CovarianceType,
  k: number,
  d: number,
): Float64Array {
  const out = new Float64Array(precisions.length);
  if (type === 'full' || type === 'tied') {
    const blocks = type === 'full' ? k : 1;
    for (let c = 0; c < blocks; c++) {
      const at = type === 'full' ? `${option}[${c}]` : option;
      checkSymmetric(at, precisions, c * d * d, d);
      if (!choleskyLower(precisions, c * d * d, d, out, c * d * d)) {
        throw new InvalidOptionError(
          at,
          'a symmetric, positive-definite matrix',
          'a matrix that is not positive definite',
        );
      }
    }
  } else {
    for (let i = 0; i < out.length; i++) {
      const v = precisions[i]!;
      if (!(v > 0)) throw new InvalidOptionError(`${option} (entry ${i})`, 'a positive number', v);
      out[i] = Math.sqrt(v);
    }
  }
  return out;
}

/** numpy's `allclose(a, a.T)` (rtol 1e-5, atol 1e-8), as scikit-learn checks precisions. */
function checkSymmetric(option: string, a: Float64Array, off: number, d: number): void {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const x = a[off + i * d + j]!;
      const y = a[off + j * d + i]!;
      if (Math.abs(x - y) > 1e-8 + 1e-5 * Math.abs(y)) {
        throw new InvalidOptionError(
          option,
          'a symmetric matrix',
          `entries [${i}][${j}] = ${x} and [${j}][${i}] = ${y}`,
        );
      }
    }
  }
}

/** Reads a covariance-shaped option, flattened. */
export function readCovarianceOption(
  option: string,
  value: unknown,
  type: CovarianceType,
  k: number,
  d: number,
): Float64Array {
  const { shape, label } = covarianceShape(type, k, d);
  return flattenShaped(option, value, shape, label);
}

/**
 * How far weights may sum from 1: scikit-learn's `_check_weights` (`np.allclose`'s absolute 1e-8). A fit's
 * weights miss by rounding (about 1e-16 per component), so a larger gap is an edited or foreign model.
 */
export const WEIGHT_SUM_TOLERANCE = 1e-8;

/** scikit-learn's `_check_weights`: length k, each in [0, 1], summing to 1 (within {@link WEIGHT_SUM_TOLERANCE}). */
export function readWeightsInit(value: unknown, k: number): Float64Array {
  const weights = flattenShaped('weightsInit', value, [k], 'nComponents');
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const w = weights[c]!;
    // A fitted model's weights are (nk + 10ε) / n, so 1 + 2e-16 must pass as scikit-learn's own output.
    if (w < 0 || w > 1 + 1e-8) throw new InvalidOptionError(`weightsInit[${c}]`, 'a number in [0, 1]', w);
    sum += w;
  }
  if (Math.abs(1 - sum) > WEIGHT_SUM_TOLERANCE) {
    throw new InvalidOptionError('weightsInit', 'weights summing to 1', `weights summing to ${sum}`);
  }
  return weights;
}

/**
 * The covariances of `params` (a copy), computed from the precisions when only those are known
 * (`precisionsInit`, before the first M-step).
 */
export function covariancesOf(params: MixtureParams): Float64Array {
  if (params.covariances) return params.covariances.slice();
  const { covarianceType: type, nComponents: k, nFeatures: d } = params;
  const precisions = precisionsFromCholesky(params.precisionsCholesky, type, k, d);
  const out = new Float64Array(precisions.length);
  if (type === 'full' || type === 'tied') {
    for (let c = 0; c < (type === 'full' ? k : 1); c++) invertSpd(precisions, c * d * d, d, out, c * d * d);
  } else {
    for (let i = 0; i < out.length; i++) out[i] = 1 / precisions[i]!;
  }
  return out;
}
