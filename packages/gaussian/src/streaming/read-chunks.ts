import type { FlatMatrix } from '@em/core/numeric';
import { type ChunkSource, openSource, type SourceFormatOptions } from './source.js';

/**
 * The rows of a {@link ChunkSource} — a CSV or raw float64 file (Node), a Blob, or chunks — read
 * once, as matrices of up to 4096 rows, every value checked: the reader `fitStream` uses, for other
 * models' streamed fits (`@em/mixtures`' `fitStream`, `@em/distributed`'s workers). Call it again for
 * another pass.
 *
 * @example
 * ```ts
 * import { readChunks } from '@em/gaussian';
 * const rows: number[] = [];
 * for await (const block of readChunks([[[1, 2], [3, 4]], [[5, 6]]])) rows.push(block.rows);
 * rows; // [3]: the chunks' rows, regrouped into one block
 * ```
 */
export function readChunks(source: ChunkSource, options?: SourceFormatOptions): AsyncIterable<FlatMatrix> {
  return openSource(source, options).pass();
}
