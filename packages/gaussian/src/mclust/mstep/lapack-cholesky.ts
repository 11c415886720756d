/**
 * Whether LAPACK's reference `dpotrf('U')` factors the symmetric d × d block of `a` at `off`: every
 * pivot positive. mclust's VEE M-step (Fortran `mevee`) gives up on a W_k that `dpotrf` refuses.
 * For a W_k that is exactly singular (a component of at most d points at a hard start) the last
 * pivot is rounding noise, so the verdict depends on the order of operations; this follows the
 * reference's (`dpotrf` calls the recursive `dpotrf2` below its block size of 64: factor the
 * leading half, `dtrsm` the off-diagonal block, `dsyrk` the trailing half, recurse), which
 * decides mclust's cells the way R with reference LAPACK (and OpenBLAS's current x86 kernels)
 * decides them. `work` (length ≥ d²) is overwritten.
 */
export function lapackCholeskyAccepts(a: Float64Array, off: number, d: number, work: Float64Array): boolean {
  // Column-major upper triangle of a symmetric matrix: the same numbers as the row-major block.
  for (let i = 0; i < d * d; i++) work[i] = a[off + i]!;
  return factor(work, d, 0, d);
}

/** `dpotrf2('U')` on the n × n block starting at (s, s) of the column-major `u` (leading dimension d). */
function factor(u: Float64Array, d: number, s: number, n: number): boolean {
  const at = (i: number, j: number) => s + i + (s + j) * d;
  if (n === 1) {
    const pivot = u[at(0, 0)]!;
    if (!(pivot > 0)) return false;
    u[at(0, 0)] = Math.sqrt(pivot);
    return true;
  }
  const n1 = Math.floor(n / 2);
  const n2 = n - n1;
  if (!factor(u, d, s, n1)) return false;
  // dtrsm: U₁₁ᵀ X = A₁₂, column by column, each entry by forward substitution.
  for (let j = n1; j < n; j++) {
    for (let i = 0; i < n1; i++) {
      let t = u[at(i, j)]!;
      for (let m = 0; m < i; m++) t -= u[at(m, i)]! * u[at(m, j)]!;
      u[at(i, j)] = t / u[at(i, i)]!;
    }
  }
  // dsyrk: A₂₂ ← A₂₂ − A₁₂ᵀ A₁₂ (upper triangle), each product summed before it is subtracted.
  for (let j = n1; j < n; j++) {
    for (let i = n1; i <= j; i++) {
      let t = 0;
      for (let m = 0; m < n1; m++) t += u[at(m, i)]! * u[at(m, j)]!;
      u[at(i, j)] = -t + u[at(i, j)]!;
    }
  }
  return factor(u, d, s + n1, n2);
}
