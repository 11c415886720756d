/**
 * The smallest variance whose precision 1 / σ² is finite (1 / Number.MAX_VALUE ≈ 5.6e-309): a
 * smaller one (a subnormal `regCovar` on a collapsed component) is singular in practice, and would
 * give `precisions` of Infinity.
 */
export const MIN_VARIANCE = 1 / Number.MAX_VALUE;

/**
 * Whether a precision Cholesky factor of order d (a row-major d × d block at `offset`) squares to
 * finite precisions: every entry of P = U Uᵀ is a sum of d products of its entries.
 */
export function precisionIsFinite(factor: Float64Array, offset: number, d: number): boolean {
  const limit = Math.sqrt(Number.MAX_VALUE / d);
  for (let i = offset; i < offset + d * d; i++) if (!(Math.abs(factor[i]!) < limit)) return false;
  return true;
}

/**
 * The Cholesky factor of the precision of one variance per component is 1 / σ. Writes it for the
 * first `k` variances and returns the first component whose variance is not in
 * [{@link MIN_VARIANCE}, ∞), or -1 when all are (the CovarianceKernel.precisionCholesky contract).
 */
export function precisionCholeskyOfVariances(
  covariances: Float64Array,
  k: number,
  out: Float64Array,
): number {
  for (let c = 0; c < k; c++) {
    const v = covariances[c]!;
    if (!(v >= MIN_VARIANCE) || !Number.isFinite(v)) return c;
    out[c] = 1 / Math.sqrt(v);
  }
  return -1;
}
