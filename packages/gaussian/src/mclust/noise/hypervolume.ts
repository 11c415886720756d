import { InvalidInputError } from '@em/core';
import { type DataInput, toFlatMatrix } from '@em/core/numeric';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Σ log(range) over the columns of an n × q row-major matrix. */
function logRangeVolume(data: ArrayLike<number>, n: number, q: number): number {
  let total = 0;
  for (let j = 0; j < q; j++) {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const x = data[i * q + j]!;
      if (x < low) low = x;
      if (x > high) high = x;
    }
    total += Math.log(high - low);
  }
  return total;
}

/**
 * The volume of the region the data occupy, as mclust's `hypvol`: the smaller of the bounding box of
 * the variables and the bounding box of the principal components (one column: the range). The noise
 * component's density is its reciprocal.
 *
 * @param X Data, n × p.
 * @throws InvalidInputError for fewer than 2 rows or non-finite values.
 *
 * @example
 * ```ts
 * import { hypervolume } from '@em/gaussian';
 * hypervolume([[0, 0], [2, 0], [0, 3], [2, 3]]); // 6
 * hypervolume([1, 4, 2]); // 3
 * ```
 */
export function hypervolume(X: DataInput): number {
  const data = toFlatMatrix(X, 'X');
  const { rows: n, cols: p } = data;
  if (n < 2) throw new InvalidInputError('X', 'at least 2 rows', `${n} row${n === 1 ? '' : 's'}`);
  if (p === 1) return Math.max(...data.data) - Math.min(...data.data);
  const box = logRangeVolume(data.data, n, p);
  // Principal components of the centred data (princomp: eigenvectors of the ML covariance).
  const centred = new Matrix(n, p);
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data.data[i * p + j]!;
    mean /= n;
    for (let i = 0; i < n; i++) centred.set(i, j, data.data[i * p + j]! - mean);
  }
  const covariance = centred.transpose().mmul(centred).div(n);
  const vectors = new EigenvalueDecomposition(covariance, { assumeSymmetric: true }).eigenvectorMatrix;
  const scores = centred.mmul(vectors);
  const components = logRangeVolume(scores.to1DArray(), n, p);
  return Math.exp(Math.min(box, components));
}
