/**
 * The variational ("VB-EM") updates of scikit-learn's `BayesianGaussianMixture`, written against
 * the same covariance kernels and fused E-step as `GaussianMixture`: the E-step of a variational
 * mixture is a Gaussian mixture's E-step with each log-weight replaced by a per-component constant
 * (E[log π_c] plus the Wishart expectation terms), so the E-step loops are shared unchanged.
 */
import type { EMModel } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { SingularCovarianceError } from '../errors.js';
import { addStats, rowChunks, zeroStats } from '../estep.js';
import type { FusedEStep } from '../kernels/specialized/index.js';
import type { CovarianceKernel, GaussianStats } from '../kernels/types.js';
import type { CovarianceType, MixtureParams } from '../types.js';
import type { WeightConcentrationPriorType } from './options.js';
import { digamma, logBeta, logGamma } from './special.js';

const TEN_EPS = 10 * Number.EPSILON;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const LOG_2 = Math.log(2);
/**
 * Component constants more than this far below the largest are clamped to it before they go to the
 * E-step kernels as weights e^constant: their responsibilities are below 1e-300 either way.
 */
const LOG_FLOOR = -690;

/**
 * The variational posterior of a {@link BayesianGaussianMixture} in the flat row-major layout used
 * internally (scikit-learn's arrays, flattened). What `onIteration` receives as `params`.
 *
 * @example
 * ```ts
 * import type { BayesianMixtureParams } from '@em/gaussian';
 * const active = (p: BayesianMixtureParams) => Array.from(p.meanPrecision, (b) => b > 2).filter(Boolean).length;
 * ```
 */
export interface BayesianMixtureParams {
  /** How the covariances are parametrised. */
  covarianceType: CovarianceType;
  /** Type of the weights prior (fixes the layout of `weightConcentration`). */
  weightConcentrationPriorType: WeightConcentrationPriorType;
  /** Number of components K. */
  nComponents: number;
  /** Number of features D. */
  nFeatures: number;
  /** Dirichlet process: 2K numbers, the Beta parameters (a_1…a_K, then b_1…b_K); Dirichlet distribution: K. */
  weightConcentration: Float64Array;
  /** Length K: β_c, the precision of each mean's posterior (in units of its covariance). */
  meanPrecision: Float64Array;
  /** K × D: posterior means of the component means. */
  means: Float64Array;
  /** Length K: ν_c of each component's Wishart posterior (tied: K equal values). */
  degreesOfFreedom: Float64Array;
  /** The Wishart scale normalised by ν (scikit-learn's `covariances_`), flat by covariance type. */
  covariances: Float64Array;
  /** Cholesky factors of the inverse of `covariances`, flat by covariance type. */
  precisionsCholesky: Float64Array;
}

/** The priors of one fit, after defaults from the data (scikit-learn's `*_prior_` attributes). */
export interface Priors {
  weightConcentration: number;
  meanPrecision: number;
  /** Length D. */
  mean: Float64Array;
  degreesOfFreedom: number;
  /** full/tied D × D, diag D, spherical 1. */
  covariance: Float64Array;
}

/** Empirical statistics of the responsibilities: nk (+10ε), their weighted means xk and covariances sk (+regCovar). */
export interface Empirical {
  nk: Float64Array;
  xk: Float64Array;
  sk: Float64Array;
}

/**
 * scikit-learn's `_estimate_weights`, `_estimate_means` and `_estimate_precisions` (the
 * variational M-step) from the empirical statistics. Throws {@link SingularCovarianceError}.
 */
export function variationalUpdate(
  kernel: CovarianceKernel,
  type: CovarianceType,
  priorType: WeightConcentrationPriorType,
  priors: Priors,
  k: number,
  d: number,
  { nk, xk, sk }: Empirical,
  iteration: number,
): BayesianMixtureParams {
  const gamma = priors.weightConcentration;
  let weightConcentration: Float64Array;
  if (priorType === 'dirichlet_process') {
    weightConcentration = new Float64Array(2 * k);
    let tail = 0;
    for (let c = k - 1; c >= 0; c--) {
      weightConcentration[c] = 1 + nk[c]!;
      weightConcentration[k + c] = gamma + tail;
      tail += nk[c]!;
    }
  } else {
    weightConcentration = new Float64Array(k);
    for (let c = 0; c < k; c++) weightConcentration[c] = gamma + nk[c]!;
  }

  const beta0 = priors.meanPrecision;
  const m0 = priors.mean;
  const meanPrecision = new Float64Array(k);
  const means = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const beta = beta0 + nk[c]!;
    meanPrecision[c] = beta;
    for (let j = 0; j < d; j++) means[c * d + j] = (beta0 * m0[j]! + nk[c]! * xk[c * d + j]!) / beta;
  }

  const nu0 = priors.degreesOfFreedom;
  const w0 = priors.covariance;
  const degreesOfFreedom = new Float64Array(k);
  const covariances = new Float64Array(kernel.covarianceSize(k, d));
  const diff = new Float64Array(d);
  if (type === 'full') {
    const dd = d * d;
    for (let c = 0; c < k; c++) {
      const nu = nu0 + nk[c]!;
      degreesOfFreedom[c] = nu;
      for (let j = 0; j < d; j++) diff[j] = xk[c * d + j]! - m0[j]!;
      const scale = (nk[c]! * beta0) / meanPrecision[c]!;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          const at = c * dd + a * d + b;
          covariances[at] = (w0[a * d + b]! + nk[c]! * sk[at]! + scale * diff[a]! * diff[b]!) / nu;
        }
      }
    }
  } else if (type === 'tied') {
    let total = 0;
    for (let c = 0; c < k; c++) total += nk[c]!;
    const nu = nu0 + total / k;
    degreesOfFreedom.fill(nu);
    const between = new Float64Array(d * d);
    for (let c = 0; c < k; c++) {
      const w = nk[c]! / meanPrecision[c]!;
      for (let j = 0; j < d; j++) diff[j] = xk[c * d + j]! - m0[j]!;
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) between[a * d + b]! += w * diff[a]! * diff[b]!;
    }
    for (let i = 0; i < d * d; i++) {
      covariances[i] = (w0[i]! + (sk[i]! * total) / k + (beta0 / k) * between[i]!) / nu;
    }
  } else if (type === 'diag') {
    for (let c = 0; c < k; c++) {
      const nu = nu0 + nk[c]!;
      degreesOfFreedom[c] = nu;
      const ratio = beta0 / meanPrecision[c]!;
      for (let j = 0; j < d; j++) {
        const delta = xk[c * d + j]! - m0[j]!;
        covariances[c * d + j] = (w0[j]! + nk[c]! * (sk[c * d + j]! + ratio * delta * delta)) / nu;
      }
    }
  } else {
    for (let c = 0; c < k; c++) {
      const nu = nu0 + nk[c]!;
      degreesOfFreedom[c] = nu;
      let squares = 0;
      for (let j = 0; j < d; j++) {
        const delta = xk[c * d + j]! - m0[j]!;
        squares += delta * delta;
      }
      covariances[c] = (w0[0]! + nk[c]! * (sk[c]! + ((beta0 / meanPrecision[c]!) * squares) / d)) / nu;
    }
  }
  const precisionsCholesky = new Float64Array(covariances.length);
  const failed = kernel.precisionCholesky(covariances, k, d, precisionsCholesky);
  if (failed >= 0) throw new SingularCovarianceError(failed, iteration, type);
  return {
    covarianceType: type,
    weightConcentrationPriorType: priorType,
    nComponents: k,
    nFeatures: d,
    weightConcentration,
    meanPrecision,
    means,
    degreesOfFreedom,
    covariances,
    precisionsCholesky,
  };
}

/** scikit-learn's `weights_`: the posterior mean of the mixing weights. */
export function expectedWeights(params: BayesianMixtureParams): Float64Array {
  const k = params.nComponents;
  const conc = params.weightConcentration;
  const weights = new Float64Array(k);
  let sum = 0;
  if (params.weightConcentrationPriorType === 'dirichlet_process') {
    let stick = 1;
    for (let c = 0; c < k; c++) {
      const total = conc[c]! + conc[k + c]!;
      weights[c] = (conc[c]! / total) * stick;
      stick *= conc[k + c]! / total;
    }
  } else {
    for (let c = 0; c < k; c++) weights[c] = conc[c]!;
  }
  for (let c = 0; c < k; c++) sum += weights[c]!;
  for (let c = 0; c < k; c++) weights[c]! /= sum;
  return weights;
}

/**
 * Per-component constant of the weighted log-probability, scikit-learn's `_estimate_log_weights`
 * plus the terms `_estimate_log_prob` adds to the Gaussian log-density:
 * E[log π_c] − ½ D log ν_c + ½ (D log 2 + Σ_j ψ((ν_c − j)/2) − D / β_c).
 */
export function componentLogTerms(params: BayesianMixtureParams, out: Float64Array): void {
  const { nComponents: k, nFeatures: d, weightConcentration: conc } = params;
  if (params.weightConcentrationPriorType === 'dirichlet_process') {
    let carried = 0;
    for (let c = 0; c < k; c++) {
      const digammaSum = digamma(conc[c]! + conc[k + c]!);
      out[c] = digamma(conc[c]!) - digammaSum + carried;
      carried += digamma(conc[k + c]!) - digammaSum;
    }
  } else {
    let total = 0;
    for (let c = 0; c < k; c++) total += conc[c]!;
    const digammaTotal = digamma(total);
    for (let c = 0; c < k; c++) out[c] = digamma(conc[c]!) - digammaTotal;
  }
  let previousNu = Number.NaN;
  let wishart = 0;
  for (let c = 0; c < k; c++) {
    const nu = params.degreesOfFreedom[c]!;
    if (nu !== previousNu) {
      let logLambda = d * LOG_2;
      for (let j = 0; j < d; j++) logLambda += digamma(0.5 * (nu - j));
      wishart = -0.5 * d * Math.log(nu) + 0.5 * logLambda;
      previousNu = nu;
    }
    out[c]! += wishart - (0.5 * d) / params.meanPrecision[c]!;
  }
}

/**
 * The weights handed to the Gaussian E-step kernels: e^(constant_c − max), clamped below at
 * e^−690, with the shifted constants (whose logarithms the kernels see) in `shifted`. Returns the
 * max, to add back to each sample's log-sum-exp.
 */
export function kernelWeights(
  params: BayesianMixtureParams,
  weights: Float64Array,
  shifted: Float64Array,
): number {
  const k = params.nComponents;
  componentLogTerms(params, shifted);
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c++) if (shifted[c]! > max) max = shifted[c]!;
  if (!Number.isFinite(max)) max = 0;
  for (let c = 0; c < k; c++) {
    const value = Math.max(shifted[c]! - max, LOG_FLOOR);
    shifted[c] = value;
    weights[c] = Math.exp(value);
  }
  for (let c = 0; c < k; c++) shifted[c] = Math.log(weights[c]!);
  return max;
}

/** Σ_i r_ic (x_i − m_c)ᵀ P_c (x_i − m_c) over all c, from the centred second moments and P = U Uᵀ. */
function weightedDistances(
  type: CovarianceType,
  k: number,
  d: number,
  s2: Float64Array,
  u: Float64Array,
): number {
  let total = 0;
  if (type === 'full' || type === 'tied') {
    const blocks = type === 'full' ? k : 1;
    const dd = d * d;
    for (let c = 0; c < blocks; c++) {
      const off = c * dd;
      // Σ_j u_jᵀ S u_j over the columns u_j of U; S is stored as its upper triangle.
      for (let j = 0; j < d; j++) {
        for (let a = 0; a < d; a++) {
          const ua = u[off + a * d + j]!;
          if (ua === 0) continue;
          total += s2[off + a * d + a]! * ua * ua;
          let cross = 0;
          for (let b = a + 1; b < d; b++) cross += s2[off + a * d + b]! * u[off + b * d + j]!;
          total += 2 * ua * cross;
        }
      }
    }
  } else if (type === 'diag') {
    for (let i = 0; i < k * d; i++) total += s2[i]! * u[i]! * u[i]!;
  } else {
    for (let c = 0; c < k; c++) total += s2[c]! * u[c]! * u[c]!;
  }
  return total;
}

/**
 * scikit-learn's `_compute_lower_bound` for the parameters after an update, given Σ r log r of
 * the responsibilities that produced them.
 */
export function lowerBound(
  kernel: CovarianceKernel,
  params: BayesianMixtureParams,
  sumRLogR: number,
): number {
  const { nComponents: k, nFeatures: d, covarianceType: type } = params;
  const logDet = new Float64Array(k);
  kernel.logDetCholesky(params.precisionsCholesky, k, d, logDet);
  const wishartNorm = (c: number) => {
    const nu = params.degreesOfFreedom[c]!;
    const logDetPrecision = logDet[c]! - 0.5 * d * Math.log(nu);
    let gammas = 0;
    for (let j = 0; j < d; j++) gammas += logGamma(0.5 * (nu - j));
    return -(nu * logDetPrecision + nu * d * 0.5 * LOG_2 + gammas);
  };
  let logWishart = 0;
  if (type === 'tied') logWishart = k * wishartNorm(0);
  else for (let c = 0; c < k; c++) logWishart += wishartNorm(c);

  const conc = params.weightConcentration;
  let logNormWeight = 0;
  if (params.weightConcentrationPriorType === 'dirichlet_process') {
    for (let c = 0; c < k; c++) logNormWeight -= logBeta(conc[c]!, conc[k + c]!);
  } else {
    let total = 0;
    for (let c = 0; c < k; c++) {
      total += conc[c]!;
      logNormWeight -= logGamma(conc[c]!);
    }
    logNormWeight += logGamma(total);
  }
  let logBetas = 0;
  for (let c = 0; c < k; c++) logBetas += Math.log(params.meanPrecision[c]!);
  return -sumRLogR - logWishart - logNormWeight - 0.5 * d * logBetas;
}

/** What one variational iteration hands the loop as its "statistics": the update, already made. */
export interface VariationalStep {
  params: BayesianMixtureParams;
}

/**
 * The Gaussian mixture whose E-step is the variational E-step: weights e^(constant_c − max) (see
 * {@link kernelWeights}), the posterior means and precisions. What `mixtureStatistics` runs
 * against on a shard for `fitFromStatistics`; `shifted` holds the log-weights the kernels see.
 */
export function gaussianView(params: BayesianMixtureParams): {
  gaussian: MixtureParams;
  shifted: Float64Array;
  max: number;
} {
  const k = params.nComponents;
  const weights = new Float64Array(k);
  const shifted = new Float64Array(k);
  const max = kernelWeights(params, weights, shifted);
  const gaussian: MixtureParams = {
    covarianceType: params.covarianceType,
    nComponents: k,
    nFeatures: params.nFeatures,
    weights,
    means: params.means,
    covariances: params.covariances,
    precisionsCholesky: params.precisionsCholesky,
  };
  return { gaussian, shifted, max };
}

/**
 * One variational iteration from the E-step statistics (centred on `params.means`, under
 * {@link gaussianView}'s weights whose logarithms are `shifted`): the update and scikit-learn's
 * lower bound after it. The statistics add up over any split of the rows, so where they are
 * computed (in memory, over a stream, on shards) does not matter.
 */
export function variationalIteration(
  kernel: CovarianceKernel,
  priors: Priors,
  regCovar: number,
  params: BayesianMixtureParams,
  shifted: Float64Array,
  stats: GaussianStats,
  iteration: number,
): { params: BayesianMixtureParams; lowerBound: number } {
  const { nComponents: k, nFeatures: d, weightConcentrationPriorType: priorType } = params;
  const type = kernel.covarianceType;
  const logDet = new Float64Array(k);
  // Σ_i Σ_c r_ic log r_ic with log r_ic = shifted_c + log N(x_i | c) − lse_i, summed in closed
  // form from the statistics: Σ_c nk_c (shifted_c + log det U_c − D/2 log 2π) − ½ Σ r·distance − Σ lse.
  kernel.logDetCholesky(params.precisionsCholesky, k, d, logDet);
  let sumRLogR = -stats.logLikelihood;
  for (let c = 0; c < k; c++) {
    const nk = stats.nk[c]!;
    if (nk > 0) sumRLogR += nk * (shifted[c]! + logDet[c]! - d * HALF_LOG_2PI);
  }
  sumRLogR -= 0.5 * weightedDistances(type, k, d, stats.s2, params.precisionsCholesky);
  const next = variationalUpdate(
    kernel,
    type,
    priorType,
    priors,
    k,
    d,
    empiricalFromStats(kernel, stats, params.means, k, d, regCovar),
    iteration,
  );
  return { params: next, lowerBound: lowerBound(kernel, next, sumRLogR) };
}

/**
 * The E-step statistics of `X` under `gaussian` in blocks of 4096 rows, each block's
 * from zero and added in row order: the sums `fitStream` and `mixtureStatistics` make, so all three
 * agree bit for bit.
 */
export function blockStatistics(
  kernel: CovarianceKernel,
  fused: FusedEStep,
  X: FlatMatrix,
  gaussian: MixtureParams,
  total: GaussianStats,
): GaussianStats {
  const { nComponents: k } = gaussian;
  for (const block of rowChunks(X)) {
    const stats = zeroStats(kernel, k, X.cols);
    fused.run(
      block.data,
      0,
      block.rows,
      gaussian.weights,
      gaussian.means,
      gaussian.precisionsCholesky,
      stats,
    );
    addStats(total, stats);
  }
  return total;
}

/**
 * The variational mixture as an `@em/core` model. scikit-learn computes the lower bound *after*
 * each M-step (from that step's responsibilities and the updated parameters), so the loop's E-step
 * here runs the E-step and the update together and reports the new lower bound; the loop's M-step
 * just hands the update on. Convergence, history, restarts, callbacks and cancellation are the
 * loop's, and `nIter`, `converged` and `lowerBound` mean what they mean in scikit-learn.
 */
export function variationalModel(
  kernel: CovarianceKernel,
  fused: FusedEStep,
  X: FlatMatrix,
  k: number,
  regCovar: number,
  priors: Priors,
): EMModel<BayesianMixtureParams, VariationalStep> & { restart(): void } {
  let iteration = 0;
  return {
    restart() {
      iteration = 0;
    },
    eStep(params) {
      iteration++;
      const { gaussian, shifted } = gaussianView(params);
      const stats = blockStatistics(kernel, fused, X, gaussian, zeroStats(kernel, k, X.cols));
      const step = variationalIteration(kernel, priors, regCovar, params, shifted, stats, iteration);
      return { stats: { params: step.params }, logLikelihood: step.lowerBound };
    },
    mStep: (step) => step.params,
  };
}

/** nk + 10ε, the weighted means and the empirical covariances (+ regCovar) from centred statistics. */
export function empiricalFromStats(
  kernel: CovarianceKernel,
  stats: GaussianStats,
  centres: Float64Array,
  k: number,
  d: number,
  regCovar: number,
): Empirical {
  const nk = new Float64Array(k);
  const xk = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    nk[c] = stats.nk[c]! + TEN_EPS;
    for (let j = 0; j < d; j++) xk[c * d + j] = centres[c * d + j]! + stats.s1[c * d + j]! / nk[c]!;
  }
  const sk = new Float64Array(kernel.covarianceSize(k, d));
  kernel.covariances(stats, nk, k, d, regCovar, sk);
  return { nk, xk, sk };
}
