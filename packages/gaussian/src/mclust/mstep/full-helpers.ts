import { choleskyLower } from '../../linalg.js';
import { geometricMean, symmetricEigen } from '../eigen.js';
import { RTEPS } from './types.js';

/**
 * mclust's test of a covariance it estimated through its Cholesky factor U: not estimable when
 * min |U_jj| / (1 + max |U_jj|) ≤ √eps, or when it is not positive definite at all.
 */
export function wellConditioned(cov: Float64Array, off: number, d: number): boolean {
  const l = new Float64Array(d * d);
  if (!choleskyLower(cov, off, d, l, 0)) return false;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (let j = 0; j < d; j++) {
    const u = Math.abs(l[j * d + j]!);
    min = Math.min(min, u);
    max = Math.max(max, u);
  }
  return min / (1 + max) > RTEPS;
}

/** The d × d block `c` of a k × d × d array. */
export function block(w: Float64Array, c: number, d: number): Float64Array {
  return w.subarray(c * d * d, (c + 1) * d * d);
}

/** `out[off…] = scale · D diag(shape) Dᵀ` (D's columns are the directions). */
export function compose(
  orientation: Float64Array,
  shape: Float64Array,
  shapeOff: number,
  scale: number,
  d: number,
  out: Float64Array,
  off: number,
): void {
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      let s = 0;
      for (let j = 0; j < d; j++)
        s += orientation[a * d + j]! * shape[shapeOff + j]! * orientation[b * d + j]!;
      out[off + a * d + b] = scale * s;
      out[off + b * d + a] = scale * s;
    }
  }
}

/** Eigenvalues (decreasing) and directions of each W_k, and the geometric mean of the eigenvalues. */
export function eigenScatter(w: Float64Array, k: number, d: number) {
  return Array.from({ length: k }, (_, c) => {
    const { values, vectors } = symmetricEigen(block(w, c, d), d);
    return { values, vectors, volume: geometricMean(values, 0, d) };
  });
}
