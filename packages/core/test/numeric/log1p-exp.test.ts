import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { log1pExp, logSigmoid, sigmoid } from '../../src/numeric/index.js';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

describe('log1pExp', () => {
  it('equals log1p(exp(x)) where that is accurate (|x| ≤ 30)', () => {
    for (let x = -30; x <= 30; x += 0.37)
      expect(relative(log1pExp(x), Math.log1p(Math.exp(x)))).toBeLessThan(1e-15);
  });

  it('has the closed forms at 0 and far out', () => {
    expect(log1pExp(0)).toBe(Math.LN2);
    // log(1 + e^x) = x + log(1 + e^−x) = x + e^−x − e^−2x/2 + …; beyond 33.3, e^−x < ulp(x)/2.
    for (const x of [34, 50, 700, 1000, 1e300]) expect(log1pExp(x)).toBe(x);
    expect(relative(log1pExp(25), 25 + Math.exp(-25) - Math.exp(-50) / 2)).toBeLessThan(1e-16);
    // log(1 + e^x) = e^x − e^2x/2 + …: below −37 the second term is under ε e^x.
    for (const x of [-38, -50, -700]) expect(log1pExp(x)).toBe(Math.exp(x));
    expect(log1pExp(-800)).toBe(0);
  });

  it('does not overflow where the naive formula does', () => {
    expect(Math.log(1 + Math.exp(1000))).toBe(Number.POSITIVE_INFINITY);
    expect(log1pExp(1000)).toBe(1000);
    // …nor lose the tiny result the naive formula rounds to 0.
    expect(Math.log(1 + Math.exp(-50))).toBe(0);
    expect(log1pExp(-50)).toBe(Math.exp(-50));
  });

  it('handles ±Infinity and NaN', () => {
    expect(log1pExp(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(log1pExp(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(log1pExp(Number.NaN)).toBeNaN();
  });

  it('satisfies log1pExp(x) − log1pExp(−x) = x', () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (x) => {
        expect(Math.abs(log1pExp(x) - log1pExp(-x) - x)).toBeLessThanOrEqual(
          1e-15 * Math.max(1, Math.abs(x)),
        );
      }),
    );
  });
});

describe('logSigmoid and sigmoid', () => {
  it('have the closed forms', () => {
    expect(logSigmoid(0)).toBe(-Math.LN2);
    expect(sigmoid(0)).toBe(0.5);
    expect(relative(sigmoid(Math.log(3)), 0.75)).toBeLessThan(1e-15);
    expect(logSigmoid(-1000)).toBe(-1000);
    expect(logSigmoid(1000)).toBe(-0);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(Number.NaN)).toBeNaN();
  });

  // log(σ(x)) is itself accurate only where σ(x) is neither tiny nor so close to 1 that log loses digits.
  it('σ(x) + σ(−x) = 1, and log σ(x) = log(σ(x)) for −30 < x < 5', () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (x) => {
        expect(Math.abs(sigmoid(x) + sigmoid(-x) - 1)).toBeLessThanOrEqual(2 ** -52);
        if (x > -30 && x < 5) expect(relative(logSigmoid(x), Math.log(sigmoid(x)))).toBeLessThan(1e-13);
      }),
    );
  });

  it('logSigmoid stays exact where σ(x) underflows', () => {
    expect(sigmoid(-800)).toBe(0);
    expect(logSigmoid(-800)).toBe(-800);
  });
});
