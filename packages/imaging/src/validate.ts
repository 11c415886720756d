import { describeValue, InvalidInputError, InvalidOptionError } from '@em/core';

/**
 * An image or sinogram as the package accepts it: a flat row-major array (typed or plain) or an
 * array of rows. Images are N × N (row r, column c at r·N + c); sinograms are nAngles × nDetectors
 * (angle a, bin j at a·nDetectors + j).
 *
 * @example
 * ```ts
 * import type { Grid } from '@em/imaging';
 * const flat: Grid = new Float64Array(4);
 * const rows: Grid = [[0, 1], [1, 0]];
 * ```
 */
export type Grid = ArrayLike<number> | readonly ArrayLike<number>[];

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * Largest |value| of an image or sinogram: projections add up to a few thousand of them, and the
 * metrics square them, so anything larger would overflow; no scan needs it.
 *
 * @internal
 */
export const MAX_VALUE = 1e150;

/**
 * Reads a rows × cols grid into a fresh (or, for a Float64Array of the right length, the same)
 * Float64Array, checking shape and values.
 *
 * @internal
 */
export function readGrid(
  input: unknown,
  name: string,
  rows: number,
  cols: number,
  what: string,
  options: { nonNegative?: boolean; copy?: boolean } = {},
): Float64Array {
  const expectedShape = `${what}: ${rows} × ${cols} values (a flat array of ${rows * cols} or ${rows} rows of ${cols})`;
  if (!isArrayLike(input)) throw new InvalidInputError(name, expectedShape, input);
  const nonNegative = options.nonNegative ?? false;
  const check = (value: unknown, r: number, c: number): number => {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new InvalidInputError(name, 'a finite number', value, { row: r, column: c });
    if (Math.abs(value) > MAX_VALUE)
      throw new InvalidInputError(name, `a value with |x| <= ${MAX_VALUE} (scale the data)`, value, {
        row: r,
        column: c,
      });
    if (nonNegative && value < 0)
      throw new InvalidInputError(name, 'a non-negative number (counts cannot be negative)', value, {
        row: r,
        column: c,
      });
    return value;
  };
  const out = new Float64Array(rows * cols);
  if (input.length === rows * cols && (input.length === 0 || !isArrayLike(input[0]))) {
    for (let i = 0; i < out.length; i++) out[i] = check(input[i], Math.floor(i / cols), i % cols);
    return out;
  }
  if (input.length === rows && isArrayLike(input[0])) {
    for (let r = 0; r < rows; r++) {
      const row = input[r];
      if (!isArrayLike(row) || row.length !== cols)
        throw new InvalidInputError(name, `a row of ${cols} values`, row, { row: r });
      for (let c = 0; c < cols; c++) out[r * cols + c] = check(row[c], r, c);
    }
    return out;
  }
  throw new InvalidInputError(name, expectedShape, describeShape(input));
}

function describeShape(input: ArrayLike<unknown>): string {
  if (input.length > 0 && isArrayLike(input[0]))
    return `${input.length} rows of ${(input[0] as ArrayLike<unknown>).length}`;
  return describeValue(input);
}

/** @internal An integer option in [min, max]. */
export function integerOption(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new InvalidOptionError(name, `an integer in ${min}…${max}`, value);
  return value;
}

/** @internal A finite number option in [min, max]. */
export function numberOption(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw new InvalidOptionError(name, `a finite number in [${min}, ${max}]`, value);
  return value;
}

/** @internal The options object itself: undefined or a plain object. */
export function optionsObject<T extends object>(options: T | undefined, fn: string): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new InvalidOptionError('options', `an object of ${fn} options`, options);
  return options;
}
