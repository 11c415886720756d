import { describe, expect, it } from 'vitest';
import { erfc, gammaCdf, kolmogorovQ, ksTest, logGamma, normalCdf, poissonPmf } from './helpers/stats.js';

// The statistical helpers are themselves checked against published table values, so that a test
// passing against them means something.
describe('test helpers', () => {
  it('normal CDF matches standard normal tables', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 7);
    expect(normalCdf(25, 20, 5)).toBeCloseTo(0.8413447460685429, 7);
    expect(erfc(0)).toBeCloseTo(1, 12);
  });

  it('log-gamma and gamma CDF match closed forms', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    // Integer shapes have a closed form: P(2, x) = 1 − e^(−x)(1 + x).
    expect(gammaCdf(3, 2)).toBeCloseTo(1 - Math.exp(-3) * 4, 12);
    expect(gammaCdf(30, 2)).toBeCloseTo(1 - Math.exp(-30) * 31, 12);
    // Shape 1/2: P(1/2, x) = erf(√x).
    expect(gammaCdf(0.7, 0.5)).toBeCloseTo(1 - erfc(Math.sqrt(0.7)), 7);
  });

  it('chi-square and Kolmogorov tail probabilities match critical-value tables', () => {
    // χ²(1) at 3.8415 and χ²(10) at 18.307 are the 5% critical values.
    const p1 = 1 - gammaCdf(3.841458820694124 / 2, 0.5);
    expect(p1).toBeCloseTo(0.05, 6);
    expect(1 - gammaCdf(18.307038053275146 / 2, 5)).toBeCloseTo(0.05, 6);
    // Kolmogorov: λ = 1.3581 is the 5% point, 1.6276 the 1% point.
    expect(kolmogorovQ(1.3580986393225505)).toBeCloseTo(0.05, 4);
    expect(kolmogorovQ(1.6276236115189477)).toBeCloseTo(0.01, 4);
    expect(poissonPmf(3)(2)).toBeCloseTo(4.5 * Math.exp(-3), 12);
  });

  it('the KS test rejects a sample from the wrong distribution', () => {
    const uniformGrid = Float64Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);
    expect(ksTest(uniformGrid, (x) => x).pValue).toBeGreaterThan(0.99);
    expect(ksTest(uniformGrid, (x) => x * x).pValue).toBeLessThan(1e-6);
  });
});
