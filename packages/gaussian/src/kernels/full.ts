import { choleskyLower, factorScratch, invertLowerTransposed } from '../linalg.js';
import { accumulateScatter, logProbWithFactors } from './full-matrix.js';
import type { CovarianceKernel, GaussianStats } from './types.js';
import { precisionIsFinite } from './variances.js';

/** Each component has its own d × d covariance. */
export const fullKernel: CovarianceKernel = {
  covarianceType: 'full',
  covarianceSize: (k, d) => k * d * d,
  statsSize: (k, d) => k * d * d,
  nCovarianceParameters: (k, d) => (k * d * (d + 1)) / 2,

  estimateLogProb(X, n, d, k, means, precisionsCholesky, out) {
    logProbWithFactors(X, n, d, k, means, precisionsCholesky, d * d, out);
  },

  accumulate(X, n, d, k, resp, centres, nk, s1, s2) {
    accumulateScatter(X, n, d, k, resp, centres, nk, s1, s2, d * d);
  },

  covariances(stats: GaussianStats, nkReg, k, d, regCovar, out) {
    const dd = d * d;
    for (let c = 0; c < k; c++) {
      const nc = nkReg[c]!;
      const off = c * dd;
      for (let a = 0; a < d; a++) {
        const da = stats.s1[c * d + a]! / nc;
        for (let b = a; b < d; b++) {
          const db = stats.s1[c * d + b]! / nc;
          const v = stats.s2[off + a * d + b]! / nc - da * db;
          out[off + a * d + b] = v;
          out[off + b * d + a] = v;
        }
        out[off + a * d + a]! += regCovar;
      }
    }
  },

  precisionCholesky(covariances, k, d, out) {
    const dd = d * d;
    const l = factorScratch(dd);
    for (let c = 0; c < k; c++) {
      if (!choleskyLower(covariances, c * dd, d, l, 0)) return c;
      invertLowerTransposed(l, 0, d, out, c * dd);
      if (!precisionIsFinite(out, c * dd, d)) return c;
    }
    return -1;
  },

  logDetCholesky(precisionsCholesky, k, d, out) {
    for (let c = 0; c < k; c++) {
      let logDet = 0;
      for (let j = 0; j < d; j++) logDet += Math.log(precisionsCholesky[c * d * d + j * d + j]!);
      out[c] = logDet;
    }
  },
};
