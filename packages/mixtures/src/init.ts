import { InvalidOptionError } from '@em/core';

/** Validates `weightsInit`: K probabilities summing to 1. */
export function initWeights(value: unknown, K: number): Float64Array | undefined {
  if (value === undefined) return undefined;
  const w = initVector('weightsInit', value, K);
  let sum = 0;
  for (const v of w) {
    if (!(v > 0 && v <= 1))
      throw new InvalidOptionError('weightsInit', 'weights in (0, 1] summing to 1', value);
    sum += v;
  }
  if (Math.abs(sum - 1) > 1e-6)
    throw new InvalidOptionError('weightsInit', 'weights summing to 1', `weights summing to ${sum}`);
  for (let k = 0; k < K; k++) w[k]! /= sum;
  return w;
}

export function initVector(name: string, value: unknown, length: number): Float64Array {
  if (!isArrayLike(value) || value.length !== length)
    throw new InvalidOptionError(name, `an array of ${length} finite numbers`, value);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InvalidOptionError(`${name}[${i}]`, 'a finite number', v);
    out[i] = v;
  }
  return out;
}

/** A K × cols matrix option (`probabilitiesInit`, …), flattened row-major; cols from row 0 when omitted. */
export function initMatrix(
  name: string,
  value: unknown,
  K: number,
  cols?: number,
): { data: Float64Array; cols: number } {
  if (!isArrayLike(value) || value.length !== K)
    throw new InvalidOptionError(name, `an array of nComponents = ${K} rows`, value);
  const first = value[0];
  const width = cols ?? (isArrayLike(first) ? first.length : 0);
  if (width < 1) throw new InvalidOptionError(`${name}[0]`, 'a non-empty array of numbers', first);
  const data = new Float64Array(K * width);
  for (let k = 0; k < K; k++) data.set(initVector(`${name}[${k}]`, value[k], width), k * width);
  return { data, cols: width };
}

export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}
