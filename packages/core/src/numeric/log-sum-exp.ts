import { InvalidInputError } from '../errors.js';
import type { FlatMatrix } from './flat-matrix.js';

/**
 * Below this, `exp` of a log-weight shifted by its row's maximum is subnormal: too small to change a
 * sum that holds a 1, and ~100× slower to compute with, so it is flushed to 0.
 */
const MIN_SHIFTED = -708;

/**
 * `log(Σ exp(values[i]))` for `i` in `[start, end)`, without overflow or underflow: the largest value
 * is factored out before exponentiating. As in scipy's `logsumexp`: all `−∞` (or an empty range) gives
 * `−∞`, any `+∞` gives `+∞`, and any `NaN` gives `NaN`.
 *
 * @param values Log-values (for example log-weights plus log-densities).
 * @param start First index (default 0).
 * @param end One past the last index (default `values.length`).
 *
 * @example
 * ```ts
 * import { logSumExp } from '@em/core/numeric';
 * logSumExp([Math.log(1), Math.log(2), Math.log(3)]); // Math.log(6)
 * logSumExp([-1000, -1000]);                          // -1000 + Math.log(2)
 * logSumExp([-Infinity, -Infinity]);                  // -Infinity
 * logSumExp([0, 5, 7, 9], 1, 3);                      // 7 + Math.log(1 + Math.exp(-2))
 * ```
 */
export function logSumExp(values: ArrayLike<number>, start = 0, end: number = values?.length): number {
  if (typeof values !== 'object' || values === null || typeof values.length !== 'number')
    throw new InvalidInputError('values', 'an array of numbers', values);
  // A range outside the array would read undefined (NaN) or loop for ever on a huge end.
  if (!Number.isInteger(start) || start < 0) throw new InvalidInputError('start', 'an integer >= 0', start);
  if (!Number.isInteger(end) || end < start || end > values.length)
    throw new InvalidInputError(
      'end',
      `an integer from start (${start}) to values.length (${values.length})`,
      end,
    );
  let max = Number.NEGATIVE_INFINITY;
  for (let i = start; i < end; i++) {
    const v = values[i]!;
    if (v > max) max = v;
    else if (Number.isNaN(v)) return Number.NaN;
  }
  if (max === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) return max;
  let sum = 0;
  for (let i = start; i < end; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}

/** A flat matrix whose data holds at least rows × cols values (a longer, reused buffer is fine). */
function requireMatrix(matrix: FlatMatrix): FlatMatrix {
  const m = matrix as Partial<FlatMatrix> | null;
  if (
    typeof m !== 'object' ||
    m === null ||
    !(m.data instanceof Float64Array) ||
    !Number.isInteger(m.rows) ||
    !Number.isInteger(m.cols) ||
    (m.rows as number) < 0 ||
    (m.cols as number) < 0 ||
    (m.rows as number) * (m.cols as number) > m.data.length
  )
    throw new InvalidInputError('matrix', 'a FlatMatrix { data: Float64Array, rows, cols }', matrix);
  return matrix;
}

function checkOut(out: Float64Array, rows: number): Float64Array {
  if (!(out instanceof Float64Array) || out.length < rows)
    throw new InvalidInputError('out', `a Float64Array of length >= ${rows} (one per row)`, out);
  return out;
}

/**
 * {@link logSumExp} of every row of a matrix: `out[i] = log Σ_j exp(matrix[i, j])`.
 *
 * @param matrix Log-values, one row per sample.
 * @param out Where to write (length ≥ `rows`); a new array if omitted.
 * @returns `out`.
 *
 * @example
 * ```ts
 * import { logSumExpRows } from '@em/core/numeric';
 * const logWeights = new Float64Array([Math.log(0.25), Math.log(0.75), 0, 0]);
 * logSumExpRows({ data: logWeights, rows: 2, cols: 2 }); // [0, Math.log(2)]
 * ```
 */
export function logSumExpRows(
  matrix: FlatMatrix,
  out: Float64Array = new Float64Array(requireMatrix(matrix).rows),
): Float64Array {
  const { data, rows, cols } = requireMatrix(matrix);
  checkOut(out, rows);
  for (let i = 0, offset = 0; i < rows; i++, offset += cols) out[i] = logSumExp(data, offset, offset + cols);
  return out;
}

/**
 * Options of {@link normalizeLogRows}.
 *
 * @example
 * ```ts
 * import { normalizeLogRows, type NormalizeLogRowsOptions } from '@em/core/numeric';
 * const options: NormalizeLogRowsOptions = { log: true };
 * normalizeLogRows({ data: new Float64Array([0, 0]), rows: 1, cols: 2 }, options); // [Math.log(2)]
 * ```
 */
export interface NormalizeLogRowsOptions {
  /** Leave log-probabilities (`value − log-normaliser`) instead of probabilities. Default false. */
  log?: boolean;
  /** Where to write the per-row log-normalisers (length ≥ `rows`); a new array if omitted. */
  out?: Float64Array;
}

/**
 * Turns each row of log-weights into probabilities **in place** (a softmax by rows, the E-step's
 * "responsibilities from log-joint densities") and returns each row's log-normaliser
 * `log Σ_j exp(matrix[i, j])`, whose sum over rows is the log-likelihood. Probabilities below
 * `e^−708` of the row's largest are flushed to 0 (they cannot change a sum that holds a 1). A row whose
 * normaliser is not finite (all `−∞`, a `+∞`, a `NaN`) becomes `NaN`s, with the normaliser
 * {@link logSumExp} gives.
 *
 * @param matrix Log-weights, rows × k; overwritten with the probabilities.
 * @param options `log: true` leaves log-probabilities; `out` receives the normalisers.
 * @returns The per-row log-normalisers.
 *
 * @example
 * ```ts
 * import { normalizeLogRows } from '@em/core/numeric';
 * const logJoint = { data: new Float64Array([Math.log(0.1), Math.log(0.3), -1000, -1000]), rows: 2, cols: 2 };
 * const logNorm = normalizeLogRows(logJoint);
 * logJoint.data;                   // [0.25, 0.75, 0.5, 0.5]
 * logNorm[1] === -1000 + Math.log(2); // true
 * ```
 */
export function normalizeLogRows(matrix: FlatMatrix, options: NormalizeLogRowsOptions = {}): Float64Array {
  const { data, rows, cols } = requireMatrix(matrix);
  if (typeof options !== 'object' || options === null)
    throw new InvalidInputError('options', 'an object { log?, out? }', options);
  const log = options.log === true;
  const out = checkOut(options.out ?? new Float64Array(rows), rows);
  for (let i = 0, offset = 0; i < rows; i++, offset += cols) {
    const end = offset + cols;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = offset; j < end; j++) if (data[j]! > max) max = data[j]!;
    if (max === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) {
      out[i] = logSumExp(data, offset, end);
      data.fill(Number.NaN, offset, end);
      continue;
    }
    let sum = 0;
    for (let j = offset; j < end; j++) {
      const shifted = data[j]! - max;
      const e = shifted < MIN_SHIFTED ? 0 : Math.exp(shifted);
      if (!log) data[j] = e;
      sum += e;
    }
    const norm = max + Math.log(sum);
    if (log) for (let j = offset; j < end; j++) data[j]! -= norm;
    else for (let j = offset; j < end; j++) data[j]! /= sum;
    out[i] = norm;
  }
  return out;
}
