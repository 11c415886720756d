import type { CovarianceKernel, GaussianStats } from './types.js';
import { precisionCholeskyOfVariances } from './variances.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The 1-D fast path: one feature, one variance per component. With d = 1 the full (K × 1 × 1),
 * diag (K × 1) and spherical (K) layouts are all the same K numbers, so this one kernel serves
 * all three; `tied` keeps its own kernel (one shared variance).
 */
export function univariateKernel(covarianceType: 'full' | 'diag' | 'spherical'): CovarianceKernel {
  return {
    covarianceType,
    covarianceSize: (k) => k,
    statsSize: (k) => k,
    nCovarianceParameters: (k) => k,

    estimateLogProb(X, n, _d, k, means, precisionsCholesky, out) {
      for (let c = 0; c < k; c++) {
        const p = precisionsCholesky[c]!;
        const mu = means[c]!;
        const constant = Math.log(p) - HALF_LOG_2PI;
        for (let i = 0; i < n; i++) {
          const y = (X[i]! - mu) * p;
          out[i * k + c] = constant - 0.5 * y * y;
        }
      }
    },

    accumulate(X, n, _d, k, resp, centres, nk, s1, s2) {
      for (let i = 0; i < n; i++) {
        const x = X[i]!;
        for (let c = 0; c < k; c++) {
          const r = resp[i * k + c]!;
          const v = x - centres[c]!;
          const rv = r * v;
          nk[c]! += r;
          s1[c]! += rv;
          s2[c]! += rv * v;
        }
      }
    },

    covariances(stats: GaussianStats, nkReg, k, _d, regCovar, out) {
      for (let c = 0; c < k; c++) {
        const delta = stats.s1[c]! / nkReg[c]!;
        out[c] = stats.s2[c]! / nkReg[c]! - delta * delta + regCovar;
      }
    },

    precisionCholesky: (covariances, k, _d, out) => precisionCholeskyOfVariances(covariances, k, out),

    logDetCholesky(precisionsCholesky, k, _d, out) {
      for (let c = 0; c < k; c++) out[c] = Math.log(precisionsCholesky[c]!);
    },
  };
}
