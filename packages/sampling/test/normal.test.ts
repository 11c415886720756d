import { InvalidInputError, InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { createRandom, normal } from '../src/index.js';
import { ksTest, mean, normalCdf, variance } from './helpers/stats.js';

describe('normal', () => {
  it('is standard normal by default (Kolmogorov–Smirnov, n = 100 000)', () => {
    const x = normal(createRandom(1), { size: 100_000 });
    expect(x).toBeInstanceOf(Float64Array);
    expect(ksTest(x, normalCdf).pValue).toBeGreaterThan(0.001);
  });

  it('draws N(20, 5²) like numpy’s normal(loc=20, scale=5, size=4000)', () => {
    const x = normal(createRandom(42), { loc: 20, scale: 5, size: 4000 });
    expect(x.length).toBe(4000);
    expect(ksTest(x, (v) => normalCdf(v, 20, 5)).pValue).toBeGreaterThan(0.001);
  });

  it('has the moments of a normal within sampling error (n = 200 000)', () => {
    const n = 200_000;
    const x = normal(createRandom(7), { loc: -3, scale: 2, size: n });
    const m = mean(x);
    const v = variance(x);
    // Standard errors: σ/√n for the mean, σ²√(2/n) for the variance; 4.5 of them is a 1-in-10^5 miss.
    expect(Math.abs(m + 3)).toBeLessThan((4.5 * 2) / Math.sqrt(n));
    expect(Math.abs(v - 4)).toBeLessThan(4.5 * 4 * Math.sqrt(2 / n));
    let m3 = 0;
    let m4 = 0;
    for (const value of x) {
      const z = (value - m) / Math.sqrt(v);
      m3 += z ** 3;
      m4 += z ** 4;
    }
    expect(Math.abs(m3 / n)).toBeLessThan(4.5 * Math.sqrt(6 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(4.5 * Math.sqrt(24 / n));
  });

  it('puts the right mass in the ziggurat tail (|z| > 3.654) and beyond 4.5', () => {
    const n = 2_000_000;
    const x = normal(createRandom(99), { size: n });
    let tail = 0;
    let far = 0;
    for (const value of x) {
      if (Math.abs(value) > 3.6541528853610088) tail++;
      if (Math.abs(value) > 4.5) far++;
    }
    const pTail = 2 * normalCdf(-3.6541528853610088);
    expect(Math.abs(tail - n * pTail)).toBeLessThan(4.5 * Math.sqrt(n * pTail));
    const pFar = 2 * normalCdf(-4.5);
    expect(Math.abs(far - n * pFar)).toBeLessThan(4.5 * Math.sqrt(n * pFar) + 1);
  });

  it('rng.normal(loc, scale) draws from the same distribution', () => {
    const rng = createRandom(5);
    const x = Float64Array.from({ length: 20_000 }, () => rng.normal(10, 0.5));
    expect(ksTest(x, (v) => normalCdf(v, 10, 0.5)).pValue).toBeGreaterThan(0.001);
  });

  it('detects a 5% scale error (the KS check has power)', () => {
    const x = normal(createRandom(1), { scale: 1.05, size: 100_000 });
    expect(ksTest(x, normalCdf).pValue).toBeLessThan(0.001);
  });

  it('is reproducible: pinned values for seed 42', () => {
    // Pinned from this implementation (ziggurat on xoroshiro128+); a change here is a breaking change.
    expect(Array.from(normal(createRandom(42), { size: 4 }))).toEqual(PINNED_SEED_42);
    const rng = createRandom(42);
    expect(Array.from({ length: 4 }, () => rng.normal())).toEqual(PINNED_SEED_42);
  });

  it('scale 0 gives the constant loc; size 0 an empty array', () => {
    expect(Array.from(normal(createRandom(1), { loc: 3, scale: 0, size: 3 }))).toEqual([3, 3, 3]);
    expect(normal(createRandom(1), { size: 0 }).length).toBe(0);
  });

  it('rejects bad parameters with typed errors naming them', () => {
    const rng = createRandom(1);
    expect(() => normal(rng, { scale: -1, size: 3 })).toThrow(
      'Invalid option scale: expected a finite number >= 0, received -1.',
    );
    expect(() => normal(rng, { scale: Number.POSITIVE_INFINITY, size: 3 })).toThrow(InvalidOptionError);
    expect(() => normal(rng, { scale: Number.NaN, size: 3 })).toThrow(/scale.*received NaN/);
    expect(() => normal(rng, { loc: Number.NaN, size: 3 })).toThrow(/loc/);
    expect(() => normal(rng, { size: -1 })).toThrow(
      'Invalid option size: expected a non-negative integer, received -1.',
    );
    expect(() => normal(rng, { size: 2.5 })).toThrow(/size/);
    expect(() => normal(rng, { size: '10' as unknown as number })).toThrow(/size.*received "10"/);
    expect(() => normal({} as never, { size: 1 })).toThrow(InvalidInputError);
  });
});

const PINNED_SEED_42 = [-1.2150142493443679, -0.970357935246761, 1.2100248933136895, 0.6601403498753802];
