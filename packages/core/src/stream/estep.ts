import { InvalidOptionError, ModelContractError } from '../errors.js';
import type { EStepResult } from '../types.js';
import type { ChunkPasses } from './passes.js';

/**
 * An E-step over a source read once per call: statistics start at `zero()` and each chunk's E-step
 * adds into them, in chunk order.
 *
 * @example
 * ```ts
 * import { ChunkPasses, type StreamedEStep } from '@em/core/stream';
 * const passes = new ChunkPasses({ chunks: () => [[1, 2], [3]], shape: (chunk: number[]) => ({ rows: chunk.length }) });
 * const spec: StreamedEStep<number, number[], number[]> = {
 *   passes,
 *   zero: () => [0, 0],
 *   accumulate: (_rate, chunk, total) => {
 *     for (const x of chunk) { total.stats[0]! += 1; total.stats[1]! += x; }
 *     return total;
 *   },
 * };
 * ```
 */
export interface StreamedEStep<P, S, C> {
  /** The source's passes: each E-step reads it once. */
  passes: ChunkPasses<C>;
  /** Statistics of no data. Must return a fresh value each call. */
  zero: () => S;
  /**
   * Adds the E-step of one chunk to `total` (its statistics and its summed log-likelihood) and
   * returns the new total — `total` updated in place, or the {@link StatsAlgebra} sum of `total` and
   * the chunk's part. Accumulating row by row into `total` gives the in-memory E-step's sums, bit for
   * bit, whatever the chunk boundaries.
   */
  accumulate: (params: P, chunk: C, total: EStepResult<S>) => EStepResult<S> | Promise<EStepResult<S>>;
  /**
   * The E-step's answer from the pass's total, with `rows` the source's rows: for example the
   * log-likelihood per row plus a log-prior. Default: the total as it is.
   */
  finish?: (total: EStepResult<S>, params: P, rows: number) => EStepResult<S>;
}

/**
 * Turns a per-chunk accumulation into an E-step (for an {@link AsyncEMModel}'s `eStep`) that reads
 * the source once per call: memory is one chunk and the statistics, whatever the source's size.
 *
 * @throws InvalidOptionError if `spec` lacks `passes`, `zero` or `accumulate`; the E-step it
 * returns throws what a pass throws (ChunkShapeError, SourceNotReReadableError) and
 * ModelContractError when `accumulate` returns no `{ stats, logLikelihood }`.
 * @example
 * ```ts
 * import { runEMAsync } from '@em/core';
 * import { ChunkPasses, streamedEStep } from '@em/core/stream';
 * // Poisson rate: the statistics are (rows, Σ x); the source gives 1, 2, 3 as two chunks.
 * const passes = new ChunkPasses({ chunks: () => [[1, 2], [3]], shape: (chunk: number[]) => ({ rows: chunk.length }) });
 * const eStep = streamedEStep<number, number[], number[]>({
 *   passes,
 *   zero: () => [0, 0],
 *   accumulate: (rate, chunk, total) => {
 *     for (const x of chunk) {
 *       total.stats[0]! += 1;
 *       total.stats[1]! += x;
 *       total.logLikelihood += x * Math.log(rate) - rate;
 *     }
 *     return total;
 *   },
 * });
 * const result = await runEMAsync({ eStep, mStep: ([n, sum]) => sum! / n! }, 1);
 * result.params; // 2: the mean of the three rows
 * passes.pass;   // 3: one pass per E-step
 * ```
 */
export function streamedEStep<P, S, C>(spec: StreamedEStep<P, S, C>): (params: P) => Promise<EStepResult<S>> {
  if (typeof spec !== 'object' || spec === null)
    throw new InvalidOptionError('spec', 'an object { passes, zero, accumulate }', spec);
  if (typeof spec.passes?.next !== 'function')
    throw new InvalidOptionError('passes', 'a ChunkPasses over the source', spec.passes);
  for (const key of ['zero', 'accumulate'] as const) {
    if (typeof spec[key] !== 'function') throw new InvalidOptionError(key, 'a function', spec[key]);
  }
  if (spec.finish !== undefined && typeof spec.finish !== 'function')
    throw new InvalidOptionError('finish', 'a function', spec.finish);
  return async (params) => {
    let total: EStepResult<S> = { stats: spec.zero(), logLikelihood: 0 };
    for await (const { chunk, index } of spec.passes.next()) {
      total = await spec.accumulate(params, chunk, total);
      if (typeof total !== 'object' || total === null || typeof total.logLikelihood !== 'number')
        throw new ModelContractError(
          'accumulate',
          `{ stats, logLikelihood: number } after chunk ${index}`,
          total,
        );
    }
    return spec.finish ? spec.finish(total, params, spec.passes.rows!) : total;
  };
}
