import { InvalidInputError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { concat, hstack } from '../src/index.js';

describe('concat and hstack', () => {
  const a = new Float64Array([1, 2]);
  const b = new Float64Array([3]);
  const m = { data: new Float64Array([1, 2, 3, 4]), rows: 2, cols: 2 };

  it('concat stacks vectors into a vector and matrices into a matrix', () => {
    expect(concat(a, b)).toEqual(new Float64Array([1, 2, 3]));
    expect(concat(m, { data: new Float64Array([5, 6]), rows: 1, cols: 2 })).toEqual({
      data: new Float64Array([1, 2, 3, 4, 5, 6]),
      rows: 3,
      cols: 2,
    });
    expect(concat()).toEqual(new Float64Array(0));
  });

  it('hstack puts columns side by side', () => {
    expect(hstack(a, m)).toEqual({ data: new Float64Array([1, 1, 2, 2, 3, 4]), rows: 2, cols: 3 });
  });

  it('rejects mismatched shapes and non-samples', () => {
    expect(() => concat(a, m)).toThrow(
      'Invalid samples[1]: expected 1 columns like samples[0], received "2 columns".',
    );
    expect(() => hstack(a, b)).toThrow(/samples\[1\]: expected 2 rows like samples\[0\]/);
    expect(() => hstack(a, [1, 2] as never)).toThrow(InvalidInputError);
  });
});
