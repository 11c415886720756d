// A bank of K Gaussian densities in D dimensions with one covariance parametrisation: the states of a
// Gaussian HMM (K = nStates) or every state's mixture components (K = nStates × nMix). The log-density
// is computed here from the Cholesky factor of each covariance (never an explicit inverse), as
// scikit-learn and hmmlearn do; see the package README for why this is not taken from @em/gaussian.
import { NumericalError } from '@em/core';
import type { CovarianceType } from '../types.js';
import { cholesky, invertLower } from './linalg.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** Means and covariances of K Gaussians; `tied` shares one covariance per group of `groupSize`. */
export interface GaussianBank {
  k: number;
  d: number;
  type: CovarianceType;
  /** Components sharing one covariance when tied (nStates for a Gaussian HMM, nMix for a GMM HMM). */
  groupSize: number;
  /** K × D. */
  means: Float64Array;
  /** spherical: K; diag: K × D; full: K × D × D; tied: (K / groupSize) × D × D. */
  covars: Float64Array;
}

/** What the log-density needs, computed once per E-step. */
export interface PreparedBank {
  bank: GaussianBank;
  /** Per component: −½ (D log 2π + log |Σ|). */
  logConst: Float64Array;
  /** spherical: 1/σ² (K); diag: 1/σ² (K × D); full: L⁻¹ (K × D × D); tied: L⁻¹ per group. */
  prec: Float64Array;
  /** Cholesky factors (full and tied), for sampling. */
  chol: Float64Array;
}

export function covarsLength(type: CovarianceType, k: number, d: number, groupSize: number): number {
  switch (type) {
    case 'spherical':
      return k;
    case 'diag':
      return k * d;
    case 'full':
      return k * d * d;
    case 'tied':
      return (k / groupSize) * d * d;
  }
}

/**
 * Precomputes constants and precision factors; returns the index of the first component (or tied
 * group) whose covariance is not positive definite, as a negative number −(index + 1), on failure.
 */
export function prepareBank(bank: GaussianBank): PreparedBank | number {
  const { k, d, type, covars } = bank;
  const logConst = new Float64Array(k);
  let prec: Float64Array;
  let chol = new Float64Array(0);
  if (type === 'spherical' || type === 'diag') {
    prec = new Float64Array(covars.length);
    const perComponent = type === 'spherical' ? 1 : d;
    for (let c = 0; c < k; c++) {
      let logDet = 0;
      for (let j = 0; j < perComponent; j++) {
        const v = covars[c * perComponent + j]!;
        if (!(v > 0) || !Number.isFinite(v)) return -(c + 1);
        prec[c * perComponent + j] = 1 / v;
        logDet += Math.log(v);
      }
      if (type === 'spherical') logDet *= d;
      logConst[c] = -0.5 * (d * LOG_2PI + logDet);
    }
  } else {
    const blocks = type === 'full' ? k : k / bank.groupSize;
    prec = new Float64Array(blocks * d * d);
    chol = new Float64Array(blocks * d * d);
    const blockLogConst = new Float64Array(blocks);
    for (let b = 0; b < blocks; b++) {
      if (!cholesky(covars, b * d * d, d, chol, b * d * d)) return -(b + 1);
      invertLower(chol, b * d * d, d, prec, b * d * d);
      let logDet = 0;
      for (let i = 0; i < d; i++) logDet += 2 * Math.log(chol[b * d * d + i * d + i]!);
      blockLogConst[b] = -0.5 * (d * LOG_2PI + logDet);
    }
    for (let c = 0; c < k; c++)
      logConst[c] = blockLogConst[type === 'full' ? c : Math.floor(c / bank.groupSize)]!;
  }
  return { bank, logConst, prec, chol };
}

/**
 * log N(x_t | μ_c, Σ_c) for every row t in [t0, t1) of `data` (row-major, D columns) and every
 * component c, into `out[(t − t0) × stride + offset + c]`.
 */
export function fillLogDensities(
  prep: PreparedBank,
  data: Float64Array,
  t0: number,
  t1: number,
  out: Float64Array,
  stride: number,
  offset: number,
  scratch: Float64Array,
): void {
  const { k, d, type, means, groupSize } = prep.bank;
  const { logConst, prec } = prep;
  if (d === 1 && type !== 'full' && type !== 'tied') {
    // The common univariate case, without the inner feature loop.
    for (let t = t0, o = offset; t < t1; t++, o += stride) {
      const x = data[t]!;
      for (let c = 0; c < k; c++) {
        const diff = x - means[c]!;
        out[o + c] = logConst[c]! - 0.5 * diff * diff * prec[c]!;
      }
    }
    return;
  }
  for (let t = t0, o = offset; t < t1; t++, o += stride) {
    const xo = t * d;
    for (let c = 0; c < k; c++) {
      const mo = c * d;
      let q = 0;
      if (type === 'diag') {
        for (let j = 0; j < d; j++) {
          const diff = data[xo + j]! - means[mo + j]!;
          q += diff * diff * prec[mo + j]!;
        }
      } else if (type === 'spherical') {
        for (let j = 0; j < d; j++) {
          const diff = data[xo + j]! - means[mo + j]!;
          q += diff * diff;
        }
        q *= prec[c]!;
      } else {
        const po = (type === 'full' ? c : Math.floor(c / groupSize)) * d * d;
        for (let j = 0; j < d; j++) scratch[j] = data[xo + j]! - means[mo + j]!;
        for (let i = 0; i < d; i++) {
          let y = 0;
          for (let j = 0; j <= i; j++) y += prec[po + i * d + j]! * scratch[j]!;
          q += y * y;
        }
      }
      out[o + c] = logConst[c]! - 0.5 * q;
    }
  }
}

/** Weighted sufficient statistics of a bank: Σw, Σw·x and Σw·x² (diagonal) or Σw·x xᵀ (full, tied). */
export interface BankStats {
  n: Float64Array;
  sx: Float64Array;
  sxx: Float64Array;
}

export function zeroBankStats(bank: GaussianBank): BankStats {
  const { k, d, type } = bank;
  const full = type === 'full' || type === 'tied';
  return {
    n: new Float64Array(k),
    sx: new Float64Array(k * d),
    sxx: new Float64Array(full ? k * d * d : k * d),
  };
}

export function addBankStats(into: BankStats, other: BankStats): void {
  for (let i = 0; i < into.n.length; i++) into.n[i]! += other.n[i]!;
  for (let i = 0; i < into.sx.length; i++) into.sx[i]! += other.sx[i]!;
  for (let i = 0; i < into.sxx.length; i++) into.sxx[i]! += other.sxx[i]!;
}

/** Adds observation row `t` with weight `w` to component `c`. */
export function accumulateBank(
  stats: BankStats,
  full: boolean,
  d: number,
  c: number,
  w: number,
  data: Float64Array,
  t: number,
): void {
  stats.n[c]! += w;
  const xo = t * d;
  const so = c * d;
  if (!full) {
    for (let j = 0; j < d; j++) {
      const x = data[xo + j]!;
      const wx = w * x;
      stats.sx[so + j]! += wx;
      stats.sxx[so + j]! += wx * x;
    }
    return;
  }
  const qo = c * d * d;
  for (let i = 0; i < d; i++) {
    const wx = w * data[xo + i]!;
    stats.sx[so + i]! += wx;
    for (let j = 0; j < d; j++) stats.sxx[qo + i * d + j]! += wx * data[xo + j]!;
  }
}

/**
 * Maximum-likelihood means and covariances from the statistics (covariances around the new means, or
 * around the fixed ones when means are not fitted), with `minCovar` added to every variance.
 * Components with no weight keep their parameters. `label(c)` names a component in errors.
 */
export function mStepBank(
  bank: GaussianBank,
  stats: BankStats,
  options: { fitMeans: boolean; fitCovars: boolean; minCovar: number; iteration: number },
  label: (c: number) => string,
): GaussianBank {
  const { k, d, type, groupSize } = bank;
  const means = Float64Array.from(bank.means);
  const covars = Float64Array.from(bank.covars);
  const alive = (c: number) => stats.n[c]! > 0;
  if (options.fitMeans) {
    for (let c = 0; c < k; c++) {
      if (!alive(c)) continue;
      for (let j = 0; j < d; j++) means[c * d + j] = stats.sx[c * d + j]! / stats.n[c]!;
    }
  }
  if (!options.fitCovars) return { ...bank, means };
  const { minCovar } = options;
  // Σ_c = (Sxx − μ Sxᵀ − Sx μᵀ + n μ μᵀ) / n: the scatter about μ, whether μ is new or fixed.
  const scatter = (c: number, i: number, j: number) => {
    const n = stats.n[c]!;
    const mi = means[c * d + i]!;
    const mj = means[c * d + j]!;
    const sxx =
      type === 'full' || type === 'tied' ? stats.sxx[c * d * d + i * d + j]! : stats.sxx[c * d + i]!;
    return sxx - mi * stats.sx[c * d + j]! - stats.sx[c * d + i]! * mj + n * mi * mj;
  };
  const fail = (what: string) => {
    throw new NumericalError(
      `${what} has a covariance that is not positive definite after iteration ${options.iteration}.`,
      'Increase minCovar, use fewer states, or a simpler covarianceType.',
    );
  };
  if (type === 'diag' || type === 'spherical') {
    for (let c = 0; c < k; c++) {
      if (!alive(c)) continue;
      const n = stats.n[c]!;
      let sum = 0;
      for (let j = 0; j < d; j++) {
        const v = Math.max(scatter(c, j, j) / n, 0) + minCovar;
        if (type === 'diag') covars[c * d + j] = v;
        sum += v;
      }
      if (type === 'spherical') covars[c] = sum / d;
      const check = type === 'diag' ? covars.subarray(c * d, c * d + d) : covars.subarray(c, c + 1);
      for (const v of check) if (!(v > 0) || !Number.isFinite(v)) fail(label(c));
    }
  } else if (type === 'full') {
    const l = new Float64Array(d * d);
    for (let c = 0; c < k; c++) {
      if (!alive(c)) continue;
      const n = stats.n[c]!;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j <= i; j++) {
          const v = scatter(c, i, j) / n + (i === j ? minCovar : 0);
          covars[c * d * d + i * d + j] = v;
          covars[c * d * d + j * d + i] = v;
        }
      }
      if (!cholesky(covars, c * d * d, d, l, 0)) fail(label(c));
    }
  } else {
    const groups = k / groupSize;
    const l = new Float64Array(d * d);
    for (let g = 0; g < groups; g++) {
      let total = 0;
      const acc = new Float64Array(d * d);
      for (let c = g * groupSize; c < (g + 1) * groupSize; c++) {
        if (!alive(c)) continue;
        total += stats.n[c]!;
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) acc[i * d + j]! += scatter(c, i, j);
      }
      if (!(total > 0)) continue;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j <= i; j++) {
          const v = (acc[i * d + j]! + acc[j * d + i]!) / (2 * total) + (i === j ? minCovar : 0);
          covars[g * d * d + i * d + j] = v;
          covars[g * d * d + j * d + i] = v;
        }
      }
      if (!cholesky(covars, g * d * d, d, l, 0))
        fail(groups === 1 ? 'The tied covariance' : label(g * groupSize));
    }
  }
  return { ...bank, means, covars };
}

/** Whether every covariance of the bank is valid (positive variances, positive definite matrices). */
export function bankIsValid(bank: GaussianBank): boolean {
  return typeof prepareBank(bank) !== 'number';
}

/** One draw from component c into `out[offset..offset + D)`. */
export function sampleBank(
  prep: PreparedBank,
  c: number,
  normal: () => number,
  out: Float64Array,
  offset: number,
): void {
  const { d, type, means, covars, groupSize } = prep.bank;
  const z = new Float64Array(d);
  for (let j = 0; j < d; j++) z[j] = normal();
  for (let i = 0; i < d; i++) {
    let v = means[c * d + i]!;
    if (type === 'spherical') v += Math.sqrt(covars[c]!) * z[i]!;
    else if (type === 'diag') v += Math.sqrt(covars[c * d + i]!) * z[i]!;
    else {
      const lo = (type === 'full' ? c : Math.floor(c / groupSize)) * d * d;
      for (let j = 0; j <= i; j++) v += prep.chol[lo + i * d + j]! * z[j]!;
    }
    out[offset + i] = v;
  }
}

/** Free parameters of the covariances. */
export function covarParameterCount(type: CovarianceType, k: number, d: number, groupSize: number): number {
  switch (type) {
    case 'spherical':
      return k;
    case 'diag':
      return k * d;
    case 'full':
      return (k * d * (d + 1)) / 2;
    case 'tied':
      return ((k / groupSize) * d * (d + 1)) / 2;
  }
}
