const BLOCK_ROWS = 1 << 14;

/**
 * Collects rows of a known width without knowing how many will come: values are pushed one by one
 * into fixed-size `Float64Array` blocks (no allocation per row or per value), then copied once into
 * a `SharedArrayBuffer` at the end. Peak memory is about twice the data (never the three times of a
 * doubling array), and the result can be handed to a worker without a copy.
 */
export function createColumnStore(cols: number) {
  const blocks: Float64Array[] = [];
  let current = new Float64Array(0);
  let used = 0;
  let values = 0;
  return {
    /** Complete rows pushed so far. */
    get rows() {
      return Math.floor(values / cols);
    },
    /** Appends the next value, row after row. */
    push(value: number): void {
      if (used === current.length) {
        current = new Float64Array(BLOCK_ROWS * cols);
        blocks.push(current);
        used = 0;
      }
      current[used++] = value;
      values++;
    },
    finish(): { data: Float64Array; rows: number; cols: number } {
      const rows = Math.floor(values / cols);
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
