// checkDataScale's quick bound (twice the largest |x| as every column's spread) only decides when
// it passes; when it fails, each column is measured as before. Both sides of that line.
import { InvalidInputError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { checkDataScale } from '../src/numeric-range.js';

const flat = (rows: number[][]) => ({
  data: Float64Array.from(rows.flat()),
  rows: rows.length,
  cols: rows[0]!.length,
});

describe('checkDataScale', () => {
  it('a column far from zero with a small spread passes, although twice its magnitude squared overflows', () => {
    // (2 · 1e154)² > the largest double: the quick bound fails, the column's own spread (2e140) passes.
    const X = flat([
      [1, 1e154],
      [2, 1e154 + 2e140],
      [3, 1e154 - 2e140],
    ]);
    expect(() => checkDataScale(X)).not.toThrow();
  });

  it('a column whose spread squared overflows is refused, naming it, and NaN is skipped', () => {
    const X = flat([
      [Number.NaN, -1e154],
      [2, 1e154],
      [3, 0],
    ]);
    let error: unknown;
    try {
      checkDataScale(X);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).column).toBe(1);
    expect((error as Error).message).toContain('column 1 spanning [-1e+154, 1e+154]');
  });

  it('a huge value is seen wherever it lies (the quick bound reads four values at a time, then the tail)', () => {
    for (let n = 2; n <= 9; n++) {
      for (let at = 0; at < n; at++) {
        const column = Array.from({ length: n }, () => [0]);
        column[at] = [2e154];
        // Were it missed, the quick bound would pass data whose spread squared overflows.
        expect(() => checkDataScale(flat(column))).toThrow(InvalidInputError);
      }
    }
  });

  it('ordinary data and all-NaN columns pass', () => {
    expect(() =>
      checkDataScale(
        flat([
          [1, Number.NaN],
          [-5, Number.NaN],
        ]),
      ),
    ).not.toThrow();
  });
});
