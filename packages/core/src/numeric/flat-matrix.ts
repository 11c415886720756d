import { InvalidInputError, InvalidOptionError } from '../errors.js';

/**
 * A dense matrix stored flat in row-major order: row `i`, column `j` is `data[i * cols + j]`. Every
 * `@em/*` model works on this shape inside; `toFlatMatrix` (`@em/core/numeric`) produces it from what
 * users pass.
 *
 * @example
 * ```ts
 * import type { FlatMatrix } from '@em/core/numeric';
 * const m: FlatMatrix = { data: new Float64Array([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 };
 * m.data[2 * m.cols + 1]; // 6
 * ```
 */
export interface FlatMatrix {
  /** The values, row after row (length `rows × cols`). */
  data: Float64Array;
  /** Number of rows (samples). */
  rows: number;
  /** Number of columns (features). */
  cols: number;
}

/**
 * A matrix object read through `get(row, column)`, such as an ml-matrix `Matrix`. This is the one rule
 * by which `toFlatMatrix` (`@em/core/numeric`) recognises a matrix object: numeric `rows` and
 * `columns` and a `get` function (ml-matrix's `to2DArray` is not used), so any version of ml-matrix,
 * its matrix views, and other libraries' matrices with the same three members all work.
 *
 * @example
 * ```ts
 * import { type MatrixLike, toFlatMatrix } from '@em/core/numeric';
 * const identity: MatrixLike = { rows: 2, columns: 2, get: (i, j) => (i === j ? 1 : 0) };
 * toFlatMatrix(identity).data; // [1, 0, 0, 1]
 * ```
 */
export interface MatrixLike {
  /** Number of rows (samples). */
  readonly rows: number;
  /** Number of columns (features). */
  readonly columns: number;
  /** The value at a 0-based row and column. */
  get(row: number, column: number): number;
}

/**
 * A flat row-major matrix whose `data` may be any array of numbers; {@link toFlatMatrix} copies it
 * into a `Float64Array` (a `Float64Array` is used as-is).
 *
 * @example
 * ```ts
 * import { type FlatMatrixLike, toFlatMatrix } from '@em/core/numeric';
 * const m: FlatMatrixLike = { data: [1, 2, 3, 4], rows: 2, cols: 2 };
 * toFlatMatrix(m).data instanceof Float64Array; // true
 * ```
 */
export interface FlatMatrixLike {
  /** The values, row after row (length `rows × cols`). */
  readonly data: ArrayLike<number>;
  /** Number of rows (samples). */
  readonly rows: number;
  /** Number of columns (features). */
  readonly cols: number;
}

/**
 * A one-dimensional array of numbers: a plain array or a numeric typed array.
 *
 * @example
 * ```ts
 * import type { NumericArray } from '@em/core/numeric';
 * const values: NumericArray[] = [[1, 2], new Float64Array([1, 2]), new Int32Array([1, 2])];
 * ```
 */
export type NumericArray =
  | readonly number[]
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array;

/**
 * Every data shape `toFlatMatrix` (`@em/core/numeric`) accepts: a one-dimensional array (one column),
 * an array of rows (each a plain or typed array), a {@link MatrixLike} such as an ml-matrix `Matrix`,
 * or a flat `{ data, rows, cols }`.
 *
 * @example
 * ```ts
 * import type { DataInput } from '@em/core/numeric';
 * const univariate: DataInput = [1.2, 3.4, 5.6];
 * const bivariate: DataInput = [[1, 2], [3, 4], [5, 6]];
 * const flat: DataInput = { data: new Float64Array([1, 2, 3, 4]), rows: 2, cols: 2 };
 * ```
 */
export type DataInput = NumericArray | readonly NumericArray[] | MatrixLike | FlatMatrixLike;

/**
 * Options of {@link toFlatMatrix}.
 *
 * @example
 * ```ts
 * import { toFlatMatrix, type ToFlatMatrixOptions } from '@em/core/numeric';
 * const options: ToFlatMatrixOptions = { missing: 'allow' };
 * Number.isNaN(toFlatMatrix([[1, NaN]], 'X', options).data[1]); // true
 * ```
 */
export interface ToFlatMatrixOptions {
  /**
   * `'error'` (default): every value must be finite. `'allow'`: `NaN` marks a missing value and is let
   * through (for models that handle missing data); ±Infinity is still an error.
   */
  missing?: 'error' | 'allow';
}

const SHAPES =
  'number[] or Float64Array (one column), number[][] (rows), an ml-matrix Matrix, or { data, rows, cols }';

const isMatrixLike = (value: object): value is MatrixLike =>
  typeof (value as MatrixLike).rows === 'number' &&
  typeof (value as MatrixLike).columns === 'number' &&
  typeof (value as MatrixLike).get === 'function';

const isNumberView = (value: unknown): value is NumericArray =>
  ArrayBuffer.isView(value) && !(value instanceof DataView);

const isRow = (value: unknown): value is ArrayLike<unknown> => Array.isArray(value) || isNumberView(value);

/** The value as a number if it is finite (or NaN, when missing values are allowed); else an error. */
function checked(name: string, value: unknown, row: number, column: number, allowNaN: boolean): number {
  if (typeof value === 'number' && (Number.isFinite(value) || (allowNaN && Number.isNaN(value))))
    return value;
  const expected = allowNaN ? 'a finite number or NaN (missing)' : 'a finite number';
  throw new InvalidInputError(name, expected, value, { row, column });
}

/**
 * The index of the first value below `length` that is ±Infinity, or NaN unless `allowNaN`; −1 when
 * there is none. One tight pass (x − x is 0 exactly for finite x, NaN otherwise), four times faster
 * than checking each value with {@link checked} (a large fit's data is checked before every fit).
 */
function firstNonFinite(data: Float64Array, length: number, allowNaN: boolean): number {
  let i = 0;
  if (!allowNaN) {
    // Four values at a time: v − v is 0 for a finite v and NaN otherwise, so a group adds to 0
    // unless it holds a bad value, which the loop below then finds (a third faster per pass).
    for (; i + 4 <= length; i += 4) {
      const v0 = data[i]!;
      const v1 = data[i + 1]!;
      const v2 = data[i + 2]!;
      const v3 = data[i + 3]!;
      const group = v0 - v0 + (v1 - v1) + (v2 - v2) + (v3 - v3);
      if (group !== 0) break;
    }
  }
  for (; i < length; i++) {
    const v = data[i]!;
    if (v - v !== 0 && !(allowNaN && Number.isNaN(v))) return i;
  }
  return -1;
}

function allowsNaN(options: ToFlatMatrixOptions | undefined): boolean {
  const missing = options?.missing ?? 'error';
  if (missing !== 'error' && missing !== 'allow')
    throw new InvalidOptionError('missing', "'error' or 'allow'", missing);
  return missing === 'allow';
}

/**
 * Validates any {@link DataInput} and returns it as one flat row-major {@link FlatMatrix}: the one
 * place where data enters every `@em/*` model. A one-dimensional array is one column. A `Float64Array`,
 * or a flat input whose `data` is a `Float64Array`, is used as-is (not copied); everything else is
 * copied. A matrix object is recognised as a {@link MatrixLike} (numeric `rows` and `columns`, a `get`
 * function), an object with `data`, `rows` and `cols` as a flat matrix. Errors are
 * `InvalidInputError`s naming `name` and, for a bad value or row, its 0-based row and column.
 *
 * @param input The data.
 * @param name The argument's name in error messages (default `'X'`).
 * @param options Whether `NaN` (missing) values are allowed; see {@link ToFlatMatrixOptions}.
 * @throws InvalidInputError on an unknown shape, an empty matrix, ragged rows, or a non-finite value.
 *
 * @example
 * ```ts
 * import { toFlatMatrix } from '@em/core/numeric';
 * toFlatMatrix([[1, 2], [3, 4], [5, 6]]).data; // [1, 2, 3, 4, 5, 6]
 * toFlatMatrix([1, 2, 3]).cols;                // 1
 * try {
 *   toFlatMatrix([[1, 2], [3, Infinity]]);
 * } catch (error) {
 *   console.log((error as Error).message);
 *   // Invalid X at row 1, column 1: expected a finite number, received Infinity.
 * }
 * ```
 */
export function toFlatMatrix(input: DataInput, name = 'X', options?: ToFlatMatrixOptions): FlatMatrix {
  const allowNaN = allowsNaN(options);
  if (isNumberView(input)) return fromColumn(input, name, allowNaN);
  if (Array.isArray(input)) {
    if (input.length === 0) throw new InvalidInputError(name, 'at least one sample', input);
    return isRow(input[0])
      ? fromRows(input as readonly unknown[], name, allowNaN)
      : fromColumn(input, name, allowNaN);
  }
  if (typeof input === 'object' && input !== null) {
    if ('data' in input && 'rows' in input && 'cols' in input)
      return fromFlat(input as FlatMatrixLike, name, allowNaN);
    if (isMatrixLike(input)) return fromMatrixLike(input, name, allowNaN);
  }
  throw new InvalidInputError(name, SHAPES, input);
}

function fromColumn(input: ArrayLike<unknown>, name: string, allowNaN: boolean): FlatMatrix {
  const rows = input.length;
  if (rows === 0) throw new InvalidInputError(name, 'at least one sample', input);
  if (input instanceof Float64Array) {
    for (let i = 0; i < rows; i++) checked(name, input[i], i, 0, allowNaN);
    return { data: input, rows, cols: 1 };
  }
  const data = new Float64Array(rows);
  for (let i = 0; i < rows; i++) data[i] = checked(name, input[i], i, 0, allowNaN);
  return { data, rows, cols: 1 };
}

function fromRows(input: readonly unknown[], name: string, allowNaN: boolean): FlatMatrix {
  const rows = input.length;
  const cols = (input[0] as ArrayLike<unknown>).length;
  if (cols === 0) throw new InvalidInputError(name, 'rows with at least one feature', input[0], { row: 0 });
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = input[i];
    if (!isRow(row)) throw new InvalidInputError(name, `a row array of length ${cols}`, row, { row: i });
    if (row.length !== cols)
      throw new InvalidInputError(name, `every row to have ${cols} features (as row 0)`, row, { row: i });
    for (let j = 0; j < cols; j++) data[i * cols + j] = checked(name, row[j], i, j, allowNaN);
  }
  return { data, rows, cols };
}

function fromFlat(input: FlatMatrixLike, name: string, allowNaN: boolean): FlatMatrix {
  const { data, rows, cols } = input;
  if (!isRow(data))
    throw new InvalidInputError(`${name}.data`, 'a Float64Array or an array of numbers', data);
  if (!Number.isInteger(rows) || rows < 1)
    throw new InvalidInputError(`${name}.rows`, 'an integer >= 1', rows);
  if (!Number.isInteger(cols) || cols < 1)
    throw new InvalidInputError(`${name}.cols`, 'an integer >= 1', cols);
  if (data.length !== rows * cols)
    throw new InvalidInputError(`${name}.data`, `length rows × cols = ${rows * cols}`, data);
  if (data instanceof Float64Array) {
    const bad = firstNonFinite(data, rows * cols, allowNaN);
    if (bad >= 0) checked(name, data[bad], Math.floor(bad / cols), bad % cols, allowNaN);
    return input as FlatMatrix;
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = checked(name, data[i * cols + j], i, j, allowNaN);
  }
  return { data: out, rows, cols };
}

function fromMatrixLike(input: MatrixLike, name: string, allowNaN: boolean): FlatMatrix {
  const { rows, columns: cols } = input;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1)
    throw new InvalidInputError(name, 'a non-empty matrix', input);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[i * cols + j] = checked(name, input.get(i, j), i, j, allowNaN);
  }
  return { data, rows, cols };
}

/**
 * Whether a value is a {@link FlatMatrix}: a `Float64Array` `data` of length `rows × cols`, with
 * integer `rows` and `cols` (zero allowed). It checks the shape only, not the values.
 *
 * @example
 * ```ts
 * import { isFlatMatrix } from '@em/core/numeric';
 * isFlatMatrix({ data: new Float64Array(4), rows: 2, cols: 2 }); // true
 * isFlatMatrix({ data: [1, 2, 3, 4], rows: 2, cols: 2 });       // false
 * isFlatMatrix(new Float64Array(4));                              // false
 * ```
 */
export function isFlatMatrix(value: unknown): value is FlatMatrix {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return false;
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

/**
 * The rows of a flat row-major matrix as `number[][]`: the friendly shape for results that leave a
 * package.
 *
 * @param data The values, row after row (at least `rows × cols` of them).
 * @param rows Number of rows.
 * @param cols Number of columns.
 *
 * @example
 * ```ts
 * import { toRows } from '@em/core/numeric';
 * toRows(new Float64Array([1, 2, 3, 4, 5, 6]), 3, 2); // [[1, 2], [3, 4], [5, 6]]
 * ```
 */
export function toRows(data: Float64Array, rows: number, cols: number): number[][] {
  if (!(data instanceof Float64Array)) throw new InvalidInputError('data', 'a Float64Array', data);
  if (!Number.isInteger(rows) || rows < 0) throw new InvalidInputError('rows', 'an integer >= 0', rows);
  if (!Number.isInteger(cols) || cols < 0 || rows * cols > data.length)
    throw new InvalidInputError('cols', `an integer with rows × cols <= data.length (${data.length})`, cols);
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(data.subarray(i * cols, (i + 1) * cols)));
  return out;
}
