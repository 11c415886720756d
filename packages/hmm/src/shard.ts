// Baum–Welch with the E-step over shards of sequences computed elsewhere (@em/distributed's worker
// processes): the shard scan, one shard's counts, and parameters and counts as plain JSON.
import { InvalidInputError } from '@em/core';
import { ChunkPasses, ReservoirSample, type StreamSource } from '@em/core/stream';
import { createRandom } from '@em/sampling';
import { addCounts, type Params, zeroCounts } from './baum-welch.js';
import { type AnyEmission, type EmissionSpec, emissionFromSpec, emissionSpec } from './emissions/spec.js';
import type { CountStats } from './forward-backward.js';
import { MAX_STATES, MAX_SYMBOLS } from './options.js';
import { checkSequences, type Sequences } from './sequences.js';
import { inSequence, type SequenceChunk, sequenceChunks, streamedBaumWelch } from './stream.js';
import type { SequenceInput } from './types.js';

/**
 * A value of a {@link HmmWireRecord}: a number, a string, a typed array's values tagged with its type,
 * or a nested record.
 *
 * @example
 * ```ts
 * import type { HmmWireValue } from '@em/hmm';
 * const values: HmmWireValue[] = [2, 'diag', { f64: [0.5, 0.5] }, { lambdas: { f64: [1, 9] } }];
 * ```
 */
export type HmmWireValue = number | string | { f64: number[] } | { i32: number[] } | HmmWireRecord;

/**
 * Parameters or expected counts of a hidden Markov model as plain JSON (what travels between a
 * coordinator and its workers).
 *
 * @example
 * ```ts
 * import type { HmmWireRecord } from '@em/hmm';
 * const counts: HmmWireRecord = { start: { f64: [1, 0] }, trans: { f64: [3, 1, 0, 2] } };
 * ```
 */
export interface HmmWireRecord {
  [key: string]: HmmWireValue;
}

/**
 * What {@link HiddenMarkovModel.scanShard} returns: a shard's size and its sampled sequences.
 *
 * @example
 * ```ts
 * import type { HmmShardScan } from '@em/hmm';
 * const scan: HmmShardScan = { sequences: 2, steps: 5, columns: 1, symbols: 3, sample: [0, 1, 2, 2, 0], sampleLengths: [3, 2] };
 * ```
 */
export interface HmmShardScan {
  /** Sequences of the shard. */
  sequences: number;
  /** Observations (steps) of all its sequences. */
  steps: number;
  /** Features per observation (1 for categorical). */
  columns: number;
  /** ⌊largest value⌋ + 1: the alphabet the shard needs, for categorical emissions. */
  symbols: number;
  /** Observations of the sampled sequences, one after another, row-major. */
  sample: number[];
  /** Lengths of the sampled sequences. */
  sampleLengths: number[];
}

/**
 * What {@link HiddenMarkovModel.shardStatistics} returns: a shard's expected counts, as JSON.
 *
 * @example
 * ```ts
 * import type { HmmShardStatistics } from '@em/hmm';
 * const part: HmmShardStatistics = { sequences: 1, steps: 4, logLikelihood: -3.1, counts: { start: { f64: [1] } } };
 * ```
 */
export interface HmmShardStatistics {
  /** Sequences of the shard. */
  sequences: number;
  /** Observations of its sequences. */
  steps: number;
  /** Σ log P(sequence) over its sequences. */
  logLikelihood: number;
  /** Expected start, transition and emission counts. */
  counts: HmmWireRecord;
}

/**
 * Where {@link HiddenMarkovModel.fitFromStatistics} gets its data: the size of the whole set of
 * sequences, sequences for the data-driven initialisation, and every shard's counts under given
 * parameters.
 *
 * @example
 * ```ts
 * import type { HmmStatisticsSource } from '@em/hmm';
 * const source: HmmStatisticsSource = {
 *   sequences: 2, steps: 5, columns: 1, symbols: 3, sample: [0, 1, 2, 2, 0], sampleLengths: [3, 2],
 *   statistics: async () => [],
 * };
 * ```
 */
export interface HmmStatisticsSource {
  /** Sequences of the whole data set. */
  sequences: number;
  /** Observations of all of them. */
  steps: number;
  /** Features per observation (1 for categorical). */
  columns: number;
  /** Largest value + 1 over all shards (the alphabet, for categorical emissions without `nFeatures`). */
  symbols: number;
  /** Sequences the initialisation reads (all, in order, for `fit`'s start; or a uniform sample). */
  sample: number[];
  /** Lengths of the sequences in `sample`. */
  sampleLengths: number[];
  /** Counts of every shard under `params`, always the same shards in the same order. */
  statistics: (
    params: HmmWireRecord,
  ) => Promise<readonly HmmShardStatistics[]> | readonly HmmShardStatistics[];
}

/** Typed arrays tagged, nested records recursed into: JSON that {@link fromWire} reads back. */
export function toWire(value: object): HmmWireRecord {
  const out: HmmWireRecord = {};
  for (const [key, v] of Object.entries(value)) {
    if (v instanceof Float64Array) out[key] = { f64: Array.from(v) };
    else if (v instanceof Int32Array) out[key] = { i32: Array.from(v) };
    else if (typeof v === 'number' || typeof v === 'string') out[key] = v;
    else if (typeof v === 'object' && v !== null) out[key] = toWire(v);
  }
  return out;
}

/** `wire` read back into the shape of `like` (same keys, typed arrays of the same lengths), checked. */
export function fromWire<T>(wire: unknown, like: T, name: string): T {
  if (typeof like !== 'object' || like === null) {
    if (wire !== like) throw new InvalidInputError(name, String(like), wire);
    return like;
  }
  const tag = like instanceof Int32Array ? 'i32' : 'f64';
  if (like instanceof Float64Array || like instanceof Int32Array) {
    const values = (wire as Record<string, unknown> | null)?.[tag];
    if (!Array.isArray(values) || values.length !== like.length || !values.every(Number.isFinite))
      throw new InvalidInputError(name, `{ ${tag}: an array of ${like.length} finite numbers }`, wire);
    return (like instanceof Int32Array ? Int32Array.from(values) : Float64Array.from(values)) as T;
  }
  if (typeof wire !== 'object' || wire === null) throw new InvalidInputError(name, 'an object', wire);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(like))
    out[key] = fromWire((wire as Record<string, unknown>)[key], v, `${name}.${key}`);
  return out as T;
}

/** Parameters on the wire: the emission family (so a worker can rebuild it) and the numbers. */
export function paramsToWire(emission: AnyEmission, params: Params<unknown>): HmmWireRecord {
  return toWire({ spec: emissionSpec(emission), ...params });
}

/** The emission family and parameters a coordinator sent (see {@link paramsToWire}), checked. */
export function paramsFromWire(wire: unknown): { emission: AnyEmission; params: Params<unknown> } {
  const spec = (wire as { spec?: EmissionSpec } | null)?.spec;
  const like = spec && shapeOf(spec);
  if (!like) throw new InvalidInputError('params.spec', 'an emission spec (kind, nStates, …)', spec);
  const s = spec!.nStates;
  const params = fromWire(
    wire,
    { startProb: new Float64Array(s), transMat: new Float64Array(s * s), emission: like },
    'params',
  );
  return { emission: emissionFromSpec(spec!), params };
}

const isSize = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= MAX_SYMBOLS;

/** The parameters of the emission family `spec` describes, as a template of zeros; undefined if invalid. */
function shapeOf(spec: EmissionSpec): object | undefined {
  const { kind, nStates: s, columns: d, nFeatures, nMix: m, covarianceType: type, minCovar } = spec;
  const types = ['spherical', 'diag', 'full', 'tied'];
  if (![s, d, nFeatures, m].every(isSize) || !types.includes(type) || !(minCovar >= 0 && minCovar < 1e300))
    return undefined;
  // No larger than a model `fit` builds (its tables hold at most 2^26 numbers).
  const full = type === 'full' || type === 'tied';
  if (s > MAX_STATES || s * nFeatures > 1 << 26 || s * m * d * (full ? d : 1) > 1 << 26) return undefined;
  const bank = (k: number, groupSize: number) => ({
    k,
    d,
    type,
    groupSize,
    means: new Float64Array(k * d),
    covars: new Float64Array(
      type === 'spherical' ? k : type === 'diag' ? k * d : (type === 'full' ? k : k / groupSize) * d * d,
    ),
  });
  if (kind === 'categorical' && d === 1) return { emissionProb: new Float64Array(s * nFeatures) };
  if (kind === 'poisson') return { lambdas: new Float64Array(s * d) };
  if (kind === 'gaussian') return { bank: bank(s, s) };
  if (kind === 'gmm') return { weights: new Float64Array(s * m), bank: bank(s * m, m) };
  return undefined;
}

/**
 * Pass 1 over sequences: each checked by `check`, counted, the largest value, and a uniform sample of
 * `size` sequences (all of them, in order, when there are no more).
 */
export async function scanSequences(
  passes: ChunkPasses<SequenceChunk>,
  size: number,
  seed: bigint,
  check: (chunk: SequenceChunk) => void,
) {
  const reservoir = new ReservoirSample<Sequences>(size, createRandom(seed).random);
  let largest = 0;
  let steps = 0;
  for await (const { chunk } of passes.next()) {
    check(chunk);
    for (const v of chunk.seqs.data) if (v > largest) largest = v;
    steps += chunk.seqs.offsets[1]!;
    reservoir.offer(chunk.seqs);
  }
  if (reservoir.seen === 0) throw new InvalidInputError('source', 'at least one sequence', 'no sequences');
  return { sequences: reservoir.seen, steps, largest, sample: reservoir.items };
}

/**
 * One shard's counts under `wire` parameters: forward–backward over its sequences, in blocks as
 * `fitStream` adds them, the transition counts finished (multiplied by a_ij), so that the shards'
 * counts add up to the counts of all the sequences.
 */
export async function shardCounts(
  wire: unknown,
  source: StreamSource<SequenceInput>,
): Promise<HmmShardStatistics> {
  const { emission, params } = paramsFromWire(wire);
  let sequences = 0;
  const stream = sequenceChunks(source, () => sequences++);
  // The worker's scan knew nothing of the emission: here every sequence is checked against it.
  const spec = emissionSpec(emission);
  const alphabet = spec.kind === 'categorical' ? spec.nFeatures : undefined;
  const passes = new ChunkPasses({
    ...stream,
    chunks: async function* () {
      for await (const chunk of stream.chunks()) {
        inSequence(chunk.index, () =>
          checkSequences(chunk.seqs, spec.kind, spec.columns, alphabet, 'sequences'),
        );
        yield chunk;
      }
    },
  });
  const model = streamedBaumWelch(emission, passes, '', { start: undefined, trans: undefined });
  const { stats, logLikelihood } = await model.eStep(params);
  return {
    sequences,
    steps: passes.rows!,
    logLikelihood,
    counts: toWire(stats),
  };
}

/** The shards' counts added in order, each checked against the counts' shape; their total log-likelihood. */
export function addShardCounts(
  emission: AnyEmission,
  parts: readonly HmmShardStatistics[],
  expected: { sequences: number; steps: number },
): { stats: CountStats<unknown>; logLikelihood: number } {
  const stats = zeroCounts(emission);
  let logLikelihood = 0;
  let sequences = 0;
  let steps = 0;
  parts.forEach((part, i) => {
    addCounts(emission, stats, fromWire(part?.counts, zeroCounts(emission), `statistics of part ${i}`));
    logLikelihood += part.logLikelihood;
    sequences += part.sequences;
    steps += part.steps;
  });
  if (sequences !== expected.sequences || steps !== expected.steps)
    throw new InvalidInputError(
      'statistics',
      `parts covering all ${expected.sequences} sequences (${expected.steps} steps)`,
      `parts covering ${sequences} sequences (${steps} steps)`,
    );
  return { stats, logLikelihood };
}

const isCount = (v: unknown, min: number): v is number => Number.isSafeInteger(v) && (v as number) >= min;

/** The source of `fitFromStatistics`, checked, with its sample as sequences. */
export function readStatisticsSource(source: HmmStatisticsSource) {
  if (typeof source !== 'object' || source === null || typeof source.statistics !== 'function')
    throw new InvalidInputError(
      'source',
      'an object with sequences, steps, columns, symbols, sample, sampleLengths and statistics(params)',
      source,
    );
  const { sequences, steps, columns, symbols, sample, sampleLengths } = source;
  for (const [key, value] of Object.entries({ sequences, steps, columns, symbols }))
    if (!isCount(value, 1)) throw new InvalidInputError(`source.${key}`, 'an integer >= 1', value);
  if (
    !Array.isArray(sampleLengths) ||
    sampleLengths.length === 0 ||
    !sampleLengths.every((n) => isCount(n, 1))
  )
    throw new InvalidInputError('source.sampleLengths', 'a non-empty array of integers >= 1', sampleLengths);
  const offsets = new Int32Array(sampleLengths.length + 1);
  sampleLengths.forEach((n, i) => {
    offsets[i + 1] = offsets[i]! + n;
  });
  const rows = offsets[offsets.length - 1]!;
  if (!Array.isArray(sample) || sample.length !== rows * columns || !sample.every(Number.isFinite))
    throw new InvalidInputError('source.sample', `${rows} observations of ${columns} finite numbers`, sample);
  const seqs: Sequences = { data: Float64Array.from(sample), columns, offsets };
  return { ...source, seqs };
}
