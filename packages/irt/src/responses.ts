// Responses enter here: validated once, then grouped into unique patterns over the estimated items.
import { InvalidInputError, InvalidOptionError } from '@em/core';
import { type DataInput, type FlatMatrix, toFlatMatrix } from '@em/core/numeric';
import { isPrintable } from './consistency.js';
import type { IrtWarning } from './types.js';

/**
 * A response matrix: one row per person, one column per item, each entry a category (0/1 for
 * dichotomous items, 0 … K − 1 for polytomous ones); `null`, `undefined` or `NaN` where an item was not
 * administered. Any shape `@em/core`'s `toFlatMatrix` accepts, or rows with `null`s.
 *
 * @example
 * ```ts
 * import type { ResponseInput } from '@em/irt';
 * const responses: ResponseInput = [
 *   [1, 0, 1],
 *   [0, null, 1], // item 2 not administered to person 2
 * ];
 * ```
 */
export type ResponseInput = DataInput | readonly (readonly (number | null | undefined)[])[];

/** Responses as a flat row-major matrix, NaN for missing, after validation. */
export function toResponseMatrix(input: unknown, name: string, allowMissing: boolean): FlatMatrix {
  let data = input;
  if (Array.isArray(input) && input.some((row) => Array.isArray(row))) {
    // Rows may carry null/undefined for "not administered"; toFlatMatrix reads NaN as missing.
    data = input.map((row, i) => {
      if (!Array.isArray(row)) throw new InvalidInputError(name, 'an array of responses', row, { row: i });
      return row.map((value: unknown, j: number) => {
        if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
          if (!allowMissing)
            throw new InvalidInputError(name, 'a response (missing values need missing: "allow")', value, {
              row: i,
              column: j,
            });
          return Number.NaN;
        }
        return value;
      });
    });
  }
  return toFlatMatrix(data as DataInput, name, { missing: allowMissing ? 'allow' : 'error' });
}

/** Most categories an item may have (as the nCategories option allows). */
export const MAX_CATEGORIES = 100;

/** Checks every observed value is an integer category below `maxCategories[j]` (when known). */
export function validateCategories(
  X: FlatMatrix,
  name: string,
  dichotomous: boolean,
  nCategories: readonly number[] | undefined,
): number[] {
  const { data, rows, cols } = X;
  const largest = new Array<number>(cols).fill(0);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j]!;
      if (Number.isNaN(v)) continue;
      // Inferred categories are capped as the nCategories option is, so a stray huge code is an
      // error here rather than an allocation of that many categories.
      const limit = dichotomous ? 2 : (nCategories?.[j] ?? MAX_CATEGORIES);
      if (!Number.isInteger(v) || v < 0 || v >= limit) {
        const expected = dichotomous
          ? '0 or 1 (or null for not administered)'
          : `an integer category from 0 to ${limit - 1} (or null)`;
        throw new InvalidInputError(name, expected, v, { row: i, column: j });
      }
      if (v > largest[j]!) largest[j] = v;
    }
  }
  return dichotomous
    ? new Array<number>(cols).fill(2)
    : (nCategories?.slice() ?? largest.map((m) => Math.max(2, m + 1)));
}

/** Case weights: one finite number ≥ 0 per row (default 1). */
export function resolveWeights(weights: unknown, rows: number): Float64Array {
  if (weights === undefined) return new Float64Array(rows).fill(1);
  if (!(Array.isArray(weights) || (ArrayBuffer.isView(weights) && !(weights instanceof DataView))))
    throw new InvalidOptionError('weights', `an array of ${rows} non-negative numbers`, weights);
  const w = weights as ArrayLike<unknown>;
  if (w.length !== rows)
    throw new InvalidOptionError(
      'weights',
      `an array of ${rows} non-negative numbers (one per row)`,
      weights,
    );
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = w[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new InvalidInputError('weights', 'a finite number >= 0', v, { row: i });
    out[i] = v;
  }
  if (rows > 0 && !out.some((v) => v > 0))
    throw new InvalidOptionError('weights', 'at least one positive weight', weights);
  return out;
}

/** Item names: given, or `Item 1`, `Item 2`, …. */
export function resolveNames(names: unknown, cols: number): string[] {
  if (names === undefined) return Array.from({ length: cols }, (_, j) => `Item ${j + 1}`);
  if (!Array.isArray(names) || names.length !== cols || names.some((n) => typeof n !== 'string'))
    throw new InvalidOptionError('itemNames', `an array of ${cols} strings`, names);
  const unprintable = names.findIndex((n: string) => !isPrintable(n));
  if (unprintable >= 0)
    throw new InvalidOptionError(
      `itemNames[${unprintable}]`,
      'a name without control characters (it appears in warnings)',
      names[unprintable],
    );
  return names.slice();
}

/** What the data says about each item and person before fitting. */
export interface Screening {
  /** Columns to estimate. */
  active: number[];
  /** Weighted count of each category of each item. */
  counts: number[][];
  warnings: IrtWarning[];
}

/** Weighted category counts and missing responses, added up row by row (over chunks, in row order). */
export interface Tally {
  /** Weighted count of each category of each item (categories seen so far; gaps are 0). */
  counts: number[][];
  /** Missing responses. */
  missing: number;
  /** Person (row) and item (column) of the first missing response. */
  firstMissing: [number, number] | undefined;
}

/** An empty tally of `cols` items. */
export function emptyTally(cols: number): Tally {
  return { counts: Array.from({ length: cols }, () => []), missing: 0, firstMissing: undefined };
}

/** Adds the rows of X (the source's rows from `rowOffset` on) to `tally`. */
export function addToTally(
  tally: Tally,
  X: FlatMatrix,
  weights: Float64Array | undefined,
  rowOffset: number,
): void {
  const { data, rows, cols } = X;
  for (let i = 0; i < rows; i++) {
    const w = weights ? weights[i]! : 1;
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j]!;
      if (Number.isNaN(v)) {
        tally.missing++;
        tally.firstMissing ??= [rowOffset + i, j];
        continue;
      }
      const c = tally.counts[j]!;
      while (c.length <= v) c.push(0);
      c[v]! += w;
    }
  }
}

/**
 * Counts categories per item and finds what cannot be estimated: items with no response or a single
 * category (excluded, with a warning), persons with no response (a warning), unused categories of a
 * polytomous item (an error: its threshold would be infinite).
 */
export function screen(
  X: FlatMatrix,
  weights: Float64Array,
  categories: readonly number[],
  names: readonly string[],
  name: string,
): Screening {
  const tally = emptyTally(X.cols);
  addToTally(tally, X, weights, 0);
  const { active, counts, warnings } = judgeItems(tally, categories, names, name);
  const empty = emptyPersons(X, weights, active, 0);
  if (empty.count > 0) warnings.push(emptyPersonWarning(empty));
  return { active, counts, warnings };
}

/**
 * The items to estimate from a tally of all the data, with the warnings for the others and for
 * missing responses; throws for an unused category of an estimated polytomous item.
 */
export function judgeItems(
  tally: Tally,
  categories: readonly number[],
  names: readonly string[],
  name: string,
): Screening {
  const counts = categories.map((K, j) => {
    const c = new Array<number>(K).fill(0);
    tally.counts[j]!.forEach((n, k) => {
      if (k < K) c[k] = n;
    });
    return c;
  });
  const warnings: IrtWarning[] = [];
  const active: number[] = [];
  for (let j = 0; j < counts.length; j++) {
    const c = counts[j]!;
    const used = c.filter((n) => n > 0).length;
    const total = c.reduce((s, n) => s + n, 0);
    if (total === 0) {
      warnings.push({
        code: 'empty-item',
        item: j,
        message: `${names[j]} (column ${j}) has no response; it is left out of the fit and its parameters are null.`,
      });
    } else if (used === 1) {
      const k = c.findIndex((n) => n > 0);
      warnings.push({
        code: 'constant-item',
        item: j,
        message:
          `${names[j]} (column ${j}): every response is ${k}, so its parameters would be infinite; ` +
          'it is left out of the fit (parameters null) and ignored when scoring.',
      });
    } else {
      const unused = c.indexOf(0);
      if (unused >= 0)
        throw new InvalidInputError(
          name,
          `every category 0…${c.length - 1} of ${names[j]} to be used (recode the item's categories as consecutive integers, or set nCategories)`,
          `no response in category ${unused}`,
          { column: j },
        );
      active.push(j);
    }
  }
  const { missing, firstMissing } = tally;
  if (missing > 0)
    warnings.push({
      code: 'missing-responses',
      person: firstMissing![0],
      item: firstMissing![1],
      message: `${missing} response${missing === 1 ? ' is' : 's are'} missing (null/NaN), treated as not administered; the first is person ${firstMissing![0]}, item ${firstMissing![1]}.`,
    });
  return { active, counts, warnings };
}

/** Persons who answered no estimated item (and count): how many, and the first seven (source rows). */
export interface EmptyPersons {
  /** How many. */
  count: number;
  /** The first (at most seven) of them, as rows of the whole source. */
  first: number[];
}

/** The persons of X (rows from `rowOffset` on) with positive weight who answered no active item. */
export function emptyPersons(
  X: FlatMatrix,
  weights: Float64Array | undefined,
  active: readonly number[] | Int32Array,
  rowOffset: number,
  into: EmptyPersons = { count: 0, first: [] },
): EmptyPersons {
  const { data, rows, cols } = X;
  for (let i = 0; i < rows; i++) {
    let any = false;
    for (const j of active) if (!Number.isNaN(data[i * cols + j]!)) any = true;
    if (!any && (weights ? weights[i]! : 1) > 0) {
      into.count++;
      if (into.first.length < 7) into.first.push(rowOffset + i);
    }
  }
  return into;
}

/** The warning for persons who answered no estimated item. */
export function emptyPersonWarning({ count, first }: EmptyPersons): IrtWarning {
  return {
    code: 'empty-person',
    person: first[0]!,
    message:
      `${count} person${count === 1 ? '' : 's'} answered no estimated item (first: person ${first[0]}` +
      `${count > 1 ? `, then ${first.slice(1, 6).join(', ')}${count > 6 ? ', …' : ''}` : ''}); ` +
      'they add nothing to the likelihood and their ability estimate is the prior (EAP 0, SD 1).',
  };
}

/** Unique response patterns over the estimated items, with their total weights. */
export interface Patterns {
  /** For pattern p, the statistic cells (item offset + category·Q) of its responses are cells[ptr[p] … ptr[p+1]). */
  cells: Int32Array;
  ptr: Int32Array;
  /** Total weight of each pattern. */
  counts: Float64Array;
  /** Pattern of each input row. */
  rowPattern: Int32Array;
}

/**
 * Groups identical rows (over the estimated items), so each pattern's likelihood is computed once.
 * Patterns are numbered in the order of their first row. A row is found by a hash of its responses,
 * checked against the responses of the patterns with that hash (no string keys: this runs once per
 * fit, but once per chunk and pass in a streamed fit). The responses must be checked categories.
 */
export function groupPatterns(
  X: FlatMatrix,
  weights: Float64Array | undefined,
  active: Int32Array,
  cellOffset: Int32Array,
  Q: number,
): Patterns {
  const { data, rows, cols } = X;
  const A = active.length;
  const rowPattern = new Int32Array(rows);
  const cells: number[] = [];
  const ptr: number[] = [0];
  const counts: number[] = [];
  // Each pattern's responses (−1: missing), and the chains of patterns that share a hash.
  let codes = new Int16Array(Math.max(1, A) * 64);
  const head = new Map<number, number>();
  const next: number[] = [];
  const key = new Int16Array(A);
  for (let i = 0; i < rows; i++) {
    let hash = 0x811c9dc5;
    for (let a = 0; a < A; a++) {
      const v = data[i * cols + active[a]!]!;
      const k = Number.isNaN(v) ? -1 : v;
      key[a] = k;
      hash = Math.imul(hash ^ (k + 2), 16777619);
    }
    let p = head.get(hash) ?? -1;
    while (p >= 0 && !samePattern(codes, p * A, key)) p = next[p]!;
    if (p < 0) {
      p = counts.length;
      next.push(head.get(hash) ?? -1);
      head.set(hash, p);
      if ((p + 1) * A > codes.length) {
        const grown = new Int16Array(codes.length * 2);
        grown.set(codes);
        codes = grown;
      }
      codes.set(key, p * A);
      counts.push(0);
      for (let a = 0; a < A; a++) if (key[a]! >= 0) cells.push(cellOffset[a]! + key[a]! * Q);
      ptr.push(cells.length);
    }
    counts[p]! += weights ? weights[i]! : 1;
    rowPattern[i] = p;
  }
  return {
    cells: Int32Array.from(cells),
    ptr: Int32Array.from(ptr),
    counts: Float64Array.from(counts),
    rowPattern,
  };
}

/** Whether the pattern stored at `codes[at …]` has the responses `key`. */
function samePattern(codes: Int16Array, at: number, key: Int16Array): boolean {
  for (let a = 0; a < key.length; a++) if (codes[at + a] !== key[a]) return false;
  return true;
}
