import { InvalidInputError, InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../src/index.js';
import { createRandom, multivariateNormal, normal, sampleMixture } from '../src/index.js';
import { binomialPmf, chiSquareDiscrete, ksTest, mean, normalCdf } from './helpers/stats.js';

/** A component whose rows say where they came from: value = 1000·component + position. */
const tagged = (component: number) => (_: unknown, size: number) =>
  Float64Array.from({ length: size }, (_, i) => 1000 * component + i);

describe('sampleMixture', () => {
  it('the two processes: 4000 from N(20, 5²) and 8000 from N(40, 5²)', () => {
    const rng = createRandom(42);
    const { X, labels } = sampleMixture(rng, {
      counts: [4000, 8000],
      components: [
        (r, size) => normal(r, { loc: 20, scale: 5, size }),
        (r, size) => normal(r, { loc: 40, scale: 5, size }),
      ],
    });
    expect(X).toBeInstanceOf(Float64Array);
    const x = X;
    expect(x.length).toBe(12_000);
    const first = x.filter((_, i) => labels[i] === 0);
    const second = x.filter((_, i) => labels[i] === 1);
    expect([first.length, second.length]).toEqual([4000, 8000]);
    expect(ksTest(first, (v) => normalCdf(v, 20, 5)).pValue).toBeGreaterThan(0.001);
    expect(ksTest(second, (v) => normalCdf(v, 40, 5)).pValue).toBeGreaterThan(0.001);
    // Shuffled by default: the first 100 rows are not all from one component.
    expect(new Set(labels.subarray(0, 100)).size).toBe(2);
  });

  it('row i comes from component labels[i], each component’s rows in their own order', () => {
    const { X, labels } = sampleMixture(createRandom(1), {
      n: 500,
      weights: [0.2, 0.5, 0.3],
      components: [0, 1, 2].map(tagged),
    });
    const x = X;
    const seen = [0, 0, 0];
    for (let i = 0; i < x.length; i++) {
      const c = labels[i]!;
      expect(x[i]).toBe(1000 * c + seen[c]!);
      seen[c]!++;
    }
  });

  it('with weights, the label count of each component is Binomial(n, weight) (chi-square)', () => {
    const rng = createRandom(2);
    const counts = Float64Array.from({ length: 5000 }, () => {
      const { labels } = sampleMixture(rng, {
        n: 30,
        weights: [0.3, 0.7],
        components: [tagged(0), tagged(1)],
      });
      return labels.filter((l) => l === 0).length;
    });
    expect(chiSquareDiscrete(counts, binomialPmf(30, 0.3), [0, 30]).pValue).toBeGreaterThan(0.001);
  });

  it('shuffle: false keeps rows grouped by component', () => {
    const { labels } = sampleMixture(createRandom(3), {
      counts: [2, 3],
      shuffle: false,
      components: [tagged(0), tagged(1)],
    });
    expect(Array.from(labels)).toEqual([0, 0, 1, 1, 1]);
    const weighted = sampleMixture(createRandom(3), {
      n: 50,
      weights: [0.5, 0.5],
      shuffle: false,
      components: [tagged(0), tagged(1)],
    });
    expect(Array.from(weighted.labels)).toEqual([...weighted.labels].sort());
  });

  it('multivariate components give a FlatMatrix with one row per point', () => {
    const cov = [
      [1, 0],
      [0, 1],
    ];
    const { X, labels } = sampleMixture(createRandom(4), {
      n: 2000,
      weights: [0.5, 0.5],
      components: [
        (r, size) => multivariateNormal(r, { mean: [0, 0], cov, size }),
        (r, size) => multivariateNormal(r, { mean: [10, 10], cov, size }),
      ],
    });
    const m = X;
    expect([m.rows, m.cols]).toEqual([2000, 2]);
    const xs = Float64Array.from({ length: 2000 }, (_, i) => m.data[2 * i]!);
    expect(mean(xs.filter((_, i) => labels[i] === 1))).toBeGreaterThan(9.5);
    expect(mean(xs.filter((_, i) => labels[i] === 0))).toBeLessThan(0.5);
  });

  it('is reproducible from the seed', () => {
    const draw = () =>
      sampleMixture(createRandom(5), {
        n: 100,
        weights: [0.4, 0.6],
        components: [(r, s) => normal(r, { size: s }), (r, s) => normal(r, { loc: 5, size: s })],
      });
    expect(draw()).toEqual(draw());
  });

  it('rejects bad weights, counts and components with typed errors', () => {
    const rng = createRandom(1);
    const components = [tagged(0), tagged(1)];
    expect(() => sampleMixture(rng, { n: 10, weights: [0.5, 0.6], components })).toThrow(
      /weights: expected probabilities summing to 1 \(within 1e-8\), received array of length 2\. They sum to 1\.1/,
    );
    expect(() => sampleMixture(rng, { n: 10, weights: [1.5, -0.5], components })).toThrow(
      'Invalid option weights[1]: expected a finite number >= 0, received -0.5.',
    );
    expect(() => sampleMixture(rng, { n: 10, weights: [1], components })).toThrow(
      /weights: expected 2 probabilities/,
    );
    // null (seen from the adversarial property with seed -964095720): a typed error, not a TypeError.
    expect(() => sampleMixture(rng, { n: 0, weights: null as never, components })).toThrow(
      /Invalid option weights: expected 2 probabilities \(one per component\), received null/,
    );
    expect(() => sampleMixture(rng, { n: -1, weights: [0.5, 0.5], components })).toThrow(
      /n: expected a non-negative integer/,
    );
    expect(() => sampleMixture(rng, { counts: [1, 2.5], components })).toThrow(/counts\[1\]/);
    expect(() => sampleMixture(rng, { counts: [1, 2], n: 3, components })).toThrow(
      /either counts, or n with weights/,
    );
    expect(() => sampleMixture(rng, { n: 3, weights: [1], components: [] })).toThrow(InvalidOptionError);
    expect(() => sampleMixture(rng, { counts: [3], components: [(r) => normal(r, { size: 2 })] })).toThrow(
      'Invalid components[0] result: expected 3 rows (the size it was asked for), received 2.',
    );
    expect(() =>
      sampleMixture<Sample>(rng, {
        counts: [1, 1],
        components: [
          tagged(0),
          (r, size) =>
            multivariateNormal(r, {
              mean: [0, 0],
              cov: [
                [1, 0],
                [0, 1],
              ],
              size,
            }),
        ],
      }),
    ).toThrow(InvalidInputError);
  });
});
