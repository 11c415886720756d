import { InvalidInputError, InvalidOptionError } from '../errors.js';
import { ChunkShapeError, SourceNotReReadableError } from './errors.js';
import { isIterable } from './source.js';

/**
 * Rows (and, for tabular data, columns) of one chunk.
 *
 * @example
 * ```ts
 * import type { ChunkShape } from '@em/core/stream';
 * const shape: ChunkShape = { rows: 4096, cols: 8 };
 * ```
 */
export interface ChunkShape {
  /** Rows (observations, or sequences) in the chunk. */
  rows: number;
  /** Values per row; leave undefined when rows have no fixed width (sequences of any length). */
  cols?: number;
}

/**
 * A data source read once per EM iteration: a factory of chunks, and how big a chunk is.
 *
 * @example
 * ```ts
 * import type { ChunkStream } from '@em/core/stream';
 * const stream: ChunkStream<number[][]> = {
 *   chunks: async function* () { yield [[1, 2], [3, 4]]; yield [[5, 6]]; },
 *   shape: (chunk) => ({ rows: chunk.length, cols: chunk[0]?.length }),
 * };
 * ```
 */
export interface ChunkStream<C> {
  /** Called once per pass: a fresh iterable or async iterable of the chunks, in the same order each time. */
  chunks: () => Iterable<C> | AsyncIterable<C>;
  /**
   * Rows and columns of a chunk (`index`: 0-based within the pass; `row`: its first row over the
   * whole source). May throw a typed error for a malformed chunk, naming `row`.
   */
  shape: (chunk: C, index: number, row: number) => ChunkShape;
  /** Called after each chunk: the pass (1-based), rows read in it, and the rows of a pass once known. */
  onChunk?: (pass: number, rows: number, totalRows: number | undefined) => void;
}

/**
 * One chunk as a pass yields it, with where it is in the source.
 *
 * @example
 * ```ts
 * import type { PassChunk } from '@em/core/stream';
 * const first: PassChunk<number[]> = { chunk: [1, 2, 3], index: 0, row: 0 };
 * ```
 */
export interface PassChunk<C> {
  /** The chunk as the source gave it. */
  chunk: C;
  /** 0-based index of the chunk within the pass. */
  index: number;
  /** 0-based first row of the chunk over the whole source. */
  row: number;
}

/**
 * The passes of an out-of-core fit over a {@link ChunkStream}: each {@link ChunkPasses.next} reads the
 * source once, checks every chunk has the columns of the first (a {@link ChunkShapeError} naming the
 * chunk and its row otherwise) and that every pass reads the rows of the first (a
 * {@link SourceNotReReadableError} otherwise: a one-shot iterator, or a source that changed).
 *
 * @example
 * ```ts
 * import { ChunkPasses } from '@em/core/stream';
 * const passes = new ChunkPasses({ chunks: () => [[1, 2], [3]], shape: (chunk: number[]) => ({ rows: chunk.length }) });
 * for await (const { chunk, row } of passes.next()) console.log(row, chunk); // 0 [1, 2], then 2 [3]
 * [passes.pass, passes.rows]; // [1, 3]
 * ```
 */
export class ChunkPasses<C> {
  /** Passes started so far. */
  pass = 0;
  /** Rows of the source: known once the first pass has ended. */
  rows: number | undefined;
  /** Columns of the source's rows (undefined until a chunk with `cols` has been read, or for sequences). */
  cols: number | undefined;
  private readonly stream: ChunkStream<C>;

  constructor(stream: ChunkStream<C>) {
    if (typeof stream !== 'object' || stream === null)
      throw new InvalidOptionError('stream', 'an object { chunks, shape }', stream);
    for (const key of ['chunks', 'shape'] as const) {
      if (typeof stream[key] !== 'function') throw new InvalidOptionError(key, 'a function', stream[key]);
    }
    if (stream.onChunk !== undefined && typeof stream.onChunk !== 'function')
      throw new InvalidOptionError('onChunk', 'a function', stream.onChunk);
    this.stream = stream;
  }

  /** Reads the source once more, chunk by chunk. */
  async *next(): AsyncGenerator<PassChunk<C>> {
    const pass = ++this.pass;
    const source = this.stream.chunks();
    if (!isIterable(source))
      throw new InvalidInputError(
        'source',
        'a function returning an iterable or async iterable of chunks',
        source,
      );
    let rows = 0;
    let index = 0;
    for await (const chunk of source as AsyncIterable<C>) {
      const shape = this.stream.shape(chunk, index, rows);
      if (!Number.isSafeInteger(shape?.rows) || shape.rows < 0)
        throw new InvalidInputError(`source chunk ${index}`, 'a chunk of whole rows', shape?.rows, {
          row: rows,
        });
      if (shape.cols !== undefined) {
        if (!Number.isSafeInteger(shape.cols) || shape.cols < 0)
          throw new InvalidInputError(
            `source chunk ${index}`,
            'rows of a whole number of values',
            shape.cols,
            {
              row: rows,
            },
          );
        // An empty chunk has no width to disagree with.
        if (shape.rows > 0) {
          this.cols ??= shape.cols;
          if (shape.cols !== this.cols) throw new ChunkShapeError(index, rows, this.cols, shape.cols);
        }
      }
      yield { chunk, index, row: rows };
      rows += shape.rows;
      index++;
      this.stream.onChunk?.(pass, rows, this.rows);
    }
    if (this.rows === undefined) this.rows = rows;
    else if (rows !== this.rows) throw new SourceNotReReadableError(pass, rows, this.rows);
  }
}
