import { InvalidInputError, InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { createRandom, multivariateNormal, normal } from '../src/index.js';
import { ksTest, normalCdf } from './helpers/stats.js';

const at = (m: ArrayLike<ArrayLike<number>>, i: number, j: number): number => m[i]?.[j] ?? Number.NaN;

function sampleCovariance(data: Float64Array, rows: number, cols: number) {
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) mean[j]! += data[r * cols + j]! / rows;
  const cov = Array.from({ length: cols }, () => new Float64Array(cols));
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < cols; i++) {
      for (let j = 0; j < cols; j++) {
        cov[i]![j]! += ((data[r * cols + i]! - mean[i]!) * (data[r * cols + j]! - mean[j]!)) / (rows - 1);
      }
    }
  }
  return { mean, cov };
}

describe('multivariateNormal', () => {
  const mean = [1, -2, 5];
  const cov = [
    [4, 1.2, -0.8],
    [1.2, 1, 0.3],
    [-0.8, 0.3, 2],
  ];

  it('returns a flat row-major { data, rows, cols }', () => {
    const out = multivariateNormal(createRandom(1), { mean, cov, size: 10 });
    expect(out.rows).toBe(10);
    expect(out.cols).toBe(3);
    expect(out.data).toBeInstanceOf(Float64Array);
    expect(out.data.length).toBe(30);
  });

  it('recovers the mean and covariance (n = 200 000, within 4.5 standard errors)', () => {
    const n = 200_000;
    const { data } = multivariateNormal(createRandom(2), { mean, cov, size: n });
    const estimate = sampleCovariance(data, n, 3);
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(estimate.mean[i]! - mean[i]!)).toBeLessThan(4.5 * Math.sqrt(at(cov, i, i) / n));
      for (let j = 0; j < 3; j++) {
        // Var of a sample covariance entry: (Σij² + Σii Σjj) / n.
        const se = Math.sqrt((at(cov, i, j) ** 2 + at(cov, i, i) * at(cov, j, j)) / n);
        expect(Math.abs(at(estimate.cov, i, j) - at(cov, i, j))).toBeLessThan(4.5 * se);
      }
    }
  });

  it('has normal projections: aᵀx ~ N(aᵀμ, aᵀΣa) (Kolmogorov–Smirnov)', () => {
    const n = 50_000;
    const { data } = multivariateNormal(createRandom(3), { mean, cov, size: n });
    const a = [0.5, -1, 2];
    const mu = a.reduce((s, ai, i) => s + ai * mean[i]!, 0);
    let v = 0;
    for (let i = 0; i < 3; i++) {
      const row = cov[i]!;
      for (let j = 0; j < 3; j++) v += a[i]! * a[j]! * row[j]!;
    }
    const projected = Float64Array.from({ length: n }, (_, r) =>
      a.reduce((s, ai, i) => s + ai * data[r * 3 + i]!, 0),
    );
    expect(ksTest(projected, (x) => normalCdf(x, mu, Math.sqrt(v))).pValue).toBeGreaterThan(0.001);
  });

  it('accepts a semi-definite (singular) covariance and keeps it degenerate', () => {
    const { data, rows } = multivariateNormal(createRandom(4), {
      mean: [0, 1],
      cov: [
        [1, 2],
        [2, 4],
      ],
      size: 1000,
    });
    // x₂ − 1 = 2·x₁ exactly up to rounding, and x₁ ~ N(0, 1).
    let maxGap = 0;
    for (let r = 0; r < rows; r++)
      maxGap = Math.max(maxGap, Math.abs(data[2 * r + 1]! - 1 - 2 * data[2 * r]!));
    expect(maxGap).toBeLessThan(1e-12);
    const first = Float64Array.from({ length: rows }, (_, r) => data[2 * r]!);
    expect(ksTest(first, normalCdf).pValue).toBeGreaterThan(0.001);
  });

  it('in one dimension is normal(loc, scale) on the same stream', () => {
    const a = multivariateNormal(createRandom(5), { mean: [3], cov: [[4]], size: 5 }).data;
    const b = normal(createRandom(5), { loc: 3, scale: 2, size: 5 });
    for (let i = 0; i < 5; i++) expect(a[i]).toBeCloseTo(b[i]!, 12);
  });

  it('accepts a FlatMatrix covariance', () => {
    const a = multivariateNormal(createRandom(6), { mean, cov, size: 3 });
    const b = multivariateNormal(createRandom(6), {
      mean: Float64Array.from(mean),
      cov: { data: Float64Array.from(cov.flat()), rows: 3, cols: 3 },
      size: 3,
    });
    expect(b.data).toEqual(a.data);
  });

  it('rejects bad mean, covariance and size with typed errors', () => {
    const rng = createRandom(1);
    const call = (options: Record<string, unknown>) => () =>
      multivariateNormal(rng, {
        mean: [0, 0],
        cov: [
          [1, 0],
          [0, 1],
        ],
        size: 2,
        ...options,
      } as never);
    expect(
      call({
        cov: [
          [1, 0.5],
          [0.4, 1],
        ],
      }),
    ).toThrow('Invalid cov at row 1, column 0: expected a symmetric matrix (cov[0][1] = 0.5), received 0.4.');
    expect(
      call({
        cov: [
          [1, 2],
          [2, 1],
        ],
      }),
    ).toThrow(InvalidInputError);
    expect(
      call({
        cov: [
          [1, 2],
          [2, 1],
        ],
      }),
    ).toThrow(/positive semi-definite.*received -0.99999/);
    expect(
      call({
        cov: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
      }),
    ).toThrow(/2×2 matrix \(mean has length 2\)/);
    expect(call({ cov: [[1, 0], [0]] })).toThrow(/at row 1: expected a row of length 2/);
    expect(
      call({
        cov: [
          [1, Number.NaN],
          [Number.NaN, 1],
        ],
      }),
    ).toThrow(/at row 0, column 1: expected a finite number, received NaN/);
    expect(call({ cov: { data: new Float64Array(9), rows: 3, cols: 3 } })).toThrow(/received "3×3"/);
    expect(call({ mean: [] })).toThrow(InvalidOptionError);
    expect(call({ mean: [0, Number.POSITIVE_INFINITY] })).toThrow(/mean\[1\]: expected a finite number/);
    expect(call({ size: -3 })).toThrow(/size/);
  });
});
