import { InvalidOptionError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { isArrayLike, type NoiseRule, noiseFlags } from './rule.js';

/** A validated noise guess: which rows start as noise, and how many. */
export interface NoiseMask {
  /** 1 for each row guessed as noise. */
  marked: Uint8Array;
  /** Number of rows marked. */
  count: number;
}

/**
 * Checks the `noise` option against the data: one boolean per row, at least one marked (the noise
 * proportion starts at the marked share and would stay 0 otherwise) and at least `k` unmarked
 * (the Gaussian components start from them).
 */
export function readNoiseMask(value: unknown, rows: number, k: number): NoiseMask {
  if (!isArrayLike(value)) {
    throw new InvalidOptionError('noise', `an array of ${rows} booleans, one per row of X`, value);
  }
  if (value.length !== rows) {
    throw new InvalidOptionError(
      'noise',
      `${rows} booleans, one per row of X`,
      `${value.length} value${value.length === 1 ? '' : 's'}`,
    );
  }
  const marked = new Uint8Array(rows);
  let count = 0;
  for (let i = 0; i < rows; i++) {
    const flag = value[i];
    if (typeof flag !== 'boolean') throw new InvalidOptionError(`noise[${i}]`, 'a boolean', flag);
    if (flag) {
      marked[i] = 1;
      count++;
    }
  }
  checkNoiseCount(count, rows, k);
  return { marked, count };
}

/**
 * The `noise` option (an array or a {@link NoiseRule}) on rows held in memory: a rule is called once
 * on all of them.
 */
export function noiseMaskOf(value: unknown, data: FlatMatrix, k: number): NoiseMask {
  if (typeof value !== 'function') return readNoiseMask(value, data.rows, k);
  const marked = noiseFlags(value as NoiseRule, data, 0);
  let count = 0;
  for (const flag of marked) count += flag;
  checkNoiseCount(count, data.rows, k);
  return { marked, count };
}

/**
 * At least one row marked (the noise proportion starts at the marked share and would stay 0
 * otherwise) and at least `k` unmarked (the Gaussian components start from them).
 */
export function checkNoiseCount(count: number, rows: number, k: number): void {
  if (count === 0) {
    throw new InvalidOptionError(
      'noise',
      'at least one row marked true (the initial noise)',
      'no row marked',
    );
  }
  if (rows - count < k) {
    throw new InvalidOptionError(
      'noise',
      `at most ${rows - k} rows marked, leaving nComponents = ${k} rows for the Gaussian components`,
      `${count} of ${rows} rows marked`,
    );
  }
}

/** The `noiseVolume` option, or `fallback()` (the data's hypervolume) when unset; finite and > 0. */
export function readNoiseVolume(value: unknown, fallback: () => number): number {
  if (value !== undefined) {
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value))
      throw new InvalidOptionError('noiseVolume', 'a finite number > 0', value);
    return value;
  }
  const volume = fallback();
  if (!(volume > 0) || !Number.isFinite(volume)) {
    throw new InvalidOptionError(
      'noiseVolume',
      'a finite number > 0 (the data span no volume: pass noiseVolume)',
      volume,
    );
  }
  return volume;
}
