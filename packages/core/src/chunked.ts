import { InvalidOptionError } from './errors.js';
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
 * @example
 * ```ts
 * import { sumEStepResults } from '@em/core';
 * const total = sumEStepResults([part1, part2], sums);
 * ```
 */
export function sumEStepResults<S>(
  results: Iterable<EStepResult<S>>,
  algebra: StatsAlgebra<S>,
): EStepResult<S> {
  let stats = algebra.zero();
  let logLikelihood = 0;
  for (const part of results) {
    stats = algebra.add(stats, part.stats);
    logLikelihood += part.logLikelihood;
  }
  return { stats, logLikelihood };
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
 * @example
 * ```ts
 * import { chunkedEStep, runEM } from '@em/core';
 * const model = { eStep: chunkedEStep(spec), mStep };
 * runEM(model, 1);
 * ```
 */
export function chunkedEStep<P, S, C>(spec: ChunkedEStep<P, S, C>): (params: P) => EStepResult<S> {
  validateSpec(spec);
  return (params) =>
    sumEStepResults(
      eachPart(spec.chunks(), (chunk) => spec.eStepChunk(params, chunk)),
      spec,
    );
}

function* eachPart<C, R>(chunks: Iterable<C>, eStep: (chunk: C) => R): Generator<R> {
  for (const chunk of chunks) yield eStep(chunk);
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
    if (Symbol.asyncIterator in source) {
      // Streamed: add each part as it arrives instead of holding every chunk's statistics.
      let total = { stats: spec.zero(), logLikelihood: 0 };
      for await (const chunk of source)
        total = sumEStepResults([total, await spec.eStepChunk(params, chunk)], spec);
      return total;
    }
    const parts = await Promise.all(Array.from(source, (chunk) => spec.eStepChunk(params, chunk)));
    return sumEStepResults(parts, spec);
  };
}

function validateSpec(spec: object): void {
  for (const key of ['chunks', 'eStepChunk', 'zero', 'add'] as const) {
    const value = (spec as Record<string, unknown>)[key];
    if (typeof value !== 'function') throw new InvalidOptionError(key, 'a function', value);
  }
}
