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

  function* take(text: string): Generator<FlatMatrix> {
    line++;
    const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (trimmed.trim() === '') return;
    const fields = trimmed.split(layout.delimiter);
    if (cols < 0) {
      const numeric = fields.every((field) => field.trim() !== '' && Number.isFinite(Number(field)));
      if (layout.header === true || (layout.header === 'auto' && !numeric)) {
        cols = fields.length;
        return;
      }
      cols = fields.length;
    }
    batch ??= new Float64Array(CHUNK_ROWS * cols);
    if (fields.length !== cols) {
      throw new InvalidInputError(
        `source line ${line}`,
        `${cols} fields, as the first line`,
        `${fields.length} fields`,
        { row },
      );
    }
    const offset = inBatch * cols;
    for (let j = 0; j < cols; j++) {
      const field = fields[j]!;
      const value = Number(field);
      if (!Number.isFinite(value) || field.trim() === '') {
        throw new InvalidInputError(`source line ${line}`, 'a finite number', field, { row, column: j });
      }
      batch[offset + j] = value;
    }
    row++;
    if (++inBatch === CHUNK_ROWS) {
      inBatch = 0;
      yield { data: batch, rows: CHUNK_ROWS, cols };
    }
  }

  for await (const text of texts) {
    const pieces = (carry + text).split('\n');
    carry = pieces.pop()!;
    for (const piece of pieces) yield* take(piece);
  }
  if (carry !== '') yield* take(carry);
  if (batch && inBatch > 0) yield { data: batch.subarray(0, inBatch * cols), rows: inBatch, cols };
}
