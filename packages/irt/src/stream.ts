// The reading side of the streamed fits: chunks of response rows as checked matrices with their place
// in the source, errors naming the chunk and the row of the whole source, and the first pass (the
// tally the start values and the item screening come from).
import { InvalidInputError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import {
  type ChunkPasses,
  type ChunkStream,
  checkOnProgress,
  checkOptionKeys,
  chunkFactory,
  inSourceChunk,
  type StreamSource,
} from '@em/core/stream';
import {
  addToTally,
  emptyTally,
  type ResponseInput,
  type Tally,
  toResponseMatrix,
  validateCategories,
} from './responses.js';

/**
 * Options of {@link ItemResponseModel.fitStream}.
 *
 * @example
 * ```ts
 * import type { IrtStreamOptions } from '@em/irt';
 * const options: IrtStreamOptions = { itemNames: ['Q1', 'Q2', 'Q3'], onProgress: (pass, rows) => console.log(pass, rows) };
 * ```
 */
export interface IrtStreamOptions {
  /** Names of the items (columns), default `Item 1`, `Item 2`, …. */
  itemNames?: readonly string[];
  /** Called after each chunk: the pass (1-based), the rows read in it, and the source's rows once known. */
  onProgress?: (pass: number, rows: number, totalRows: number | undefined) => void;
}

const KEYS = ['itemNames', 'onProgress'];

export function readStreamOptions(options: IrtStreamOptions): IrtStreamOptions {
  checkOptionKeys(options, KEYS, 'fitStream', 'an object { itemNames?, onProgress? }');
  checkOnProgress(options.onProgress);
  return options;
}

/** A chunk as the passes read it: its responses as a matrix, its index and its first row in the source. */
export interface ResponseChunk {
  matrix: FlatMatrix;
  index: number;
  row: number;
}

/** How the responses of every chunk are checked: missing values allowed, and each item's categories. */
export interface ChunkChecks {
  allowMissing: boolean;
  dichotomous: boolean;
  /** Categories of every item, or per item (an upper limit; undefined: up to the largest allowed). */
  categories: number | readonly number[] | undefined;
}

/**
 * The source's chunks as checked response matrices (a bad value named by chunk, row of the whole
 * source and column). `checks` is read at every chunk, so a later pass can check against the
 * categories the first pass found.
 */
export function responseChunks(
  source: StreamSource<ResponseInput>,
  checks: () => ChunkChecks,
  onProgress: IrtStreamOptions['onProgress'],
): ChunkStream<ResponseChunk> {
  const chunks = chunkFactory(source);
  return {
    chunks: async function* () {
      let index = 0;
      let row = 0;
      for await (const chunk of chunks()) {
        // An empty batch (a cursor's last page) holds no rows: nothing to read.
        if (Array.isArray(chunk) && chunk.length === 0) {
          index++;
          continue;
        }
        const matrix = readChunk(chunk, index, row, checks());
        yield { matrix, index, row };
        row += matrix.rows;
        index++;
      }
    },
    shape: ({ matrix }) => matrix,
    onChunk: onProgress,
  };
}

/** One chunk's responses, checked as `fit` checks its input, errors placed in the whole source. */
export function readChunk(chunk: unknown, index: number, row: number, checks: ChunkChecks): FlatMatrix {
  return inSourceChunk(index, row, () => {
    const X = toResponseMatrix(chunk, 'responses', checks.allowMissing);
    // A chunk of another width is the passes' ChunkShapeError, raised as it is yielded.
    const { categories } = checks;
    const perItem = typeof categories === 'number' ? new Array<number>(X.cols).fill(categories) : categories;
    validateCategories(X, 'responses', checks.dichotomous, perItem);
    return X;
  });
}

/** Pass 1 over the chunks: the rows and columns, and the tally of categories and missing responses. */
export async function scanResponses(
  passes: ChunkPasses<ResponseChunk>,
): Promise<{ rows: number; cols: number; tally: Tally }> {
  let tally: Tally | undefined;
  for await (const { chunk } of passes.next()) {
    tally ??= emptyTally(chunk.matrix.cols);
    addToTally(tally, chunk.matrix, undefined, chunk.row);
  }
  if (!tally || passes.rows === 0) throw new InvalidInputError('source', 'at least one row', 'no rows');
  return { rows: passes.rows!, cols: tally.counts.length, tally };
}

/** Categories per item from a tally: the given ones, 2 for dichotomous items, else the largest seen + 1. */
export function categoriesOf(
  tally: Tally,
  dichotomous: boolean,
  given: readonly number[] | undefined,
): number[] {
  if (dichotomous) return tally.counts.map(() => 2);
  return given?.slice() ?? tally.counts.map((c) => Math.max(2, c.length));
}
