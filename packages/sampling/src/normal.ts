import type { Random } from './random.js';
import { checkLocScale } from './random.js';
import { allocate, checkOptions, checkRandom, checkSize } from './validate.js';
import { fillNormal } from './ziggurat.js';

/**
 * Options of {@link normal}.
 *
 * @example
 * ```ts
 * import type { NormalOptions } from '@em/sampling';
 * import { createRandom, normal } from '@em/sampling';
 * const options: NormalOptions = { loc: 20, scale: 5, size: 4000 };
 * normal(createRandom(1), options);
 * ```
 */
export interface NormalOptions {
  /** Mean. Default 0. */
  loc?: number;
  /** Standard deviation, >= 0. Default 1. */
  scale?: number;
  /** Number of draws. */
  size: number;
}

/**
 * `size` independent draws from the normal distribution N(loc, scale²), like numpy's
 * `rng.normal(loc, scale, size)`. Uses a 256-layer ziggurat (exact, about two generator steps per
 * draw).
 *
 * @throws InvalidOptionError if `loc` is not finite, `scale` is negative or not finite, or `size`
 * is not a non-negative integer.
 * @example
 * ```ts
 * import { createRandom, normal } from '@em/sampling';
 * const rng = createRandom(42);
 * const x = normal(rng, { loc: 20, scale: 5, size: 4000 }); // Float64Array(4000)
 * ```
 */
export function normal(rng: Random, options: NormalOptions): Float64Array {
  checkRandom(rng);
  checkOptions(options, 'normal');
  const { loc = 0, scale = 1 } = options;
  checkLocScale(loc, scale);
  const size = checkSize(options.size);
  const out = allocate(Float64Array, size);
  fillNormal(rng.generator, out, loc, scale);
  return out;
}
