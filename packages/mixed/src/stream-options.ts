import { checkOnProgress, checkOptionKeys } from '@em/core/stream';
import type { MixedStreamNames } from './stream-fit.js';

/**
 * Options of {@link LinearMixedModel.fitStream}: the names of {@link MixedStreamNames} and a
 * progress callback.
 *
 * @example
 * ```ts
 * import type { MixedStreamOptions } from '@em/mixed';
 * const options: MixedStreamOptions = { name: 'Subject', onProgress: (pass, rows) => console.log(pass, rows) };
 * ```
 */
export interface MixedStreamOptions extends MixedStreamNames {
  /** Called after each chunk: the pass (1-based), the rows read in it, and the source's rows once known. */
  onProgress?: (pass: number, rows: number, totalRows: number | undefined) => void;
}

const KEYS = [
  'fixedNames',
  'name',
  'termNames',
  'covariance',
  'innerName',
  'innerTermNames',
  'innerCovariance',
  'onProgress',
];

/** The options checked: known keys only, a function for `onProgress` (the names are checked with the data). */
export function readStreamOptions(options: MixedStreamOptions): MixedStreamOptions {
  checkOptionKeys(options, KEYS, 'fitStream');
  checkOnProgress(options.onProgress);
  return options;
}
