import { InvalidInputError } from '../errors.js';

/**
 * Chunks a streamed fit can read once per iteration: a function returning a fresh (async) iterable
 * of them, called once per pass (a generator function, a database cursor, a file reader), or an
 * array (any re-iterable object) of them. An iterator or generator object can be read only once:
 * the second pass of a fit over one ends in a {@link SourceNotReReadableError}.
 *
 * @example
 * ```ts
 * import type { StreamSource } from '@em/core/stream';
 * const fromArray: StreamSource<number[][]> = [[[0, 1], [1, 1]], [[9, 8]]];
 * const fromFactory: StreamSource<number[][]> = async function* () { yield [[0, 1], [1, 1]]; yield [[9, 8]]; };
 * ```
 */
export type StreamSource<C> = Iterable<C> | AsyncIterable<C> | (() => Iterable<C> | AsyncIterable<C>);

/**
 * The function giving a fresh iterable of chunks per pass, from whichever form of
 * {@link StreamSource} the caller used.
 *
 * @throws InvalidInputError if `source` is none of those forms, or the function returns no iterable.
 * @example
 * ```ts
 * import { chunkFactory } from '@em/core/stream';
 * const chunks = chunkFactory([[1, 2], [3]]);
 * [...(chunks() as Iterable<number[]>)].length; // 2
 * ```
 */
export function chunkFactory<C>(source: StreamSource<C>): () => Iterable<C> | AsyncIterable<C> {
  if (typeof source === 'function') {
    return () => {
      const chunks = source();
      if (!isIterable(chunks))
        throw new InvalidInputError(
          'source',
          'a function returning an iterable or async iterable of chunks',
          chunks,
        );
      return chunks;
    };
  }
  if (isIterable(source)) return () => source;
  throw new InvalidInputError(
    'source',
    'a function returning chunks, or an iterable or async iterable of chunks',
    source,
  );
}

export const isIterable = (value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && (Symbol.iterator in value || Symbol.asyncIterator in value);
