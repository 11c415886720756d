import { InvalidInputError } from '@em/core';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { Random } from './random.js';
import { allocate, checkRandom, checkSize } from './validate.js';

/**
 * Anything `shuffle` can permute in place: a plain array or any typed array.
 *
 * @example
 * ```ts
 * import type { MutableArrayLike } from '@em/sampling';
 * const items: MutableArrayLike<number> = new Int32Array([1, 2, 3]);
 * ```
 */
export type MutableArrayLike<T> = { length: number; [index: number]: T };

/** @internal Fisher–Yates, unbiased (pure-rand's rejection-sampled `uniformInt`). */
export function shuffleInPlace<T>(rng: Random, array: MutableArrayLike<T>): void {
  const generator = rng.generator;
  for (let i = array.length - 1; i > 0; i--) {
    const j = uniformInt(generator, 0, i);
    const tmp = array[i]!;
    array[i] = array[j]!;
    array[j] = tmp;
  }
}

/**
 * Shuffles an array (plain or typed) in place with the Fisher–Yates algorithm and returns it.
 *
 * @example
 * ```ts
 * import { createRandom, shuffle } from '@em/sampling';
 * shuffle(createRandom(42), [1, 2, 3, 4, 5]); // [2, 5, 1, 4, 3]: the same array, permuted
 * ```
 */
export function shuffle<A extends MutableArrayLike<unknown>>(rng: Random, array: A): A {
  checkRandom(rng);
  if (!(Array.isArray(array) || (ArrayBuffer.isView(array) && !(array instanceof DataView)))) {
    throw new InvalidInputError('array', 'an array or a typed array', array);
  }
  shuffleInPlace(rng, array);
  return array;
}

/**
 * A random permutation of 0..n-1.
 *
 * @example
 * ```ts
 * import { createRandom, permutation } from '@em/sampling';
 * permutation(createRandom(42), 5); // Int32Array [1, 4, 0, 3, 2]
 * ```
 */
export function permutation(rng: Random, n: number): Int32Array {
  checkRandom(rng);
  const out = allocate(Int32Array, checkSize(n, 'n'), 'n');
  for (let i = 0; i < out.length; i++) out[i] = i;
  shuffleInPlace(rng, out);
  return out;
}
