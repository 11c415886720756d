import { InvalidInputError } from '@em/core';
import { type FlatMatrix, isFlatMatrix } from '@em/core/numeric';
import type { Sample } from './matrix.js';

function asRows(sample: unknown, index: number, name: string): FlatMatrix {
  if (sample instanceof Float64Array) return { data: sample, rows: sample.length, cols: 1 };
  if (isFlatMatrix(sample)) return sample;
  throw new InvalidInputError(`${name}[${index}]`, 'a Float64Array or a { data, rows, cols } matrix', sample);
}

/**
 * Stacks samples on top of each other (more rows), like numpy's `concatenate`/`vstack`. If every
 * sample is a `Float64Array` the result is a `Float64Array`; otherwise a {@link FlatMatrix}, where a
 * `Float64Array` counts as one column.
 *
 * @throws InvalidInputError if a sample is of another type or the column counts differ.
 * @example
 * ```ts
 * import { concat, createRandom, normal } from '@em/sampling';
 * const rng = createRandom(42);
 * const x = concat(normal(rng, { loc: 20, scale: 5, size: 4000 }), normal(rng, { loc: 40, scale: 5, size: 8000 }));
 * x.length; // 12000
 * ```
 */
export function concat(...samples: Float64Array[]): Float64Array;
export function concat(...samples: FlatMatrix[]): FlatMatrix;
export function concat(...samples: Sample[]): Sample;
export function concat(...samples: Sample[]): Sample {
  if (samples.every((s) => s instanceof Float64Array)) {
    const out = new Float64Array(samples.reduce((n, s) => n + (s as Float64Array).length, 0));
    let offset = 0;
    for (const s of samples as Float64Array[]) {
      out.set(s, offset);
      offset += s.length;
    }
    return out;
  }
  const parts = samples.map((s, i) => asRows(s, i, 'samples'));
  const cols = parts[0]!.cols;
  parts.forEach((part, i) => {
    if (part.cols !== cols) {
      throw new InvalidInputError(`samples[${i}]`, `${cols} columns like samples[0]`, `${part.cols} columns`);
    }
  });
  const rows = parts.reduce((n, part) => n + part.rows, 0);
  const data = new Float64Array(rows * cols);
  let offset = 0;
  for (const part of parts) {
    data.set(part.data, offset);
    offset += part.data.length;
  }
  return { data, rows, cols };
}

/**
 * Puts samples side by side (more columns), like numpy's `column_stack`: a `Float64Array` is one
 * column. All samples need the same number of rows.
 *
 * @throws InvalidInputError if a sample is of another type or the row counts differ.
 * @example
 * ```ts
 * import { createRandom, hstack, normal } from '@em/sampling';
 * const rng = createRandom(42);
 * const xy = hstack(normal(rng, { size: 100 }), normal(rng, { loc: 5, size: 100 }));
 * [xy.data.length, xy.rows, xy.cols]; // [200, 100, 2]
 * ```
 */
export function hstack(...samples: Sample[]): FlatMatrix {
  const parts = samples.map((s, i) => asRows(s, i, 'samples'));
  if (parts.length === 0) return { data: new Float64Array(0), rows: 0, cols: 0 };
  const rows = parts[0]!.rows;
  parts.forEach((part, i) => {
    if (part.rows !== rows) {
      throw new InvalidInputError(`samples[${i}]`, `${rows} rows like samples[0]`, `${part.rows} rows`);
    }
  });
  const cols = parts.reduce((n, part) => n + part.cols, 0);
  const data = new Float64Array(rows * cols);
  let offset = 0;
  for (const part of parts) {
    for (let r = 0; r < rows; r++) {
      data.set(part.data.subarray(r * part.cols, (r + 1) * part.cols), r * cols + offset);
    }
    offset += part.cols;
  }
  return { data, rows, cols };
}
