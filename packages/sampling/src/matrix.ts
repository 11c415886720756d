/**
 * A dense matrix stored flat in row-major order: row `i`, column `j` is `data[i * cols + j]`.
 * This is the shape every multivariate sampler returns and `@em/gaussian` accepts.
 *
 * @example
 * ```ts
 * import type { FlatMatrix } from '@em/sampling';
 * const m: FlatMatrix = { data: new Float64Array([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 };
 * m.data[2 * m.cols + 1]; // row 2, column 1: 6
 * ```
 */
export interface FlatMatrix {
  /** The values, row after row; length `rows * cols`. */
  data: Float64Array;
  /** Number of rows (draws). */
  rows: number;
  /** Number of columns (dimensions). */
  cols: number;
}

/**
 * A sample: one value per row (`Float64Array`), or one row per draw ({@link FlatMatrix}).
 *
 * @example
 * ```ts
 * import type { Sample } from '@em/sampling';
 * const univariate: Sample = new Float64Array([1, 2, 3]);
 * const bivariate: Sample = { data: new Float64Array([1, 2, 3, 4]), rows: 2, cols: 2 };
 * ```
 */
export type Sample = Float64Array | FlatMatrix;

/**
 * Whether a value is a {@link FlatMatrix}.
 *
 * @example
 * ```ts
 * import { isFlatMatrix } from '@em/sampling';
 * isFlatMatrix({ data: new Float64Array(4), rows: 2, cols: 2 }); // true
 * isFlatMatrix(new Float64Array(4));                              // false
 * ```
 */
export function isFlatMatrix(value: unknown): value is FlatMatrix {
  if (typeof value !== 'object' || value === null || value instanceof Float64Array) return false;
  const m = value as Partial<FlatMatrix>;
  return (
    m.data instanceof Float64Array &&
    Number.isInteger(m.rows) &&
    Number.isInteger(m.cols) &&
    (m.rows as number) >= 0 &&
    (m.cols as number) >= 0 &&
    m.data.length === (m.rows as number) * (m.cols as number)
  );
}
