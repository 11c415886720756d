import { InvalidOptionError } from '@em/core';
import { createRandom, multivariateNormal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { GaussianMixture, selectModel } from '../src/index.js';

const rng = createRandom(11);
const blob = (mean: number[], cov: number[][], size: number) => {
  const { data, cols } = multivariateNormal(rng, { mean, cov, size });
  return Array.from({ length: size }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));
};
// Three well-separated elongated clusters: BIC should pick 3 components.
const X = [
  ...blob(
    [0, 0],
    [
      [1, 0.8],
      [0.8, 1],
    ],
    150,
  ),
  ...blob(
    [10, 0],
    [
      [1, -0.5],
      [-0.5, 1],
    ],
    150,
  ),
  ...blob(
    [5, 10],
    [
      [2, 0],
      [0, 0.5],
    ],
    150,
  ),
];

describe('selectModel', () => {
  it('tabulates BIC and AIC for every covariance type × K and picks the lowest', () => {
    const selection = selectModel(X, { nComponents: [1, 2, 3, 4], randomState: 0, keepModels: true });
    expect(selection.table).toHaveLength(16);
    expect(selection.best.nComponents).toBe(3);
    expect(selection.best.covarianceType).toBe('full');
    for (const [i, row] of selection.table.entries()) {
      const model = selection.models![i]!;
      expect(row.bic).toBe(model.bic(X));
      expect(row.aic).toBe(model.aic(X));
      expect(row.nParameters).toBe(model.nParameters());
      expect(selection.values[row.covarianceType][selection.nComponents.indexOf(row.nComponents)]).toBe(
        row.bic,
      );
    }
    const lowest = Math.min(...selection.table.map((row) => row.bic!));
    expect(selection.best.value).toBe(lowest);
  });

  it('matches fitting each model by hand, and AIC can be the criterion', () => {
    const selection = selectModel(X, {
      nComponents: [2, 3],
      covarianceTypes: ['diag'],
      criterion: 'aic',
      randomState: 4,
    });
    expect(selection.models).toBeUndefined();
    const byHand = new GaussianMixture({ nComponents: 3, covarianceType: 'diag', randomState: 4 }).fit(X);
    expect(selection.values.diag[1]).toBe(byHand.aic(X));
    expect(selection.best.model.params).toEqual(byHand.params);
  });

  it('records failed fits as null instead of failing the grid', () => {
    const few = [
      [0, 0],
      [1, 1],
      [2, 0],
    ];
    const selection = selectModel(few, { nComponents: [1, 5], covarianceTypes: ['spherical'] });
    expect(selection.table[1]!.bic).toBeNull();
    expect(selection.table[1]!.error).toMatch(/fewer samples \(3\) than components/);
    expect(selection.best.nComponents).toBe(1);
  });

  it('validates the grid and the shared options before fitting', () => {
    expect(() => selectModel(X, { nComponents: [] })).toThrow(InvalidOptionError);
    expect(() => selectModel(X, { nComponents: [0] })).toThrow(/nComponents: expected an integer >= 1/);
    expect(() => selectModel(X, { criterion: 'icl' as never })).toThrow(/criterion/);
    expect(() => selectModel(X, { covarianceTypes: ['round' as never] })).toThrow(/covarianceType/);
  });
});
