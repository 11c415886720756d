import type { FlatMatrix } from '@em/core/numeric';

/**
 * A sample: one value per row (`Float64Array`), or one row per draw (a `FlatMatrix`, row-major
 * `{ data, rows, cols }`).
 *
 * @example
 * ```ts
 * import type { Sample } from '@em/sampling';
 * const univariate: Sample = new Float64Array([1, 2, 3]);
 * const bivariate: Sample = { data: new Float64Array([1, 2, 3, 4]), rows: 2, cols: 2 };
 * ```
 */
export type Sample = Float64Array | FlatMatrix;
