// Reading and checking user-given parameters (options and JSON), and turning parameters back into
// plain nested arrays.
import { InvalidOptionError } from '@em/core';
import type { NestedNumbers } from './types.js';

/** Probability rows may miss 1 by this much (typed-in decimals); they are then renormalised. */
export const SUM_TOLERANCE = 1e-6;

/** Flattens nested arrays of numbers, returning the values and the shape. */
export function flatten(name: string, value: unknown): { values: Float64Array; shape: number[] } {
  const values: number[] = [];
  const shape: number[] = [];
  const walk = (v: unknown, depth: number, path: string) => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new InvalidOptionError(path, 'a finite number', v);
      if (shape.length !== depth)
        throw new InvalidOptionError(path, `an array at depth ${depth} (as the first entries)`, v);
      values.push(v);
      return;
    }
    const isArray = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
    if (!isArray) throw new InvalidOptionError(path, 'a number or an array of numbers', v);
    const arr = v as ArrayLike<unknown>;
    if (shape.length === depth) {
      if (arr.length === 0) throw new InvalidOptionError(path, 'a non-empty array', v);
      shape.push(arr.length);
    } else if (shape[depth] !== arr.length) {
      throw new InvalidOptionError(path, `an array of length ${shape[depth]} (as its siblings)`, v);
    }
    for (let i = 0; i < arr.length; i++) walk(arr[i], depth + 1, `${path}[${i}]`);
  };
  walk(value, 0, name);
  return { values: Float64Array.from(values), shape };
}

/** A shape check with a readable message. */
export function requireShape(name: string, got: number[], expected: number[], value: unknown): void {
  if (got.length === expected.length && got.every((n, i) => n === expected[i])) return;
  throw new InvalidOptionError(
    name,
    `shape ${expected.join(' × ')}`,
    value,
    `It has shape ${got.join(' × ')}.`,
  );
}

/**
 * Probability rows: non-negative, each summing to 1 within {@link SUM_TOLERANCE}, renormalised.
 * `rows` 0 means a single vector.
 */
export function probabilityRows(name: string, value: unknown, rows: number, cols: number): Float64Array {
  const { values, shape } = flatten(name, value);
  requireShape(name, shape, rows === 0 ? [cols] : [rows, cols], value);
  const n = Math.max(rows, 1);
  for (let i = 0; i < n; i++) {
    const rowName = rows === 0 ? name : `${name}[${i}]`;
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const v = values[i * cols + j]!;
      if (v < 0)
        throw new InvalidOptionError(
          rows === 0 ? `${name}[${j}]` : `${rowName}[${j}]`,
          'a probability >= 0',
          v,
        );
      sum += v;
    }
    if (!(Math.abs(sum - 1) <= SUM_TOLERANCE))
      throw new InvalidOptionError(
        rowName,
        rows === 0 ? 'probabilities summing to 1' : 'a row of probabilities summing to 1',
        sum,
        `The ${rows === 0 ? 'values' : 'row'} sum${rows === 0 ? '' : 's'} to ${sum}.`,
      );
    // Renormalise typed-in decimals; leave rows that already sum to 1 up to rounding bit-for-bit
    // (so that fitted parameters round-trip through JSON exactly).
    if (Math.abs(sum - 1) > 1e-12) for (let j = 0; j < cols; j++) values[i * cols + j]! /= sum;
  }
  return values;
}

/** A Dirichlet concentration: one number for all entries, or an array of the given shape; each >= 0. */
export function concentration(
  name: string,
  value: unknown,
  rows: number,
  cols: number,
): Float64Array | undefined {
  if (value === undefined) return undefined;
  const n = Math.max(rows, 1) * cols;
  let values: Float64Array;
  if (typeof value === 'number') values = new Float64Array(n).fill(value);
  else {
    const flat = flatten(name, value);
    requireShape(name, flat.shape, rows === 0 ? [cols] : [rows, cols], value);
    values = flat.values;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!(v >= 0) || !Number.isFinite(v))
      throw new InvalidOptionError(name, 'concentrations: finite numbers >= 0', v);
  }
  return values.every((v) => v === 1) ? undefined : values;
}

/** Rows of a flat row-major array as nested arrays. */
export function nest(values: Float64Array, shape: number[]): NestedArray {
  if (shape.length === 1) return Array.from(values.subarray(0, shape[0]));
  const [first, ...rest] = shape;
  const size = rest.reduce((a, b) => a * b, 1);
  const out: NestedArray[] = [];
  for (let i = 0; i < first!; i++) out.push(nest(values.subarray(i * size, (i + 1) * size), rest));
  return out as NestedArray;
}

/** number[] | number[][] | number[][][] | … */
export type NestedArray = number[] | NestedArray[];

/** Letters of `params`/`initParams`: validated against those that apply. */
export function letters(name: string, value: unknown, allowed: string): string {
  if (typeof value !== 'string')
    throw new InvalidOptionError(name, `a string of the letters '${allowed}'`, value);
  for (const ch of value) {
    if (!allowed.includes(ch))
      throw new InvalidOptionError(
        name,
        `a string of the letters '${allowed}' (s start, t transitions${lettersHelp(allowed)})`,
        value,
      );
  }
  return value;
}

function lettersHelp(allowed: string): string {
  const names: Record<string, string> = {
    e: 'e emission probabilities',
    m: 'm means',
    c: 'c covariances',
    w: 'w mixture weights',
    l: 'l Poisson rates',
  };
  return [...allowed.slice(2)].map((ch) => `, ${names[ch]}`).join('');
}

export type { NestedNumbers };
