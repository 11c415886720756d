import { InvalidInputError, InvalidOptionError, ModelContractError, NumericalError } from './errors.js';
import type { EStepResult } from './types.js';

/**
 * How statistics of two parts of the data combine: `add(zero(), s) = s`, and `add` is associative.
 * `add` may update `into` in place and return it.
 *
 * @example
 * ```ts
 * import type { StatsAlgebra } from '@em/core';
 * const sums: StatsAlgebra<number[]> = {
 *   zero: () => [0, 0],
 *   add: (into, other) => { into[0]! += other[0]!; into[1]! += other[1]!; return into; },
 * };
 * ```
 */
export interface StatsAlgebra<S> {
  /** Statistics of no data: the identity of `add`. Must return a fresh value each call. */
  zero(): S;
  /** Statistics of the union of two disjoint parts of the data; may update `into` and return it. */
  add(into: S, other: S): S;
}

/**
 * Adds the E-step results of disjoint parts of the data: statistics with `algebra.add`,
 * log-likelihoods by summation.
 *
 * @throws InvalidInputError if `results` is not iterable, a part is not `{ stats, logLikelihood }`, or
 * `algebra` lacks `zero`/`add`; ModelContractError if `zero` or `add` returns undefined.
 * @example
 * ```ts
 * import { sumEStepResults } from '@em/core';
 * const total = sumEStepResults([part1, part2], sums);
 * total.logLikelihood; // part1.logLikelihood + part2.logLikelihood
 * ```
 */
export function sumEStepResults<S>(
  results: Iterable<EStepResult<S>>,
  algebra: StatsAlgebra<S>,
): EStepResult<S> {
  requireAlgebra(algebra, 'algebra');
  if (!isIterable(results))
    throw new InvalidInputError('results', 'an iterable of { stats, logLikelihood: number }', results);
  let total = { stats: requireStats(algebra.zero(), 'zero'), logLikelihood: 0 };
  let i = 0;
  for (const part of results) {
    if (!isEStepResult(part))
      throw new InvalidInputError(`results[${i}]`, 'an object { stats, logLikelihood: number }', part);
    total = addPart(total, part, algebra);
    i++;
  }
  return total;
}

/** `total` plus one part (already checked to be an E-step result), with the algebra's answer checked. */
function addPart<S>(total: EStepResult<S>, part: EStepResult<S>, algebra: StatsAlgebra<S>): EStepResult<S> {
  const logLikelihood = total.logLikelihood + part.logLikelihood;
  // Finite parts whose sum is not: an overflow of ours, not a value the model reported.
  if (
    !Number.isFinite(logLikelihood) &&
    Number.isFinite(total.logLikelihood) &&
    Number.isFinite(part.logLikelihood)
  )
    throw new NumericalError(
      `The log-likelihoods of the parts overflow when added (${total.logLikelihood} + ${part.logLikelihood}).`,
      'Check the scale of the per-part log-likelihoods.',
    );
  return { stats: requireStats(algebra.add(total.stats, part.stats), 'add'), logLikelihood };
}

const isIterable = (value: unknown): value is Iterable<unknown> =>
  typeof value === 'string' ||
  (typeof value === 'object' &&
    value !== null &&
    typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function');

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';

const isEStepResult = (value: unknown): value is EStepResult<unknown> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as EStepResult<unknown>).logLikelihood === 'number';

/** Statistics returned by `zero` or `add`: anything but undefined (a forgotten `return`). */
function requireStats<S>(stats: S, step: 'zero' | 'add'): S {
  if (stats === undefined)
    throw new ModelContractError(step, step === 'zero' ? 'fresh statistics' : 'the summed statistics', stats);
  return stats;
}

function requireAlgebra(algebra: unknown, name: string): void {
  if (typeof algebra !== 'object' || algebra === null)
    throw new InvalidInputError(name, 'an object with zero() and add(into, other)', algebra);
  for (const key of ['zero', 'add'] as const) {
    const value = (algebra as Record<string, unknown>)[key];
    if (typeof value !== 'function') throw new InvalidInputError(`${name}.${key}`, 'a function', value);
  }
}

/** One chunk's E-step result, checked against the contract. */
function requireChunkResult<S>(value: unknown, chunk: number): EStepResult<S> {
  if (!isEStepResult(value))
    throw new ModelContractError(
      'eStepChunk',
      `an object { stats, logLikelihood: number } for chunk ${chunk}`,
      value,
    );
  return value as EStepResult<S>;
}

/**
 * A chunked E-step: the data comes as chunks, each chunk's E-step returns its statistics and its
 * summed log-likelihood, and the parts are added with the model's {@link StatsAlgebra}.
 *
 * @example
 * ```ts
 * import type { ChunkedEStep } from '@em/core';
 * const spec: ChunkedEStep<number, number[], Float64Array> = {
 *   chunks: () => [data.subarray(0, 500), data.subarray(500)],
 *   eStepChunk: (rate, chunk) => poissonStats(rate, chunk),
 *   zero: () => [0, 0],
 *   add: (a, b) => [a[0]! + b[0]!, a[1]! + b[1]!],
 * };
 * ```
 */
export interface ChunkedEStep<P, S, C> extends StatsAlgebra<S> {
  /** Called once per E-step: a fresh iterable of the chunks. */
  chunks: () => Iterable<C>;
  /** E-step over one chunk: its statistics and its summed log-likelihood. */
  eStepChunk: (params: P, chunk: C) => EStepResult<S>;
}

/**
 * Turns a per-chunk E-step into a whole-data E-step, to be used as an {@link EMModel}'s `eStep`.
 *
 * @throws InvalidOptionError if `spec` lacks one of its four functions; the E-step it returns throws
 * ModelContractError if `chunks()` is not iterable or a chunk's result is not `{ stats, logLikelihood }`.
 * @example
 * ```ts
 * import { chunkedEStep, runEM } from '@em/core';
 * const model = { eStep: chunkedEStep(spec), mStep };
 * runEM(model, 1);
 * ```
 */
export function chunkedEStep<P, S, C>(spec: ChunkedEStep<P, S, C>): (params: P) => EStepResult<S> {
  validateSpec(spec);
  return (params) => {
    const source = spec.chunks();
    if (!isIterable(source)) throw new ModelContractError('chunks', 'an iterable of chunks', source);
    let total: EStepResult<S> = { stats: requireStats(spec.zero(), 'zero'), logLikelihood: 0 };
    let i = 0;
    for (const chunk of source) {
      total = addPart(total, requireChunkResult<S>(spec.eStepChunk(params, chunk as C), i), spec);
      i++;
    }
    return total;
  };
}

/**
 * A chunked E-step whose chunks may arrive asynchronously (a stream) and whose per-chunk work may be
 * asynchronous (a worker thread).
 *
 * @example
 * ```ts
 * import type { AsyncChunkedEStep } from '@em/core';
 * const spec: AsyncChunkedEStep<number, number[], Float64Array> = {
 *   chunks: () => readChunks('data.bin'),
 *   eStepChunk: (rate, chunk) => pool.run({ rate, chunk }),
 *   zero: () => [0, 0],
 *   add: (a, b) => [a[0]! + b[0]!, a[1]! + b[1]!],
 * };
 * ```
 */
export interface AsyncChunkedEStep<P, S, C> extends StatsAlgebra<S> {
  /** Called once per E-step: a fresh iterable (or async iterable, e.g. a stream) of the chunks. */
  chunks: () => Iterable<C> | AsyncIterable<C>;
  /** E-step over one chunk, possibly asynchronous (a worker thread): statistics and summed log-likelihood. */
  eStepChunk: (params: P, chunk: C) => EStepResult<S> | Promise<EStepResult<S>>;
}

/**
 * Async twin of {@link chunkedEStep}. Chunks of a synchronous iterable are processed concurrently
 * (so a worker pool stays busy) and added in chunk order, so the result does not depend on which
 * worker finishes first.
 *
 * @example
 * ```ts
 * import { chunkedEStepAsync, runEMAsync } from '@em/core';
 * const result = await runEMAsync({ eStep: chunkedEStepAsync(spec), mStep }, 1);
 * ```
 */
export function chunkedEStepAsync<P, S, C>(
  spec: AsyncChunkedEStep<P, S, C>,
): (params: P) => Promise<EStepResult<S>> {
  validateSpec(spec);
  return async (params) => {
    const source = spec.chunks();
    let total: EStepResult<S> = { stats: requireStats(spec.zero(), 'zero'), logLikelihood: 0 };
    if (isAsyncIterable(source)) {
      // Streamed: add each part as it arrives instead of holding every chunk's statistics.
      let i = 0;
      for await (const chunk of source) {
        total = addPart(total, requireChunkResult<S>(await spec.eStepChunk(params, chunk as C), i), spec);
        i++;
      }
      return total;
    }
    if (!isIterable(source))
      throw new ModelContractError('chunks', 'an iterable or async iterable of chunks', source);
    const parts = await Promise.all(
      Array.from(source as Iterable<C>, (chunk) => spec.eStepChunk(params, chunk)),
    );
    parts.forEach((part, i) => {
      total = addPart(total, requireChunkResult<S>(part, i), spec);
    });
    return total;
  };
}

function validateSpec(spec: unknown): void {
  if (typeof spec !== 'object' || spec === null)
    throw new InvalidOptionError('spec', 'an object { chunks, eStepChunk, zero, add }', spec);
  for (const key of ['chunks', 'eStepChunk', 'zero', 'add'] as const) {
    const value = (spec as Record<string, unknown>)[key];
    if (typeof value !== 'function') throw new InvalidOptionError(key, 'a function', value);
  }
}
