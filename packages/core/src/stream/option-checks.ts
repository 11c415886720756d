import { InvalidInputError, InvalidOptionError } from '../errors.js';

/**
 * The checks every streamed method makes of its options object before reading its own options: an object
 * (else an `InvalidOptionError` about `options`, saying `expected`), each key one of `known` (else one
 * naming the key, with the known ones).
 *
 * @param method The method the options belong to, as the error names it (`'fitStream'`, `'partialFit'`).
 *
 * @example
 * ```ts
 * import { checkOptionKeys } from '@em/core/stream';
 * checkOptionKeys({ alpha: 0.7 }, ['alpha', 't0'], 'partialFit'); // no error
 * try {
 *   checkOptionKeys({ alfa: 0.7 }, ['alpha', 't0'], 'partialFit');
 * } catch (error) {
 *   (error as Error).message; // 'Invalid option alfa: expected no such option of partialFit (known: alpha, t0), received 0.7.'
 * }
 * ```
 */
export function checkOptionKeys(
  options: unknown,
  known: readonly string[],
  method: string,
  expected = 'an object',
): asserts options is object {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', expected, options);
  for (const key of Object.keys(options))
    if (!known.includes(key))
      throw new InvalidOptionError(
        key,
        `no such option of ${method} (known: ${known.join(', ')})`,
        (options as Record<string, unknown>)[key],
      );
}

/**
 * The `onProgress` option of a `fitStream`: undefined or a function, else an `InvalidOptionError`.
 *
 * @example
 * ```ts
 * import { checkOnProgress } from '@em/core/stream';
 * checkOnProgress((pass: number, rows: number) => console.log(pass, rows)); // no error
 * try {
 *   checkOnProgress('log');
 * } catch (error) {
 *   (error as Error).message; // 'Invalid option onProgress: expected a function, received "log".'
 * }
 * ```
 */
export function checkOnProgress(onProgress: unknown): void {
  if (onProgress !== undefined && typeof onProgress !== 'function')
    throw new InvalidOptionError('onProgress', 'a function', onProgress);
}

/**
 * Runs `read` on one chunk of a streamed source, re-throwing its `InvalidInputError` (about the chunk
 * as a whole input) as one about `source chunk <index>`, its row counted over the whole source (`row`:
 * the chunk's first row).
 *
 * @example
 * ```ts
 * import { InvalidInputError } from '@em/core';
 * import { inSourceChunk } from '@em/core/stream';
 * try {
 *   inSourceChunk(2, 100, () => {
 *     throw new InvalidInputError('X', 'a finite number', Number.NaN, { row: 3, column: 1 });
 *   });
 * } catch (error) {
 *   (error as Error).message; // 'Invalid source chunk 2 at row 103, column 1: expected a finite number, received NaN.'
 * }
 * ```
 */
export function inSourceChunk<T>(index: number, row: number, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvalidInputError) {
      throw new InvalidInputError(`source chunk ${index}`, error.expected, error.received, {
        row: error.row === undefined ? row : row + error.row,
        column: error.column,
      });
    }
    throw error;
  }
}
