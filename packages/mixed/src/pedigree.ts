import { InvalidInputError } from '@em/core';
import type { Relationship } from './prepare.js';

/**
 * A pedigree: one row per animal with its sire and dam (`null`, `undefined`, `0` or `''` when
 * unknown). Parents must appear in `id`, before or after their offspring.
 *
 * @example
 * ```ts
 * import type { Pedigree } from '@em/mixed';
 * const pedigree: Pedigree = { id: ['s', 'd', 'o'], sire: [null, null, 's'], dam: [null, null, 'd'] };
 * ```
 */
export interface Pedigree {
  /** Animal identifiers, distinct. */
  id: ArrayLike<string | number>;
  /** Each animal's sire, or null when unknown. */
  sire: ArrayLike<string | number | null | undefined>;
  /** Each animal's dam, or null when unknown. */
  dam: ArrayLike<string | number | null | undefined>;
}

/**
 * The additive (numerator) relationship matrix A of a pedigree by the tabular method (Henderson
 * 1976): aᵢᵢ = 1 + ½ a_sd, aᵢⱼ = ½ (aⱼ,sire(i) + aⱼ,dam(i)), animals sorted so parents come first.
 * Its `levels` are the ids in the order given, ready for `relationships` of {@link LinearMixedModel}.
 *
 * @param pedigree The pedigree.
 * @returns `{ levels, matrix }` with `matrix` as rows.
 * @throws InvalidInputError on repeated ids, unknown parents, an animal its own ancestor.
 *
 * @example
 * ```ts
 * import { additiveRelationship } from '@em/mixed';
 * const A = additiveRelationship({ id: ['s', 'd', 'o'], sire: [null, null, 's'], dam: [null, null, 'd'] });
 * A.matrix; // [[1, 0, 0.5], [0, 1, 0.5], [0.5, 0.5, 1]]
 * ```
 */
export function additiveRelationship(
  pedigree: Pedigree,
): { levels: string[]; matrix: number[][] } & Relationship {
  if (typeof pedigree !== 'object' || pedigree === null)
    throw new InvalidInputError('pedigree', 'an object { id, sire, dam }', pedigree);
  const { id, sire, dam } = pedigree;
  for (const [name, col] of [
    ['id', id],
    ['sire', sire],
    ['dam', dam],
  ] as const)
    if (!Array.isArray(col) && !ArrayBuffer.isView(col))
      throw new InvalidInputError(`pedigree.${name}`, 'an array', col);
  const n = id.length;
  if (n === 0) throw new InvalidInputError('pedigree.id', 'at least one animal', n);
  if (sire.length !== n || dam.length !== n)
    throw new InvalidInputError(
      'pedigree',
      `sire and dam arrays of ${n} entries (as id)`,
      `${sire.length} and ${dam.length}`,
    );
  const labels = Array.from(id, (v, i) => {
    if (!(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) || v === '' || v === 0)
      throw new InvalidInputError('pedigree.id', 'a non-empty id (string or non-zero number)', v, { row: i });
    return String(v);
  });
  const where = new Map<string, number>();
  labels.forEach((l, i) => {
    if (where.has(l)) throw new InvalidInputError('pedigree.id', 'distinct ids', l, { row: i });
    where.set(l, i);
  });
  const parent = (col: ArrayLike<unknown>, name: string, i: number): number => {
    const v = col[i];
    if (v === null || v === undefined || v === 0 || v === '' || v === '0' || v === 'NA') return -1;
    const at = where.get(String(v));
    if (at === undefined)
      throw new InvalidInputError(`pedigree.${name}`, 'an id listed in pedigree.id (or null)', v, { row: i });
    if (at === i)
      throw new InvalidInputError(`pedigree.${name}`, 'a parent other than the animal itself', v, { row: i });
    return at;
  };
  const s = Array.from({ length: n }, (_, i) => parent(sire, 'sire', i));
  const d = Array.from({ length: n }, (_, i) => parent(dam, 'dam', i));
  // Parents before offspring: depth-first order with cycle detection.
  const order: number[] = [];
  const state = new Uint8Array(n);
  const visit = (start: number) => {
    const stack: [number, number][] = [[start, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [i, step] = top;
      if (step === 0) {
        if (state[i] === 2) {
          stack.pop();
          continue;
        }
        state[i] = 1;
      }
      const next = step === 0 ? s[i]! : step === 1 ? d[i]! : -2;
      top[1] = step + 1;
      if (next === -2) {
        state[i] = 2;
        order.push(i);
        stack.pop();
      } else if (next >= 0) {
        if (state[next] === 1)
          throw new InvalidInputError('pedigree', 'no animal among its own ancestors', labels[next], {
            row: next,
          });
        if (state[next] === 0) stack.push([next, 0]);
      }
    }
  };
  for (let i = 0; i < n; i++) visit(i);
  const A = new Float64Array(n * n);
  for (let oi = 0; oi < n; oi++) {
    const i = order[oi]!;
    const si = s[i]!;
    const di = d[i]!;
    for (let oj = 0; oj < oi; oj++) {
      const j = order[oj]!;
      const v = 0.5 * ((si >= 0 ? A[j * n + si]! : 0) + (di >= 0 ? A[j * n + di]! : 0));
      A[i * n + j] = v;
      A[j * n + i] = v;
    }
    A[i * n + i] = 1 + (si >= 0 && di >= 0 ? 0.5 * A[si * n + di]! : 0);
  }
  const matrix = Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)));
  return { levels: labels, matrix };
}
