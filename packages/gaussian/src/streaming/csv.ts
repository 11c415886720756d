import { InvalidInputError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { CHUNK_ROWS } from '../estep.js';
import { type DecimalScan, scanDecimal } from './decimal.js';

/** How a CSV source is read. */
export interface CsvLayout {
  /** Field separator. Default `','` (`'\t'` for a `.tsv` file). */
  delimiter: string;
  /** Whether the first line names the columns; `'auto'`: when one of its fields is not a number. */
  header: boolean | 'auto';
}

const NEWLINE = 10;
const RETURN = 13;

/**
 * One pass over CSV text arriving in pieces: every line a row of numbers (blank lines skipped, an
 * optional header line), parsed straight into `CHUNK_ROWS`-row blocks. Rows must all have the first row's
 * number of fields and every field must be a finite number (as `Number(field)` reads it): otherwise an
 * `InvalidInputError` naming the line (1-based, as editors show it), the row (0-based data row) and
 * the column.
 *
 * Lines are read in place in each piece of text by a character scanner (`scanLine`), whose numbers
 * are `Number(field)` to the bit; a line it does not take whole (the first line, one split across two
 * pieces, a multi-character delimiter, anything unusual) goes through `take`, field by field with `Number`.
 */
export async function* csvPass(texts: AsyncIterable<string>, layout: CsvLayout): AsyncGenerator<FlatMatrix> {
  const { delimiter } = layout;
  // The scanner cuts fields at a one-character delimiter that cannot be part of a number (nor '\r').
  const delimiterCode =
    delimiter.length === 1 && !/[0-9+\-.eE\r]/.test(delimiter) ? delimiter.charCodeAt(0) : -1;
  let carry = '';
  let line = 0;
  let row = 0;
  let cols = -1;
  // The block being filled: rows are parsed straight into it, yielded when full, then reused.
  let batch: Float64Array | undefined;
  let inBatch = 0;
  const scan: DecimalScan = { ok: false, value: 0, end: 0 };

  /** Parses one line (without its '\n') into the block; true when the block is full. */
  function take(text: string): boolean {
    line++;
    const end = text.endsWith('\r') ? text.length - 1 : text.length;
    if (end === 0 || (text.charCodeAt(0) <= 32 && text.slice(0, end).trim() === '')) return false;
    if (cols < 0) {
      const fields = text.slice(0, end).split(delimiter);
      cols = fields.length;
      const numeric = fields.every((field) => field.trim() !== '' && Number.isFinite(Number(field)));
      if (layout.header === true || (layout.header === 'auto' && !numeric)) return false;
    }
    batch ??= new Float64Array(CHUNK_ROWS * cols);
    const offset = inBatch * cols;
    // Fields by indexOf and slice: no array per line.
    let start = 0;
    for (let j = 0; j < cols; j++) {
      const stop = j === cols - 1 ? end : text.indexOf(delimiter, start);
      if (
        stop < 0 ||
        stop > end ||
        (j === cols - 1 && text.indexOf(delimiter, start) >= 0 && text.indexOf(delimiter, start) < end)
      ) {
        const count = text.slice(0, end).split(delimiter).length;
        throw new InvalidInputError(
          `source line ${line}`,
          `${cols} fields, as the first line`,
          `${count} fields`,
          {
            row,
          },
        );
      }
      const field = text.slice(start, stop);
      const value = +field;
      if (value - value !== 0 || (value === 0 && field.trim() === '')) {
        throw new InvalidInputError(`source line ${line}`, 'a finite number', field, { row, column: j });
      }
      batch[offset + j] = value;
      start = stop + delimiter.length;
    }
    row++;
    if (++inBatch < CHUNK_ROWS) return false;
    inBatch = 0;
    return true;
  }

  /**
   * Parses the line starting at `start` in `text` (which holds its '\n') into the block, in place.
   * Returns the index after the line's '\n', or -1 (nothing counted) to leave the line to `take`:
   * a blank line or leading whitespace, a wrong number of fields, a field that is not a finite number.
   */
  function scanLine(text: string, start: number): number {
    batch ??= new Float64Array(CHUNK_ROWS * cols);
    const data = batch;
    const offset = inBatch * cols;
    if (text.charCodeAt(start) <= 32) return -1;
    let i = start;
    for (let j = 0; j < cols; j++) {
      const last = j === cols - 1;
      scanDecimal(text, i, scan);
      let value: number;
      let stop: number;
      const after = scan.end;
      const c = text.charCodeAt(after);
      if (
        scan.ok &&
        (last
          ? c === NEWLINE || (c === RETURN && text.charCodeAt(after + 1) === NEWLINE)
          : c === delimiterCode)
      ) {
        value = scan.value;
        stop = after;
      } else {
        // Not the plain form: the field as `take` would cut it, read by `Number`.
        stop = i;
        for (
          let d = text.charCodeAt(stop);
          d !== delimiterCode && d !== NEWLINE;
          d = text.charCodeAt(++stop)
        );
        const isLast = text.charCodeAt(stop) === NEWLINE;
        if (isLast !== last) return -1;
        const fieldEnd = isLast && text.charCodeAt(stop - 1) === RETURN ? stop - 1 : stop;
        const field = text.slice(i, fieldEnd);
        value = +field;
        if (value - value !== 0 || (value === 0 && field.trim() === '')) return -1;
      }
      data[offset + j] = value;
      i = stop + 1;
    }
    // `i` is one past the last field's end: at its '\r' or '\n'.
    if (text.charCodeAt(i - 1) !== NEWLINE) i = text.indexOf('\n', i) + 1;
    line++;
    row++;
    return i;
  }

  for await (const text of texts) {
    let position = 0;
    if (carry !== '') {
      const newline = text.indexOf('\n');
      if (newline < 0) {
        carry += text;
        continue;
      }
      const full = take(carry + text.slice(0, newline));
      carry = '';
      position = newline + 1;
      if (full) yield { data: batch!, rows: CHUNK_ROWS, cols };
    }
    const lastNewline = text.lastIndexOf('\n');
    while (position <= lastNewline) {
      let next = cols > 0 && delimiterCode >= 0 ? scanLine(text, position) : -1;
      let full: boolean;
      if (next >= 0) {
        full = ++inBatch === CHUNK_ROWS;
        if (full) inBatch = 0;
      } else {
        next = text.indexOf('\n', position) + 1;
        full = take(text.slice(position, next - 1));
      }
      position = next;
      if (full) yield { data: batch!, rows: CHUNK_ROWS, cols };
    }
    carry = text.slice(position);
  }
  if (carry !== '' && take(carry)) yield { data: batch!, rows: CHUNK_ROWS, cols };
  if (batch && inBatch > 0) yield { data: batch.subarray(0, inBatch * cols), rows: inBatch, cols };
}
