import { InvalidInputError, InvalidOptionError } from '@em/core';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  normalizeModel,
  scatterGeometry,
  scatterMatrixGeometry,
  scatterSvg,
  subsampleIndices,
} from '../src/index.js';
import { fits, threeD, X2 } from './support/charts.js';

describe('scatter coloured by a fitted scikit-learn model', () => {
  for (const fit of fits) {
    it(`${fit.covarianceType}: the fitted model passes as-is; colours and uncertainty match predict / predict_proba`, () => {
      const g = scatterGeometry(X2, { model: fit, uncertainty: true, nStd: [1] });
      const expected = fit as unknown as { predict: number[]; predictProba: number[][] };
      expect(g.points.map((p) => p.component)).toEqual(expected.predict);
      g.points.forEach((p, i) => {
        expect(p.uncertainty!).toBeCloseTo(1 - Math.max(...expected.predictProba[i]!), 9);
      });
      expect(g.ellipses).toHaveLength(2);
      expect(g.means.map((m) => [m.x, m.y])).toEqual(fit.means);
    });
  }

  it('expands every covariance type to the same full matrices scikit-learn implies', () => {
    const tied = normalizeModel(fits[1]!);
    const raw = fits[1]!.covariances as unknown as number[][];
    expect(tied.covariances).toEqual([raw, raw]);
    const diag = normalizeModel(fits[2]!);
    const d = fits[2]!.covariances as unknown as number[][];
    expect(diag.covariances[1]).toEqual([
      [d[1]![0], 0],
      [0, d[1]![1]],
    ]);
    const spherical = normalizeModel(fits[3]!);
    const s = fits[3]!.covariances as unknown as number[];
    expect(spherical.covariances[0]).toEqual([
      [s[0], 0],
      [0, s[0]],
    ]);
  });

  it('ellipses of a projected pair use the 2 × 2 block of the covariance', () => {
    const { X, model } = threeD();
    const g = scatterGeometry(X, { model, dims: [0, 2], nStd: [2] });
    expect(g.dims).toEqual([0, 2]);
    expect(g.ellipses[1]!.center).toEqual([4, 3]);
    expect(g.ellipses[1]!.axes[0].length).toBeCloseTo(2, 12);
    expect(g.points[0]!.x).toBe(X[0]![0]);
    expect(g.points[0]!.y).toBe(X[0]![2]);
  });

  it('accepts flat { data, rows, cols } and matrices read by get() (ml-matrix) as well as number[][]', () => {
    const expected = scatterGeometry(X2, { model: fits[0]! }).points;
    const flat = { data: X2.flat(), rows: X2.length, cols: 2 };
    expect(scatterGeometry(flat, { model: fits[0]! }).points).toEqual(expected);
    const matrix = { rows: X2.length, columns: 2, get: (i: number, j: number) => X2[i]![j]! };
    expect(scatterGeometry(matrix, { model: fits[0]! }).points).toEqual(expected);
    expect(() => scatterGeometry({ data: [1, 2, 3], rows: 2, cols: 2 })).toThrow(/X\.data/);
  });

  it('labels override the model’s assignment; without either, points are unassigned', () => {
    const labels = X2.map((_, i) => i % 2);
    expect(scatterGeometry(X2, { model: fits[0]!, labels }).points.map((p) => p.component)).toEqual(labels);
    const plain = scatterGeometry(X2);
    expect(plain.points.every((p) => p.component === null && p.uncertainty === null)).toBe(true);
    expect(plain.ellipses).toEqual([]);
  });
});

describe('large samples', () => {
  const big = Array.from({ length: 200_000 }, (_, i) => [Math.sin(i) * 3, Math.cos(i * 1.3) * 2]);

  it('draw a capped, reproducible subsample and say so in <desc>', () => {
    const svg = scatterSvg(big, { maxPoints: 5000, seed: 3 });
    expect(svg.match(/<circle /g)!.length).toBe(5000);
    const parsed = new XMLParser().parse(svg);
    expect(parsed.svg.desc).toContain('subsample of 5000 of 200000 points (seed 3');
    expect(scatterSvg(big, { maxPoints: 5000, seed: 3 })).toBe(svg);
    expect(scatterSvg(big, { maxPoints: 5000, seed: 4 })).not.toBe(svg);
  });

  it('the subsample is a uniform-looking set of distinct, sorted indices', () => {
    const indices = subsampleIndices(200_000, 5000, 1);
    expect(new Set(indices).size).toBe(5000);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    expect(indices[0]!).toBeGreaterThanOrEqual(0);
    expect(indices[4999]!).toBeLessThan(200_000);
    // Each tenth of the range should hold about 500 of them.
    const deciles = new Array(10).fill(0);
    for (const i of indices) deciles[Math.floor(i / 20_000)] += 1;
    for (const count of deciles) expect(Math.abs(count - 500)).toBeLessThan(100);
    expect(subsampleIndices(10, 20, 1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('geometry reports the subsample', () => {
    const g = scatterGeometry(big, { maxPoints: 1000 });
    expect(g.points).toHaveLength(1000);
    expect(g.total).toBe(200_000);
    expect(g.subsampled).toBe(true);
  });
});

describe('scatter matrix', () => {
  it('has a panel for every ordered pair and a histogram per dimension', () => {
    const { X, model } = threeD();
    const g = scatterMatrixGeometry(X, { model });
    expect(g.panels.map((p) => [p.row, p.col])).toEqual([
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 2],
      [2, 0],
      [2, 1],
    ]);
    expect(g.histograms).toHaveLength(3);
    for (const h of g.histograms) expect(h.reduce((s, b) => s + b.count, 0)).toBe(300);
    const panel = g.panels.find((p) => p.xDim === 2 && p.yDim === 1)!;
    expect(panel.means[1]).toEqual({ component: 1, x: 3, y: 1 });
  });
});

describe('bad scatter input', () => {
  const model = fits[0]!;
  const cases: [() => unknown, typeof InvalidInputError | typeof InvalidOptionError, string][] = [
    [() => scatterGeometry([]), InvalidInputError, 'X'],
    [() => scatterGeometry([[1, 2], [3]]), InvalidInputError, 'X'],
    [() => scatterGeometry([[1, Number.NaN]]), InvalidInputError, 'X'],
    [() => scatterGeometry([[1], [2]]), InvalidOptionError, 'X'],
    [() => scatterGeometry(X2, { dims: [0, 0] }), InvalidOptionError, 'dims'],
    [() => scatterGeometry(X2, { dims: [0, 5] as never }), InvalidOptionError, 'dims'],
    [() => scatterGeometry(X2, { labels: [0, 1] }), InvalidInputError, 'labels'],
    [() => scatterGeometry(X2, { model, labels: X2.map(() => 2) }), InvalidInputError, 'labels'],
    [() => scatterGeometry(X2, { uncertainty: true }), InvalidOptionError, 'uncertainty'],
    [() => scatterGeometry(X2, { maxPoints: 0 }), InvalidOptionError, 'maxPoints'],
    [() => scatterGeometry(X2, { nStd: [1, -2] }), InvalidOptionError, 'nStd'],
    [() => scatterGeometry(X2, { probabilities: [[1, 0]] }), InvalidInputError, 'probabilities'],
    [
      () =>
        scatterGeometry(X2, {
          model: {
            weights: [1],
            means: [[0, 0, 0]],
            covariances: [
              [
                [1, 0, 0],
                [0, 1, 0],
                [0, 0, 1],
              ],
            ],
          },
        }),
      InvalidInputError,
      'model.means',
    ],
    [
      () =>
        scatterGeometry(X2, {
          model: {
            ...model,
            means: [
              [0, 0, 0],
              [1, 1, 1],
            ],
          },
        }),
      InvalidInputError,
      'model.covariances[0]',
    ],
    [
      () =>
        scatterGeometry(X2, {
          model: {
            ...model,
            covariances: [
              [
                [1, 0],
                [0, 1],
              ],
            ],
          },
        }),
      InvalidInputError,
      'model.covariances',
    ],
    [
      () =>
        scatterGeometry(X2, {
          model: {
            weights: [1],
            means: [[0, 0]],
            covariances: [
              [
                [1, 2],
                [2, 1],
              ],
            ],
          },
        }),
      InvalidInputError,
      'model.covariances[0]',
    ],
    [
      () =>
        scatterGeometry(X2, {
          model: {
            weights: [0.5, 0.5],
            means: [
              [0, 0],
              [1, 1],
            ],
            covariances: [
              [1, 1],
              [1, 1],
            ],
          },
        }),
      InvalidInputError,
      'model.covarianceType',
    ],
  ];
  cases.forEach(([run, type, name], i) => {
    it(`case ${i}: throws ${type.name} naming ${name}`, () => {
      try {
        run();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(type);
        const named = e instanceof InvalidOptionError ? e.option : (e as InvalidInputError).argument;
        expect(named).toBe(name);
      }
    });
  });
});
