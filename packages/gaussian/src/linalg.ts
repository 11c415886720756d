/** Small dense linear algebra on flat row-major d × d blocks at an offset. */

/**
 * Lower Cholesky factor of the symmetric matrix `a` (block at `aOff`) into `l` (block at `lOff`),
 * reading only the lower triangle of `a`, as LAPACK's potrf. Returns false when the matrix is not
 * (numerically) positive definite.
 */
export function choleskyLower(
  a: Float64Array,
  aOff: number,
  d: number,
  l: Float64Array,
  lOff: number,
): boolean {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[aOff + i * d + j]!;
      for (let m = 0; m < j; m++) sum -= l[lOff + i * d + m]! * l[lOff + j * d + m]!;
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return false;
        l[lOff + i * d + i] = Math.sqrt(sum);
      } else {
        l[lOff + i * d + j] = sum / l[lOff + j * d + j]!;
      }
    }
    for (let j = i + 1; j < d; j++) l[lOff + i * d + j] = 0;
  }
  return true;
}

/**
 * scikit-learn's `solve_triangular(cov_chol, eye(d), lower=True).T`: the transposed inverse of a
 * lower-triangular `l`, written to `out` (upper triangular). `out` must not alias `l`.
 */
export function invertLowerTransposed(
  l: Float64Array,
  lOff: number,
  d: number,
  out: Float64Array,
  outOff: number,
): void {
  // Column c of inv(L) solves L y = e_c by forward substitution; it becomes row c of the output.
  for (let c = 0; c < d; c++) {
    for (let i = 0; i < d; i++) {
      if (i < c) {
        out[outOff + c * d + i] = 0;
        continue;
      }
      let sum = i === c ? 1 : 0;
      for (let m = c; m < i; m++) sum -= l[lOff + i * d + m]! * out[outOff + c * d + m]!;
      out[outOff + c * d + i] = sum / l[lOff + i * d + i]!;
    }
  }
}

/** `out = u uᵀ` for the d × d block `u` (precision from its Cholesky factor). */
export function multiplyByTranspose(
  u: Float64Array,
  uOff: number,
  d: number,
  out: Float64Array,
  outOff: number,
): void {
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let sum = 0;
      for (let m = 0; m < d; m++) sum += u[uOff + a * d + m]! * u[uOff + b * d + m]!;
      out[outOff + a * d + b] = sum;
    }
  }
}

/** Inverse of a symmetric positive-definite block through its Cholesky factor; false if not SPD. */
export function invertSpd(
  a: Float64Array,
  aOff: number,
  d: number,
  out: Float64Array,
  outOff: number,
): boolean {
  const l = new Float64Array(d * d);
  if (!choleskyLower(a, aOff, d, l, 0)) return false;
  const u = new Float64Array(d * d);
  invertLowerTransposed(l, 0, d, u, 0);
  multiplyByTranspose(u, 0, d, out, outOff);
  return true;
}

let factorWork = new Float64Array(0);

/**
 * A work array of at least `size` doubles for a Cholesky factor that is used and dropped within
 * one call (the precision factors of every M-step): one array, grown as needed, not one per call.
 */
export function factorScratch(size: number): Float64Array {
  if (factorWork.length < size) factorWork = new Float64Array(size);
  return factorWork;
}
