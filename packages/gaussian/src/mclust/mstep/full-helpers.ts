import { choleskyLower } from '../../linalg.js';
import { geometricMean, symmetricEigenInto } from '../eigen.js';
import { RTEPS } from './types.js';

/** The Cholesky factor of {@link wellConditioned}, kept between calls (grown as needed). */
let conditionFactor = new Float64Array(0);

/**
 * mclust's test of a covariance it estimated through its Cholesky factor U: not estimable when
 * min |U_jj| / (1 + max |U_jj|) ≤ √eps, or when it is not positive definite at all.
 */
export function wellConditioned(cov: Float64Array, off: number, d: number): boolean {
  if (conditionFactor.length < d * d) conditionFactor = new Float64Array(d * d);
  const l = conditionFactor;
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

/** One component's eigenvalues (decreasing), directions (columns) and their geometric mean. */
export interface ComponentEigen {
  values: Float64Array;
  vectors: Float64Array;
  volume: number;
}

/** Kept per (d, k): the M-steps run one at a time and read the result before the next call. */
const eigenWorks = new Map<number, { components: ComponentEigen[]; work: Float64Array; order: Int32Array }>();

/**
 * Eigenvalues (decreasing) and directions of each W_k, and the geometric mean of the eigenvalues.
 * The arrays are reused by the next call with the same d and k (thousands per grid).
 */
export function eigenScatter(w: Float64Array, k: number, d: number): readonly ComponentEigen[] {
  const key = k * 1024 + d;
  let cached = eigenWorks.get(key);
  if (!cached) {
    cached = {
      components: Array.from({ length: k }, () => ({
        values: new Float64Array(d),
        vectors: new Float64Array(d * d),
        volume: 0,
      })),
      work: new Float64Array(2 * d * d),
      order: new Int32Array(d),
    };
    eigenWorks.set(key, cached);
  }
  const { components, work, order } = cached;
  for (let c = 0; c < k; c++) {
    const component = components[c]!;
    symmetricEigenInto(w, c * d * d, d, component.values, component.vectors, work, order);
    component.volume = geometricMean(component.values, 0, d);
  }
  return components;
}
