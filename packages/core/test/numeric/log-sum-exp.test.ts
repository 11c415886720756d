import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { logSumExp, logSumExpRows, normalizeLogRows } from '../../src/numeric/index.js';

const close = (a: number, b: number, tol = 1e-15) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(a), Math.abs(b)));

describe('logSumExp', () => {
  it('log(1) ⊕ log(2) ⊕ log(3) = log(6)', () => {
    close(logSumExp([Math.log(1), Math.log(2), Math.log(3)]), Math.log(6));
  });

  it('agrees with log Σ exp where that does not overflow', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (xs) => {
          close(logSumExp(xs), Math.log(xs.reduce((s, x) => s + Math.exp(x), 0)), 1e-14);
        },
      ),
    );
  });

  it('does not overflow or underflow: log(n e^a) = a + log n for huge and tiny a', () => {
    for (const a of [1000, 1e300, -1000, -1e300]) {
      expect(Math.exp(a) === 0 || Math.exp(a) === Number.POSITIVE_INFINITY).toBe(true);
      close(logSumExp([a, a, a]), a + Math.log(3));
    }
    // A huge value swamps the others exactly.
    expect(logSumExp([1000, 0, -1000])).toBe(1000);
  });

  it('follows scipy at the edges: all −∞ → −∞, any +∞ → +∞, NaN → NaN, empty → −∞', () => {
    const inf = Number.POSITIVE_INFINITY;
    expect(logSumExp([-inf, -inf])).toBe(-inf);
    expect(logSumExp([-inf, 0])).toBe(0);
    expect(logSumExp([inf, 0, -inf])).toBe(inf);
    expect(logSumExp([inf, inf])).toBe(inf);
    expect(logSumExp([0, Number.NaN])).toBeNaN();
    expect(logSumExp([-inf, Number.NaN])).toBeNaN();
    expect(logSumExp([Number.NaN, inf])).toBeNaN();
    expect(logSumExp([])).toBe(-inf);
  });

  it('sums only [start, end)', () => {
    const values = new Float64Array([100, Math.log(1), Math.log(2), 100]);
    close(logSumExp(values, 1, 3), Math.log(3));
    expect(logSumExp(values, 2, 2)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('is symmetric and shift-equivariant', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        (xs, c) => {
          close(logSumExp([...xs].reverse()), logSumExp(xs), 1e-14);
          close(logSumExp(xs.map((x) => x + c)), logSumExp(xs) + c, 1e-12);
        },
      ),
    );
  });
});

describe('logSumExpRows', () => {
  it('is logSumExp of each row, into `out` if given', () => {
    const matrix = {
      data: new Float64Array([Math.log(0.25), Math.log(0.75), 0, 0, -Infinity, -Infinity]),
      rows: 3,
      cols: 2,
    };
    const out = new Float64Array(4).fill(9);
    expect(logSumExpRows(matrix, out)).toBe(out);
    close(out[0]!, 0);
    close(out[1]!, Math.LN2);
    expect(out[2]).toBe(Number.NEGATIVE_INFINITY);
    expect(out[3]).toBe(9);
    expect(Array.from(logSumExpRows(matrix))).toEqual(Array.from(out.subarray(0, 3)));
  });

  it('rejects an `out` that is too short', () => {
    const matrix = { data: new Float64Array(6), rows: 3, cols: 2 };
    expect(() => logSumExpRows(matrix, new Float64Array(2))).toThrow(InvalidInputError);
    expect(() => logSumExpRows(matrix, new Float64Array(2))).toThrow(
      'Invalid out: expected a Float64Array of length >= 3 (one per row), received Float64Array of length 2.',
    );
  });
});

describe('normalizeLogRows', () => {
  it('turns log-weights into probabilities in place and returns the log-normalisers', () => {
    // Row 0: weights 1 : 3; row 1: equal and far below e^−745 (where exp underflows to 0).
    const data = new Float64Array([Math.log(0.1), Math.log(0.3), -1000, -1000]);
    const norms = normalizeLogRows({ data, rows: 2, cols: 2 });
    close(data[0]!, 0.25);
    close(data[1]!, 0.75);
    expect(Array.from(data.subarray(2))).toEqual([0.5, 0.5]);
    close(norms[0]!, Math.log(0.4));
    close(norms[1]!, -1000 + Math.LN2);
  });

  it('rows sum to 1 and the normalisers equal logSumExpRows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.double({ min: -2000, max: 2000, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (cols, values) => {
          const rows = Math.floor(values.length / cols);
          if (rows === 0) return;
          const matrix = { data: Float64Array.from(values.slice(0, rows * cols)), rows, cols };
          const expected = logSumExpRows(matrix);
          const norms = normalizeLogRows(matrix);
          for (let i = 0; i < rows; i++) {
            expect(norms[i]).toBe(expected[i]);
            const row = matrix.data.subarray(i * cols, (i + 1) * cols);
            close(
              row.reduce((s, p) => s + p, 0),
              1,
              1e-14,
            );
            for (const p of row) expect(p >= 0 && p <= 1).toBe(true);
          }
        },
      ),
    );
  });

  it('with `log: true` leaves log-probabilities, and writes the normalisers to `out`', () => {
    const data = new Float64Array([Math.log(2), Math.log(6), 0, 0, 0]);
    const out = new Float64Array(1);
    expect(normalizeLogRows({ data, rows: 1, cols: 2 }, { log: true, out })).toBe(out);
    close(data[0]!, Math.log(0.25));
    close(data[1]!, Math.log(0.75));
    close(out[0]!, Math.log(8));
    // Only rows × cols entries are touched.
    expect(Array.from(data.subarray(2))).toEqual([0, 0, 0]);
  });

  it('flushes probabilities below e^−708 of the row maximum to 0', () => {
    const data = new Float64Array([0, -720, -700]);
    normalizeLogRows({ data, rows: 1, cols: 3 });
    expect(data[1]).toBe(0);
    expect(data[2]).toBeGreaterThan(0);
  });

  it('gives NaN probabilities for a row without a finite normaliser, and logSumExp’s normaliser', () => {
    const inf = Number.POSITIVE_INFINITY;
    const data = new Float64Array([-inf, -inf, inf, 0, Number.NaN, 0, 1, 2]);
    const norms = normalizeLogRows({ data, rows: 4, cols: 2 });
    expect(Array.from(norms.subarray(0, 3))).toEqual([-inf, inf, Number.NaN]);
    expect(Array.from(data.subarray(0, 6)).every(Number.isNaN)).toBe(true);
    // The other rows are not affected.
    close(data[6]! + data[7]!, 1);
  });
});
