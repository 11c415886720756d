import { InvalidInputError, InvalidOptionError } from '@em/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { covarianceEllipse } from '../src/index.js';

/** Eigen-decomposition of [[a, b], [b, c]] from the characteristic polynomial, larger eigenvalue first. */
function closedFormEigen(a: number, b: number, c: number) {
  const mid = (a + c) / 2;
  const radius = Math.hypot((a - c) / 2, b);
  const values = [mid + radius, mid - radius];
  const vectors = values.map((l) => {
    // (A − λI)v = 0 gives v ∝ (b, λ − a) and v ∝ (λ − c, b); the longer one is the well-conditioned one.
    const first = [b, l - a];
    const second = [l - c, b];
    const [x, y] = Math.hypot(first[0]!, first[1]!) >= Math.hypot(second[0]!, second[1]!) ? first : second;
    const n = Math.hypot(x!, y!);
    return [x! / n, y! / n];
  });
  return { values, vectors };
}

const sameLine = (u: number[], v: number[]) => Math.abs(Math.abs(u[0]! * v[0]! + u[1]! * v[1]!) - 1);

describe('covarianceEllipse', () => {
  it('has axes along the eigenvectors, of length nStd·√eigenvalue (closed-form 2 × 2)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: -0.95, max: 0.95, noNaN: true }),
        fc.constantFrom(1, 2, 3),
        (varX, varY, rho, nStd) => {
          const b = rho * Math.sqrt(varX * varY);
          const e = covarianceEllipse(
            [1, -2],
            [
              [varX, b],
              [b, varY],
            ],
            nStd,
          );
          const expected = closedFormEigen(varX, b, varY);
          expect(e.axes[0].length).toBeCloseTo(nStd * Math.sqrt(expected.values[0]!), 8);
          expect(e.axes[1].length).toBeCloseTo(nStd * Math.sqrt(expected.values[1]!), 8);
          // Directions only matter up to sign; skip when the two eigenvalues (nearly) coincide.
          if (expected.values[0]! - expected.values[1]! > 1e-6 * expected.values[0]!) {
            expect(sameLine(e.axes[0].direction, expected.vectors[0]!)).toBeLessThan(1e-6);
            expect(sameLine(e.axes[1].direction, expected.vectors[1]!)).toBeLessThan(1e-6);
          }
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('puts every point on the contour (x − μ)ᵀ Σ⁻¹ (x − μ) = nStd²', () => {
    const [a, b, c] = [2, 0.8, 1];
    const det = a * c - b * b;
    const e = covarianceEllipse(
      [3, 4],
      [
        [a, b],
        [b, c],
      ],
      2,
      36,
    );
    expect(e.points).toHaveLength(36);
    for (const [x, y] of e.points) {
      const dx = x - 3;
      const dy = y - 4;
      expect((c * dx * dx - 2 * b * dx * dy + a * dy * dy) / det).toBeCloseTo(4, 10);
    }
  });

  it('matches a worked example: diag(4, 1) at 2 sd has semi-axes 4 along x and 2 along y', () => {
    const e = covarianceEllipse(
      [0, 0],
      [
        [4, 0],
        [0, 1],
      ],
      2,
    );
    expect(e.axes[0].length).toBeCloseTo(4, 12);
    expect(e.axes[1].length).toBeCloseTo(2, 12);
    expect(e.angle).toBeCloseTo(0, 12);
    // [[1, 1], [1, 1]] + εI: major axis at 45°.
    expect(
      covarianceEllipse(
        [0, 0],
        [
          [1.1, 1],
          [1, 1.1],
        ],
      ).angle,
    ).toBeCloseTo(Math.PI / 4, 12);
  });

  it('rejects non-positive-definite, asymmetric and malformed covariances with InvalidInputError', () => {
    const bad = [
      [
        [1, 2],
        [2, 1],
      ], // eigenvalues 3 and −1
      [
        [1, 1],
        [1, 1],
      ], // singular
      [
        [1, 0.5],
        [0.2, 1],
      ], // not symmetric
      [[1, 0]],
      [
        [1, Number.NaN],
        [Number.NaN, 1],
      ],
    ];
    for (const covariance of bad) {
      try {
        covarianceEllipse([0, 0], covariance);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidInputError);
        expect((e as InvalidInputError).argument).toBe('covariance');
      }
    }
    expect(() =>
      covarianceEllipse(
        [0, 0],
        [
          [1, 0],
          [0, 1],
        ],
        0,
      ),
    ).toThrow(InvalidOptionError);
    expect(() =>
      covarianceEllipse(
        [0],
        [
          [1, 0],
          [0, 1],
        ],
      ),
    ).toThrow(InvalidInputError);
  });
});
