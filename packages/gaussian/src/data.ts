import { InvalidInputError } from '@em/core';
import type { DataInput, FlatMatrix, MatrixLike } from './types.js';

function isFlatMatrix(value: object): value is FlatMatrix {
  return 'data' in value && 'rows' in value && 'cols' in value;
}

function isMatrixLike(value: object): value is MatrixLike {
  return (
    typeof (value as MatrixLike).rows === 'number' &&
    typeof (value as MatrixLike).columns === 'number' &&
    typeof (value as MatrixLike).get === 'function'
  );
}

function checkFinite(argument: string, value: unknown, row: number, column: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidInputError(argument, 'a finite number', value, { row, column });
  }
  return value;
}

const SHAPES =
  'number[] or Float64Array (one feature), number[][], an ml-matrix Matrix, or { data: Float64Array, rows, cols }';

/**
 * Validates any accepted data shape and returns it as one flat row-major matrix. Non-finite values
 * are reported with their row and column; ragged rows with the row and its length. A
 * `Float64Array` or `FlatMatrix` is used as-is (not copied).
 */
export function toFlatMatrix(input: DataInput, argument = 'X'): FlatMatrix {
  if (input instanceof Float64Array) {
    if (input.length === 0) throw new InvalidInputError(argument, 'at least one sample', input);
    for (let i = 0; i < input.length; i++) checkFinite(argument, input[i], i, 0);
    return { data: input, rows: input.length, cols: 1 };
  }
  if (Array.isArray(input)) return fromArray(input as readonly unknown[], argument);
  if (typeof input === 'object' && input !== null) {
    if (isFlatMatrix(input)) return fromFlat(input, argument);
    if (isMatrixLike(input)) return fromMatrixLike(input, argument);
  }
  throw new InvalidInputError(argument, SHAPES, input);
}

function fromArray(input: readonly unknown[], argument: string): FlatMatrix {
  const rows = input.length;
  if (rows === 0) throw new InvalidInputError(argument, 'at least one sample', input);
  if (!Array.isArray(input[0]) && !ArrayBuffer.isView(input[0])) {
    const data = new Float64Array(rows);
    for (let i = 0; i < rows; i++) data[i] = checkFinite(argument, input[i], i, 0);
    return { data, rows, cols: 1 };
  }
  const first = input[0] as ArrayLike<unknown>;
  const cols = first.length;
  if (cols === 0) throw new InvalidInputError(argument, 'rows with at least one feature', first, { row: 0 });
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = input[i];
    if (!Array.isArray(row) && !(row instanceof Float64Array)) {
      throw new InvalidInputError(argument, `a row array of length ${cols}`, row, { row: i });
    }
    if (row.length !== cols) {
      throw new InvalidInputError(argument, `every row to have ${cols} features (as row 0)`, row, { row: i });
    }
    for (let j = 0; j < cols; j++) data[i * cols + j] = checkFinite(argument, row[j], i, j);
  }
  return { data, rows, cols };
}

function fromFlat(input: FlatMatrix, argument: string): FlatMatrix {
  const { data, rows, cols } = input;
  if (!(data instanceof Float64Array))
    throw new InvalidInputError(`${argument}.data`, 'a Float64Array', data);
  if (!Number.isInteger(rows) || rows < 1)
    throw new InvalidInputError(`${argument}.rows`, 'an integer >= 1', rows);
  if (!Number.isInteger(cols) || cols < 1)
    throw new InvalidInputError(`${argument}.cols`, 'an integer >= 1', cols);
  if (data.length !== rows * cols) {
    throw new InvalidInputError(`${argument}.data`, `length rows × cols = ${rows * cols}`, data);
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) checkFinite(argument, data[i * cols + j], i, j);
  }
  return input;
}

function fromMatrixLike(input: MatrixLike, argument: string): FlatMatrix {
  const { rows, columns: cols } = input;
  if (rows < 1 || cols < 1) throw new InvalidInputError(argument, 'a non-empty matrix', input);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[i * cols + j] = checkFinite(argument, input.get(i, j), i, j);
  }
  return { data, rows, cols };
}

/** Rows of a flat matrix as `number[][]`, for results that leave the package. */
export function toRows(data: Float64Array, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(data.subarray(i * cols, (i + 1) * cols)));
  return out;
}
