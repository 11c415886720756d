import { InvalidInputError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { CHUNK_ROWS } from '../estep.js';

/** How a CSV source is read. */
export interface CsvLayout {
  /** Field separator. Default `','` (`'\t'` for a `.tsv` file). */
  delimiter: string;
  /** Whether the first line names the columns; `'auto'`: when one of its fields is not a number. */
  header: boolean | 'auto';
}

/**
 * One pass over CSV text arriving in pieces: every line a row of numbers (blank lines skipped, an
 * optional header line), parsed straight into `CHUNK_ROWS`-row blocks. Rows must all have the first row's
 * number of fields and every field must be a finite number: otherwise an `InvalidInputError` naming
 * the line (1-based, as editors show it), the row (0-based data row) and the column.
 */
export async function* csvPass(texts: AsyncIterable<string>, layout: CsvLayout): AsyncGenerator<FlatMatrix> {
  let carry = '';
  let line = 0;
  let row = 0;
  let cols = -1;
  // The block being filled: rows are parsed straight into it, yielded when full, then reused.
  let batch: Float64Array | undefined;
  let inBatch = 0;

  /** Parses one line into the block; true when the block is full. A plain function: one call per line. */
  function take(text: string): boolean {
    line++;
    const end = text.endsWith('\r') ? text.length - 1 : text.length;
    if (end === 0 || (text.charCodeAt(0) <= 32 && text.slice(0, end).trim() === '')) return false;
    const { delimiter } = layout;
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

  for await (const text of texts) {
    const pieces = (carry + text).split('\n');
    carry = pieces.pop()!;
    for (const piece of pieces) if (take(piece)) yield { data: batch!, rows: CHUNK_ROWS, cols };
  }
  if (carry !== '' && take(carry)) yield { data: batch!, rows: CHUNK_ROWS, cols };
  if (batch && inBatch > 0) yield { data: batch.subarray(0, inBatch * cols), rows: inBatch, cols };
}
