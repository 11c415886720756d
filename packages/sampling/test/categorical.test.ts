import { InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { aliasTable, categorical, createRandom, multinomial, sampleAlias } from '../src/index.js';
import { binomialPmf, chiSquareDiscrete, chiSquareTest } from './helpers/stats.js';

const tally = (labels: ArrayLike<number>, k: number) => {
  const counts = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  return counts;
};

describe('categorical (alias method)', () => {
  it('matches the probabilities (chi-square, n = 100 000)', () => {
    const p = [0.05, 0.4, 0.1, 0.3, 0.15];
    const n = 100_000;
    const labels = categorical(createRandom(1), { p, size: n });
    expect(labels).toBeInstanceOf(Int32Array);
    expect(
      chiSquareTest(
        tally(labels, 5),
        p.map((pi) => pi * n),
      ).pValue,
    ).toBeGreaterThan(0.001);
  });

  it('detects a wrong distribution (the chi-square check has power)', () => {
    const labels = categorical(createRandom(1), { p: [0.25, 0.25, 0.5], size: 100_000 });
    expect(
      chiSquareTest(
        tally(labels, 3),
        [0.26, 0.24, 0.5].map((pi) => pi * 100_000),
      ).pValue,
    ).toBeLessThan(0.001);
  });

  it('never draws a zero-probability category', () => {
    const counts = tally(categorical(createRandom(2), { p: [0, 0.5, 0, 0.5, 0], size: 50_000 }), 5);
    expect([counts[0], counts[2], counts[4]]).toEqual([0, 0, 0]);
  });

  it('sampleAlias draws from a prebuilt table, the same stream as categorical', () => {
    const table = aliasTable([0.2, 0.5, 0.3]);
    const rng = createRandom(3);
    const single = Array.from({ length: 20 }, () => sampleAlias(rng, table));
    expect(single).toEqual(Array.from(categorical(createRandom(3), { p: [0.2, 0.5, 0.3], size: 20 })));
  });

  it('rejects negative weights and weights not summing to 1', () => {
    const rng = createRandom(1);
    expect(() => categorical(rng, { p: [0.5, -0.1, 0.6], size: 1 })).toThrow(
      'Invalid option p[1]: expected a finite number >= 0, received -0.1.',
    );
    expect(() => categorical(rng, { p: [0.5, 0.6], size: 1 })).toThrow(
      /p: expected probabilities summing to 1 \(within 1e-8\), received array of length 2\. They sum to 1\.1/,
    );
    expect(() => categorical(rng, { p: [0.5, 0.5 + 1e-9], size: 1 })).not.toThrow();
    expect(() => categorical(rng, { p: [], size: 1 })).toThrow(InvalidOptionError);
  });
});

describe('multinomial', () => {
  it('gives rows summing to n whose columns are Binomial(n, p_j) (chi-square)', () => {
    const p = [0.2, 0.3, 0.5];
    const size = 20_000;
    const { data, rows, cols } = multinomial(createRandom(4), { n: 12, p, size });
    expect([rows, cols]).toEqual([size, 3]);
    let wrongSums = 0;
    for (let r = 0; r < rows; r++) if (data[3 * r]! + data[3 * r + 1]! + data[3 * r + 2]! !== 12) wrongSums++;
    expect(wrongSums).toBe(0);
    for (let j = 0; j < 3; j++) {
      const column = Float64Array.from({ length: rows }, (_, r) => data[3 * r + j]!);
      expect(chiSquareDiscrete(column, binomialPmf(12, p[j]!), [0, 12]).pValue).toBeGreaterThan(0.001);
    }
  });

  it('rejects bad n and p', () => {
    const rng = createRandom(1);
    expect(() => multinomial(rng, { n: -1, p: [1], size: 1 })).toThrow(
      /n: expected a non-negative safe integer/,
    );
    expect(() => multinomial(rng, { n: 3, p: [0.7, 0.7], size: 1 })).toThrow(/summing to 1/);
  });
});
