import { InvalidInputError } from '@em/core';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { Random } from './random.js';
import { allocate, checkOptions, checkRandom, checkSize, checkWeights } from './validate.js';

/**
 * Walker's alias table (Vose's construction): after O(k) setup, each draw from a k-way categorical
 * distribution costs one uniform, one multiply and one compare, whatever k is.
 *
 * @example
 * ```ts
 * import type { AliasTable } from '@em/sampling';
 * import { aliasTable } from '@em/sampling';
 * const table: AliasTable = aliasTable([0.2, 0.8]); // reuse it for many draws
 * ```
 */
export interface AliasTable {
  /** Probability of keeping column `i` rather than taking `alias[i]`. */
  readonly keep: Float64Array;
  /** The category column `i` hands over to when the draw is not kept. */
  readonly alias: Int32Array;
}

/**
 * Builds an alias table from probabilities (validated: non-negative, summing to 1 within 1e-8).
 *
 * @example
 * ```ts
 * import { aliasTable, createRandom, sampleAlias } from '@em/sampling';
 * const table = aliasTable([0.2, 0.5, 0.3]);
 * const k = sampleAlias(createRandom(1), table); // 0, 1 or 2
 * ```
 */
export function aliasTable(probabilities: ArrayLike<number>, name = 'p'): AliasTable {
  const p = checkWeights(probabilities, name);
  return buildAlias(p);
}

/** @internal Alias table from already validated non-negative weights (any positive sum). */
export function buildAlias(weights: Float64Array): AliasTable {
  const k = weights.length;
  let total = 0;
  for (let i = 0; i < k; i++) total += weights[i]!;
  const scaled = new Float64Array(k);
  for (let i = 0; i < k; i++) scaled[i] = (weights[i]! * k) / total;
  const keep = new Float64Array(k);
  const alias = new Int32Array(k);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < k; i++) (scaled[i]! < 1 ? small : large).push(i);
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.pop()!;
    keep[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    (scaled[l]! < 1 ? small : large).push(l);
  }
  // Leftovers are exactly 1 up to rounding. A zero weight is never left over: while one is in
  // `small`, the remaining scaled weights sum to their count, so some weight is in `large`.
  for (const i of large) keep[i] = 1;
  for (const i of small) keep[i] = 1;
  return { keep, alias };
}

/**
 * One draw from an alias table: a category index.
 *
 * @example
 * ```ts
 * import { aliasTable, createRandom, sampleAlias } from '@em/sampling';
 * sampleAlias(createRandom(1), aliasTable([0.5, 0.5])); // 0 or 1
 * ```
 */
export function sampleAlias(rng: Random, table: AliasTable): number {
  checkRandom(rng);
  if (!isAliasTable(table)) throw new InvalidInputError('table', 'an AliasTable from aliasTable(p)', table);
  const u = uniformFloat64(rng.generator) * table.keep.length;
  const column = Math.floor(u);
  return u - column < table.keep[column]! ? column : table.alias[column]!;
}

function isAliasTable(table: unknown): table is AliasTable {
  const t = table as AliasTable | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    t.keep instanceof Float64Array &&
    t.alias instanceof Int32Array &&
    t.keep.length > 0 &&
    t.alias.length === t.keep.length
  );
}

/** @internal */
export function fillAlias(rng: Random, table: AliasTable, out: Int32Array): void {
  const { keep, alias } = table;
  const k = keep.length;
  const generator = rng.generator;
  for (let i = 0; i < out.length; i++) {
    const u = uniformFloat64(generator) * k;
    const column = Math.floor(u);
    out[i] = u - column < keep[column]! ? column : alias[column]!;
  }
}

/**
 * Options of {@link categorical}.
 *
 * @example
 * ```ts
 * import type { CategoricalOptions } from '@em/sampling';
 * import { categorical, createRandom } from '@em/sampling';
 * const options: CategoricalOptions = { p: [0.1, 0.9], size: 100 };
 * categorical(createRandom(1), options);
 * ```
 */
export interface CategoricalOptions {
  /** Category probabilities: non-negative, summing to 1 (within 1e-8). */
  p: ArrayLike<number>;
  /** Number of draws. */
  size: number;
}

/**
 * `size` draws of category indices 0..k-1 with probabilities `p`, by the alias method.
 *
 * @throws InvalidOptionError if a probability is negative or not finite, they do not sum to 1, or
 * `size` is not a non-negative integer.
 * @example
 * ```ts
 * import { categorical, createRandom } from '@em/sampling';
 * const labels = categorical(createRandom(42), { p: [1 / 3, 2 / 3], size: 12000 }); // Int32Array(12000)
 * labels.filter((k) => k === 1).length / labels.length; // ≈ 0.67: p[1] = 2/3 up to sampling error
 * ```
 */
export function categorical(rng: Random, options: CategoricalOptions): Int32Array {
  checkRandom(rng);
  checkOptions(options, 'categorical');
  const table = aliasTable(options.p, 'p');
  const out = allocate(Int32Array, checkSize(options.size));
  fillAlias(rng, table, out);
  return out;
}
