import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidOptionError } from '../../src/errors.js';
import { type DataInput, isFlatMatrix, toFlatMatrix, toRows } from '../../src/numeric/index.js';

/**
 * The public surface of an ml-matrix `Matrix` (@em/core has no dependencies, so not the real one; the
 * packages that depend on ml-matrix test it): `rows`, `columns`, `get`, `to2DArray`, and a `data`
 * member holding the rows, which must not make it look like a flat matrix.
 */
class Matrix {
  readonly data: Float64Array[];
  readonly rows: number;
  readonly columns: number;
  constructor(rows: number[][]) {
    this.data = rows.map((row) => Float64Array.from(row));
    this.rows = rows.length;
    this.columns = rows[0]?.length ?? 0;
  }
  get(row: number, column: number): number {
    return this.data[row]![column]!;
  }
  to2DArray(): number[][] {
    throw new Error('toFlatMatrix reads a matrix through get(), not to2DArray()');
  }
}

/** `toFlatMatrix(...args)` throws an InvalidInputError with these fields (message, argument, row…). */
const rejects = (args: Parameters<typeof toFlatMatrix>, fields: Partial<InvalidInputError>) =>
  expect(() => toFlatMatrix(...args)).toThrow(
    expect.objectContaining({ name: 'InvalidInputError', ...fields }),
  );

describe('toFlatMatrix: every input shape gives the same FlatMatrix', () => {
  const rows = [
    [1, 2, 3],
    [4, 5, 6],
  ];
  const expected = { data: new Float64Array([1, 2, 3, 4, 5, 6]), rows: 2, cols: 3 };
  const shapes: [string, DataInput][] = [
    ['number[][]', rows],
    ['Float64Array rows', rows.map((row) => Float64Array.from(row))],
    ['mixed rows', [rows[0]!, new Int32Array(rows[1]!)]],
    ['ml-matrix Matrix', new Matrix(rows)],
    [
      'an object with rows, columns and get',
      { rows: 2, columns: 3, get: (i: number, j: number) => rows[i]![j]! },
    ],
    ['flat, Float64Array data', { data: new Float64Array([1, 2, 3, 4, 5, 6]), rows: 2, cols: 3 }],
    ['flat, number[] data', { data: [1, 2, 3, 4, 5, 6], rows: 2, cols: 3 }],
    ['flat, Float32Array data', { data: new Float32Array([1, 2, 3, 4, 5, 6]), rows: 2, cols: 3 }],
  ];
  it.each(shapes)('%s', (_, input) => {
    expect(toFlatMatrix(input)).toEqual(expected);
  });

  const column = { data: new Float64Array([1.5, -2, 3]), rows: 3, cols: 1 };
  const columns: [string, DataInput][] = [
    ['number[]', [1.5, -2, 3]],
    ['Float64Array', new Float64Array([1.5, -2, 3])],
    ['Float32Array', new Float32Array([1.5, -2, 3])],
    ['number[][] with one column', [[1.5], [-2], [3]]],
    ['ml-matrix column vector', new Matrix([[1.5], [-2], [3]])],
  ];
  it.each(columns)('one column: %s', (_, input) => {
    expect(toFlatMatrix(input)).toEqual(column);
  });

  it('uses a Float64Array (alone or as flat data) as-is, and copies everything else', () => {
    const values = new Float64Array([1, 2, 3, 4]);
    expect(toFlatMatrix(values).data).toBe(values);
    const flat = { data: values, rows: 2, cols: 2 };
    expect(toFlatMatrix(flat)).toBe(flat);
    const array = [1, 2, 3, 4];
    const copied = toFlatMatrix({ data: array, rows: 2, cols: 2 });
    array[0] = 9;
    expect(copied.data[0]).toBe(1);
  });
});

describe('toFlatMatrix: errors name the argument, the row and the column', () => {
  const nan = Number.NaN;
  it.each<[string, Parameters<typeof toFlatMatrix>, Partial<InvalidInputError>]>([
    [
      'NaN in number[][]',
      [
        [
          [1, 2],
          [3, nan],
        ],
        'meansInit',
      ],
      {
        message: 'Invalid meansInit at row 1, column 1: expected a finite number, received NaN.',
        argument: 'meansInit',
        row: 1,
        column: 1,
      },
    ],
    [
      'Infinity in number[]',
      [[1, Number.POSITIVE_INFINITY]],
      { message: 'Invalid X at row 1, column 0: expected a finite number, received Infinity.' },
    ],
    ['NaN in a Float64Array', [new Float64Array([0, 0, nan])], { row: 2, column: 0 }],
    [
      'NaN in flat data',
      [{ data: new Float64Array([0, 0, 0, nan]), rows: 2, cols: 2 }],
      { message: 'Invalid X at row 1, column 1: expected a finite number, received NaN.' },
    ],
    ['NaN in a matrix object', [new Matrix([[0, nan]])], { row: 0, column: 1 }],
    [
      'a string',
      [[[1, '2' as never]]],
      { message: 'Invalid X at row 0, column 1: expected a finite number, received "2".' },
    ],
    [
      'a ragged row',
      [[[1, 2], [3]]],
      {
        message:
          'Invalid X at row 1: expected every row to have 2 features (as row 0), received array of length 1.',
        row: 1,
        column: undefined,
      },
    ],
    [
      'a number among rows',
      [[[1, 2], 3 as never]],
      { message: 'Invalid X at row 1: expected a row array of length 2, received 3.' },
    ],
    [
      'empty rows',
      [[[], []]],
      { message: 'Invalid X at row 0: expected rows with at least one feature, received array of length 0.' },
    ],
    // A number first makes the array one column, so a later row is a value that is not a number.
    [
      'a row among numbers',
      [[1, [2]] as never],
      { message: 'Invalid X at row 1, column 0: expected a finite number, received array of length 1.' },
    ],
    [
      'an empty array',
      [[]],
      { message: 'Invalid X: expected at least one sample, received array of length 0.' },
    ],
    [
      'an empty Float64Array',
      [new Float64Array(0)],
      { message: 'Invalid X: expected at least one sample, received Float64Array of length 0.' },
    ],
    ['an empty matrix object', [new Matrix([])], { expected: 'a non-empty matrix' }],
    [
      'flat data of the wrong length',
      [{ data: new Float64Array(6), rows: 2, cols: 2 }],
      { message: 'Invalid X.data: expected length rows × cols = 4, received Float64Array of length 6.' },
    ],
    ['flat rows < 1', [{ data: new Float64Array(6), rows: 0, cols: 6 }], { argument: 'X.rows' }],
    ['flat cols not an integer', [{ data: new Float64Array(6), rows: 2, cols: 1.5 }], { argument: 'X.cols' }],
    [
      'flat data not an array',
      [{ data: 'abc' as never, rows: 1, cols: 3 }],
      { message: 'Invalid X.data: expected a Float64Array or an array of numbers, received "abc".' },
    ],
    [
      '-Infinity with missing values allowed',
      [[1, Number.NEGATIVE_INFINITY], 'X', { missing: 'allow' }],
      {
        message:
          'Invalid X at row 1, column 0: expected a finite number or NaN (missing), received -Infinity.',
      },
    ],
  ])('%s', (_, args, fields) => rejects(args, fields));

  it.each([null, undefined, 3, 'x', {}, new DataView(new ArrayBuffer(8))])('an unknown shape: %s', (input) =>
    rejects([input as never], {
      expected:
        'number[] or Float64Array (one column), number[][] (rows), an ml-matrix Matrix, or { data, rows, cols }',
    }));
});

describe('toFlatMatrix: missing values', () => {
  it("lets NaN through with missing: 'allow' (±Infinity is rejected above)", () => {
    const m = toFlatMatrix(
      [
        [1, Number.NaN],
        [Number.NaN, 4],
      ],
      'X',
      { missing: 'allow' },
    );
    expect(Array.from(m.data)).toEqual([1, Number.NaN, Number.NaN, 4]);
    expect(
      Number.isNaN(toFlatMatrix(new Float64Array([Number.NaN]), 'x', { missing: 'allow' }).data[0]),
    ).toBe(true);
  });

  it("with missing: 'allow', ±Infinity after NaN in flat data is still found, at its row and column", () => {
    const data = new Float64Array([Number.NaN, 1, 2, Number.NaN, 3, Number.NEGATIVE_INFINITY]);
    expect(() => toFlatMatrix({ data, rows: 3, cols: 2 }, 'X', { missing: 'allow' })).toThrow(
      'Invalid X at row 2, column 1: expected a finite number or NaN (missing), received -Infinity.',
    );
    // Without 'allow' the first NaN is the error.
    expect(() => toFlatMatrix({ data, rows: 3, cols: 2 })).toThrow('at row 0, column 0');
  });

  it('finds the first bad value of flat data wherever it lies: in a group of four, after one, or in the tail', () => {
    // The scan takes four values at a time and looks closer only in a group with a bad value.
    for (const length of [1, 3, 4, 5, 8, 11]) {
      for (let at = 0; at < length; at++) {
        for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
          const data = Float64Array.from({ length }, (_, i) => i - 2.5);
          data[at] = bad;
          // A second bad value later must not be the one reported.
          if (at + 1 < length) data[length - 1] = Number.NaN;
          expect(() => toFlatMatrix(data)).toThrow(`at row ${at}, column 0`);
          expect(() => toFlatMatrix({ data, rows: 1, cols: length })).toThrow(`at row 0, column ${at}`);
        }
      }
      const fine = Float64Array.from({ length }, (_, i) => -i * 1e300);
      expect(toFlatMatrix({ data: fine, rows: length, cols: 1 }).rows).toBe(length);
    }
  });

  it("rejects NaN by default and with missing: 'error'; rejects other values of missing", () => {
    expect(() => toFlatMatrix([Number.NaN])).toThrow(InvalidInputError);
    expect(() => toFlatMatrix([Number.NaN], 'X', { missing: 'error' })).toThrow(InvalidInputError);
    expect(() => toFlatMatrix([1], 'X', { missing: 'skip' as never })).toThrow(InvalidOptionError);
    expect(() => toFlatMatrix([1], 'X', { missing: 'skip' as never })).toThrow(
      `Invalid option missing: expected 'error' or 'allow', received "skip".`,
    );
  });
});

describe('isFlatMatrix and toRows', () => {
  it('isFlatMatrix checks the shape: Float64Array data of length rows × cols, integer sizes', () => {
    expect(isFlatMatrix({ data: new Float64Array(6), rows: 2, cols: 3 })).toBe(true);
    expect(isFlatMatrix({ data: new Float64Array(0), rows: 0, cols: 3 })).toBe(true);
    expect(isFlatMatrix({ data: new Float64Array(6), rows: 3, cols: 3 })).toBe(false);
    expect(isFlatMatrix({ data: [1, 2], rows: 1, cols: 2 })).toBe(false);
    expect(isFlatMatrix({ data: new Float64Array(2), rows: 1, cols: '2' })).toBe(false);
    expect(isFlatMatrix({ data: new Float64Array(2), rows: -1, cols: -2 })).toBe(false);
    expect(isFlatMatrix(new Float64Array(4))).toBe(false);
    expect(isFlatMatrix(new Matrix([[1, 2]]))).toBe(false);
    expect(isFlatMatrix(null)).toBe(false);
  });

  it('toRows inverts toFlatMatrix for number[][]', () => {
    const rows = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    const { data, rows: n, cols } = toFlatMatrix(rows);
    expect(toRows(data, n, cols)).toEqual(rows);
    expect(toRows(new Float64Array(0), 0, 2)).toEqual([]);
  });
});
