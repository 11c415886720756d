import type { FlatMatrix } from '@em/core/numeric';
import { CHUNK_ROWS } from '../estep.js';

/**
 * Regroups rows that arrive in pieces of any size into blocks of exactly `CHUNK_ROWS` rows (the last
 * one shorter): the blocks the in-memory E-step cuts the data into, so that a streamed pass adds the
 * same partial statistics in the same order as `fit` and gets the same numbers. One block of memory,
 * reused: a block yielded is valid until the next one is asked for.
 */
export class RowBlocks {
  private readonly block: Float64Array;
  private filled = 0;

  constructor(readonly cols: number) {
    this.block = new Float64Array(CHUNK_ROWS * cols);
  }

  /** Appends `rows` rows of `source` (row-major, `cols` wide); yields every block that fills up. */
  *append(source: Float64Array, rows: number): Generator<FlatMatrix> {
    const { cols, block } = this;
    let row = 0;
    while (row < rows) {
      const take = Math.min(CHUNK_ROWS - this.filled, rows - row);
      block.set(source.subarray(row * cols, (row + take) * cols), this.filled * cols);
      this.filled += take;
      row += take;
      if (this.filled === CHUNK_ROWS) {
        this.filled = 0;
        yield { data: block, rows: CHUNK_ROWS, cols };
      }
    }
  }

  /** The last, partial block, if any rows are left. */
  *flush(): Generator<FlatMatrix> {
    if (this.filled === 0) return;
    const rows = this.filled;
    this.filled = 0;
    yield { data: this.block.subarray(0, rows * this.cols), rows, cols: this.cols };
  }
}
