import { InvalidInputError } from '@em/core';
import { mulberry32 } from '@em/core/numeric';

/**
 * Indices of a uniform random subset of `size` of `n` items, in increasing order: the first `size` steps
 * of a Fisher–Yates shuffle driven by `@em/core`'s mulberry32(`seed`). Same `n`, `size` and `seed`, same subset.
 *
 * @example
 * ```ts
 * import { subsampleIndices } from '@em/plot';
 * subsampleIndices(200000, 5000, 1).length; // 5000
 * ```
 */
export function subsampleIndices(n: number, size: number, seed: number): number[] {
  // n indices are allocated: bound it like the rows of a chart's data (2^28).
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 28)
    throw new InvalidInputError('n', 'an integer from 0 to 2^28', n);
  if (!Number.isInteger(size) || size < 0) throw new InvalidInputError('size', 'an integer >= 0', size);
  if (typeof seed !== 'number' || !Number.isFinite(seed))
    throw new InvalidInputError('seed', 'a finite number', seed);
  if (size >= n) return Array.from({ length: n }, (_, i) => i);
  const random = mulberry32(seed);
  const pool = new Uint32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return Array.from(pool.subarray(0, size)).sort((x, y) => x - y);
}
