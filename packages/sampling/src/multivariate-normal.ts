import { InvalidInputError, InvalidOptionError } from '@em/core';
import { type FlatMatrix, isFlatMatrix } from '@em/core/numeric';
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Random } from './random.js';
import { allocate, checkOptions, checkRandom, checkSize } from './validate.js';
import { fillNormal } from './ziggurat.js';

/**
 * Options of {@link multivariateNormal}.
 *
 * @example
 * ```ts
 * import type { MultivariateNormalOptions } from '@em/sampling';
 * import { createRandom, multivariateNormal } from '@em/sampling';
 * const options: MultivariateNormalOptions = { mean: [0, 0], cov: [[1, 0], [0, 1]], size: 10 };
 * multivariateNormal(createRandom(1), options);
 * ```
 */
export interface MultivariateNormalOptions {
  /** Mean vector, length d. */
  mean: ArrayLike<number>;
  /** d×d symmetric positive semi-definite covariance: rows as arrays, or a {@link FlatMatrix}. */
  cov: ArrayLike<ArrayLike<number>> | FlatMatrix;
  /** Number of draws (rows of the result). */
  size: number;
}

/** Relative tolerance for symmetry and for negative eigenvalues (numpy's `check_valid` uses 1e-8). */
const TOLERANCE = 1e-8;

/**
 * `size` draws from the multivariate normal N(mean, cov), returned flat and row-major: row `i` is
 * `data[i * cols .. (i + 1) * cols)`, `rows === size`, `cols === mean.length`.
 *
 * The covariance is factored once as cov = L·Lᵀ (Cholesky, ml-matrix); a covariance that is only
 * semi-definite (singular, for example perfectly correlated variables) falls back to a symmetric
 * eigendecomposition cov = (V√Λ)(V√Λ)ᵀ. Each row is then mean + L·z with z standard normal.
 *
 * @throws InvalidOptionError if `mean` is empty or not finite, `size` is not a non-negative integer.
 * @throws InvalidInputError if `cov` is not d×d, not finite, not symmetric, or not positive
 * semi-definite, naming the offending row/column or the smallest eigenvalue.
 * @example
 * ```ts
 * import { createRandom, multivariateNormal } from '@em/sampling';
 * const rng = createRandom(42);
 * const { data, rows, cols } = multivariateNormal(rng, {
 *   mean: [0, 10],
 *   cov: [[1, 0.8], [0.8, 1]],
 *   size: 1000,
 * });
 * [rows, cols]; // [1000, 2]
 * ```
 */
export function multivariateNormal(rng: Random, options: MultivariateNormalOptions): FlatMatrix {
  checkRandom(rng);
  checkOptions(options, 'multivariateNormal');
  const mean = checkMean(options.mean);
  const d = mean.length;
  const size = checkSize(options.size, 'size', d);
  const cov = checkCovariance(options.cov, d);
  const factor = factorCovariance(cov, d);
  const data = allocate(Float64Array, size * d);
  fillNormal(rng.generator, data);
  if (factor.lower) transformLower(data, size, d, mean, factor.matrix);
  else transformFull(data, size, d, mean, factor.matrix);
  return { data, rows: size, cols: d };
}

function checkMean(mean: unknown): Float64Array {
  if (!(Array.isArray(mean) || ArrayBuffer.isView(mean)) || (mean as ArrayLike<number>).length === 0) {
    throw new InvalidOptionError('mean', 'a non-empty array of finite numbers', mean);
  }
  // Checked before converting: Float64Array.from throws a TypeError on a Symbol.
  const values = mean as ArrayLike<unknown>;
  for (let j = 0; j < values.length; j++) {
    const value = values[j];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidOptionError(`mean[${j}]`, 'a finite number', value);
    }
  }
  return Float64Array.from(mean as ArrayLike<number>);
}

/** Validates shape, finiteness and symmetry; returns the covariance flat, row-major. */
function checkCovariance(cov: unknown, d: number): Float64Array {
  const expectedShape = `a ${d}×${d} matrix (mean has length ${d})`;
  let flat: Float64Array;
  if (isFlatMatrix(cov)) {
    if (cov.rows !== d || cov.cols !== d) {
      throw new InvalidInputError('cov', expectedShape, `${cov.rows}×${cov.cols}`);
    }
    flat = cov.data;
  } else {
    if (!Array.isArray(cov) || cov.length !== d) {
      throw new InvalidInputError('cov', `${expectedShape} with ${d} rows`, cov);
    }
    flat = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      const row: unknown = cov[i];
      if (!(Array.isArray(row) || ArrayBuffer.isView(row)) || (row as ArrayLike<number>).length !== d) {
        throw new InvalidInputError('cov', `a row of length ${d}`, row, { row: i });
      }
      for (let j = 0; j < d; j++) flat[i * d + j] = (row as ArrayLike<number>)[j]!;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const value = flat[i * d + j]!;
      if (!Number.isFinite(value)) {
        throw new InvalidInputError('cov', 'a finite number', value, { row: i, column: j });
      }
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const a = flat[i * d + j]!;
      const b = flat[j * d + i]!;
      if (Math.abs(a - b) > TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b))) {
        throw new InvalidInputError('cov', `a symmetric matrix (cov[${j}][${i}] = ${b})`, a, {
          row: i,
          column: j,
        });
      }
    }
  }
  return flat;
}

function factorCovariance(cov: Float64Array, d: number): { matrix: Float64Array; lower: boolean } {
  const rows = Array.from({ length: d }, (_, i) => Array.from(cov.subarray(i * d, (i + 1) * d)));
  const cholesky = new CholeskyDecomposition(new Matrix(rows));
  if (cholesky.isPositiveDefinite()) {
    return { matrix: Float64Array.from(cholesky.lowerTriangularMatrix.to1DArray()), lower: true };
  }
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const largest = Math.max(1, ...values.map(Math.abs));
  const smallest = Math.min(...values);
  if (smallest < -TOLERANCE * largest) {
    throw new InvalidInputError(
      'cov',
      'a positive semi-definite matrix: its smallest eigenvalue (received) must be >= 0',
      smallest,
    );
  }
  const matrix = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      // Eigenvalues that are zero up to rounding are made exactly zero, so degenerate directions
      // (perfectly correlated variables) stay exactly degenerate in the sample.
      const value = values[k]! <= TOLERANCE * largest ? 0 : values[k]!;
      matrix[i * d + k] = vectors.get(i, k) * Math.sqrt(value);
    }
  }
  return { matrix, lower: false };
}

/** Row by row, in place: x = mean + L·z. Going from the last coordinate down keeps z[0..i] intact. */
function transformLower(
  data: Float64Array,
  size: number,
  d: number,
  mean: Float64Array,
  lower: Float64Array,
): void {
  for (let r = 0, base = 0; r < size; r++, base += d) {
    for (let i = d - 1; i >= 0; i--) {
      let sum = mean[i]!;
      const row = i * d;
      for (let j = 0; j <= i; j++) sum += lower[row + j]! * data[base + j]!;
      data[base + i] = sum;
    }
  }
}

function transformFull(
  data: Float64Array,
  size: number,
  d: number,
  mean: Float64Array,
  factor: Float64Array,
): void {
  const z = new Float64Array(d);
  for (let r = 0, base = 0; r < size; r++, base += d) {
    for (let j = 0; j < d; j++) z[j] = data[base + j]!;
    for (let i = 0; i < d; i++) {
      let sum = mean[i]!;
      const row = i * d;
      for (let j = 0; j < d; j++) sum += factor[row + j]! * z[j]!;
      data[base + i] = sum;
    }
  }
}
