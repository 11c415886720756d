import { choleskyLower, invertLowerTransposed } from '../linalg.js';
import type { CovarianceKernel, GaussianStats } from './types.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** Each component has its own d × d covariance. */
export const fullKernel: CovarianceKernel = {
  covarianceType: 'full',
  covarianceSize: (k, d) => k * d * d,
  statsSize: (k, d) => k * d * d,
  nCovarianceParameters: (k, d) => (k * d * (d + 1)) / 2,

  estimateLogProb(X, n, d, k, means, precisionsCholesky, out) {
    const diff = new Float64Array(d);
    const dd = d * d;
    for (let c = 0; c < k; c++) {
      const pOff = c * dd;
      let logDet = 0;
      for (let j = 0; j < d; j++) logDet += Math.log(precisionsCholesky[pOff + j * d + j]!);
      const constant = -0.5 * d * LOG_2PI + logDet;
      for (let i = 0; i < n; i++) {
        const xOff = i * d;
        for (let j = 0; j < d; j++) diff[j] = X[xOff + j]! - means[c * d + j]!;
        // y = diff · U; Σ y² is the Mahalanobis distance.
        let maha = 0;
        for (let j = 0; j < d; j++) {
          let y = 0;
          for (let m = 0; m < d; m++) y += diff[m]! * precisionsCholesky[pOff + m * d + j]!;
          maha += y * y;
        }
        out[i * k + c] = constant - 0.5 * maha;
      }
    }
  },

  accumulate(X, n, d, k, resp, centres, nk, s1, s2) {
    const diff = new Float64Array(d);
    const dd = d * d;
    for (let i = 0; i < n; i++) {
      const xOff = i * d;
      for (let c = 0; c < k; c++) {
        const r = resp[i * k + c]!;
        if (r === 0) continue; // hard assignments (k-means initialisation) and flushed tails
        nk[c]! += r;
        const sOff = c * dd;
        for (let j = 0; j < d; j++) {
          const v = X[xOff + j]! - centres[c * d + j]!;
          diff[j] = v;
          s1[c * d + j]! += r * v;
        }
        for (let a = 0; a < d; a++) {
          const ra = r * diff[a]!;
          for (let b = a; b < d; b++) s2[sOff + a * d + b]! += ra * diff[b]!;
        }
      }
    }
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
    const l = new Float64Array(dd);
    for (let c = 0; c < k; c++) {
      if (!choleskyLower(covariances, c * dd, d, l, 0)) return c;
      invertLowerTransposed(l, 0, d, out, c * dd);
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
