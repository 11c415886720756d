import { choleskyLower, factorScratch, invertLowerTransposed } from '../linalg.js';
import { accumulateScatter, logProbWithFactors } from './full-matrix.js';
import type { CovarianceKernel, GaussianStats } from './types.js';
import { precisionIsFinite } from './variances.js';

/** One d × d covariance shared by all components. */
export const tiedKernel: CovarianceKernel = {
  covarianceType: 'tied',
  covarianceSize: (_k, d) => d * d,
  statsSize: (_k, d) => d * d,
  nCovarianceParameters: (_k, d) => (d * (d + 1)) / 2,

  // Stride 0: every component uses the one shared factor and adds into the one shared scatter.
  estimateLogProb(X, n, d, k, means, precisionsCholesky, out) {
    logProbWithFactors(X, n, d, k, means, precisionsCholesky, 0, out);
  },

  accumulate(X, n, d, k, resp, centres, nk, s1, s2) {
    accumulateScatter(X, n, d, k, resp, centres, nk, s1, s2, 0);
  },

  covariances(stats: GaussianStats, nkReg, k, d, regCovar, out) {
    // scikit-learn: (Σ_i x xᵀ − Σ_c nk_c μ_c μ_cᵀ) / Σ_c nk_c, here as within-component scatter.
    let total = 0;
    for (let c = 0; c < k; c++) total += nkReg[c]!;
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        let v = stats.s2[a * d + b]!;
        for (let c = 0; c < k; c++) v -= (stats.s1[c * d + a]! * stats.s1[c * d + b]!) / nkReg[c]!;
        v /= total;
        out[a * d + b] = v;
        out[b * d + a] = v;
      }
      out[a * d + a]! += regCovar;
    }
  },

  precisionCholesky(covariances, _k, d, out) {
    const l = factorScratch(d * d);
    if (!choleskyLower(covariances, 0, d, l, 0)) return 0;
    invertLowerTransposed(l, 0, d, out, 0);
    if (!precisionIsFinite(out, 0, d)) return 0;
    return -1;
  },

  logDetCholesky(precisionsCholesky, k, d, out) {
    let logDet = 0;
    for (let j = 0; j < d; j++) logDet += Math.log(precisionsCholesky[j * d + j]!);
    out.fill(logDet, 0, k);
  },
};
