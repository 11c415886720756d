import { InvalidOptionError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';

/**
 * An initial noise guess given as a rule instead of one boolean per row, for data that is never
 * held in memory (`fitStream`, `scanSource`): called once per block of rows, in row order, with the
 * block (row-major values) and the 0-based index of its first row in the whole data; returns one
 * boolean per row of the block, `true` for a row thought to be noise. It is read in the first pass
 * only. `fit` calls it once, on all rows, with `firstRow` 0.
 *
 * @example
 * ```ts
 * import { GaussianMixture, type NoiseRule } from '@em/gaussian';
 * // Noise: any row with a coordinate outside [-10, 10].
 * const outside: NoiseRule = ({ data, rows, cols }) =>
 *   Array.from({ length: rows }, (_, i) => data.subarray(i * cols, (i + 1) * cols).some((x) => Math.abs(x) > 10));
 * const X = [[0, 0], [0.3, 0.1], [0.1, 0.4], [5, 5], [5.2, 4.9], [4.8, 5.3], [40, -30]];
 * const gmm = new GaussianMixture({ nComponents: 2, covarianceType: 'VVV', initParams: 'hc', noise: outside });
 * await gmm.fitStream([X.slice(0, 4), X.slice(4)]);
 * gmm.predict(X)[6]; // -1: noise
 * ```
 */
export type NoiseRule = (block: NoiseRuleBlock, firstRow: number) => ArrayLike<boolean>;

/**
 * The rows a {@link NoiseRule} is called with: `rows` × `cols` values, row-major.
 *
 * @example
 * ```ts
 * import type { NoiseRuleBlock } from '@em/gaussian';
 * const block: NoiseRuleBlock = { data: Float64Array.of(1, 2, 3, 4), rows: 2, cols: 2 };
 * ```
 */
export interface NoiseRuleBlock {
  /** The block's values, row after row. */
  readonly data: Float64Array;
  /** Rows of the block. */
  readonly rows: number;
  /** Values per row. */
  readonly cols: number;
}

/** The `noise` option's guess for the rows `[firstRow, firstRow + block.rows)`, checked: 1 per row marked. */
export function noiseFlags(
  noise: ArrayLike<boolean> | NoiseRule,
  block: FlatMatrix,
  firstRow: number,
): Uint8Array {
  const { rows } = block;
  const last = firstRow + rows - 1;
  const where = rows === 1 ? `row ${firstRow}` : `rows ${firstRow}–${last}`;
  let flags: unknown;
  if (typeof noise === 'function') {
    flags = noise({ data: block.data, rows, cols: block.cols }, firstRow);
    if (!isArrayLike(flags) || flags.length !== rows) {
      throw new InvalidOptionError(
        `noise (the rule's answer for ${where})`,
        `${rows} booleans, one per row of the block`,
        isArrayLike(flags) ? `${flags.length} value${flags.length === 1 ? '' : 's'}` : flags,
      );
    }
  } else {
    if (noise.length <= last) {
      throw new InvalidOptionError(
        'noise',
        'one boolean per row of the data',
        `${noise.length} values for at least ${last + 1} rows`,
      );
    }
    flags = Array.prototype.slice.call(noise, firstRow, last + 1);
  }
  const values = flags as ArrayLike<unknown>;
  const marked = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const flag = values[i];
    if (typeof flag !== 'boolean') throw new InvalidOptionError(`noise[${firstRow + i}]`, 'a boolean', flag);
    marked[i] = flag ? 1 : 0;
  }
  return marked;
}

export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** Rows marked in a block's flags. */
export function countMarked(flags: Uint8Array): number {
  let count = 0;
  for (const flag of flags) count += flag;
  return count;
}
