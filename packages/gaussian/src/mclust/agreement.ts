import { InvalidInputError } from '@em/core';

/** Checks two label vectors and returns them as arrays of numbers. */
function labelPair(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  names: [string, string],
): [number[], number[]] {
  const out: number[][] = [];
  for (const [labels, name] of [
    [a, names[0]],
    [b, names[1]],
  ] as const) {
    if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
      throw new InvalidInputError(name, 'an array of labels', labels);
    }
    if (labels.length === 0) throw new InvalidInputError(name, 'at least one label', 'an empty array');
    const values = Array.from(labels);
    values.forEach((value, row) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidInputError(name, 'a finite number as label', value, { row });
      }
    });
    out.push(values);
  }
  if (out[0]!.length !== out[1]!.length) {
    throw new InvalidInputError(
      names[1],
      `${out[0]!.length} labels, as many as ${names[0]}`,
      `${out[1]!.length}`,
    );
  }
  return [out[0]!, out[1]!];
}

/** Cross-tabulation of two label vectors over their sorted distinct values. */
function crossTable(a: number[], b: number[]) {
  const rows = [...new Set(a)].sort((x, y) => x - y);
  const cols = [...new Set(b)].sort((x, y) => x - y);
  const rowOf = new Map(rows.map((value, i) => [value, i]));
  const colOf = new Map(cols.map((value, j) => [value, j]));
  const counts = Array.from({ length: rows.length }, () => new Array<number>(cols.length).fill(0));
  for (let t = 0; t < a.length; t++) counts[rowOf.get(a[t]!)!]![colOf.get(b[t]!)!]!++;
  return { rows, cols, counts };
}

const pairs = (m: number) => (m * (m - 1)) / 2;

/**
 * Adjusted Rand index of two partitions (Hubert & Arabie 1985), as mclust's `adjustedRandIndex`: 1
 * for identical partitions up to relabelling, about 0 for independent ones (it can be negative).
 *
 * @param a Labels of the first partition, one per observation.
 * @param b Labels of the second partition, as many as `a`.
 * @throws InvalidInputError for empty or unequal-length inputs or non-finite labels.
 *
 * @example
 * ```ts
 * import { adjustedRandIndex } from '@em/gaussian';
 * adjustedRandIndex([0, 0, 1, 1], [5, 5, 2, 2]); // 1
 * adjustedRandIndex([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2]); // 0.4444444444444444
 * ```
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const [x, y] = labelPair(a, b, ['a', 'b']);
  const { rows, cols, counts } = crossTable(x, y);
  if (rows.length === 1 && cols.length === 1) return 1;
  let same = 0;
  for (const row of counts) for (const count of row) same += pairs(count);
  const rowPairs = counts.reduce((sum, row) => sum + pairs(row.reduce((s, c) => s + c, 0)), 0);
  let colPairs = 0;
  for (let j = 0; j < cols.length; j++) colPairs += pairs(counts.reduce((s, row) => s + row[j]!, 0));
  const onlyA = rowPairs - same;
  const onlyB = colPairs - same;
  const neither = pairs(x.length) - same - onlyA - onlyB;
  const total = same + onlyA + onlyB + neither;
  const expected = ((same + onlyA) * (same + onlyB)) / total;
  return (same - expected) / ((same + onlyA + same + onlyB) / 2 - expected);
}

/**
 * Result of {@link classError}.
 *
 * @example
 * ```ts
 * import { classError, type ClassErrorResult } from '@em/gaussian';
 * const result: ClassErrorResult = classError([0, 0, 1], [0, 1, 1]);
 * result.errorRate; // 0.3333333333333333
 * ```
 */
export interface ClassErrorResult {
  /** 0-based indices of the misclassified observations, in increasing order. */
  misclassified: number[];
  /** misclassified.length / n. */
  errorRate: number;
}

/**
 * Classification error under the majority mapping between labels, as mclust's `classError`: each
 * predicted class is mapped to the true class it shares most observations with, and each true class
 * to its most frequent predicted class (ties to the smallest label); of the two directions, the one
 * with more disagreements gives the misclassified observations (the true-to-predicted one on a tie).
 * This is mclust's rule, not an optimal one-to-one matching: several classes may map to one.
 *
 * @param predicted Predicted labels, one per observation.
 * @param truth Known labels, as many as `predicted`.
 * @throws InvalidInputError for empty or unequal-length inputs or non-finite labels.
 *
 * @example
 * ```ts
 * import { classError } from '@em/gaussian';
 * const { misclassified, errorRate } = classError([1, 1, 0, 0, 0], [0, 0, 1, 1, 0]);
 * misclassified; // [4]
 * errorRate; // 0.2
 * ```
 */
export function classError(predicted: ArrayLike<number>, truth: ArrayLike<number>): ClassErrorResult {
  const [p, t] = labelPair(predicted, truth, ['predicted', 'truth']);
  const { rows, cols, counts } = crossTable(p, t);
  const argmaxFirst = (values: number[]) => values.indexOf(Math.max(...values));
  const predictedToTrue = new Map(rows.map((label, i) => [label, cols[argmaxFirst(counts[i]!)]!]));
  const trueToPredicted = new Map(
    cols.map((label, j) => [label, rows[argmaxFirst(counts.map((row) => row[j]!))]!]),
  );
  const one = p.map((label, i) => predictedToTrue.get(label) !== t[i]);
  const two = t.map((label, i) => trueToPredicted.get(label) !== p[i]);
  const count = (flags: boolean[]) => flags.filter(Boolean).length;
  // mclust keeps the direction with more disagreements (the conservative count).
  const errors = count(one) > count(two) ? one : two;
  const misclassified = errors.flatMap((bad, i) => (bad ? [i] : []));
  return { misclassified, errorRate: misclassified.length / p.length };
}
