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

/** @internal */
export function checkSize(size: unknown, name = 'size'): number {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
    throw new InvalidOptionError(name, 'a non-negative integer', size);
  }
  return size;
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
