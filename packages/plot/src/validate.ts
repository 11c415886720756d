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
 * Row-major data: `number[][]`, a flat `{ data, rows, cols }` (with any array of numbers as `data`), or
 * an ml-matrix `Matrix` (anything with numeric `rows` and `columns` and a `get(row, column)` method).
 * Converted by `@em/core`'s `toFlatMatrix`, like the data of every `@em/*` package.
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
  | { rows: number; columns: number; get(row: number, column: number): number };
