// Small dense linear algebra on flat row-major D × D blocks, for the Gaussian emissions. D is the
// number of features (small), so plain loops are the right tool.

/**
 * Lower Cholesky factor of the D × D block of `a` starting at `offset`, written to `out` (same
 * layout). Returns false when the matrix is not positive definite.
 */
export function cholesky(a: Float64Array, offset: number, d: number, out: Float64Array, outOffset: number) {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[offset + i * d + j]!;
      for (let k = 0; k < j; k++) sum -= out[outOffset + i * d + k]! * out[outOffset + j * d + k]!;
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return false;
        out[outOffset + i * d + i] = Math.sqrt(sum);
      } else {
        out[outOffset + i * d + j] = sum / out[outOffset + j * d + j]!;
      }
    }
    for (let j = i + 1; j < d; j++) out[outOffset + i * d + j] = 0;
  }
  return true;
}

/**
 * Inverse of a lower-triangular D × D block (forward substitution on the identity), in place into
 * `out`. The Gaussian log-density then needs one triangular matrix–vector product per state.
 */
export function invertLower(
  l: Float64Array,
  offset: number,
  d: number,
  out: Float64Array,
  outOffset: number,
) {
  for (let col = 0; col < d; col++) {
    for (let i = 0; i < d; i++) {
      if (i < col) {
        out[outOffset + i * d + col] = 0;
        continue;
      }
      let sum = i === col ? 1 : 0;
      for (let k = col; k < i; k++) sum -= l[offset + i * d + k]! * out[outOffset + k * d + col]!;
      out[outOffset + i * d + col] = sum / l[offset + i * d + i]!;
    }
  }
}
