/**
 * The contract of a seeded random generator in `@em/*`: a function returning uniform numbers in
 * [0, 1). `Math.random` satisfies it; so do {@link mulberry32} and `createRandom(seed).random` from
 * `@em/sampling`.
 *
 * @example
 * ```ts
 * import { mulberry32, type RandomSource } from '@em/core/numeric';
 * const random: RandomSource = mulberry32(42);
 * const u = random(); // 0 <= u < 1
 * ```
 */
export type RandomSource = () => number;

/**
 * mulberry32 (Tommy Ettinger): a tiny, fast, seeded 32-bit generator, good enough to pick starts,
 * subsets and test data reproducibly (32 random bits per draw, period 2^32). It is what
 * `runEMWithRestarts` uses when no `random` is given; `@em/sampling` has better-distributed,
 * forkable generators for statistics.
 *
 * @param seed Any number; it is reduced to an unsigned 32-bit integer (`seed >>> 0`).
 *
 * @example
 * ```ts
 * import { mulberry32 } from '@em/core/numeric';
 * const random = mulberry32(1);
 * random(); // 0.6270739405881613
 * random(); // 0.002735721180215478
 * ```
 */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
