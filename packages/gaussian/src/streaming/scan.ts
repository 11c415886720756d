import { InvalidInputError, InvalidOptionError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { createRandom } from '@em/sampling';
import { MissingChecks } from '../missing/stream.js';
import { Reservoir } from './reservoir.js';
import { type ChunkSource, openSource, type SourceFormatOptions } from './source.js';

/**
 * Options of {@link scanSource}.
 *
 * @example
 * ```ts
 * import type { ScanOptions } from '@em/gaussian';
 * const options: ScanOptions = { sampleSize: 10_000, randomState: 1, format: 'float64', columns: 8 };
 * ```
 */
export interface ScanOptions extends SourceFormatOptions {
  /** Rows kept, drawn uniformly (reservoir sampling). Default 100 000. */
  sampleSize?: number;
  /** Seed of the draw. Default 0. */
  randomState?: number;
  /**
   * `'em'`: NaN cells are missing values (kept in the sample; a row or a column with every value
   * missing is an `InvalidInputError`, as in `fit`). Default `'error'`: NaN is an `InvalidInputError`.
   */
  missing?: 'error' | 'em';
}

/**
 * One pass over a source: its rows and columns, every value checked, and a uniform sample of its
 * rows (all of them, in order, when there are no more than `sampleSize`) — what a fit over data it
 * does not hold needs before its first iteration.
 *
 * @example
 * ```ts
 * import { scanSource } from '@em/gaussian';
 * const { rows, cols, sample } = await scanSource([[[1, 2], [3, 4]], [[5, 6]]], { sampleSize: 2 });
 * [rows, cols, sample.rows]; // [3, 2, 2]
 * ```
 */
export async function scanSource(
  source: ChunkSource,
  options: ScanOptions = {},
): Promise<{ rows: number; cols: number; sample: FlatMatrix }> {
  const { sampleSize = 100_000, randomState = 0, missing, ...format } = options;
  if (missing !== undefined && missing !== 'em' && missing !== 'error') {
    throw new InvalidOptionError('missing', "'error' or 'em'", missing);
  }
  let checks: MissingChecks | undefined;
  if (!Number.isSafeInteger(sampleSize) || sampleSize < 1) {
    throw new InvalidOptionError('sampleSize', 'an integer >= 1', sampleSize);
  }
  if (!Number.isSafeInteger(randomState) || randomState < 0) {
    throw new InvalidOptionError('randomState', 'a non-negative integer seed', randomState);
  }
  const random = createRandom(randomState).random;
  let reservoir: Reservoir | undefined;
  for await (const block of openSource(source, format, missing === 'em').pass()) {
    reservoir ??= new Reservoir(sampleSize, block.cols, random);
    if (missing === 'em') {
      checks ??= new MissingChecks(block.cols);
      checks.offer(block);
    }
    reservoir.offer(block);
  }
  if (!reservoir) throw new InvalidInputError('source', 'at least one row', 'no rows');
  checks?.finish();
  const sample = reservoir.sample();
  return { rows: reservoir.seen, cols: reservoir.cols, sample: { ...sample, data: sample.data.slice() } };
}
