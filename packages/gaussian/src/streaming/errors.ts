import { InvalidInputError } from '@em/core';

/**
 * A streamed source gave a different number of rows on a later pass than on the first: it cannot
 * be re-read (a one-shot stream or generator object handed over instead of a factory) or it changed
 * between passes. Exact EM reads the data once per iteration, so this stops the fit instead of
 * fitting a part of the data.
 *
 * @example
 * ```ts
 * import { GaussianMixture, SourceNotReReadableError } from '@em/gaussian';
 * async function* once() { yield [[0], [1], [9], [10]]; }
 * try {
 *   await new GaussianMixture({ nComponents: 2 }).fitStream(once()); // an iterator, not a factory
 * } catch (error) {
 *   if (error instanceof SourceNotReReadableError) {
 *     [error.pass, error.rowsRead]; // [2, 0]: the second pass found nothing to read
 *   }
 * }
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
