import { InvalidInputError } from '@em/core';
import { type DataInput, type FlatMatrix, toFlatMatrix } from '@em/core/numeric';

/**
 * The data as a flat matrix: with `allowMissing`, NaN marks a missing value; otherwise a NaN is an
 * `InvalidInputError` (naming its row and column) that points to `missing: 'em'`.
 */
export function readData(X: DataInput, allowMissing: boolean, name = 'X'): FlatMatrix {
  if (allowMissing) return toFlatMatrix(X, name, { missing: 'allow' });
  try {
    return toFlatMatrix(X, name);
  } catch (error) {
    if (
      error instanceof InvalidInputError &&
      Number.isNaN(error.received as number) &&
      typeof error.received === 'number'
    ) {
      throw new InvalidInputError(
        error.argument,
        `${error.expected} (NaN marks a missing value: new GaussianMixture({ missing: 'em' }) fits data with missing values)`,
        error.received,
        { row: error.row, column: error.column },
      );
    }
    throw error;
  }
}
