/** mulberry32: tiny, fast and good enough to pick which points to draw, reproducibly from a seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Indices of a uniform random subset of `size` of `n` items, in increasing order: the first `size` steps
 * of a Fisher–Yates shuffle driven by mulberry32(`seed`). Same `n`, `size` and `seed`, same subset.
 *
 * @example
 * ```ts
 * import { subsampleIndices } from '@em/plot';
 * subsampleIndices(200000, 5000, 1).length; // 5000
 * ```
 */
export function subsampleIndices(n: number, size: number, seed: number): number[] {
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
