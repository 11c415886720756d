import { InvalidInputError, NumericalError } from '@em/core';
import { normalizeLogRows } from '@em/core/numeric';
import { at } from './matrix.js';
import type { NormalizedModel } from './model.js';

/**
 * Lower Cholesky factor, flat row-major; a non-positive pivot means the covariance is not positive
 * definite, which the error reports against `argument`.
 */
export function cholesky(matrix: number[][], argument: string): Float64Array {
  const n = matrix.length;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = at(matrix, i, j);
      for (let p = 0; p < j; p++) sum -= l[i * n + p]! * l[j * n + p]!;
      if (i === j) {
        if (!(sum > 0))
          throw new InvalidInputError(argument, 'a positive-definite covariance matrix', matrix);
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
  }
  return l;
}

/**
 * Posterior probability of each component for each row (the responsibilities), computed with
 * log-densities and log-sum-exp like scikit-learn's `predict_proba`, so far-out points do not underflow.
 */
export function posteriors(model: NormalizedModel, data: Float64Array, rows: number): Float64Array {
  const { k, d } = model;
  const factors = model.covariances.map((c, i) => cholesky(c, `model.covariances[${i}]`));
  const logNorm = factors.map((l, i) => {
    let logDet = 0;
    for (let a = 0; a < d; a++) logDet += Math.log(l[a * d + a]!);
    return Math.log(model.weights[i]!) - 0.5 * d * Math.log(2 * Math.PI) - logDet;
  });
  const out = new Float64Array(rows * k);
  const z = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < k; c++) {
      const l = factors[c]!;
      const mean = model.means[c]!;
      // Solve L z = x − mean by forward substitution; the squared Mahalanobis distance is |z|².
      let m2 = 0;
      for (let a = 0; a < d; a++) {
        let s = data[r * d + a]! - mean[a]!;
        for (let b = 0; b < a; b++) s -= l[a * d + b]! * z[b]!;
        z[a] = s / l[a * d + a]!;
        m2 += z[a]! * z[a]!;
      }
      out[r * k + c] = logNorm[c]! - 0.5 * m2;
    }
    // Every distance overflowed (or a weight is 0 everywhere): the posterior is 0/0, not a number to draw.
    let best = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) best = Math.max(best, out[r * k + c]!);
    if (!Number.isFinite(best))
      throw new NumericalError(
        `Row ${r} of X is so far from every component that its squared distance overflows.`,
        'Scale the data (and the model) to smaller numbers.',
      );
  }
  normalizeLogRows({ data: out, rows, cols: k });
  return out;
}
