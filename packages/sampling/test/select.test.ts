import { InvalidInputError, InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import {
  bootstrap,
  choice,
  createRandom,
  permutation,
  shuffle,
  takeRows,
  trainTestSplit,
} from '../src/index.js';
import { chiSquareTest } from './helpers/stats.js';

describe('shuffle and permutation', () => {
  it('shuffle permutes in place, and all 6 orders of 3 items are equally likely (chi-square)', () => {
    const rng = createRandom(1);
    const counts = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const key = shuffle(rng, ['a', 'b', 'c']).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    expect(chiSquareTest([...counts.values()], new Array(6).fill(10_000)).pValue).toBeGreaterThan(0.001);
    const typed = new Float64Array([1, 2, 3, 4]);
    expect(shuffle(rng, typed)).toBe(typed);
    expect(Array.from(typed).sort()).toEqual([1, 2, 3, 4]);
  });

  it('permutation(n) contains 0..n-1 once each', () => {
    const p = permutation(createRandom(2), 1000);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('rejects non-arrays', () => {
    expect(() => shuffle(createRandom(1), 'abc' as never)).toThrow(InvalidInputError);
  });
});

describe('choice', () => {
  it('with replacement is uniform over the population', () => {
    const draws = choice(createRandom(3), 4, { size: 40_000 });
    expect(draws).toBeInstanceOf(Int32Array);
    const counts = new Float64Array(4);
    for (const k of draws) counts[k]!++;
    expect(chiSquareTest(counts, [10_000, 10_000, 10_000, 10_000]).pValue).toBeGreaterThan(0.001);
  });

  it('without replacement gives distinct items, each equally likely to be picked', () => {
    const rng = createRandom(4);
    const counts = new Float64Array(10);
    for (let i = 0; i < 10_000; i++) {
      const picked = choice(rng, 10, { size: 3, replace: false });
      expect(new Set(picked).size).toBe(3);
      for (const k of picked) counts[k]!++;
    }
    expect(chiSquareTest(counts, new Array(10).fill(3000)).pValue).toBeGreaterThan(0.001);
    expect(Array.from(choice(rng, 5, { size: 5, replace: false })).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('weighted with replacement follows p; arrays map indices to items', () => {
    const p = [0.6, 0.1, 0.3];
    const draws = choice(createRandom(5), ['x', 'y', 'z'], { size: 30_000, p });
    const counts = ['x', 'y', 'z'].map((item) => draws.filter((d) => d === item).length);
    expect(
      chiSquareTest(
        counts,
        p.map((pi) => pi * 30_000),
      ).pValue,
    ).toBeGreaterThan(0.001);
    const values = choice(createRandom(5), new Float64Array([1.5, 2.5]), { size: 3 });
    expect(values).toBeInstanceOf(Float64Array);
  });

  it('weighted without replacement picks in turn proportionally to the weights left', () => {
    // P(first = i, second = j) = p_i · p_j / (1 − p_i).
    const p = [0.5, 0.3, 0.2];
    const rng = createRandom(6);
    const n = 30_000;
    const observed = new Map<string, number>();
    for (let t = 0; t < n; t++) {
      const [a, b] = choice(rng, 3, { size: 2, replace: false, p });
      observed.set(`${a}${b}`, (observed.get(`${a}${b}`) ?? 0) + 1);
    }
    const keys: string[] = [];
    const expected: number[] = [];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        if (i === j) continue;
        keys.push(`${i}${j}`);
        expected.push((n * p[i]! * p[j]!) / (1 - p[i]!));
      }
    }
    expect(
      chiSquareTest(
        keys.map((key) => observed.get(key) ?? 0),
        expected,
      ).pValue,
    ).toBeGreaterThan(0.001);
  });

  it('rejects k > n without replacement, and bad p', () => {
    const rng = createRandom(1);
    expect(() => choice(rng, 3, { size: 4, replace: false })).toThrow(
      'Invalid option size: expected at most the population size 3 when replace is false, received 4.',
    );
    expect(() => choice(rng, 3, { size: 3, replace: false, p: [0.5, 0.5, 0] })).toThrow(/non-zero p/);
    expect(() => choice(rng, 3, { size: 1, p: [0.5, 0.5] })).toThrow(/p: expected 3 probabilities/);
    expect(() => choice(rng, 2, { size: 1, p: [0.5, -0.5] })).toThrow(
      /p\[1\]: expected a finite number >= 0/,
    );
    expect(() => choice(rng, 2, { size: 1, p: [0.5, 0.6] })).toThrow(/summing to 1/);
    expect(() => choice(rng, 0, { size: 1 })).toThrow(InvalidOptionError);
  });
});

describe('bootstrap, takeRows and trainTestSplit', () => {
  it('takeRows gathers rows of vectors and matrices', () => {
    expect(takeRows(new Float64Array([10, 20, 30]), [2, 0])).toEqual(new Float64Array([30, 10]));
    const m = { data: new Float64Array([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 };
    expect(takeRows(m, [1, 1])).toEqual({ data: new Float64Array([3, 4, 3, 4]), rows: 2, cols: 2 });
    expect(() => takeRows(m, [3])).toThrow(
      'Invalid indices at row 0: expected a row index in [0, 3), received 3.',
    );
  });

  it('bootstrap resamples rows with replacement, uniformly', () => {
    const X = { data: Float64Array.from({ length: 20 }, (_, i) => i), rows: 10, cols: 2 };
    const { X: resampled, indices } = bootstrap(createRandom(7), X, { size: 50_000 });
    expect(resampled.rows).toBe(50_000);
    expect(resampled.data[2 * 5]).toBe(2 * indices[5]!);
    const counts = new Float64Array(10);
    for (const i of indices) counts[i]!++;
    expect(chiSquareTest(counts, new Array(10).fill(5000)).pValue).toBeGreaterThan(0.001);
    expect(bootstrap(createRandom(7), new Float64Array([1, 2, 3])).X.length).toBe(3);
    expect(() => bootstrap(createRandom(7), new Float64Array(0))).not.toThrow();
    expect(() => bootstrap(createRandom(7), new Float64Array(0), { size: 1 })).toThrow(InvalidInputError);
  });

  it('trainTestSplit partitions the rows (sizes rounded like scikit-learn)', () => {
    const X = Float64Array.from({ length: 10 }, (_, i) => i);
    const { train, test, trainIndices, testIndices } = trainTestSplit(createRandom(8), X, { testSize: 0.25 });
    expect([train.length, test.length]).toEqual([7, 3]); // ceil(2.5) = 3
    expect([...trainIndices, ...testIndices].sort((a, b) => a - b)).toEqual(Array.from(X));
    expect(Array.from(test)).toEqual(Array.from(testIndices));
    const ordered = trainTestSplit(createRandom(8), X, { testSize: 2, shuffle: false });
    expect(Array.from(ordered.test)).toEqual([8, 9]);
    expect(() => trainTestSplit(createRandom(8), X, { testSize: 11 })).toThrow(/testSize/);
    expect(() => trainTestSplit(createRandom(8), X, { testSize: -0.5 })).toThrow(InvalidOptionError);
  });
});
