import { InvalidOptionError } from '@em/core';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { Random } from './random.js';
import { allocate, checkOptions, checkPositive, checkRandom, checkSize } from './validate.js';

/**
 * Options of {@link exponential}.
 *
 * @example
 * ```ts
 * import type { ExponentialOptions } from '@em/sampling';
 * import { createRandom, exponential } from '@em/sampling';
 * const options: ExponentialOptions = { scale: 2, size: 100 };
 * exponential(createRandom(1), options);
 * ```
 */
export interface ExponentialOptions {
  /** Scale β = 1/λ (the mean), >= 0. Default 1 (numpy's parameterisation). */
  scale?: number;
  /** Number of draws. */
  size: number;
}

/**
 * `size` draws from the exponential distribution with mean `scale`, by inversion: −scale·ln(1 − U).
 *
 * @throws InvalidOptionError if `scale` is negative or not finite, or `size` is invalid.
 * @example
 * ```ts
 * import { createRandom, exponential } from '@em/sampling';
 * const waits = exponential(createRandom(42), { scale: 2, size: 1000 });
 * waits.reduce((a, b) => a + b) / waits.length; // ≈ 1.94: the mean, scale = 2 up to sampling error
 * ```
 */
export function exponential(rng: Random, options: ExponentialOptions): Float64Array {
  checkRandom(rng);
  checkOptions(options, 'exponential');
  const scale = checkPositive(options.scale ?? 1, 'scale', true);
  // −ln(1 − U) is at most −ln(2⁻⁵³) ≈ 36.7: bound the scale so that no draw overflows.
  if (scale * 37 > Number.MAX_VALUE)
    throw new InvalidOptionError('scale', 'a number with 37·scale finite (draws must not overflow)', scale);
  const out = allocate(Float64Array, checkSize(options.size));
  const generator = rng.generator;
  // 1 − U is in (0, 1], so the logarithm is always finite.
  for (let i = 0; i < out.length; i++) out[i] = -scale * Math.log(1 - uniformFloat64(generator));
  return out;
}
