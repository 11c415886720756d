import { InvalidInputError, NumericalError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/**
 * The data transformations mclust's `hc()` applies before agglomerating (`mclust.options("hcUse")`):
 * - `'VARS'` the variables as given;
 * - `'STD'` standardised variables (centred, divided by the standard deviation);
 * - `'PCR'` principal components of the standardised variables (correlation matrix);
 * - `'PCS'` principal components of the centred variables (covariance matrix);
 * - `'SPH'` sphered variables: centred, rotated and scaled to unit ML covariance;
 * - `'SVD'` (mclust's default) standardised variables rotated by their SVD and each component
 *   divided by the square root of its singular value;
 * - `'RND'` no agglomeration at all: random pairs merged at random (mclust's `hcRandomPairs`).
 *
 * @example
 * ```ts
 * import type { HcUse } from '@em/gaussian';
 * const use: HcUse = 'SVD';
 * ```
 */
export type HcUse = 'VARS' | 'STD' | 'PCR' | 'PCS' | 'SPH' | 'SVD' | 'RND';

/**
 * Every value of {@link HcUse}, in mclust's order.
 *
 * @example
 * ```ts
 * import { HC_USES } from '@em/gaussian';
 * HC_USES; // ['VARS', 'STD', 'PCR', 'PCS', 'SPH', 'SVD', 'RND']
 * ```
 */
export const HC_USES: readonly HcUse[] = ['VARS', 'STD', 'PCR', 'PCS', 'SPH', 'SVD', 'RND'];

/** Exact sum of two doubles as (sum, error) (Knuth's TwoSum). */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

/** Exact product of two doubles as (product, error) (Dekker's TwoProduct, no FMA in JS). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const split = (x: number) => {
    const t = 134217729 * x; // 2^27 + 1
    const hi = t - (t - x);
    return [hi, x - hi] as const;
  };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, al * bl - (p - ah * bh - al * bh - ah * bl)];
}

/**
 * Σ values / divisor, rounded once: R accumulates colMeans and sum() in extended precision, so a plain
 * double sum would differ from R's centring in the last bits (and near-ties in the merges with it).
 */
function accurateMean(
  values: Float64Array,
  start: number,
  count: number,
  stride: number,
  divisor: number,
  squared = false,
): number {
  let hi = 0;
  let lo = 0;
  for (let t = 0, at = start; t < count; t++, at += stride) {
    const x = values[at]!;
    const [term, termError] = squared ? twoProduct(x, x) : [x, 0];
    const [s, e] = twoSum(hi, term);
    hi = s;
    lo += e + termError;
  }
  [hi, lo] = twoSum(hi, lo);
  const q = hi / divisor;
  const [p, pe] = twoProduct(q, divisor);
  return q + (hi - p - pe + lo) / divisor;
}

/** R's scale(x, center = TRUE, scale): centred columns, optionally divided by their sd (n − 1). */
function scaleColumns(X: FlatMatrix, divide: boolean): FlatMatrix {
  const { rows: n, cols: p } = X;
  const out = Float64Array.from(X.data);
  for (let c = 0; c < p; c++) {
    const mean = accurateMean(out, c, n, p, n);
    for (let i = 0; i < n; i++) out[i * p + c] = out[i * p + c]! - mean;
    if (!divide) continue;
    const squares = new Float64Array(n);
    for (let i = 0; i < n; i++) squares[i] = out[i * p + c]! ** 2;
    const sd = Math.sqrt(accurateMean(squares, 0, n, 1, 1) / Math.max(1, n - 1));
    for (let i = 0; i < n; i++) out[i * p + c] = out[i * p + c]! / sd;
  }
  return { data: out, rows: n, cols: p };
}

/** Keeps the columns whose values are all finite (mclust's `dropCols`: constant columns once scaled). */
function dropNonFiniteColumns(X: FlatMatrix): FlatMatrix {
  const { rows: n, cols: p, data } = X;
  const keep: number[] = [];
  for (let c = 0; c < p; c++) {
    let finite = true;
    for (let i = 0; i < n && finite; i++) finite = Number.isFinite(data[i * p + c]!);
    if (finite) keep.push(c);
  }
  if (keep.length === p) return X;
  if (keep.length === 0) {
    throw new InvalidInputError('X', 'at least one column that is not constant', 'constant columns only');
  }
  const out = new Float64Array(n * keep.length);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < keep.length; t++) out[i * keep.length + t] = data[i * p + keep[t]!]!;
  }
  return { data: out, rows: n, cols: keep.length };
}

/** X·V·diag(w) for the p × q matrix V (w all ones when omitted). */
function project(X: FlatMatrix, V: Matrix, w?: readonly number[]): FlatMatrix {
  const { rows: n, cols: p, data } = X;
  const q = V.columns;
  const out = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < q; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += data[i * p + k]! * V.get(k, j);
      out[i * q + j] = w ? s * w[j]! : s;
    }
  }
  return { data: out, rows: n, cols: q };
}

function toMatrix(X: FlatMatrix): Matrix {
  const m = new Matrix(X.rows, X.cols);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) m.set(i, j, X.data[i * X.cols + j]!);
  return m;
}

/** Right singular vectors (first min(n, p)) and singular values of X. */
function rightSvd(X: FlatMatrix): { V: Matrix; d: number[] } {
  const svd = new SingularValueDecomposition(toMatrix(X), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: true,
    autoTranspose: true,
  });
  const q = Math.min(X.rows, X.cols);
  const V = svd.rightSingularVectors.subMatrix(0, X.cols - 1, 0, q - 1);
  return { V, d: svd.diagonal.slice(0, q) };
}

function inverseSquareRoots(d: readonly number[], use: HcUse): number[] {
  return d.map((value, j) => {
    if (!(value > 0)) {
      throw new NumericalError(
        `hcUse '${use}': component ${j} of the data has zero spread (singular value ${value}), so it cannot be scaled to unit variance.`,
        "use hcUse 'VARS' or 'STD', or remove linearly dependent columns",
      );
    }
    return 1 / Math.sqrt(value);
  });
}

/**
 * The data mclust's `hc()` agglomerates for a given `use` (all but `'RND'`), n × q with q ≤ p.
 *
 * @param X Validated data, n × p.
 */
export function transformForHc(X: FlatMatrix, use: Exclude<HcUse, 'RND'>): FlatMatrix {
  switch (use) {
    case 'VARS':
      return X;
    case 'STD':
      return dropNonFiniteColumns(scaleColumns(X, true));
    case 'PCR': {
      const Z = dropNonFiniteColumns(scaleColumns(X, true));
      return project(Z, rightSvd(Z).V);
    }
    case 'PCS': {
      const Z = scaleColumns(X, false);
      return dropNonFiniteColumns(project(Z, rightSvd(Z).V));
    }
    case 'SPH': {
      const Z = scaleColumns(X, false);
      if (Z.cols === 1) {
        // One column: R's var() in extended precision, its 1 × 1 SVD exact.
        const n = Z.rows;
        const variance = (accurateMean(Z.data, 0, n, 1, n - 1, true) * (n - 1)) / n;
        return dropNonFiniteColumns(project(Z, new Matrix([[1]]), inverseSquareRoots([variance], use)));
      }
      const { rows: n, cols: p, data } = Z;
      // ML covariance of the centred data; its SVD is its eigendecomposition.
      const sigma = new Matrix(p, p);
      for (let a = 0; a < p; a++) {
        for (let b = 0; b < p; b++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += data[i * p + a]! * data[i * p + b]!;
          sigma.set(a, b, s / n);
        }
      }
      const svd = new SingularValueDecomposition(sigma, { computeLeftSingularVectors: false });
      return dropNonFiniteColumns(
        project(Z, svd.rightSingularVectors, inverseSquareRoots(svd.diagonal, use)),
      );
    }
    case 'SVD': {
      const Z = dropNonFiniteColumns(scaleColumns(X, true));
      if (Z.cols === 1) {
        // One column: LAPACK's dgesdd reduces it by one Householder reflection, so the singular
        // value is dlapy2(z₁, ‖z₂…zₙ‖) with the norm summed in order (reference dnrm2, mid range).
        let tail = 0;
        for (let i = 1; i < Z.rows; i++) tail += Z.data[i]! * Z.data[i]!;
        const w = Math.max(Math.abs(Z.data[0]!), Math.sqrt(tail));
        const z = Math.min(Math.abs(Z.data[0]!), Math.sqrt(tail));
        const norm = z === 0 ? w : w * Math.sqrt(1 + (z / w) ** 2);
        return project(Z, new Matrix([[1]]), inverseSquareRoots([norm], use));
      }
      const { V, d } = rightSvd(Z);
      return project(Z, V, inverseSquareRoots(d, use));
    }
  }
}
