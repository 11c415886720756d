import { InvalidInputError, InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { componentDensities, mixtureDensityGeometry } from '../src/index.js';

/** Trapezoid rule over a curve of [x, y] points. */
function integrate(curve: [number, number][]): number {
  let area = 0;
  for (let i = 1; i < curve.length; i++)
    area += ((curve[i]![0] - curve[i - 1]![0]) * (curve[i]![1] + curve[i - 1]![1])) / 2;
  return area;
}

const model = { weights: [0.3, 0.5, 0.2], means: [-4, 0, 6], variances: [0.25, 1, 4] };

describe('mixture density', () => {
  it('integrates to 1 numerically, and each component to its weight', () => {
    const g = mixtureDensityGeometry(null, model, { xDomain: [-20, 30], points: 5001 });
    expect(integrate(g.total)).toBeCloseTo(1, 6);
    g.components.forEach((curve, k) => {
      expect(integrate(curve)).toBeCloseTo(model.weights[k]!, 6);
    });
  });

  it('without a sample, spans the means ± 4 sd and still holds nearly all the mass', () => {
    const g = mixtureDensityGeometry(null, model, { points: 4001 });
    expect(g.xDomain).toEqual([-6, 14]);
    expect(integrate(g.total)).toBeGreaterThan(0.999);
    expect(integrate(g.total)).toBeLessThan(1);
  });

  it('is the sum of its weighted components', () => {
    const g = mixtureDensityGeometry(null, model, { points: 50 });
    g.total.forEach(([x, y], i) => {
      expect(g.components.reduce((sum, c) => sum + c[i]![1], 0)).toBeCloseTo(y, 15);
      expect((g.components[0] as [number, number][])[i]?.[0]).toBe(x);
    });
  });

  it('matches the normal density in closed form', () => {
    // N(0; 0, 1) = 1/√(2π); N(2; 0, 4) = exp(−1/2)/√(8π).
    expect(componentDensities({ weights: [1], means: [0], variances: [1] }, 0)[0]).toBeCloseTo(
      0.3989422804014327,
      15,
    );
    expect(componentDensities({ weights: [1], means: [0], variances: [4] }, 2)[0]).toBeCloseTo(
      Math.exp(-0.5) / Math.sqrt(8 * Math.PI),
      15,
    );
  });

  it('accepts the univariate model in every scikit-learn shape, with the same curve', () => {
    const expected = mixtureDensityGeometry(null, {
      weights: [0.4, 0.6],
      means: [-1, 2],
      variances: [0.36, 1],
    }).total;
    const shapes = [
      {
        weights: [0.4, 0.6],
        means: [[-1], [2]],
        covariances: [[[0.36]], [[1]]],
        covarianceType: 'full' as const,
      },
      {
        weights: [0.4, 0.6],
        means: [[-1], [2]],
        covariances: [[0.36], [1]],
        covarianceType: 'diag' as const,
      },
      {
        weights: [0.4, 0.6],
        means: [[-1], [2]],
        covariances: [0.36, 1],
        covarianceType: 'spherical' as const,
      },
      { weights: [0.4, 0.6], means: [-1, 2], covariances: [[[0.36]], [[1]]] },
      { weights: [0.4, 0.6], means: new Float64Array([-1, 2]), covariances: new Float64Array([0.36, 1]) },
    ];
    for (const shape of shapes) expect(mixtureDensityGeometry(null, shape).total).toEqual(expected);
    const tied = mixtureDensityGeometry(null, {
      weights: [0.4, 0.6],
      means: [-1, 2],
      covariances: [[1]],
      covarianceType: 'tied',
    });
    expect(tied.total).toEqual(
      mixtureDensityGeometry(null, { weights: [0.4, 0.6], means: [-1, 2], variances: [1, 1] }).total,
    );
  });

  it('puts the histogram in density units under the curves', () => {
    const sample = [-1.2, -0.9, -1, 1.8, 2.1, 2.4, 2.2];
    const g = mixtureDensityGeometry(
      sample,
      { weights: [0.4, 0.6], means: [-1, 2], variances: [0.36, 1] },
      { bins: 4 },
    );
    expect(g.bins).toHaveLength(4);
    expect(g.bins!.reduce((s, b) => s + b.value * (b.x1 - b.x0), 0)).toBeCloseTo(1, 12);
    expect(g.xDomain).toEqual([-1.2, 2.4]);
  });

  it('rejects mismatched or invalid models with InvalidInputError naming the field', () => {
    const cases: [unknown, string][] = [
      [{ weights: [0.5, 0.5], means: [0], variances: [1, 1] }, 'model.means'],
      [{ weights: [0.5, 0.5], means: [0, 1], variances: [1] }, 'model.variances'],
      [{ weights: [0.5, 0.6], means: [0, 1], variances: [1, 1] }, 'model.weights'],
      [{ weights: [1.5, -0.5], means: [0, 1], variances: [1, 1] }, 'model.weights'],
      [{ weights: [0.5, 0.5], means: [0, 1], variances: [1, -1] }, 'model.covariances[1]'],
      [{ weights: [0.5, 0.5], means: [0, Number.NaN], variances: [1, 1] }, 'model.means'],
      [{ weights: [0.5, 0.5], means: [0, 1] }, 'model.covariances'],
      [{ weights: [], means: [], variances: [] }, 'model.weights'],
      [
        {
          weights: [0.5, 0.5],
          means: [
            [0, 0],
            [1, 1],
          ],
          covariances: [1, 1],
        },
        'model.means',
      ],
    ];
    for (const [bad, argument] of cases) {
      try {
        mixtureDensityGeometry(null, bad as never);
        expect.unreachable(argument);
      } catch (e) {
        expect(e, argument).toBeInstanceOf(InvalidInputError);
        expect((e as InvalidInputError).argument, JSON.stringify(bad)).toBe(argument);
      }
    }
    expect(() => mixtureDensityGeometry([], model)).toThrow(InvalidInputError);
    expect(() => mixtureDensityGeometry(null, model, { points: 1 })).toThrow(InvalidOptionError);
    expect(() => mixtureDensityGeometry(null, model, { xDomain: [3, 1] })).toThrow(InvalidOptionError);
  });
});
