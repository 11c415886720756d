/** Small dense linear algebra on flat row-major matrices (lower triangles, Cholesky). */

/**
 * In-place lower Cholesky factor of the symmetric n × n matrix `a` (row-major, lower triangle read,
 * upper triangle zeroed). Returns false when it is not numerically positive definite.
 */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!;
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s / ljj;
    }
    for (let k = j + 1; k < n; k++) a[rj + k] = 0;
  }
  return true;
}

/** log det of the matrix whose Cholesky factor is `l`, over its first `count` diagonal entries from `from`. */
export function logDetFromCholesky(l: Float64Array, n: number, from = 0, to = n): number {
  let s = 0;
  for (let i = from; i < to; i++) s += Math.log(l[i * n + i]!);
  return 2 * s;
}

/** Solves L Lᵀ x = b in place (`b` becomes x) with a lower Cholesky factor `l`. */
export function cholSolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    const ri = i * n;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[k]!;
    b[i] = s / l[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

/**
 * The transposed inverse of a lower-triangular `l`: row i of the result holds column i of L⁻¹, so
 * (L Lᵀ)⁻¹ᵢⱼ = Σₖ out[i][k] · out[j][k] over k ≥ max(i, j).
 */
export function invertLowerTransposed(l: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  // Column j of L⁻¹ by forward substitution on e_j; stored as row j of out.
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    out[rj + j] = 1 / l[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = 0;
      for (let k = j; k < i; k++) s -= l[ri + k]! * out[rj + k]!;
      out[rj + i] = s / l[ri + i]!;
    }
  }
  return out;
}

/** Inverse of a symmetric positive definite q × q matrix, or undefined when it is not. */
export function spdInverse(a: Float64Array, q: number): Float64Array | undefined {
  const l = Float64Array.from(a);
  if (!cholesky(l, q)) return undefined;
  const t = invertLowerTransposed(l, q);
  const out = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < q; k++) s += t[i * q + k]! * t[j * q + k]!;
      out[i * q + j] = s;
      out[j * q + i] = s;
    }
  }
  return out;
}

/** log det of a symmetric positive definite matrix, or NaN when it is not. */
export function spdLogDet(a: Float64Array, q: number): number {
  const l = Float64Array.from(a);
  return cholesky(l, q) ? logDetFromCholesky(l, q) : Number.NaN;
}

/** (L Lᵀ)⁻¹ (n × n, full) from the lower Cholesky factor L. */
export function spdInverseFromCholesky(l: Float64Array, n: number): Float64Array {
  const t = invertLowerTransposed(l, n);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let v = 0;
      for (let k = Math.max(i, j); k < n; k++) v += t[i * n + k]! * t[j * n + k]!;
      out[i * n + j] = v;
    }
  return out;
}
