// The data shapes every method accepts, converted by @em/core's toFlatMatrix: checked here against the
// real ml-matrix (which @em/core, having no dependencies, cannot use in its own tests).
import { toFlatMatrix } from '@em/core/numeric';
import { Matrix, MatrixSubView, MatrixTransposeView } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { GaussianMixture } from '../src/index.js';

const rows = [
  [1, 2],
  [3, 4],
  [5, 7],
  [8, 1],
];

describe('ml-matrix input', () => {
  it('a Matrix, a view of one and a column vector give the same flat matrix as number[][]', () => {
    const expected = toFlatMatrix(rows);
    expect(toFlatMatrix(new Matrix(rows))).toEqual(expected);
    expect(toFlatMatrix(new MatrixTransposeView(new Matrix(rows).transpose()))).toEqual(expected);
    const padded = new Matrix(rows.map((row) => [...row, 0]));
    expect(toFlatMatrix(new MatrixSubView(padded, 0, 3, 0, 1))).toEqual(expected);
    expect(toFlatMatrix(Matrix.columnVector([1, 3, 5]))).toEqual(toFlatMatrix([1, 3, 5]));
  });

  it('fits the same mixture from a Matrix as from number[][]', () => {
    const fit = (X: Parameters<GaussianMixture['fit']>[0]) =>
      new GaussianMixture({ nComponents: 2, randomState: 0 }).fit(X);
    expect(fit(new Matrix(rows)).means).toEqual(fit(rows).means);
  });
});
