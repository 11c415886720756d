import type { CovarianceKernel, GaussianStats } from './types.js';
import { precisionCholeskyOfVariances } from './variances.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** Each component has a single variance shared by all features (σ_c² I). */
export const sphericalKernel: CovarianceKernel = {
  covarianceType: 'spherical',
  covarianceSize: (k) => k,
  statsSize: (k) => k,
  nCovarianceParameters: (k) => k,

  estimateLogProb(X, n, d, k, means, precisionsCholesky, out) {
    for (let c = 0; c < k; c++) {
      const p = precisionsCholesky[c]!;
      const constant = -0.5 * d * LOG_2PI + d * Math.log(p);
      const p2 = p * p;
      for (let i = 0; i < n; i++) {
        let dist = 0;
        for (let j = 0; j < d; j++) {
          const v = X[i * d + j]! - means[c * d + j]!;
          dist += v * v;
        }
        out[i * k + c] = constant - 0.5 * dist * p2;
      }
    }
  },

  accumulate(X, n, d, k, resp, centres, nk, s1, s2) {
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        const r = resp[i * k + c]!;
        nk[c]! += r;
        let dist = 0;
        for (let j = 0; j < d; j++) {
          const v = X[i * d + j]! - centres[c * d + j]!;
          s1[c * d + j]! += r * v;
          dist += v * v;
        }
        s2[c]! += r * dist;
      }
    }
  },

  covariances(stats: GaussianStats, nkReg, k, d, regCovar, out) {
    // scikit-learn: the mean over features of the diagonal covariance.
    for (let c = 0; c < k; c++) {
      let moved = 0;
      for (let j = 0; j < d; j++) {
        const delta = stats.s1[c * d + j]! / nkReg[c]!;
        moved += delta * delta;
      }
      out[c] = (stats.s2[c]! / nkReg[c]! - moved) / d + regCovar;
    }
  },

  precisionCholesky: (covariances, k, _d, out) => precisionCholeskyOfVariances(covariances, k, out),

  logDetCholesky(precisionsCholesky, k, d, out) {
    for (let c = 0; c < k; c++) out[c] = d * Math.log(precisionsCholesky[c]!);
  },
};
