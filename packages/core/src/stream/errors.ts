import { InvalidInputError } from '../errors.js';

/**
 * A streamed source gave a different number of rows on a later pass than on the first: it cannot
 * be re-read (a one-shot stream or generator object handed over instead of a factory) or it changed
 * between passes. Exact EM reads the data once per iteration, so this stops the fit instead of
 * fitting a part of the data.
 *
 * @example
 * ```ts
 * import { ChunkPasses, SourceNotReReadableError } from '@em/core/stream';
 * const once = [[1, 2], [3]].values(); // an iterator: a second pass finds nothing
 * const passes = new ChunkPasses({ chunks: () => once, shape: (chunk: number[]) => ({ rows: chunk.length }) });
 * for await (const _ of passes.next());
 * const error = await (async () => { for await (const _ of passes.next()); })().catch((e) => e);
 * error instanceof SourceNotReReadableError; // true
 * [error.pass, error.rowsRead, error.rowsExpected]; // [2, 0, 3]
 * ```
 */
export class SourceNotReReadableError extends InvalidInputError {
  /** `'SourceNotReReadableError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'SourceNotReReadableError';
  /** 1-based pass over the source that disagreed with the first. */
  readonly pass: number;
  /** Rows that pass read. */
  readonly rowsRead: number;
  /** Rows of the first pass. */
  readonly rowsExpected: number;

  constructor(pass: number, rowsRead: number, rowsExpected: number) {
    super(
      'source',
      `a source that can be read again, with the same ${rowsExpected} rows on every pass (a function returning a fresh iterable, an array, a file path or a Blob)`,
      `${rowsRead} rows on pass ${pass}`,
    );
    this.pass = pass;
    this.rowsRead = rowsRead;
    this.rowsExpected = rowsExpected;
  }
}

/**
 * A chunk of a streamed source whose rows have a different number of columns than the chunks
 * before it. `row` is the chunk's first row counted over the whole source.
 *
 * @example
 * ```ts
 * import { ChunkPasses, ChunkShapeError } from '@em/core/stream';
 * const chunks = [[[1, 2], [3, 4]], [[5, 6, 7]]];
 * const passes = new ChunkPasses({
 *   chunks: () => chunks,
 *   shape: (chunk: number[][]) => ({ rows: chunk.length, cols: chunk[0]!.length }),
 * });
 * const error = await (async () => { for await (const _ of passes.next()); })().catch((e) => e);
 * error instanceof ChunkShapeError; // true
 * [error.chunk, error.row]; // [1, 2]
 * ```
 */
export class ChunkShapeError extends InvalidInputError {
  /** `'ChunkShapeError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'ChunkShapeError';
  /** 0-based index of the chunk within its pass. */
  readonly chunk: number;

  constructor(chunk: number, row: number, expectedCols: number, receivedCols: number) {
    super(
      `source chunk ${chunk}`,
      `rows of ${expectedCols} values, as in the chunks before`,
      `rows of ${receivedCols} values`,
      { row },
    );
    this.chunk = chunk;
  }
}
