import type { CovarianceKernel, GaussianStats } from './types.js';
import { MIN_VARIANCE } from './variances.js';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Each component has its own diagonal covariance. The Mahalanobis term is computed directly as
 * Σ ((x − μ) / σ)², not through scikit-learn's expanded Σ x²/σ² − 2 x μ/σ² + μ²/σ², which loses
 * digits when |μ| ≫ σ; both agree to rounding on ordinary data.
 */
export const diagKernel: CovarianceKernel = {
  covarianceType: 'diag',
  covarianceSize: (k, d) => k * d,
  statsSize: (k, d) => k * d,
  nCovarianceParameters: (k, d) => k * d,

  estimateLogProb(X, n, d, k, means, precisionsCholesky, out) {
    for (let c = 0; c < k; c++) {
      let logDet = 0;
      for (let j = 0; j < d; j++) logDet += Math.log(precisionsCholesky[c * d + j]!);
      const constant = -0.5 * d * LOG_2PI + logDet;
      for (let i = 0; i < n; i++) {
        let maha = 0;
        for (let j = 0; j < d; j++) {
          const y = (X[i * d + j]! - means[c * d + j]!) * precisionsCholesky[c * d + j]!;
          maha += y * y;
        }
        out[i * k + c] = constant - 0.5 * maha;
      }
    }
  },

  accumulate(X, n, d, k, resp, centres, nk, s1, s2) {
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        const r = resp[i * k + c]!;
        nk[c]! += r;
        for (let j = 0; j < d; j++) {
          const v = X[i * d + j]! - centres[c * d + j]!;
          const rv = r * v;
          s1[c * d + j]! += rv;
          s2[c * d + j]! += rv * v;
        }
      }
    }
  },

  covariances(stats: GaussianStats, nkReg, k, d, regCovar, out) {
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const delta = stats.s1[c * d + j]! / nkReg[c]!;
        out[c * d + j] = stats.s2[c * d + j]! / nkReg[c]! - delta * delta + regCovar;
      }
    }
  },

  precisionCholesky(covariances, k, d, out) {
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const v = covariances[c * d + j]!;
        if (!(v >= MIN_VARIANCE) || !Number.isFinite(v)) return c;
        out[c * d + j] = 1 / Math.sqrt(v);
      }
    }
    return -1;
  },

  logDetCholesky(precisionsCholesky, k, d, out) {
    for (let c = 0; c < k; c++) {
      let logDet = 0;
      for (let j = 0; j < d; j++) logDet += Math.log(precisionsCholesky[c * d + j]!);
      out[c] = logDet;
    }
  },
};
