import { InvalidOptionError } from '@em/core';
import type { RandomSource } from '@em/core/numeric';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { MAX_NORMAL_DEVIATE, standardNormal } from './ziggurat.js';

const MASK64 = (1n << 64n) - 1n;

/**
 * SplitMix64 (Steele, Lea & Flood 2014), the seeding function recommended by the xoroshiro authors:
 * it turns any 64-bit seed, including small neighbouring ones like 1, 2, 3, into well-mixed,
 * unrelated xoroshiro128+ states. BigInt is fine here: it runs once per generator.
 *
 * @internal
 */
export function splitMix64(state: bigint): [next: bigint, output: bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
}

/**
 * xoroshiro128+ state words in pure-rand's order: [hi(s0), lo(s0), hi(s1), lo(s1)] as int32.
 *
 * @internal
 */
export function stateFromSeed64(seed: bigint): number[] {
  const [state1, s0] = splitMix64(seed & MASK64);
  const [, s1] = splitMix64(state1);
  const words = [
    Number(s0 >> 32n) | 0,
    Number(s0 & 0xffffffffn) | 0,
    Number(s1 >> 32n) | 0,
    Number(s1 & 0xffffffffn) | 0,
  ];
  // The all-zero state is the one fixed point of xoroshiro; SplitMix64 reaches it with probability 2^-128.
  if (!words.some((word) => word !== 0)) words[1] = 1;
  return words;
}

function freshSeed(): bigint {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return (BigInt(words[0]!) << 32n) | BigInt(words[1]!);
}

/**
 * A seeded pseudo-random number generator: xoroshiro128+ (Blackman & Vigna) from `pure-rand`,
 * seeded through SplitMix64. Create one with {@link createRandom}. It is mutable: every draw
 * advances it, and the same seed always replays the same sequence on every platform.
 *
 * @example
 * ```ts
 * import { createRandom } from '@em/sampling';
 * const rng = createRandom(42);
 * rng.next();        // 0.5804427987926414: uniform in [0, 1)
 * rng.normal(20, 5); // 15.148210323766195: one draw from N(20, 5²)
 * ```
 */
export class Random {
  /**
   * The underlying `pure-rand` generator. Exposed for the package's own bulk samplers, which call
   * its `next()` (a 32-bit integer) in tight loops; prefer the methods below.
   *
   * @internal
   */
  readonly generator: JumpableRandomGenerator;

  /**
   * A plain `() => number` returning uniforms in [0, 1) from this generator (a `RandomSource` of
   * `@em/core/numeric`), bound so it can be passed around on its own, for example as `@em/core`'s
   * `random` option.
   *
   * @example
   * ```ts
   * import { createRandom } from '@em/sampling';
   * const rng = createRandom(7);
   * const random = rng.random; // no `this` needed
   * random();                  // 0.3578641910737196: in [0, 1)
   * // runEMWithRestarts(model, init, { nInit: 5, random: rng.random });
   * ```
   */
  readonly random: RandomSource;

  /** @internal Use {@link createRandom} or {@link Random.fromState}. */
  constructor(generator: JumpableRandomGenerator) {
    this.generator = generator;
    this.random = () => uniformFloat64(this.generator);
  }

  /**
   * Restores a generator saved with {@link Random.getState}, for example to continue a stream in a
   * worker.
   *
   * @example
   * ```ts
   * import { createRandom, Random } from '@em/sampling';
   * const rng = createRandom(1);
   * const copy = Random.fromState(rng.getState());
   * copy.next() === rng.next(); // true
   * ```
   */
  static fromState(state: readonly number[]): Random {
    if (
      !Array.isArray(state) ||
      state.length !== 4 ||
      !state.every((word) => Number.isInteger(word) && word >= -0x80000000 && word <= 0xffffffff) ||
      state.every((word) => word === 0)
    ) {
      throw new InvalidOptionError('state', 'the 4 int32 words returned by Random.getState()', state);
    }
    return new Random(xoroshiro128plusFromState(state.map((word) => word | 0)));
  }

  /**
   * The generator's current state: four 32-bit integers, JSON-serialisable.
   *
   * @example
   * ```ts
   * import { createRandom } from '@em/sampling';
   * JSON.stringify(createRandom(1).getState()); // '[-1861603860,-1996333887,-1091859039,1703865447]'
   * ```
   */
  getState(): number[] {
    return [...this.generator.getState()];
  }

  /**
   * A uniform draw in [0, 1) with 53 random bits (pure-rand's `uniformFloat64`, two generator steps).
   *
   * @example
   * ```ts
   * import { createRandom } from '@em/sampling';
   * const u = createRandom(42).next(); // 0.5804427987926414: 0 <= u < 1
   * ```
   */
  next(): number {
    return uniformFloat64(this.generator);
  }

  /**
   * A uniform draw in [low, high).
   *
   * @example
   * ```ts
   * import { createRandom } from '@em/sampling';
   * createRandom(42).uniform(-1, 1); // 0.16088559758528276: in [-1, 1)
   * ```
   */
  uniform(low = 0, high = 1): number {
    checkUniformBounds(low, high);
    return low + (high - low) * uniformFloat64(this.generator);
  }

  /**
   * A uniform integer in [low, high) — `high` excluded, like numpy's `integers`. Unbiased
   * (rejection sampling, pure-rand's `uniformInt`). With one argument, draws from [0, low).
   *
   * @example
   * ```ts
   * import { createRandom } from '@em/sampling';
   * const rng = createRandom(42);
   * rng.integer(1, 7); // 5: a die roll, 1 to 6
   * rng.integer(10);   // 1: from 0 to 9
   * ```
   */
  integer(low: number, high?: number): number {
    if (high === undefined) {
      high = low;
      low = 0;
    }
    checkIntegerBounds(low, high);
    return uniformInt(this.generator, low, high - 1);
  }

  /**
   * A normal draw with mean `loc` and standard deviation `scale` (ziggurat method).
   *
   * @example
   * ```ts
   * import { createRandom } from '@em/sampling';
   * createRandom(42).normal(20, 5);
   * ```
   */
  normal(loc = 0, scale = 1): number {
    checkLocScale(loc, scale);
    return loc + scale * standardNormal(this.generator);
  }

  /**
   * Advances this generator by 2^64 steps (xoroshiro128+'s jump polynomial, from pure-rand). Two
   * generators one jump apart never overlap unless one of them draws 2^64 numbers.
   *
   * @example
   * ```ts
   * import { createRandom, Random } from '@em/sampling';
   * const a = createRandom(1);
   * const b = Random.fromState(a.getState()).jump(); // a disjoint substream of a
   * ```
   */
  jump(): this {
    this.generator.jump();
    return this;
  }

  /**
   * A new, independent generator seeded (through SplitMix64) from 64 bits of this one. The parent
   * advances by two steps, so forking is itself reproducible, and forks can fork again without
   * the overlaps that repeated jumps would cause in a tree of streams.
   *
   * @example
   * ```ts
   * import { createRandom } from '@em/sampling';
   * const rng = createRandom(42);
   * const worker = rng.fork(); // its own stream; rng keeps going
   * ```
   */
  fork(): Random {
    const high = this.generator.next() >>> 0;
    const low = this.generator.next() >>> 0;
    return new Random(xoroshiro128plusFromState(stateFromSeed64((BigInt(high) << 32n) | BigInt(low))));
  }

  /**
   * `count` independent generators, one {@link Random.fork} after the other: one per restart or
   * worker.
   *
   * @example
   * ```ts
   * import { createRandom } from '@em/sampling';
   * const [a, b, c, d] = createRandom(42).split(4);
   * ```
   */
  split(count: number): Random[] {
    // One stream per worker or task: a million is already far more than any machine runs at once.
    if (!Number.isInteger(count) || count < 0 || count > MAX_STREAMS) {
      throw new InvalidOptionError('count', `an integer from 0 to ${MAX_STREAMS}`, count);
    }
    return Array.from({ length: count }, () => this.fork());
  }
}

/**
 * Creates a seeded generator. The same seed gives the same sequence on every platform (Node and
 * browsers). Without a seed, one is taken from `crypto.getRandomValues` (not reproducible).
 *
 * Algorithm: xoroshiro128+ (pure-rand's implementation), state initialised with SplitMix64 of
 * the seed; uniforms are pure-rand's `uniformFloat64` (53 bits), normals use a 256-layer ziggurat.
 *
 * @param seed - any safe integer (negative values are taken modulo 2^64), or a bigint.
 * @example
 * ```ts
 * import { createRandom, normal } from '@em/sampling';
 * const rng = createRandom(42);
 * const x = normal(rng, { loc: 20, scale: 5, size: 4000 });
 * ```
 */
export function createRandom(seed?: number | bigint): Random {
  if (seed === undefined) return new Random(xoroshiro128plusFromState(stateFromSeed64(freshSeed())));
  if (typeof seed === 'bigint') return new Random(xoroshiro128plusFromState(stateFromSeed64(seed)));
  if (!Number.isSafeInteger(seed)) {
    throw new InvalidOptionError('seed', 'a safe integer or a bigint', seed);
  }
  return new Random(xoroshiro128plusFromState(stateFromSeed64(BigInt(seed))));
}

/** The most streams one split() hands out. */
const MAX_STREAMS = 1_000_000;

/** @internal */
export function checkUniformBounds(low: number, high: number): void {
  if (!Number.isFinite(low)) throw new InvalidOptionError('low', 'a finite number', low);
  if (!Number.isFinite(high) || high < low) {
    throw new InvalidOptionError('high', `a finite number >= low (${low})`, high);
  }
  // low + (high − low)·u needs the width itself to be a finite number.
  if (!Number.isFinite(high - low)) {
    throw new InvalidOptionError(
      'high',
      `a number whose distance to low (${low}) is finite`,
      high,
      'Scale the bounds.',
    );
  }
}

/** @internal */
export function checkIntegerBounds(low: number, high: number): void {
  if (!Number.isSafeInteger(low)) throw new InvalidOptionError('low', 'a safe integer', low);
  if (!Number.isSafeInteger(high) || high <= low) {
    throw new InvalidOptionError('high', `a safe integer > low (${low})`, high);
  }
}

/** @internal */
export function checkLocScale(loc: number, scale: number): void {
  if (!Number.isFinite(loc)) throw new InvalidOptionError('loc', 'a finite number', loc);
  if (!Number.isFinite(scale) || scale < 0) {
    throw new InvalidOptionError('scale', 'a finite number >= 0', scale);
  }
  // Every draw is loc + scale·z with |z| < MAX_NORMAL_DEVIATE: bound it so no draw overflows.
  if (!(Math.abs(loc) + MAX_NORMAL_DEVIATE * scale <= Number.MAX_VALUE)) {
    throw new InvalidOptionError(
      'scale',
      `a number with |loc| + ${MAX_NORMAL_DEVIATE}·scale finite (draws must not overflow)`,
      scale,
      'Scale the data.',
    );
  }
}
