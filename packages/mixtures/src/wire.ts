// Parameters and statistics of a mixture as plain JSON, for E-steps that run in other processes
// (@em/distributed): typed arrays travel tagged with their type, and come back checked.
import { InvalidInputError, InvalidOptionError } from '@em/core';

/**
 * A value of a {@link WireRecord}: a number, or a typed array's values tagged with its type.
 *
 * @example
 * ```ts
 * import type { WireValue } from '@em/mixtures';
 * const values: WireValue[] = [3, { f64: [0.25, 0.75] }, { i32: [2, 3] }];
 * ```
 */
export type WireValue = number | { f64: number[] } | { i32: number[] };

/**
 * Parameters or statistics of a mixture as plain JSON (what travels between a coordinator and its
 * workers).
 *
 * @example
 * ```ts
 * import type { WireRecord } from '@em/mixtures';
 * const params: WireRecord = { weights: { f64: [0.5, 0.5] }, rates: { f64: [1, 9] }, nFeatures: 1 };
 * ```
 */
export type WireRecord = Record<string, WireValue>;

/**
 * What {@link MixtureModel.scanShard} returns: a shard's size, layout and sample.
 *
 * @example
 * ```ts
 * import type { MixtureShardScan } from '@em/mixtures';
 * const scan: MixtureShardScan = { rows: 2, cols: 1, sample: [3, 4], layout: { nFeatures: 1 } };
 * ```
 */
export interface MixtureShardScan {
  /** Rows of the shard. */
  rows: number;
  /** Columns of its rows. */
  cols: number;
  /** Sampled rows, row-major. */
  sample: number[];
  /** The shard's layout (columns; a categorical column's levels). */
  layout: WireRecord;
}

/**
 * What {@link MixtureModel.shardStatistics} returns: a shard's E-step statistics, as JSON.
 *
 * @example
 * ```ts
 * import type { MixtureShardStatistics } from '@em/mixtures';
 * const part: MixtureShardStatistics = { rows: 2, logLikelihood: -3.2, stats: { nk: { f64: [2] }, sums: { f64: [4] } } };
 * ```
 */
export interface MixtureShardStatistics {
  /** Rows of the shard. */
  rows: number;
  /** Σ log p(xᵢ) over the shard's rows. */
  logLikelihood: number;
  /** The expected sufficient statistics. */
  stats: WireRecord;
}

/**
 * Where {@link MixtureModel.fitFromStatistics} gets its data: the whole data set's size, rows for the
 * random starts, the shards' layouts, and the statistics of every shard under given parameters.
 *
 * @example
 * ```ts
 * import type { MixtureStatisticsSource } from '@em/mixtures';
 * const source: MixtureStatisticsSource = {
 *   rows: 4, cols: 1, sample: [0, 1, 9, 10], layouts: [{ nFeatures: 1 }],
 *   statistics: async () => [{ rows: 4, logLikelihood: -8, stats: { nk: { f64: [2, 2] }, sums: { f64: [1, 19] } } }],
 * };
 * ```
 */
export interface MixtureStatisticsSource {
  /** Rows of the whole data set. */
  rows: number;
  /** Columns of its rows. */
  cols: number;
  /** Rows the random starts are drawn from (row-major): all rows, or a uniform sample. */
  sample: number[];
  /** Every shard's layout ({@link MixtureShardScan.layout}). */
  layouts: WireRecord[];
  /** Statistics of every shard under `params`, always the same shards in the same order. */
  statistics: (
    params: WireRecord,
  ) => Promise<readonly MixtureShardStatistics[]> | readonly MixtureShardStatistics[];
}

/**
 * Options of {@link MixtureModel.scanShard}.
 *
 * @example
 * ```ts
 * import type { ShardScanOptions } from '@em/mixtures';
 * const options: ShardScanOptions = { sampleSize: 5000, randomState: 2 };
 * ```
 */
export interface ShardScanOptions {
  /** Rows kept, drawn uniformly (reservoir sampling). Default 100 000. */
  sampleSize?: number;
  /** Seed of the draw. Default 0. */
  randomState?: number;
}

export function toWire(record: Record<string, unknown>): WireRecord {
  const out: WireRecord = {};
  for (const [key, value] of Object.entries(record)) {
    if (value instanceof Float64Array) out[key] = { f64: Array.from(value) };
    else if (value instanceof Int32Array) out[key] = { i32: Array.from(value) };
    else if (typeof value === 'number') out[key] = value;
  }
  return out;
}

const isNumbers = (value: unknown): value is number[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'number');

export function fromWire(wire: unknown, name: string): Record<string, number | Float64Array | Int32Array> {
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire))
    throw new InvalidInputError(name, 'an object of numbers and { f64 } / { i32 } arrays', wire);
  const out: Record<string, number | Float64Array | Int32Array> = {};
  for (const [key, value] of Object.entries(wire)) {
    if (typeof value === 'number') out[key] = value;
    else if (isNumbers((value as { f64?: unknown })?.f64))
      out[key] = Float64Array.from((value as { f64: number[] }).f64);
    else if (isNumbers((value as { i32?: unknown })?.i32))
      out[key] = Int32Array.from((value as { i32: number[] }).i32);
    else
      throw new InvalidInputError(
        `${name}.${key}`,
        'a number, { f64: number[] } or { i32: number[] }',
        value,
      );
  }
  return out;
}

/** Adds a part's statistics into `into` (typed arrays), key by key, checking every key and length. */
export function addWire(into: Record<string, unknown>, part: unknown, name: string): void {
  const values = fromWire(part, name);
  for (const [key, target] of Object.entries(into)) {
    if (!(target instanceof Float64Array)) continue;
    const add = values[key];
    if (!(add instanceof Float64Array) || add.length !== target.length)
      throw new InvalidInputError(`${name}.${key}`, `{ f64: an array of ${target.length} numbers }`, add);
    for (let i = 0; i < target.length; i++) target[i]! += add[i]!;
  }
}

export function readShardScanOptions(options: ShardScanOptions): ShardScanOptions {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object', options);
  const { sampleSize, randomState } = options;
  if (sampleSize !== undefined && (!Number.isSafeInteger(sampleSize) || sampleSize < 1))
    throw new InvalidOptionError('sampleSize', 'an integer >= 1', sampleSize);
  if (randomState !== undefined && (!Number.isSafeInteger(randomState) || randomState < 0))
    throw new InvalidOptionError('randomState', 'a non-negative integer seed', randomState);
  return options;
}

export function readStatisticsSource(source: MixtureStatisticsSource): MixtureStatisticsSource {
  if (typeof source !== 'object' || source === null || typeof source.statistics !== 'function')
    throw new InvalidInputError(
      'source',
      'an object with rows, cols, sample, layouts and statistics(params)',
      source,
    );
  const { rows, cols, sample, layouts } = source;
  if (!Number.isSafeInteger(rows) || rows < 1)
    throw new InvalidInputError('source.rows', 'an integer >= 1', rows);
  if (!Number.isSafeInteger(cols) || cols < 1)
    throw new InvalidInputError('source.cols', 'an integer >= 1', cols);
  if (!isNumbers(sample) || sample.length === 0 || sample.length % cols !== 0)
    throw new InvalidInputError(
      'source.sample',
      `a non-empty array of rows of ${cols} numbers, row-major`,
      sample,
    );
  if (!Array.isArray(layouts) || layouts.length === 0)
    throw new InvalidInputError('source.layouts', 'a non-empty array of shard layouts', layouts);
  return source;
}

/** How {@link readWireParams} checks a field: a count (integer >= 1), a number, or f64 values of a length. */
export type WireField =
  | 'count'
  | 'number'
  | ((nFeatures: number) => number)
  | { optional: (nFeatures: number) => number };

/**
 * Parameters from a coordinator, checked against the model's fields: `weights` (K finite values
 * >= 0) and `fields` (their lengths from `nFeatures`), every value finite; a missing or malformed
 * field — such as another model's parameters — is an InvalidInputError naming it.
 */
export function readWireParams(
  wire: WireRecord,
  kind: string,
  K: number,
  fields: Record<string, WireField>,
): Record<string, number | Float64Array | Int32Array> {
  const values = fromWire(wire, 'params');
  const nFeatures = values.nFeatures;
  const shape = (key: string, expected: string, received: unknown) =>
    new InvalidInputError(`params.${key}`, `${expected} (the parameters of a ${kind})`, received);
  if (typeof nFeatures !== 'number' || !Number.isSafeInteger(nFeatures) || nFeatures < 1)
    throw shape('nFeatures', 'an integer >= 1', nFeatures);
  for (const [key, field] of Object.entries({ weights: () => K, ...fields } as Record<string, WireField>)) {
    const value = values[key];
    if (field === 'count' || field === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw shape(key, 'a finite number', value);
      continue;
    }
    const length = typeof field === 'function' ? field(nFeatures) : field.optional(nFeatures);
    if (value === undefined && typeof field !== 'function') continue;
    if (!(value instanceof Float64Array) || value.length !== length || !value.every(Number.isFinite))
      throw shape(key, `{ f64: ${length} finite numbers }`, value);
  }
  const weights = values.weights as Float64Array;
  weights.forEach((w, k) => {
    if (!(w >= 0)) throw shape(`weights[${k}]`, 'a weight >= 0', w);
  });
  return values;
}
