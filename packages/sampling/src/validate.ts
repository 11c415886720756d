import { InvalidInputError, InvalidOptionError } from '@em/core';
import { Random } from './random.js';

/*
 * Argument checks shared by the samplers. Each throws a typed `@em/core` error naming the argument,
 * what was expected and what was received.
 */

/** @internal */
export function checkRandom(rng: unknown): asserts rng is Random {
  if (!(rng instanceof Random)) {
    throw new InvalidInputError('rng', 'a Random from createRandom(seed)', rng);
  }
}

/**
 * The most values one call may return: 2^28 (2 GiB of float64). Checked before allocating, so that a size
 * like 1e12 is a typed error naming it instead of V8's RangeError (or the machine swapping).
 *
 * @internal
 */
export const MAX_VALUES = 2 ** 28;

/** @internal The largest index an Int32Array holds. */
export const INT32_MAX = 2 ** 31 - 1;

/**
 * A count of draws: a non-negative integer such that `size × perDraw` values stay within
 * {@link MAX_VALUES}.
 *
 * @internal
 */
export function checkSize(size: unknown, name = 'size', perDraw = 1): number {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
    throw new InvalidOptionError(name, 'a non-negative integer', size);
  }
  if (size * perDraw > MAX_VALUES) {
    const limit = Math.floor(MAX_VALUES / perDraw);
    throw new InvalidOptionError(
      name,
      `at most ${limit.toLocaleString('en-US')}${perDraw > 1 ? ` (draws of ${perDraw} values each)` : ''}`,
      size,
      'Draw in batches.',
    );
  }
  return size;
}

/**
 * `new Float64Array(length)` (or another typed array) that says so with a typed error when the machine
 * cannot give the memory, instead of V8's RangeError "Array buffer allocation failed".
 *
 * @internal
 */
export function allocate<T>(Type: new (length: number) => T, length: number, name = 'size'): T {
  try {
    return new Type(length);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new InvalidOptionError(name, 'a size whose values fit in memory', length, 'Draw in batches.');
  }
}

/** @internal */
export function checkFinite(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidOptionError(name, 'a finite number', value);
  }
  return value;
}

/** @internal */
export function checkPositive(value: unknown, name: string, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new InvalidOptionError(name, allowZero ? 'a finite number >= 0' : 'a finite number > 0', value);
  }
  return value;
}

/** @internal */
export function checkProbability(value: unknown, name: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new InvalidOptionError(name, 'a probability in [0, 1]', value);
  }
  return value;
}

/**
 * Probability vectors: finite, non-negative, summing to 1 within 1e-8 (numpy's rule). Returned as a
 * Float64Array.
 *
 * @internal
 */
export function checkWeights(weights: unknown, name: string): Float64Array {
  if (!(Array.isArray(weights) || weights instanceof Float64Array) || weights.length === 0) {
    throw new InvalidOptionError(name, 'a non-empty array of probabilities', weights);
  }
  let sum = 0;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new InvalidOptionError(`${name}[${k}]`, 'a finite number >= 0', w);
    }
    sum += w;
  }
  if (Math.abs(sum - 1) > 1e-8) {
    throw new InvalidOptionError(
      name,
      'probabilities summing to 1 (within 1e-8)',
      weights,
      `They sum to ${sum}.`,
    );
  }
  return Float64Array.from(weights as ArrayLike<number>);
}

/** @internal */
export function checkOptions(options: unknown, fn: string): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', `an options object for ${fn}()`, options);
  }
}
