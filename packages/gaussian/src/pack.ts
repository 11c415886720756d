import type { CovarianceKernel } from './kernels/types.js';
import { choleskyLower, multiplyByTranspose } from './linalg.js';
import { covariancesOf } from './params.js';
import type { MixtureParams } from './types.js';

/*
 * The mixture's parameters as one vector for SQUAREM: weights, means, then each covariance in
 * log-Cholesky form (the lower Cholesky factor with the logarithm of its diagonal; for diagonal
 * and spherical models simply the log-variances). Any vector then maps back to a positive-definite
 * covariance, and the extrapolation moves variances multiplicatively: on the seed example (means
 * 20 and 30, sd 5) that took SQUAREM from 3× to 7–11× fewer E-steps than extrapolating the
 * covariances themselves.
 */

const isMatrixType = (params: MixtureParams) =>
  params.covarianceType === 'full' || params.covarianceType === 'tied';

/** Number of covariance matrices of the layout (full: k, tied: 1). */
const matrixCount = (params: MixtureParams) => (params.covarianceType === 'full' ? params.nComponents : 1);

/** Packs `params` (see above). */
export function packMixture(params: MixtureParams): Float64Array {
  const { weights, means, nFeatures: d } = params;
  const covariances = params.covariances ?? covariancesOf(params);
  const head = weights.length + means.length;
  if (!isMatrixType(params)) {
    const out = new Float64Array(head + covariances.length);
    out.set(weights, 0);
    out.set(means, weights.length);
    for (let i = 0; i < covariances.length; i++) out[head + i] = Math.log(covariances[i]!);
    return out;
  }
  const triangle = (d * (d + 1)) / 2;
  const out = new Float64Array(head + matrixCount(params) * triangle);
  out.set(weights, 0);
  out.set(means, weights.length);
  const factor = new Float64Array(d * d);
  for (let m = 0; m < matrixCount(params); m++) {
    // Every covariance reaching here was factored by the M-step or at initialisation; a failure
    // would leave NaN, which @em/core reports as a broken pack.
    if (!choleskyLower(covariances, m * d * d, d, factor, 0)) factor.fill(Number.NaN);
    let at = head + m * triangle;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) out[at++] = factor[i * d + j]!;
      out[at++] = Math.log(factor[i * d + i]!);
    }
  }
  return out;
}

/**
 * Parameters from an extrapolated vector, or undefined when it is not a usable mixture: a weight
 * that is not positive, or a covariance too ill-conditioned for its precision Cholesky factor.
 */
export function unpackMixture(
  kernel: CovarianceKernel,
  vector: Float64Array,
  like: MixtureParams,
): MixtureParams | undefined {
  const { covarianceType, nComponents: k, nFeatures: d } = like;
  const weights = vector.slice(0, k);
  let total = 0;
  for (const w of weights) {
    if (!(w > 0)) return undefined;
    total += w;
  }
  // Extrapolation keeps Σw = 1 up to rounding; renormalise so it stays exact.
  for (let c = 0; c < k; c++) weights[c]! /= total;
  const means = vector.slice(k, k + k * d);
  const covariances = new Float64Array(kernel.covarianceSize(k, d));
  const head = k + k * d;
  if (!isMatrixType(like)) {
    for (let i = 0; i < covariances.length; i++) covariances[i] = Math.exp(vector[head + i]!);
  } else {
    const factor = new Float64Array(d * d);
    let at = head;
    for (let m = 0; m < matrixCount(like); m++) {
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < i; j++) factor[i * d + j] = vector[at++]!;
        factor[i * d + i] = Math.exp(vector[at++]!);
      }
      multiplyByTranspose(factor, 0, d, covariances, m * d * d);
    }
  }
  const precisionsCholesky = new Float64Array(covariances.length);
  if (kernel.precisionCholesky(covariances, k, d, precisionsCholesky) >= 0) return undefined;
  return { covarianceType, nComponents: k, nFeatures: d, weights, means, covariances, precisionsCholesky };
}
