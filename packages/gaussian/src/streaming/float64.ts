import { InvalidInputError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { CHUNK_ROWS } from '../estep.js';
import type { ByteMeter } from './node-file.js';

/** Rows per read: sixteen E-step blocks (2 MB for 4 columns), so reads are few and memory small. */
const BLOCKS_PER_READ = 16;

/** Reads `bytes` bytes at `position` into (or as) a Float64Array of `bytes / 8` values. */
export type ReadFloat64 = (slot: 0 | 1, position: number, bytes: number) => Promise<Float64Array>;

/**
 * One pass over raw little-endian float64 rows of `cols` values (`size` bytes): reads of whole
 * blocks, the next read already under way while the E-step works on the current one (two buffers),
 * yielded as `CHUNK_ROWS`-row views. Every value is checked to be finite (or NaN, a missing value, with `allowMissing`); the row named is the
 * row of the file.
 */
export async function* float64Pass(
  size: number,
  cols: number,
  read: ReadFloat64,
  meter: ByteMeter,
  allowMissing = false,
): AsyncGenerator<FlatMatrix> {
  const rowBytes = 8 * cols;
  if (size % rowBytes !== 0) {
    throw new InvalidInputError(
      'source',
      `raw float64 rows of ${cols} values (a size that is a multiple of ${rowBytes} bytes)`,
      `${size} bytes`,
    );
  }
  const readBytes = CHUNK_ROWS * BLOCKS_PER_READ * rowBytes;
  let slot: 0 | 1 = 0;
  let position = 0;
  let pending = size > 0 ? read(0, 0, Math.min(readBytes, size)) : undefined;
  try {
    while (pending) {
      const values = await pending;
      const firstRow = position / rowBytes;
      position += values.length * 8;
      meter.bytes = position;
      slot = slot === 0 ? 1 : 0;
      pending = position < size ? read(slot, position, Math.min(readBytes, size - position)) : undefined;
      const rows = values.length / cols;
      checkFinite(values, cols, firstRow, allowMissing);
      for (let start = 0; start < rows; start += CHUNK_ROWS) {
        const end = Math.min(rows, start + CHUNK_ROWS);
        yield { data: values.subarray(start * cols, end * cols), rows: end - start, cols };
      }
    }
  } finally {
    // A pass stopped early (an error in the E-step) must not leave a read behind.
    await pending?.catch(() => undefined);
  }
}

function checkFinite(values: Float64Array, cols: number, firstRow: number, allowMissing: boolean): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // With missing values allowed, NaN marks one; ±Infinity never passes.
    if (v - v !== 0 && !(allowMissing && Number.isNaN(v))) {
      throw new InvalidInputError('source', 'a finite number', v, {
        row: firstRow + Math.floor(i / cols),
        column: i % cols,
      });
    }
  }
}
