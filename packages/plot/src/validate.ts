import { InvalidInputError } from '@em/core';

/** A finite, non-empty sample as a Float64Array. */
export function toSample(sample: unknown, argument: string): Float64Array {
  if (!Array.isArray(sample) && !(ArrayBuffer.isView(sample) && !(sample instanceof DataView)))
    throw new InvalidInputError(argument, 'an array of finite numbers', sample);
  const values = sample as ArrayLike<unknown>;
  if (values.length === 0)
    throw new InvalidInputError(argument, 'a non-empty array of finite numbers', sample);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InvalidInputError(argument, 'a finite number', v, { row: i });
    out[i] = v;
  }
  return out;
}

/**
 * Row-major data: `number[][]`, a flat `{ data, rows, cols }`, or anything with `to2DArray()` (an
 * ml-matrix `Matrix`).
 *
 * @example
 * ```ts
 * import { scatterSvg, type MatrixInput } from '@em/plot';
 * const flat: MatrixInput = { data: new Float64Array([0, 0, 1, 1, 2, 0]), rows: 3, cols: 2 };
 * scatterSvg(flat);
 * ```
 */
export type MatrixInput =
  | readonly (readonly number[])[]
  | { data: ArrayLike<number>; rows: number; cols: number }
  | { to2DArray(): number[][] };

/** A finite, non-empty matrix as flat row-major data. */
export function toMatrix(
  input: unknown,
  argument: string,
): { data: Float64Array; rows: number; cols: number } {
  if (
    typeof input === 'object' &&
    input !== null &&
    typeof (input as { to2DArray?: unknown }).to2DArray === 'function'
  )
    return toMatrix((input as { to2DArray(): unknown }).to2DArray(), argument);
  if (Array.isArray(input)) {
    if (input.length === 0) throw new InvalidInputError(argument, 'a non-empty array of rows', input);
    const first = input[0];
    if (!Array.isArray(first) || first.length === 0)
      throw new InvalidInputError(argument, 'rows that are non-empty arrays of numbers', first, { row: 0 });
    const cols = first.length;
    const data = new Float64Array(input.length * cols);
    input.forEach((row: unknown, i) => {
      if (!Array.isArray(row) || row.length !== cols)
        throw new InvalidInputError(argument, `a row of ${cols} numbers`, row, { row: i });
      for (let j = 0; j < cols; j++) {
        const v = row[j];
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw new InvalidInputError(argument, 'a finite number', v, { row: i, column: j });
        data[i * cols + j] = v;
      }
    });
    return { data, rows: input.length, cols };
  }
  if (typeof input === 'object' && input !== null && 'data' in input && 'rows' in input && 'cols' in input) {
    const { data, rows, cols } = input as { data: ArrayLike<unknown>; rows: unknown; cols: unknown };
    if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 1)
      throw new InvalidInputError(`${argument}.rows`, 'an integer >= 1', rows);
    if (typeof cols !== 'number' || !Number.isInteger(cols) || cols < 1)
      throw new InvalidInputError(`${argument}.cols`, 'an integer >= 1', cols);
    if (data?.length !== rows * cols)
      throw new InvalidInputError(`${argument}.data`, `${rows * cols} numbers (rows × cols)`, data);
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < out.length; i++) {
      const v = data[i];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new InvalidInputError(argument, 'a finite number', v, {
          row: Math.floor(i / cols),
          column: i % cols,
        });
      out[i] = v;
    }
    return { data: out, rows, cols };
  }
  throw new InvalidInputError(argument, 'number[][] or { data, rows, cols }', input);
}
