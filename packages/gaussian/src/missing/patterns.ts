import { InvalidInputError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';

/**
 * The rows of a data set that share one missingness pattern: which features are observed, which
 * are missing, and the observed values of those rows packed together (n × p, row-major).
 */
export interface MissingPattern {
  /** Observed features, ascending (length p ≥ 1). */
  observed: Int32Array;
  /** Missing features, ascending (length q ≥ 1). */
  missing: Int32Array;
  /** Indices into the data of the rows with this pattern, ascending. */
  rows: Int32Array;
  /** The observed values of those rows, rows.length × p row-major. */
  values: Float64Array;
}

/**
 * A data set split by missingness: the complete rows (packed into their own matrix, so the fast
 * fused E-step runs on them as on complete data) and the incomplete rows grouped by pattern, so
 * that each pattern's conditional factors are computed once per E-step rather than once per row.
 */
export interface MissingLayout {
  /** Rows of the whole data set. */
  rows: number;
  /** Features. */
  cols: number;
  /** Indices of the complete rows, ascending. */
  completeRows: Int32Array;
  /** The complete rows, packed (`completeRows.length` × cols). */
  complete: FlatMatrix;
  /** Incomplete rows grouped by pattern, largest group first. */
  patterns: MissingPattern[];
  /** Number of incomplete rows. */
  incompleteRows: number;
  /** Number of missing cells. */
  missingCells: number;
}

/** Whether any value of `data` is NaN. */
export function hasMissing(data: FlatMatrix): boolean {
  const values = data.data;
  const length = data.rows * data.cols;
  for (let i = 0; i < length; i++) if (Number.isNaN(values[i]!)) return true;
  return false;
}

/**
 * Groups the rows of `data` by missingness pattern. A row with every value missing is an
 * `InvalidInputError` naming it (nothing is known about it); with `checkColumns`, so is a column
 * with every value missing (nothing can be estimated about it), as `fit` requires.
 */
export function missingLayout(data: FlatMatrix, checkColumns: boolean, name = 'X'): MissingLayout {
  const { rows: n, cols: d, data: values } = data;
  const groups = new Map<string, number[]>();
  const complete: number[] = [];
  const observedPerColumn = new Int32Array(d);
  const key = new Uint8Array(d);
  let missingCells = 0;
  for (let i = 0; i < n; i++) {
    let missing = 0;
    for (let j = 0; j < d; j++) {
      const isMissing = Number.isNaN(values[i * d + j]!);
      key[j] = isMissing ? 49 : 48; // '1' missing, '0' observed
      if (isMissing) missing++;
      else observedPerColumn[j]!++;
    }
    if (missing === 0) {
      complete.push(i);
      continue;
    }
    if (missing === d) {
      throw new InvalidInputError(
        name,
        'at least one observed (non-NaN) value in every row',
        'a row with every value missing',
        { row: i },
      );
    }
    missingCells += missing;
    const id = String.fromCharCode(...key);
    const group = groups.get(id);
    if (group) group.push(i);
    else groups.set(id, [i]);
  }
  if (checkColumns) {
    for (let j = 0; j < d; j++) {
      if (observedPerColumn[j] === 0) {
        throw new InvalidInputError(
          name,
          'at least one observed (non-NaN) value in every column',
          'a column with every value missing',
          { column: j },
        );
      }
    }
  }
  const patterns: MissingPattern[] = [];
  for (const [id, members] of groups) {
    const observed: number[] = [];
    const missing: number[] = [];
    for (let j = 0; j < d; j++) (id.charCodeAt(j) === 49 ? missing : observed).push(j);
    const p = observed.length;
    const packed = new Float64Array(members.length * p);
    members.forEach((row, r) => {
      for (let u = 0; u < p; u++) packed[r * p + u] = values[row * d + observed[u]!]!;
    });
    patterns.push({
      observed: Int32Array.from(observed),
      missing: Int32Array.from(missing),
      rows: Int32Array.from(members),
      values: packed,
    });
  }
  patterns.sort((a, b) => b.rows.length - a.rows.length || a.rows[0]! - b.rows[0]!);
  const completeRows = Int32Array.from(complete);
  const packed = new Float64Array(complete.length * d);
  complete.forEach((row, r) => {
    packed.set(values.subarray(row * d, (row + 1) * d), r * d);
  });
  return {
    rows: n,
    cols: d,
    completeRows,
    complete: { data: packed, rows: complete.length, cols: d },
    patterns,
    incompleteRows: n - complete.length,
    missingCells,
  };
}

/**
 * A copy of `data` with each missing value replaced by its column's observed mean: the start of
 * EM's initialisation (k-means and the first parameters need complete rows).
 */
export function meanFilled(data: FlatMatrix): FlatMatrix {
  const { rows: n, cols: d, data: values } = data;
  const sums = new Float64Array(d);
  const counts = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = values[i * d + j]!;
      if (!Number.isNaN(v)) {
        sums[j]! += v;
        counts[j]!++;
      }
    }
  }
  const out = Float64Array.from(values.subarray(0, n * d));
  for (let i = 0; i < n * d; i++) if (Number.isNaN(out[i]!)) out[i] = sums[i % d]! / counts[i % d]!;
  return { data: out, rows: n, cols: d };
}
