import { describe, expect, it } from 'vitest';
import { bernoulli, binomial, createRandom, poisson } from '../src/index.js';
import { binomialPmf, chiSquareDiscrete, mean, poissonPmf } from './helpers/stats.js';

describe('poisson', () => {
  // 3.5 uses the multiplication method, 40 and 1000 the PTRS rejection sampler.
  for (const lam of [0.7, 3.5, 40, 1000]) {
    it(`matches the Poisson(${lam}) pmf (chi-square, n = 50 000)`, () => {
      const x = poisson(createRandom(Math.round(lam * 10)), { lam, size: 50_000 });
      const hi = Math.ceil(lam + 10 * Math.sqrt(lam) + 10);
      expect(chiSquareDiscrete(x, poissonPmf(lam), [0, hi]).pValue).toBeGreaterThan(0.001);
    });
  }

  it('detects a wrong mean (the chi-square check has power)', () => {
    const x = poisson(createRandom(1), { lam: 40, size: 50_000 });
    expect(chiSquareDiscrete(x, poissonPmf(40.5), [0, 100]).pValue).toBeLessThan(0.001);
  });

  it('lam = 0 gives zeros; bad lam is a typed error', () => {
    expect(Array.from(poisson(createRandom(1), { lam: 0, size: 3 }))).toEqual([0, 0, 0]);
    expect(() => poisson(createRandom(1), { lam: -1, size: 3 })).toThrow(
      'Invalid option lam: expected a finite number >= 0, received -1.',
    );
  });
});

describe('binomial and bernoulli', () => {
  // (20, 0.3) uses inversion, (200, 0.4) BTRS, (50, 0.9) the p > 1/2 reflection.
  for (const [n, p] of [
    [20, 0.3],
    [200, 0.4],
    [50, 0.9],
    [100_000, 0.01],
  ] as const) {
    it(`matches the Binomial(${n}, ${p}) pmf (chi-square, n = 50 000)`, () => {
      const x = binomial(createRandom(n + Math.round(100 * p)), { n, p, size: 50_000 });
      expect(chiSquareDiscrete(x, binomialPmf(n, p), [0, n]).pValue).toBeGreaterThan(0.001);
    });
  }

  it('edge cases: p = 0, p = 1, n = 0', () => {
    expect(Array.from(binomial(createRandom(1), { n: 5, p: 0, size: 2 }))).toEqual([0, 0]);
    expect(Array.from(binomial(createRandom(1), { n: 5, p: 1, size: 2 }))).toEqual([5, 5]);
    expect(Array.from(binomial(createRandom(1), { n: 0, p: 0.5, size: 2 }))).toEqual([0, 0]);
  });

  it('bernoulli is 0/1 with mean p', () => {
    const x = bernoulli(createRandom(2), { p: 0.3, size: 50_000 });
    expect(x.every((v) => v === 0 || v === 1)).toBe(true);
    expect(Math.abs(mean(x) - 0.3)).toBeLessThan(4.5 * Math.sqrt(0.21 / 50_000));
  });

  it('rejects bad n and p', () => {
    const rng = createRandom(1);
    expect(() => binomial(rng, { n: 2.5, p: 0.5, size: 1 })).toThrow(
      /n: expected a non-negative safe integer/,
    );
    expect(() => binomial(rng, { n: 3, p: 1.5, size: 1 })).toThrow(
      'Invalid option p: expected a probability in [0, 1], received 1.5.',
    );
    expect(() => bernoulli(rng, { p: Number.NaN, size: 1 })).toThrow(/p: expected a probability/);
  });
});
