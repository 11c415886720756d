/**
 * The fixed blocks of rows that every sum of the k-means (`kmeans.ts`) is taken over: the seeding's
 * potentials and the cumulative weights it samples from, and the centres' sums. Each sum adds the
 * rows of a block in row order starting from zero, then adds the blocks' sums in block order
 * starting from zero. The blocks depend only on the number of rows, never on how many threads
 * share them (a thread takes whole blocks and returns one sum per block), so the k-means gives the
 * same bits on one thread or many. With at most {@link BLOCK_ROWS} rows there is one block, and the
 * sums are those of one pass in row order (0 + s = s). scikit-learn's k-means sums per chunk of 256
 * rows and then per thread.
 */

/** Rows per block: even (the WebAssembly kernels read rows two by two), and a few hundred kB of data. */
export const BLOCK_ROWS = 4096;

/** The number of blocks of `blockRows` rows that cover `rows` rows (at least one). */
export function blockCount(rows: number, blockRows: number): number {
  return Math.max(1, Math.ceil(rows / blockRows));
}

/** Calls `each(block, start, end)` for each block of rows `start` … `end − 1` of `rows`, in order. */
export function forEachBlock(
  rows: number,
  blockRows: number,
  each: (block: number, start: number, end: number) => void,
): void {
  const blocks = blockCount(rows, blockRows);
  for (let b = 0; b < blocks; b++) each(b, b * blockRows, Math.min(rows, (b + 1) * blockRows));
}

/**
 * `sums[b · width + j]`, the blocks' sums, added in block order from zero into `out[j]` for j < width
 * (`out` is overwritten).
 */
export function addBlocks(sums: Float64Array, blocks: number, width: number, out: Float64Array): void {
  out.fill(0, 0, width);
  for (let b = 0, at = 0; b < blocks; b++, at += width) {
    for (let j = 0; j < width; j++) out[j]! += sums[at + j]!;
  }
}
