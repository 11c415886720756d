import { InvalidInputError, InvalidOptionError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { createRandom } from '@em/sampling';
import { countMarked, isArrayLike, type NoiseRule, noiseFlags } from '../mclust/noise/rule.js';
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
  /**
   * An initial noise guess (`GaussianMixture`'s `noise`: one boolean per row of the source, or a
   * {@link NoiseRule} called block by block): the rows it marks are counted (`noiseRows`) and left
   * out of the sample, which is then drawn from the other rows — what `fitFromStatistics` with
   * `noise` takes.
   */
  noise?: ArrayLike<boolean> | NoiseRule;
}

/**
 * What {@link scanSource} finds.
 *
 * @example
 * ```ts
 * import { scanSource, type SourceScan } from '@em/gaussian';
 * const scan: SourceScan = await scanSource([[[1], [2], [50]]], { noise: [false, false, true] });
 * [scan.rows, scan.noiseRows, scan.sample.rows, scan.sampleIndex]; // [3, 1, 2, [0, 1]]
 * ```
 */
export interface SourceScan {
  /** Rows of the source. */
  rows: number;
  /** Columns. */
  cols: number;
  /** The sample (its own copy), row-major: every row (every row not guessed as noise) when they fit. */
  sample: FlatMatrix;
  /** Each sample row's 0-based index in the source. */
  sampleIndex: number[];
  /** With `noise`: the rows the guess marks. */
  noiseRows?: number;
}

/**
 * One pass over a source: its rows and columns, every value checked, and a uniform sample of its
 * rows (all of them, in order, when there are no more than `sampleSize`; with `noise`, of the rows
 * the guess leaves unmarked) — what a fit over data it does not hold needs before its first
 * iteration.
 *
 * @example
 * ```ts
 * import { scanSource } from '@em/gaussian';
 * const { rows, cols, sample } = await scanSource([[[1, 2], [3, 4]], [[5, 6]]], { sampleSize: 2 });
 * [rows, cols, sample.rows]; // [3, 2, 2]
 * ```
 */
export async function scanSource(source: ChunkSource, options: ScanOptions = {}): Promise<SourceScan> {
  const { sampleSize = 100_000, randomState = 0, missing, noise, ...format } = options;
  if (noise !== undefined && typeof noise !== 'function' && !isArrayLike(noise))
    throw new InvalidOptionError('noise', 'an array of booleans, one per row, or a NoiseRule', noise);
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
  let noiseRows = 0;
  for await (const block of openSource(source, format, missing === 'em').pass()) {
    reservoir ??= new Reservoir(sampleSize, block.cols, random, true);
    if (missing === 'em') {
      checks ??= new MissingChecks(block.cols);
      checks.offer(block);
    }
    const flags = noise === undefined ? undefined : noiseFlags(noise, block, reservoir.seen);
    if (flags) noiseRows += countMarked(flags);
    reservoir.offer(block, flags);
  }
  if (!reservoir) throw new InvalidInputError('source', 'at least one row', 'no rows');
  checks?.finish();
  // An array guess longer than the source guesses rows it does not have.
  if (noise !== undefined && typeof noise !== 'function' && noise.length !== reservoir.seen)
    throw new InvalidOptionError(
      'noise',
      `${reservoir.seen} booleans, one per row of the source`,
      `${noise.length} values`,
    );
  const sample = reservoir.sample();
  return {
    rows: reservoir.seen,
    cols: reservoir.cols,
    sample: { ...sample, data: sample.data.slice() },
    sampleIndex: reservoir.sampleIndex(),
    ...(noise === undefined ? {} : { noiseRows }),
  };
}
