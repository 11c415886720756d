/**
 * The Cholesky factor of the precision of one variance per component is 1 / σ. Writes it for the
 * first `k` variances and returns the first component whose variance is not positive and finite,
 * or -1 when all are (the CovarianceKernel.precisionCholesky contract).
 */
export function precisionCholeskyOfVariances(
  covariances: Float64Array,
  k: number,
  out: Float64Array,
): number {
  for (let c = 0; c < k; c++) {
    const v = covariances[c]!;
    if (!(v > 0) || !Number.isFinite(v)) return c;
    out[c] = 1 / Math.sqrt(v);
  }
  return -1;
}
