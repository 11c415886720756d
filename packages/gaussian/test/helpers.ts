import { expect } from 'vitest';

/** Nested arrays flattened, for elementwise comparison. */
export function flat(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (ArrayBuffer.isView(value)) return Array.from(value as Float64Array);
  return (value as unknown[]).flatMap(flat);
}

/**
 * Elementwise |a − e| ≤ rel · max(|e|, scale): relative, with an absolute floor relative to the
 * largest entry so that entries that should be ~0 (off-diagonals) are not held to a relative bound.
 */
export function expectClose(actual: unknown, expected: unknown, rel: number, label = ''): void {
  const a = flat(actual);
  const e = flat(expected);
  expect(a.length, `${label} length`).toBe(e.length);
  const scale = Math.max(...e.map(Math.abs));
  let worst = 0;
  let at = -1;
  for (let i = 0; i < e.length; i++) {
    const error = Math.abs(a[i]! - e[i]!) / Math.max(Math.abs(e[i]!), scale * 1e-3, Number.MIN_VALUE);
    if (!(error <= worst)) {
      worst = error;
      at = i;
    }
  }
  expect(worst, `${label}: worst relative error at ${at} (${a[at]} vs ${e[at]})`).toBeLessThanOrEqual(rel);
}
