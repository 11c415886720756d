import { InvalidInputError } from '@em/core';
import { isArrayLike } from './init.js';

/**
 * The adjusted Rand index of two labellings of the same rows (Hubert & Arabie 1985): 1 when they
 * group the rows identically (whatever the label numbers), about 0 for unrelated ones. The usual score
 * of a clustering against known classes (scikit-learn's `adjusted_rand_score`).
 *
 * @throws InvalidInputError when the labellings differ in length or hold non-integers.
 *
 * @example
 * ```ts
 * import { adjustedRandIndex } from '@em/mixtures';
 * adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 * adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]); // -0.5
 * ```
 */
export function adjustedRandIndex(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (!isArrayLike(truth) || truth.length === 0)
    throw new InvalidInputError('truth', 'a non-empty array of labels', truth);
  if (!isArrayLike(predicted) || predicted.length !== truth.length)
    throw new InvalidInputError('predicted', `${truth.length} labels (as truth)`, predicted);
  const n = truth.length;
  const table = new Map<string, number>();
  const a = new Map<number, number>();
  const b = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const t = truth[i]!;
    const p = predicted[i]!;
    if (!Number.isInteger(t)) throw new InvalidInputError('truth', 'an integer label', t, { row: i });
    if (!Number.isInteger(p)) throw new InvalidInputError('predicted', 'an integer label', p, { row: i });
    table.set(`${t},${p}`, (table.get(`${t},${p}`) ?? 0) + 1);
    a.set(t, (a.get(t) ?? 0) + 1);
    b.set(p, (b.get(p) ?? 0) + 1);
  }
  const pairs = (m: number) => (m * (m - 1)) / 2;
  let index = 0;
  for (const v of table.values()) index += pairs(v);
  let sa = 0;
  for (const v of a.values()) sa += pairs(v);
  let sb = 0;
  for (const v of b.values()) sb += pairs(v);
  const expected = (sa * sb) / pairs(n);
  const max = (sa + sb) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
