import type { FlatMatrix } from '@em/core/numeric';
import { noiseMaskOf } from './mask.js';
import { unmarkedRows } from './model.js';
import type { NoiseRule } from './rule.js';

/**
 * Rows marked in a noise guess (0 without one, and for a rule, which only the data answers; a
 * malformed guess is reported by the fit).
 */
export function markedCount(noise: ArrayLike<boolean> | NoiseRule | undefined): number {
  if (noise === undefined || typeof noise === 'function') return 0;
  let count = 0;
  for (let i = 0; i < noise.length; i++) if (noise[i] === true) count++;
  return count;
}

/**
 * Partitions computed on the rows not marked as noise (as mclustBIC's `hc(data[-noise, ])`),
 * spread back over every row: marked rows get label 0, which a fit with `noise` does not use.
 */
export function onUnmarkedRows(
  data: FlatMatrix,
  noise: ArrayLike<boolean> | NoiseRule,
  partitions: (clean: FlatMatrix) => (k: number) => Int32Array | undefined,
): (k: number) => Int32Array | undefined {
  const mask = noiseMaskOf(noise, data, 1);
  const cut = partitions(unmarkedRows(data, mask));
  return (k) => {
    const labels = cut(k);
    if (labels === undefined) return undefined;
    const all = new Int32Array(data.rows);
    for (let i = 0, t = 0; i < data.rows; i++) if (!mask.marked[i]) all[i] = labels[t++]!;
    return all;
  };
}
