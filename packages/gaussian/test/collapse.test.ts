import { describe, expect, it } from 'vitest';
import { findCollapse, GaussianMixture } from '../src/index.js';

const reg = 1e-6;

describe('findCollapse: a variance within 10 × regCovar of the floor', () => {
  it('spherical and diag: picks the smallest variance and its axis', () => {
    expect(findCollapse('spherical', [1, 8e-6, 5e-6, 2], 2, reg)).toEqual({
      component: 2,
      variance: 5e-6,
      direction: [1, 0],
      feature: 0,
    });
    expect(
      findCollapse(
        'diag',
        [
          [1, 2],
          [3, 4e-6],
        ],
        2,
        reg,
      ),
    ).toEqual({ component: 1, variance: 4e-6, direction: [0, 1], feature: 1 });
    expect(findCollapse('spherical', [1, 2], 1, reg)).toBeUndefined();
  });

  it('the threshold is exactly 10 × regCovar', () => {
    expect(findCollapse('spherical', [10 * reg], 1, reg)?.variance).toBe(10 * reg);
    expect(findCollapse('spherical', [10.001 * reg], 1, reg)).toBeUndefined();
    // Without regularisation only an exactly flat component counts.
    expect(findCollapse('spherical', [1e-300], 1, 0)).toBeUndefined();
    expect(findCollapse('spherical', [0], 1, 0)?.variance).toBe(0);
  });

  it('full and tied: the smallest eigenvalue, so a component flat along a diagonal line counts', () => {
    // [[a, b], [b, c]] has eigenvalues (a + c)/2 ± sqrt(((a − c)/2)² + b²): here about 2 and 3e-6,
    // although neither diagonal entry (the per-feature variances) is small.
    const [a, b, c] = [1, 1 - 3e-6, 1];
    const smallest = (a + c) / 2 - Math.sqrt(((a - c) / 2) ** 2 + b ** 2);
    const flat = [
      [a, b],
      [b, c],
    ];
    const round = [
      [1, 0.2],
      [0.2, 1],
    ];
    const full = findCollapse('full', [round, flat], 2, reg)!;
    expect(full.component).toBe(1);
    expect(full.variance).toBeCloseTo(smallest, 12);
    // Direction (1, −1)/√2, up to sign.
    expect(Math.abs(full.direction[0]!)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(full.direction[0]! * full.direction[1]!).toBeCloseTo(-0.5, 6);
    expect(findCollapse('tied', flat, 2, reg)?.component).toBe(0);
    expect(findCollapse('tied', round, 2, reg)).toBeUndefined();
  });

  it('finds the component fitted onto three copies of one value (the TSDoc example)', () => {
    const gmm = new GaussianMixture({ nComponents: 2, covarianceType: 'spherical', randomState: 0 }).fit([
      1, 2, 7, 7, 7,
    ]);
    const collapse = findCollapse(gmm.covarianceType, gmm.covariances, gmm.nFeatures, 1e-6)!;
    expect(collapse).toBeDefined();
    expect(gmm.means[collapse.component]![0]).toBeCloseTo(7, 6);
    // The data's variance there is 0: what is left is regCovar.
    expect(collapse.variance).toBeCloseTo(1e-6, 12);
  });
});
