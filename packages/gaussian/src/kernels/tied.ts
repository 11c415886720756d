import { choleskyLower, invertLowerTransposed } from '../linalg.js';
import type { CovarianceKernel, GaussianStats } from './types.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** One d × d covariance shared by all components. */
export const tiedKernel: CovarianceKernel = {
  covarianceType: 'tied',
  covarianceSize: (_k, d) => d * d,
  statsSize: (_k, d) => d * d,
  nCovarianceParameters: (_k, d) => (d * (d + 1)) / 2,

  estimateLogProb(X, n, d, k, means, precisionsCholesky, out) {
    const diff = new Float64Array(d);
    let logDet = 0;
    for (let j = 0; j < d; j++) logDet += Math.log(precisionsCholesky[j * d + j]!);
    const constant = -0.5 * d * LOG_2PI + logDet;
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < n; i++) {
        const xOff = i * d;
        for (let j = 0; j < d; j++) diff[j] = X[xOff + j]! - means[c * d + j]!;
        let maha = 0;
        for (let j = 0; j < d; j++) {
          let y = 0;
          for (let m = 0; m < d; m++) y += diff[m]! * precisionsCholesky[m * d + j]!;
          maha += y * y;
        }
        out[i * k + c] = constant - 0.5 * maha;
      }
    }
  },

  accumulate(X, n, d, k, resp, centres, nk, s1, s2) {
    const diff = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const xOff = i * d;
      for (let c = 0; c < k; c++) {
        const r = resp[i * k + c]!;
        if (r === 0) continue; // hard assignments (k-means initialisation) and flushed tails
        nk[c]! += r;
        for (let j = 0; j < d; j++) {
          const v = X[xOff + j]! - centres[c * d + j]!;
          diff[j] = v;
          s1[c * d + j]! += r * v;
        }
        for (let a = 0; a < d; a++) {
          const ra = r * diff[a]!;
          for (let b = a; b < d; b++) s2[a * d + b]! += ra * diff[b]!;
        }
      }
    }
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
    const l = new Float64Array(d * d);
    if (!choleskyLower(covariances, 0, d, l, 0)) return 0;
    invertLowerTransposed(l, 0, d, out, 0);
    return -1;
  },

  logDetCholesky(precisionsCholesky, k, d, out) {
    let logDet = 0;
    for (let j = 0; j < d; j++) logDet += Math.log(precisionsCholesky[j * d + j]!);
    out.fill(logDet, 0, k);
  },
};
