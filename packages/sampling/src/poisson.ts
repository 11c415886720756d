import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { logFactorial } from './log-factorial.js';
import type { Random } from './random.js';
import { allocate, checkOptions, checkPositive, checkRandom, checkSize } from './validate.js';

/** Below this mean, multiplication of uniforms (Knuth) is fastest; above, PTRS. numpy uses 10 too. */
const PTRS_THRESHOLD = 10;

/** Knuth's multiplication method: expected lam + 1 uniforms. */
function poissonSmall(generator: RandomGenerator, lam: number): number {
  const limit = Math.exp(-lam);
  let k = 0;
  let product = uniformFloat64(generator);
  while (product > limit) {
    k++;
    product *= uniformFloat64(generator);
  }
  return k;
}

/** Hörmann's PTRS transformed rejection (1993), as in numpy: about 1.2 pairs of uniforms per draw. */
function poissonPtrs(generator: RandomGenerator, lam: number): number {
  const slam = Math.sqrt(lam);
  const loglam = Math.log(lam);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = uniformFloat64(generator) - 0.5;
    const v = uniformFloat64(generator);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
      -lam + k * loglam - logFactorial(k)
    ) {
      return k;
    }
  }
}

/** @internal One Poisson(lam) draw. */
export function poissonDraw(generator: RandomGenerator, lam: number): number {
  if (lam === 0) return 0;
  return lam < PTRS_THRESHOLD ? poissonSmall(generator, lam) : poissonPtrs(generator, lam);
}

/**
 * Options of {@link poisson}.
 *
 * @example
 * ```ts
 * import type { PoissonOptions } from '@em/sampling';
 * import { createRandom, poisson } from '@em/sampling';
 * const options: PoissonOptions = { lam: 4, size: 100 };
 * poisson(createRandom(1), options);
 * ```
 */
export interface PoissonOptions {
  /** Mean λ >= 0. */
  lam: number;
  /** Number of draws. */
  size: number;
}

/**
 * `size` draws from the Poisson distribution with mean `lam` (Knuth's method below 10, Hörmann's
 * PTRS above, as numpy). Counts are returned as a `Float64Array`.
 *
 * @throws InvalidOptionError if `lam` is negative or not finite, or `size` is invalid.
 * @example
 * ```ts
 * import { createRandom, poisson } from '@em/sampling';
 * const counts = poisson(createRandom(42), { lam: 3.5, size: 1000 });
 * ```
 */
export function poisson(rng: Random, options: PoissonOptions): Float64Array {
  checkRandom(rng);
  checkOptions(options, 'poisson');
  const lam = checkPositive(options.lam, 'lam', true);
  const out = allocate(Float64Array, checkSize(options.size));
  const generator = rng.generator;
  for (let i = 0; i < out.length; i++) out[i] = poissonDraw(generator, lam);
  return out;
}
