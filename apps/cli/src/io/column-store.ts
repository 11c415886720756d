const BLOCK_ROWS = 1 << 14;

/**
 * Collects rows of a known width without knowing how many will come: fixed-size blocks, then one
 * copy into a `SharedArrayBuffer` at the end. Peak memory is about twice the data (never the
 * three times of a doubling array), and the result can be handed to a worker without a copy.
 */
export function createColumnStore(cols: number) {
  const blocks: Float64Array[] = [];
  let current = new Float64Array(0);
  let used = BLOCK_ROWS;
  let rows = 0;
  return {
    get rows() {
      return rows;
    },
    /** A view of the next row, to be filled by the caller. */
    nextRow(): Float64Array {
      if (used === BLOCK_ROWS) {
        current = new Float64Array(BLOCK_ROWS * cols);
        blocks.push(current);
        used = 0;
      }
      const row = current.subarray(used * cols, (used + 1) * cols);
      used++;
      rows++;
      return row;
    },
    finish(): { data: Float64Array; rows: number; cols: number } {
      const data = new Float64Array(new SharedArrayBuffer(rows * cols * Float64Array.BYTES_PER_ELEMENT));
      let offset = 0;
      for (const block of blocks) {
        const length = Math.min(block.length, data.length - offset);
        data.set(block.subarray(0, length), offset);
        offset += length;
      }
      blocks.length = 0;
      return { data, rows, cols };
    },
  };
}
