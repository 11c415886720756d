import { noiseGuess } from '@em/gaussian';
import { invalidValue } from '../args.js';
import { UsageError } from '../errors.js';
import type { Table } from '../io/read-table.js';

/** `--noise`: a share of rows to guess as noise, or `auto` (nearest-neighbour cleaning). */
export type NoiseRequest = number | 'auto';

export function noiseOption(raw: string | boolean | undefined): NoiseRequest | undefined {
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  if (raw === 'auto') return 'auto';
  const fraction = Number(raw);
  if (raw.trim() === '' || !(fraction > 0 && fraction < 1))
    throw invalidValue('noise', raw, 'a fraction of the rows between 0 and 1 (e.g. 0.05), or auto');
  return fraction;
}

/**
 * The initial noise guess for mclust's noise component: the given share of the rows farthest from
 * their 5th nearest neighbour, or (`auto`) those Byers & Raftery's nearest-neighbour cleaning finds
 * in a sparser Poisson process than the rest.
 */
export function noiseGuessFor(table: Table, request: NoiseRequest): boolean[] {
  const guess = noiseGuess(table, request === 'auto' ? {} : { fraction: request });
  if (!guess.includes(true))
    throw new UsageError(
      `--noise auto found no isolated rows in ${table.source}: fit without --noise, or give a fraction (e.g. --noise 0.05)`,
    );
  return guess;
}

/** The rows not labelled noise (−1), for plots, which colour components only. */
export function withoutNoise(table: Table, labels: Int32Array): { table: Table; labels: Int32Array } {
  const keep: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] !== -1) keep.push(i);
  if (keep.length === labels.length) return { table, labels };
  const data = new Float64Array(keep.length * table.cols);
  keep.forEach((row, t) => {
    data.set(table.data.subarray(row * table.cols, (row + 1) * table.cols), t * table.cols);
  });
  return { table: { ...table, data, rows: keep.length }, labels: Int32Array.from(keep, (i) => labels[i]!) };
}
