import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { Random } from './random.js';
import { checkIntegerBounds, checkUniformBounds } from './random.js';
import { allocate, checkOptions, checkRandom, checkSize } from './validate.js';

/**
 * Options of {@link uniform}.
 *
 * @example
 * ```ts
 * import type { UniformOptions } from '@em/sampling';
 * import { createRandom, uniform } from '@em/sampling';
 * const options: UniformOptions = { low: -1, high: 1, size: 100 };
 * uniform(createRandom(1), options);
 * ```
 */
export interface UniformOptions {
  /** Lower bound (included). Default 0. */
  low?: number;
  /** Upper bound (excluded). Default 1. */
  high?: number;
  /** Number of draws. */
  size: number;
}

/**
 * `size` uniform draws in [low, high), 53 random bits each.
 *
 * @throws InvalidOptionError if a bound is not finite, `high < low`, or `size` is invalid.
 * @example
 * ```ts
 * import { createRandom, uniform } from '@em/sampling';
 * const u = uniform(createRandom(42), { low: -1, high: 1, size: 1000 });
 * ```
 */
export function uniform(rng: Random, options: UniformOptions): Float64Array {
  checkRandom(rng);
  checkOptions(options, 'uniform');
  const { low = 0, high = 1 } = options;
  checkUniformBounds(low, high);
  const out = allocate(Float64Array, checkSize(options.size));
  const generator = rng.generator;
  const width = high - low;
  for (let i = 0; i < out.length; i++) out[i] = low + width * uniformFloat64(generator);
  return out;
}

/**
 * Options of {@link integers}.
 *
 * @example
 * ```ts
 * import type { IntegersOptions } from '@em/sampling';
 * import { createRandom, integers } from '@em/sampling';
 * const options: IntegersOptions = { low: 0, high: 10, size: 100 };
 * integers(createRandom(1), options);
 * ```
 */
export interface IntegersOptions {
  /** Lower bound (included). */
  low: number;
  /** Upper bound (excluded), like numpy's `integers`. */
  high: number;
  /** Number of draws. */
  size: number;
}

/**
 * `size` uniform integers in [low, high), unbiased (rejection sampling). Returned as a
 * `Float64Array` so that any safe-integer range fits.
 *
 * @throws InvalidOptionError if a bound is not a safe integer, `high <= low`, or `size` is invalid.
 * @example
 * ```ts
 * import { createRandom, integers } from '@em/sampling';
 * const dice = integers(createRandom(42), { low: 1, high: 7, size: 100 });
 * ```
 */
export function integers(rng: Random, options: IntegersOptions): Float64Array {
  checkRandom(rng);
  checkOptions(options, 'integers');
  const { low, high } = options;
  checkIntegerBounds(low, high);
  const out = allocate(Float64Array, checkSize(options.size));
  const generator = rng.generator;
  for (let i = 0; i < out.length; i++) out[i] = uniformInt(generator, low, high - 1);
  return out;
}
