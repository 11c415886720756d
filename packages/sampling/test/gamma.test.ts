import { InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { createRandom, dirichlet, exponential, gamma } from '../src/index.js';
import { exponentialCdf, gammaCdf, ksTest, mean } from './helpers/stats.js';

describe('gamma', () => {
  for (const [shape, scale] of [
    [0.3, 1],
    [1, 2],
    [2.5, 0.5],
    [9, 3],
  ] as const) {
    it(`matches the Gamma(${shape}, ${scale}) CDF (Kolmogorov–Smirnov, n = 50 000)`, () => {
      const x = gamma(createRandom(Math.round(10 * shape)), { shape, scale, size: 50_000 });
      expect(ksTest(x, (v) => gammaCdf(v, shape, scale)).pValue).toBeGreaterThan(0.001);
    });
  }

  it('detects a wrong shape (the KS check has power)', () => {
    const x = gamma(createRandom(1), { shape: 2.5, size: 50_000 });
    expect(ksTest(x, (v) => gammaCdf(v, 2.6)).pValue).toBeLessThan(0.001);
  });

  it('rejects a non-positive shape and a negative scale', () => {
    const rng = createRandom(1);
    expect(() => gamma(rng, { shape: 0, size: 1 })).toThrow(
      'Invalid option shape: expected a finite number > 0, received 0.',
    );
    expect(() => gamma(rng, { shape: 1, scale: -2, size: 1 })).toThrow(
      /scale: expected a finite number >= 0/,
    );
    expect(() => gamma(rng, { shape: Number.NaN, size: 1 })).toThrow(InvalidOptionError);
  });
});

describe('exponential', () => {
  it('matches the exponential CDF (Kolmogorov–Smirnov) with mean = scale', () => {
    const x = exponential(createRandom(3), { scale: 2, size: 50_000 });
    expect(ksTest(x, (v) => exponentialCdf(v, 2)).pValue).toBeGreaterThan(0.001);
    expect(Math.abs(mean(x) - 2)).toBeLessThan(4.5 * (2 / Math.sqrt(50_000)));
  });

  it('rejects a negative scale', () => {
    expect(() => exponential(createRandom(1), { scale: -1, size: 1 })).toThrow(/scale/);
  });
});

describe('dirichlet', () => {
  it('rows are probability vectors with mean α/Σα and the right variance', () => {
    const alpha = [0.5, 2, 7.5];
    const total = 10;
    const size = 50_000;
    const { data, rows, cols } = dirichlet(createRandom(5), { alpha, size });
    expect([rows, cols]).toEqual([size, 3]);
    for (let j = 0; j < 3; j++) {
      const column = Float64Array.from({ length: rows }, (_, r) => data[3 * r + j]!);
      const m = alpha[j]! / total;
      const v = (m * (1 - m)) / (total + 1);
      expect(Math.abs(mean(column) - m)).toBeLessThan(4.5 * Math.sqrt(v / size));
      // Marginals are Beta(α_j, Σα − α_j); with α_j = 0.5 its CDF is a gamma ratio we can't use
      // directly, so check the variance instead.
      let s2 = 0;
      for (const c of column) s2 += (c - m) ** 2;
      expect(s2 / size / v).toBeGreaterThan(0.95);
      expect(s2 / size / v).toBeLessThan(1.05);
    }
    let worst = 0;
    for (let r = 0; r < rows; r++)
      worst = Math.max(worst, Math.abs(data[3 * r]! + data[3 * r + 1]! + data[3 * r + 2]! - 1));
    expect(worst).toBeLessThan(1e-12);
  });

  it('stays valid for tiny concentrations (gamma draws that underflow)', () => {
    const { data } = dirichlet(createRandom(6), { alpha: [1e-3, 1e-3, 1e-3], size: 1000 });
    expect(data.every((value) => Number.isFinite(value) && value >= 0 && value <= 1)).toBe(true);
  });

  it('rejects bad alpha', () => {
    const rng = createRandom(1);
    expect(() => dirichlet(rng, { alpha: [1, 0], size: 1 })).toThrow(
      'Invalid option alpha[1]: expected a finite number > 0, received 0.',
    );
    expect(() => dirichlet(rng, { alpha: [], size: 1 })).toThrow(/alpha/);
  });
});
