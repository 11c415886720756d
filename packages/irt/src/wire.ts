// What crosses the wire of a distributed E-step (@em/distributed), as plain JSON: a shard's scan,
// the parameters a worker needs to compute a shard's expected counts, and those counts — each checked
// when it comes back, so a message of another model is a typed error and not a wrong fit.
import { InvalidInputError } from '@em/core';
import { type CountsSource, emptyCounts } from './counts.js';
import { type Layout, makeLayout } from './layout.js';
import type { ResolvedIrtOptions } from './options.js';
import { MAX_CATEGORIES, type Tally } from './responses.js';
import type { ItemType, QuadratureRule } from './types.js';

/**
 * What {@link ItemResponseModel.scanShard} returns: a shard's size, and its responses tallied per
 * item and category (the start values and the item screening come from the tally of all shards).
 *
 * @example
 * ```ts
 * import type { IrtShardScan } from '@em/irt';
 * const scan: IrtShardScan = { rows: 3, cols: 2, counts: [[1, 2], [2, 0, 1]], missing: 0, firstMissing: null };
 * ```
 */
export interface IrtShardScan {
  /** Persons (rows) of the shard. */
  rows: number;
  /** Items (columns). */
  cols: number;
  /** Per item, the number of responses in each category 0, 1, … up to the largest given. */
  counts: number[][];
  /** Missing responses. */
  missing: number;
  /** The first missing response as [row within the shard, column], or null. */
  firstMissing: [number, number] | null;
}

/**
 * The parameters a worker computes a shard's expected counts under (what
 * {@link ItemResponseModel.fitFromStatistics} passes to `statistics`): the item model, the quadrature
 * and the parameter vector, all a stateless worker needs.
 *
 * @example
 * ```ts
 * import type { IrtShardParams } from '@em/irt';
 * const params: IrtShardParams = {
 *   model: 'ItemResponseModel', itemType: '2PL', quadrature: 'gauss-hermite', quadraturePoints: 21,
 *   fixedSlope: 1, allowMissing: true, categories: [2, 2], active: [0, 1], x: [1, 0.5, 1, -0.5],
 * };
 * ```
 */
export interface IrtShardParams {
  /** `'ItemResponseModel'`: parameters of another model are refused. */
  model: 'ItemResponseModel';
  /** The item model. */
  itemType: ItemType;
  /** The quadrature rule. */
  quadrature: QuadratureRule;
  /** Its number of points. */
  quadraturePoints: number;
  /** The Rasch model's fixed slope. */
  fixedSlope: number;
  /** Whether a missing response is allowed (else it is an error naming its row). */
  allowMissing: boolean;
  /** Categories of every item (column). */
  categories: number[];
  /** The estimated items' columns. */
  active: number[];
  /** The parameter vector (slopes, intercepts, logit guessing, as the layout of the fit). */
  x: number[];
}

/**
 * What {@link ItemResponseModel.shardStatistics} returns: a shard's expected counts under given
 * parameters, and its log-likelihood.
 *
 * @example
 * ```ts
 * import type { IrtShardStatistics } from '@em/irt';
 * const part: IrtShardStatistics = { rows: 2, logLikelihood: -1.4, stats: [0.4, 0.6, 0.6, 0.4], emptyPersons: 0, firstEmpty: [] };
 * ```
 */
export interface IrtShardStatistics {
  /** Persons (rows) of the shard. */
  rows: number;
  /** Σ log p(responses) over the shard's persons (no prior). */
  logLikelihood: number;
  /** Expected persons per item, category and quadrature node (the fit's layout of cells × nodes). */
  stats: number[];
  /** Persons who answered no estimated item. */
  emptyPersons: number;
  /** The first (at most seven) of them, as rows within the shard. */
  firstEmpty: number[];
}

/**
 * Where {@link ItemResponseModel.fitFromStatistics} gets its data: every shard's scan, in order, and
 * the statistics of every shard (the same shards in the same order) under given parameters.
 *
 * @example
 * ```ts
 * import { ItemResponseModel, type IrtStatisticsSource } from '@em/irt';
 * const shards = [[[1, 0], [0, 1]], [[1, 1], [0, 0]]];
 * const worker = new ItemResponseModel();
 * const source: IrtStatisticsSource = {
 *   scans: await Promise.all(shards.map((shard) => worker.scanShard([shard]))),
 *   statistics: (params) => Promise.all(shards.map((shard) => worker.shardStatistics(params, [shard]))),
 * };
 * ```
 */
export interface IrtStatisticsSource {
  /** Every shard's {@link IrtShardScan}, in shard order. */
  scans: readonly IrtShardScan[];
  /** Statistics of every shard under `params`, always the same shards in the same order. */
  statistics: (
    params: IrtShardParams,
  ) => Promise<readonly IrtShardStatistics[]> | readonly IrtShardStatistics[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;
const ITEM_TYPES: readonly string[] = ['Rasch', '1PL', '2PL', '3PL', 'graded', 'gpcm'];

/** The parameters as the wire carries them. */
export function toShardParams(
  o: ResolvedIrtOptions,
  categories: readonly number[],
  layout: Layout,
  x: Float64Array,
): IrtShardParams {
  return {
    model: 'ItemResponseModel',
    itemType: o.itemType,
    quadrature: o.quadrature,
    quadraturePoints: o.quadraturePoints,
    fixedSlope: o.fixedSlope,
    allowMissing: o.missing === 'allow',
    categories: categories.slice(),
    active: Array.from(layout.active),
    x: Array.from(x),
  };
}

/** Parameters from the wire, checked; the layout they describe. */
export function fromShardParams(params: unknown): {
  params: IrtShardParams;
  layout: Layout;
  x: Float64Array;
} {
  if (!isObject(params) || params.model !== 'ItemResponseModel')
    throw new InvalidInputError(
      'params',
      "parameters of an ItemResponseModel ({ model: 'ItemResponseModel', … })",
      params,
    );
  const { itemType, quadrature, quadraturePoints, fixedSlope, allowMissing, categories, active, x } = params;
  if (typeof itemType !== 'string' || !ITEM_TYPES.includes(itemType))
    throw new InvalidInputError('params.itemType', ITEM_TYPES.join(', '), itemType);
  if (quadrature !== 'gauss-hermite' && quadrature !== 'rectangular')
    throw new InvalidInputError('params.quadrature', "'gauss-hermite' or 'rectangular'", quadrature);
  // The limits of the model's options (resolveIrtOptions).
  const maxPoints = quadrature === 'rectangular' ? 1000 : 200;
  if (
    !Number.isInteger(quadraturePoints) ||
    (quadraturePoints as number) < 2 ||
    (quadraturePoints as number) > maxPoints
  )
    throw new InvalidInputError(
      'params.quadraturePoints',
      `an integer from 2 to ${maxPoints}`,
      quadraturePoints,
    );
  if (typeof fixedSlope !== 'number' || !Number.isFinite(fixedSlope) || fixedSlope === 0)
    throw new InvalidInputError('params.fixedSlope', 'a finite non-zero number', fixedSlope);
  if (typeof allowMissing !== 'boolean')
    throw new InvalidInputError('params.allowMissing', 'a boolean', allowMissing);
  const dichotomous = itemType !== 'graded' && itemType !== 'gpcm';
  if (
    !Array.isArray(categories) ||
    categories.length === 0 ||
    !categories.every((k) => Number.isInteger(k) && k >= 2 && k <= (dichotomous ? 2 : MAX_CATEGORIES))
  )
    throw new InvalidInputError(
      'params.categories',
      `an array of category counts (2 to ${dichotomous ? 2 : MAX_CATEGORIES}), one per item`,
      categories,
    );
  if (
    !Array.isArray(active) ||
    !active.every(
      (j, i) => Number.isInteger(j) && j >= 0 && j < categories.length && (i === 0 || j > active[i - 1]),
    )
  )
    throw new InvalidInputError(
      'params.active',
      `increasing item columns below ${categories.length}`,
      active,
    );
  const layout = makeLayout(itemType as ItemType, active, categories, quadraturePoints as number, fixedSlope);
  if (
    !Array.isArray(x) ||
    x.length !== layout.size ||
    !x.every((v) => typeof v === 'number' && Number.isFinite(v))
  )
    throw new InvalidInputError('params.x', `${layout.size} finite numbers (the layout's parameters)`, x);
  return { params: params as unknown as IrtShardParams, layout, x: Float64Array.from(x as number[]) };
}

/** A shard's scan from the wire, checked (`at`: its index, for messages). */
export function checkShardScan(scan: unknown, at: number): IrtShardScan {
  const name = `scans[${at}]`;
  if (!isObject(scan))
    throw new InvalidInputError(name, 'a shard scan { rows, cols, counts, missing, firstMissing }', scan);
  const { rows, cols, counts, missing, firstMissing } = scan;
  if (!Number.isSafeInteger(rows) || (rows as number) < 1)
    throw new InvalidInputError(`${name}.rows`, 'an integer >= 1', rows);
  if (!Number.isSafeInteger(cols) || (cols as number) < 1)
    throw new InvalidInputError(`${name}.cols`, 'an integer >= 1', cols);
  if (
    !Array.isArray(counts) ||
    counts.length !== cols ||
    !counts.every((c) => Array.isArray(c) && c.length <= MAX_CATEGORIES && c.every(isCount))
  )
    throw new InvalidInputError(`${name}.counts`, `${cols} arrays of category counts`, counts);
  if (!Number.isSafeInteger(missing) || (missing as number) < 0)
    throw new InvalidInputError(`${name}.missing`, 'an integer >= 0', missing);
  const placed =
    Array.isArray(firstMissing) &&
    firstMissing.length === 2 &&
    Number.isSafeInteger(firstMissing[0]) &&
    firstMissing[0] >= 0 &&
    firstMissing[0] < (rows as number) &&
    Number.isSafeInteger(firstMissing[1]) &&
    firstMissing[1] >= 0 &&
    firstMissing[1] < (cols as number);
  if (missing === 0 ? firstMissing !== null : !placed)
    throw new InvalidInputError(
      `${name}.firstMissing`,
      missing === 0 ? 'null (no missing response)' : '[row, column] within the shard',
      firstMissing,
    );
  return scan as unknown as IrtShardScan;
}

/** The tally of all shards, in order (rows of a shard counted after those of the shards before). */
export function mergeScans(scans: readonly IrtShardScan[]): { rows: number; cols: number; tally: Tally } {
  const cols = scans[0]!.cols;
  const tally: Tally = {
    counts: Array.from({ length: cols }, () => []),
    missing: 0,
    firstMissing: undefined,
  };
  let rows = 0;
  scans.forEach((scan, s) => {
    if (scan.cols !== cols)
      throw new InvalidInputError(`scans[${s}].cols`, `${cols} items, as the shards before`, scan.cols);
    scan.counts.forEach((part, j) => {
      const c = tally.counts[j]!;
      while (c.length < part.length) c.push(0);
      part.forEach((n, k) => {
        c[k]! += n;
      });
    });
    tally.missing += scan.missing;
    if (scan.firstMissing && !tally.firstMissing)
      tally.firstMissing = [rows + scan.firstMissing[0], scan.firstMissing[1]];
    rows += scan.rows;
  });
  // Trailing zero counts are categories nobody gave: not categories the data show.
  for (const c of tally.counts) while (c.length > 0 && c[c.length - 1] === 0) c.pop();
  return { rows, cols, tally };
}

/** A shard's statistics from the wire, checked against the fit's table size. */
export function checkShardStatistics(part: unknown, at: number, size: number): IrtShardStatistics {
  const name = `statistics of shard ${at}`;
  if (!isObject(part))
    throw new InvalidInputError(name, '{ rows, logLikelihood, stats, emptyPersons, firstEmpty }', part);
  const { rows, logLikelihood, stats, emptyPersons, firstEmpty } = part;
  if (!Number.isSafeInteger(rows) || (rows as number) < 1)
    throw new InvalidInputError(`${name}.rows`, 'an integer >= 1', rows);
  if (typeof logLikelihood !== 'number' || !(logLikelihood <= 0))
    throw new InvalidInputError(`${name}.logLikelihood`, 'a log-probability <= 0', logLikelihood);
  if (!Array.isArray(stats) || stats.length !== size || !stats.every(isCount))
    throw new InvalidInputError(
      `${name}.stats`,
      `${size} expected counts >= 0`,
      Array.isArray(stats) ? `${stats.length} values` : stats,
    );
  if (!Number.isSafeInteger(emptyPersons) || (emptyPersons as number) < 0)
    throw new InvalidInputError(`${name}.emptyPersons`, 'an integer >= 0', emptyPersons);
  if (
    !Array.isArray(firstEmpty) ||
    !firstEmpty.every((r) => Number.isSafeInteger(r) && r >= 0 && r < (rows as number))
  )
    throw new InvalidInputError(`${name}.firstEmpty`, 'rows within the shard', firstEmpty);
  return part as unknown as IrtShardStatistics;
}

/**
 * The E-step's counts from the shards: `statistics` called once per parameter vector, the shards'
 * parts checked and added in shard order (persons with no response placed in the whole data).
 */
export function shardCounts(
  statistics: IrtStatisticsSource['statistics'],
  scans: readonly IrtShardScan[],
  layout: Layout,
  Q: number,
  paramsOf: (x: Float64Array) => IrtShardParams,
): CountsSource {
  return async (xs, findEmpty) => {
    const total = emptyCounts(layout, xs.length, Q);
    for (let i = 0; i < xs.length; i++) {
      const parts = await statistics(paramsOf(xs[i]!));
      if (!Array.isArray(parts) || parts.length !== scans.length)
        throw new InvalidInputError('statistics', `one part per shard (${scans.length})`, parts);
      const into = total.stats[i]!;
      let row = 0;
      parts.forEach((raw, s) => {
        const part = checkShardStatistics(raw, s, into.length);
        if (part.rows !== scans[s]!.rows)
          throw new InvalidInputError(
            `statistics of shard ${s}.rows`,
            `${scans[s]!.rows}, the rows of its scan`,
            part.rows,
          );
        part.stats.forEach((v, k) => {
          into[k]! += v;
        });
        if (i === 0) {
          total.logLikelihood += part.logLikelihood;
          if (findEmpty) {
            total.empty.count += part.emptyPersons;
            for (const r of part.firstEmpty)
              if (total.empty.first.length < 7) total.empty.first.push(row + r);
          }
        }
        row += part.rows;
      });
    }
    return total;
  };
}
