import { InvalidInputError, NumericalError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';

/**
 * Log-densities that do not fit in a double (below −1.8e308: a sample very far from every
 * component) as a typed error naming the first such row, instead of −∞ (and `bic` +∞).
 */
export function requireFiniteLogDensities(values: Float64Array, method: string): Float64Array {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw new NumericalError(
        `${method}: the log-density of X row ${i} is ${values[i]}, outside the range of double precision (the sample lies too far from every component).`,
        'Check the data, or scale it as the data the model was fitted on.',
      );
    }
  }
  return values;
}

/**
 * A value computed for data row `row` (a log-density, an imputed value) that overflowed, as a
 * typed error naming the row.
 */
export function requireFiniteForRow(value: number, row: number, method: string): number {
  if (!Number.isFinite(value)) {
    throw new NumericalError(
      `${method}: X row ${row} gives ${value}, outside the range of double precision (the row lies too far from every component).`,
      'Check the data, or scale it as the data the model was fitted on.',
    );
  }
  return value;
}

/** An information criterion or mean score that overflowed, as a typed error. */
export function requireFiniteCriterion(method: string, value: number): number {
  if (!Number.isFinite(value)) {
    throw new NumericalError(
      `${method} is ${value}: outside the range of double precision for this model and X.`,
      'Scale the data.',
    );
  }
  return value;
}

/**
 * Rejects data whose squares overflow before EM starts: a column whose spread (max − min) or
 * magnitude is so large that Σ (x − μ)² over its rows exceeds the largest double would make every
 * covariance infinite, which would otherwise be reported as a singular covariance.
 */
export function checkDataScale(data: FlatMatrix, argument = 'X'): void {
  const { rows: n, cols: d } = data;
  // Every column's spread is at most twice the largest |x| and its magnitude at most it: when those
  // bounds pass, every column does (rounded products are monotone), in one pass without per-column
  // arrays (a third of the time: this runs before every fit).
  const largest = largestMagnitude(data.data, n * d);
  if (Number.isFinite(2 * largest * (2 * largest) * n * d) && Number.isFinite(largest * n)) return;
  // One pass in row order (a pass per column strided through the whole array cost 7 ms on
  // 50 000 × 32, as much as a quarter of an E-step).
  const mins = new Float64Array(d).fill(Number.POSITIVE_INFINITY);
  const maxes = new Float64Array(d).fill(Number.NEGATIVE_INFINITY);
  const X = data.data;
  for (let i = 0, row = 0; i < n; i++, row += d) {
    for (let j = 0; j < d; j++) {
      const v = X[row + j]!;
      // Missing values (NaN) are skipped: they are neither small nor large.
      if (v < mins[j]!) mins[j] = v;
      if (v > maxes[j]!) maxes[j] = v;
    }
  }
  for (let j = 0; j < d; j++) {
    const min = mins[j]!;
    const max = maxes[j]!;
    if (min > max) continue;
    const spread = max - min;
    const magnitude = Math.max(Math.abs(min), Math.abs(max));
    if (!Number.isFinite(spread * spread * n * d) || !Number.isFinite(magnitude * n)) {
      throw new InvalidInputError(
        argument,
        `values whose squares stay within double precision (column spread below ${limit(n, d).toPrecision(3)} for ${n} rows): scale the data`,
        `column ${j} spanning [${min}, ${max}]`,
        { column: j },
      );
    }
  }
}

/** max |x| over the first `length` values, NaN skipped (0 for none). */
function largestMagnitude(X: Float64Array, length: number): number {
  // Four running maxima (independent comparisons: a third faster than one), NaN never greater.
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    const a0 = Math.abs(X[i]!);
    const a1 = Math.abs(X[i + 1]!);
    const a2 = Math.abs(X[i + 2]!);
    const a3 = Math.abs(X[i + 3]!);
    if (a0 > m0) m0 = a0;
    if (a1 > m1) m1 = a1;
    if (a2 > m2) m2 = a2;
    if (a3 > m3) m3 = a3;
  }
  for (; i < length; i++) {
    const a = Math.abs(X[i]!);
    if (a > m0) m0 = a;
  }
  return Math.max(m0, m1, m2, m3);
}

/** The largest column spread `checkDataScale` accepts for n rows and d columns. */
function limit(n: number, d: number): number {
  return Math.sqrt(Number.MAX_VALUE / (n * d));
}
