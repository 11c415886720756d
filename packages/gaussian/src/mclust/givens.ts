/**
 * Level-1 kernels of mclust's hierarchical agglomeration, with the operation order of the reference
 * BLAS (3.11) mclust calls through R: the merge sequence is a cascade of minima over O(n²) criteria,
 * so a different rounding of a Givens rotation or of a dot product can change which pair merges.
 *
 * A triangular factor is a p × p row-major `Float64Array` (upper triangle meaningful); `row` and
 * `col` address its entries, `offset` selects the trailing block that starts at (offset, offset).
 */

const SAFE_MIN = 2 ** -1022;
const SAFE_MAX = 2 ** 1023;

/** Result of {@link givens}: the rotation and the new leading value. */
interface Rotation {
  c: number;
  s: number;
  r: number;
  /** drotg's reconstruction value, stored where `b` was (BLAS semantics). */
  z: number;
}

const rotation: Rotation = { c: 0, s: 0, r: 0, z: 0 };

/** A plane rotation zeroing `b` against `a` (reference BLAS drotg, safe-scaled since LAPACK 3.10). */
export function givens(a: number, b: number): Rotation {
  const anorm = Math.abs(a);
  const bnorm = Math.abs(b);
  if (bnorm === 0) {
    rotation.c = 1;
    rotation.s = 0;
    rotation.r = a;
    rotation.z = 0;
  } else if (anorm === 0) {
    rotation.c = 0;
    rotation.s = 1;
    rotation.r = b;
    rotation.z = 1;
  } else {
    const scale = Math.min(SAFE_MAX, Math.max(SAFE_MIN, anorm, bnorm));
    const sigma = anorm > bnorm ? (a < 0 ? -1 : 1) : b < 0 ? -1 : 1;
    const as = a / scale;
    const bs = b / scale;
    const r = sigma * (scale * Math.sqrt(as * as + bs * bs));
    const c = a / r;
    const s = b / r;
    rotation.c = c;
    rotation.s = s;
    rotation.r = r;
    rotation.z = anorm > bnorm ? s : c !== 0 ? 1 / c : 1;
  }
  return rotation;
}

/** Σ x[xo + t]·y[yo + t], t < length, summed left to right (reference ddot). */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, length: number): number {
  let sum = 0;
  for (let t = 0; t < length; t++) sum += x[xo + t]! * y[yo + t]!;
  return sum;
}

/**
 * Adds the row `v` (length `width`, the columns of the block) to the triangular factor block at
 * (`offset`, `offset`) of `factor`, so that RᵀR gains vvᵀ (mclust's `mclrup`). `count` is the number
 * of observations once `v` is in: while the block is not yet full (count − 1 ≤ width) `v` becomes
 * row count − 1 and is rotated against the rows above it; otherwise it is rotated into the full
 * triangle. `v` is overwritten in the full case.
 */
export function addRowToFactor(
  count: number,
  width: number,
  v: Float64Array,
  factor: Float64Array,
  p: number,
  offset: number,
): void {
  if (count === 1) return;
  const origin = offset * p + offset; // entry (0, 0) of the block; entry (r, c) is origin + r·p + c
  const k = count - 2; // the new row's 0-based index within the block
  if (k < width) {
    const rowK = origin + k * p;
    for (let col = 0; col < width; col++) factor[rowK + col] = v[col]!;
    if (k === 0) return;
    for (let i = 0; i < k; i++) {
      const rowI = origin + i * p;
      const g = givens(factor[rowI + i]!, factor[rowK + i]!);
      factor[rowI + i] = g.r;
      factor[rowK + i] = g.z;
      const { c, s } = g;
      for (let col = i + 1; col < width; col++) {
        const x = factor[rowI + col]!;
        const y = factor[rowK + col]!;
        factor[rowI + col] = c * x + s * y;
        factor[rowK + col] = c * y - s * x;
      }
    }
    return;
  }
  for (let i = 0; i < width; i++) {
    const rowI = origin + i * p;
    const g = givens(factor[rowI + i]!, v[i]!);
    factor[rowI + i] = g.r;
    v[i] = g.z;
    const { c, s } = g;
    for (let col = i + 1; col < width; col++) {
      const x = factor[rowI + col]!;
      const y = v[col]!;
      factor[rowI + col] = c * x + s * y;
      v[col] = c * y - s * x;
    }
  }
}
