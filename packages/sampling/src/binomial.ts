import { InvalidOptionError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { logFactorial } from './log-factorial.js';
import type { Random } from './random.js';
import {
  allocate,
  checkOptions,
  checkProbability,
  checkRandom,
  checkSize,
  checkWeights,
} from './validate.js';

/** Below this n·p, inversion is fastest; above, BTRS. */
const BTRS_THRESHOLD = 10;

/** Inversion from 0 upwards (p <= 0.5): expected n·p + 1 steps. */
function binomialInversion(generator: RandomGenerator, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  const start = q ** n;
  // Rounding can make the running probabilities run out before u does; restarting is exact.
  const bound = Math.min(n, n * p + 10 * Math.sqrt(n * p * q + 1));
  for (;;) {
    let r = start;
    let u = uniformFloat64(generator);
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > bound) break;
      r *= a / x - s;
    }
    if (x <= bound) return x;
  }
}

/** Hörmann's BTRS transformed rejection (1993) for n·p >= 10, p <= 0.5. */
function binomialBtrs(generator: RandomGenerator, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = uniformFloat64(generator) - 0.5;
    let v = uniformFloat64(generator);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

/** @internal One Binomial(n, p) draw. */
export function binomialDraw(generator: RandomGenerator, n: number, p: number): number {
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - binomialDraw(generator, n, 1 - p);
  return n * p < BTRS_THRESHOLD ? binomialInversion(generator, n, p) : binomialBtrs(generator, n, p);
}

function checkTrials(n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new InvalidOptionError('n', 'a non-negative safe integer (number of trials)', n);
  }
  return n;
}

/**
 * Options of {@link binomial}.
 *
 * @example
 * ```ts
 * import type { BinomialOptions } from '@em/sampling';
 * import { binomial, createRandom } from '@em/sampling';
 * const options: BinomialOptions = { n: 10, p: 0.5, size: 100 };
 * binomial(createRandom(1), options);
 * ```
 */
export interface BinomialOptions {
  /** Number of trials, a non-negative integer. */
  n: number;
  /** Success probability in [0, 1]. */
  p: number;
  /** Number of draws. */
  size: number;
}

/**
 * `size` draws of the number of successes in `n` independent trials with success probability `p`
 * (inversion for small n·p, Hörmann's BTRS otherwise). Returned as a `Float64Array`.
 *
 * @throws InvalidOptionError if `n` is not a non-negative integer, `p` is outside [0, 1], or `size`
 * is invalid.
 * @example
 * ```ts
 * import { binomial, createRandom } from '@em/sampling';
 * const heads = binomial(createRandom(42), { n: 10, p: 0.5, size: 1000 });
 * ```
 */
export function binomial(rng: Random, options: BinomialOptions): Float64Array {
  checkRandom(rng);
  checkOptions(options, 'binomial');
  const n = checkTrials(options.n);
  const p = checkProbability(options.p, 'p');
  const out = allocate(Float64Array, checkSize(options.size));
  const generator = rng.generator;
  for (let i = 0; i < out.length; i++) out[i] = binomialDraw(generator, n, p);
  return out;
}

/**
 * Options of {@link bernoulli}.
 *
 * @example
 * ```ts
 * import type { BernoulliOptions } from '@em/sampling';
 * import { bernoulli, createRandom } from '@em/sampling';
 * const options: BernoulliOptions = { p: 0.3, size: 100 };
 * bernoulli(createRandom(1), options);
 * ```
 */
export interface BernoulliOptions {
  /** Success probability in [0, 1]. */
  p: number;
  /** Number of draws. */
  size: number;
}

/**
 * `size` Bernoulli draws: 1 with probability `p`, else 0.
 *
 * @throws InvalidOptionError if `p` is outside [0, 1] or `size` is invalid.
 * @example
 * ```ts
 * import { bernoulli, createRandom } from '@em/sampling';
 * const coins = bernoulli(createRandom(42), { p: 0.3, size: 100 }); // Float64Array(100)
 * coins.filter((c) => c === 1).length; // 26: heads, of 0 and 1 only
 * ```
 */
export function bernoulli(rng: Random, options: BernoulliOptions): Float64Array {
  checkRandom(rng);
  checkOptions(options, 'bernoulli');
  const p = checkProbability(options.p, 'p');
  const out = allocate(Float64Array, checkSize(options.size));
  const generator = rng.generator;
  for (let i = 0; i < out.length; i++) out[i] = uniformFloat64(generator) < p ? 1 : 0;
  return out;
}

/**
 * Options of {@link multinomial}.
 *
 * @example
 * ```ts
 * import type { MultinomialOptions } from '@em/sampling';
 * import { createRandom, multinomial } from '@em/sampling';
 * const options: MultinomialOptions = { n: 20, p: [0.2, 0.8], size: 5 };
 * multinomial(createRandom(1), options);
 * ```
 */
export interface MultinomialOptions {
  /** Number of trials per draw. */
  n: number;
  /** Category probabilities: non-negative, summing to 1 (within 1e-8). */
  p: ArrayLike<number>;
  /** Number of draws (rows of the result). */
  size: number;
}

/**
 * `size` draws of category counts from `n` trials with probabilities `p`: row i, column j is how
 * many of the n trials fell in category j (rows sum to n). Uses conditional binomials, as numpy.
 *
 * @throws InvalidOptionError if `n` is not a non-negative integer, `p` has a negative entry or does
 * not sum to 1, or `size` is invalid.
 * @example
 * ```ts
 * import { createRandom, multinomial } from '@em/sampling';
 * const { data } = multinomial(createRandom(42), { n: 20, p: [0.2, 0.3, 0.5], size: 1 });
 * data; // Float64Array [4, 5, 11]: 20 trials in all
 * ```
 */
export function multinomial(rng: Random, options: MultinomialOptions): FlatMatrix {
  checkRandom(rng);
  checkOptions(options, 'multinomial');
  const n = checkTrials(options.n);
  const p = checkWeights(options.p, 'p');
  const k = p.length;
  const size = checkSize(options.size, 'size', k);
  const data = allocate(Float64Array, size * k);
  const generator = rng.generator;
  for (let r = 0, base = 0; r < size; r++, base += k) {
    let remaining = n;
    let mass = 1;
    for (let j = 0; j < k - 1 && remaining > 0; j++) {
      // The conditional probability of category j given it is not one of 0..j-1; rounding in
      // `mass` must not push it outside [0, 1].
      const share = p[j] === 0 ? 0 : mass > p[j]! ? p[j]! / mass : 1;
      const count = binomialDraw(generator, remaining, share);
      data[base + j] = count;
      remaining -= count;
      mass -= p[j]!;
    }
    data[base + k - 1] = data[base + k - 1]! + remaining;
  }
  return { data, rows: size, cols: k };
}
