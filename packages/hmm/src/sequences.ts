import { InvalidInputError } from '@em/core';
import { type DataInput, type FlatMatrix, toFlatMatrix } from '@em/core/numeric';
import { SequenceInputError } from './errors.js';
import { MAX_SYMBOLS } from './options.js';
import type { EmissionType } from './types.js';

/** Sequences stored back to back: rows offsets[i] … offsets[i + 1] − 1 of `data` are sequence i. */
export interface Sequences {
  data: Float64Array;
  columns: number;
  offsets: Int32Array;
}

export function sequenceCount(s: Sequences): number {
  return s.offsets.length - 1;
}

export function totalLength(s: Sequences): number {
  return s.offsets[s.offsets.length - 1]!;
}

const isArrayLikeValue = (v: unknown) =>
  Array.isArray(v) ||
  (ArrayBuffer.isView(v) && !(v instanceof DataView)) ||
  (typeof v === 'object' && v !== null);

/** A conversion error of sequence `i`, re-thrown naming the sequence and position. */
function convert(input: unknown, argument: string, sequence: number, offsetRows = 0): FlatMatrix {
  try {
    if (Array.isArray(input) && input.length === 0)
      throw new SequenceInputError(argument, 'a sequence of at least one observation', input, { sequence });
    return toFlatMatrix(input as DataInput, argument);
  } catch (error) {
    if (error instanceof SequenceInputError) throw error;
    if (error instanceof InvalidInputError) {
      const position = error.row === undefined ? undefined : error.row - offsetRows;
      throw new SequenceInputError(
        argument,
        error.expected === 'at least one sample' ? 'a sequence of at least one observation' : error.expected,
        error.received,
        { sequence, position, feature: error.column },
      );
    }
    throw error;
  }
}

/**
 * Reads `fit`'s first argument: a list of sequences (an array whose elements are arrays or
 * matrices), or one sequence; or, with `lengths`, hmmlearn's concatenated X.
 */
export function readSequences(
  input: unknown,
  lengths: readonly number[] | undefined,
  argument: string,
  asList: boolean,
): Sequences {
  if (lengths !== undefined) {
    const offsets = lengthOffsets(lengths);
    let x: FlatMatrix;
    try {
      x = convert(input, argument, 0);
    } catch (error) {
      // Re-locate a bad value of the concatenated X in its own sequence.
      if (error instanceof SequenceInputError && error.position !== undefined) {
        const where = locate({ data: new Float64Array(0), columns: 1, offsets }, error.position);
        throw new SequenceInputError(argument, error.expected, error.received, {
          ...where,
          feature: error.feature,
        });
      }
      throw error;
    }
    const total = offsets[offsets.length - 1]!;
    if (total !== x.rows)
      throw new InvalidInputError('lengths', `lengths summing to the ${x.rows} rows of ${argument}`, total);
    return { data: x.data, columns: x.cols, offsets };
  }
  if (asList && Array.isArray(input) && input.length > 0 && isArrayLikeValue(input[0])) {
    const parts = input.map((seq, i) => convert(seq, argument, i));
    return concatenate(parts, argument);
  }
  if (Array.isArray(input) && input.length === 0)
    throw new InvalidInputError(argument, 'at least one sequence', input);
  const one = convert(input, argument, 0);
  return { data: one.data, columns: one.cols, offsets: Int32Array.of(0, one.rows) };
}

export function concatenate(parts: FlatMatrix[], argument: string): Sequences {
  const columns = parts[0]!.cols;
  let rows = 0;
  const offsets = new Int32Array(parts.length + 1);
  parts.forEach((p, i) => {
    if (p.cols !== columns)
      throw new SequenceInputError(argument, `${columns} features per observation (as sequence 0)`, p.cols, {
        sequence: i,
      });
    rows += p.rows;
    offsets[i + 1] = rows;
  });
  const data = new Float64Array(rows * columns);
  parts.forEach((p, i) => {
    data.set(p.data, offsets[i]! * columns);
  });
  return { data, columns, offsets };
}

function lengthOffsets(lengths: readonly number[]): Int32Array {
  if (!Array.isArray(lengths) || lengths.length === 0)
    throw new InvalidInputError('lengths', 'a non-empty array of sequence lengths', lengths);
  const offsets = new Int32Array(lengths.length + 1);
  let total = 0;
  lengths.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1 - total)
      throw new SequenceInputError('lengths', 'a sequence length: an integer >= 1', n, { sequence: i });
    total += n;
    offsets[i + 1] = total;
  });
  return offsets;
}

/** Where a flat row index falls: which sequence, which position. */
export function locate(s: Sequences, row: number): { sequence: number; position: number } {
  let lo = 0;
  let hi = s.offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.offsets[mid]! <= row) lo = mid;
    else hi = mid - 1;
  }
  return { sequence: lo, position: row - s.offsets[lo]! };
}

/** Largest |observation| of Gaussian emissions: its square, and sums of squares, stay finite. */
const MAX_MAGNITUDE = 1e150;

/**
 * Checks the values against the emission type: symbols in the alphabet (categorical), non-negative
 * integer counts (poisson), the model's number of features. `alphabet` undefined: any non-negative
 * integer symbol (the alphabet is being inferred).
 */
export function checkSequences(
  s: Sequences,
  kind: EmissionType,
  columns: number | undefined,
  alphabet: number | undefined,
  argument: string,
): void {
  if (columns !== undefined && s.columns !== columns) {
    throw new SequenceInputError(
      argument,
      kind === 'categorical'
        ? 'one symbol per observation (a one-dimensional sequence)'
        : `${columns} features per observation (as the model)`,
      s.columns,
      { sequence: 0 },
    );
  }
  if (kind === 'categorical' && s.columns !== 1)
    throw new SequenceInputError(
      argument,
      'one symbol per observation (a one-dimensional sequence)',
      s.columns,
      {
        sequence: 0,
      },
    );
  const { data } = s;
  if (kind !== 'categorical' && kind !== 'poisson') {
    for (let i = 0; i < data.length; i++) {
      if (Math.abs(data[i]!) <= MAX_MAGNITUDE) continue;
      throw new SequenceInputError(
        argument,
        `a value with |x| <= ${MAX_MAGNITUDE} (Gaussian densities square it: scale the data)`,
        data[i],
        { ...locate(s, Math.floor(i / s.columns)), feature: s.columns > 1 ? i % s.columns : undefined },
      );
    }
    return;
  }
  const limit = kind === 'categorical' ? (alphabet ?? MAX_SYMBOLS) : Number.POSITIVE_INFINITY;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (Number.isInteger(v) && v >= 0 && v < limit) continue;
    const where = locate(s, Math.floor(i / s.columns));
    const expected =
      kind === 'categorical'
        ? alphabet === undefined
          ? `a symbol: an integer in 0…${MAX_SYMBOLS - 1}`
          : `a symbol in 0…${alphabet - 1} (an integer; nFeatures is ${alphabet})`
        : 'a count: an integer >= 0';
    throw new SequenceInputError(argument, expected, v, {
      ...where,
      feature: s.columns > 1 ? i % s.columns : undefined,
    });
  }
}
