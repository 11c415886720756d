import { InvalidOptionError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { SingularCovarianceError } from '../errors.js';
import { estimateResponsibilities, zeroStats } from '../estep.js';
import type { CovarianceKernel, GaussianStats } from '../kernels/types.js';
import { type HcInitOptions, hcResponsibilities, hcSubset } from '../mclust/hc-init.js';
import type { CovarianceType, InitParams, MixtureParams } from '../types.js';
import { kmeans, kmeansPlusPlus } from './kmeans.js';
import { parametersFromLabels } from './parameters-from-labels.js';

const TEN_EPS = 10 * Number.EPSILON;

/** The user-supplied parts of the initial parameters, already validated and flattened. */
export interface InitOverrides {
  weights?: Float64Array;
  means?: Float64Array;
  /** Precision Cholesky factors derived from `precisionsInit` or `covariancesInit`. */
  precisionsCholesky?: Float64Array;
  /** Set when `covariancesInit` was given. */
  covariances?: Float64Array;
  /** Initial responsibilities (n × k) from `initialClasses`, used instead of `initParams`. */
  responsibilities?: Float64Array;
}

/** One-hot responsibilities (n × k) of a partition, as mclust's `unmap`; labels are checked. */
export function responsibilitiesFromClasses(classes: ArrayLike<number>, n: number, k: number): Float64Array {
  if (classes.length !== n) {
    throw new InvalidOptionError(
      'initialClasses',
      `one label per row of X (${n})`,
      `${classes.length} labels`,
    );
  }
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const label = classes[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= k) {
      throw new InvalidOptionError(`initialClasses[${i}]`, `an integer in 0 … ${k - 1}`, label);
    }
    resp[i * k + label] = 1;
  }
  return resp;
}

/** scikit-learn's `_initialize_parameters`: initial responsibilities (n × k) for `initParams`. */
export function initialResponsibilities(
  X: FlatMatrix,
  k: number,
  initParams: InitParams,
  random: () => number,
  hc: HcInitOptions = {},
): Float64Array {
  const { data, rows: n, cols: d } = X;
  if (initParams === 'hc') return hcResponsibilities(X, k, hc, random);
  const resp = new Float64Array(n * k);
  switch (initParams) {
    case 'kmeans': {
      const { labels } = kmeans(data, n, d, k, random);
      for (let i = 0; i < n; i++) resp[i * k + labels[i]!] = 1;
      break;
    }
    case 'random':
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let c = 0; c < k; c++) {
          const u = random();
          resp[i * k + c] = u;
          sum += u;
        }
        for (let c = 0; c < k; c++) resp[i * k + c]! /= sum;
      }
      break;
    case 'random_from_data': {
      // k distinct rows (partial Fisher–Yates), each the sole member of one component.
      const order = Int32Array.from({ length: n }, (_, i) => i);
      for (let c = 0; c < k; c++) {
        const j = c + Math.min(n - c - 1, Math.floor(random() * (n - c)));
        [order[c], order[j]] = [order[j]!, order[c]!];
        resp[order[c]! * k + c] = 1;
      }
      break;
    }
    case 'k-means++': {
      const indices = kmeansPlusPlus(data, n, d, k, random);
      for (let c = 0; c < k; c++) resp[indices[c]! * k + c] = 1;
      break;
    }
  }
  return resp;
}

/**
 * scikit-learn's `_estimate_gaussian_parameters` from full responsibilities, in two passes (means,
 * then second moments around them), so it shares the kernels' statistics and M-step.
 */
export function parametersFromResponsibilities(
  kernel: CovarianceKernel,
  X: FlatMatrix,
  k: number,
  resp: Float64Array,
  regCovar: number,
): EstimatedParameters {
  const { data, rows: n, cols: d } = X;
  return estimateParameters(kernel, n, d, k, regCovar, (centres, stats) =>
    kernel.accumulate(data, n, d, k, resp, centres, stats.nk, stats.s1, stats.s2),
  );
}

/** Weights, means and covariances estimated from an assignment of the rows. */
export interface EstimatedParameters {
  /** k. */
  weights: Float64Array;
  /** k × d. */
  means: Float64Array;
  /** As the kernel lays them out. */
  covariances: Float64Array;
}

/**
 * The two passes of {@link parametersFromResponsibilities}, for any way of adding the rows'
 * statistics around `centres` (zeros, then the means) into `stats`.
 */
export function estimateParameters(
  kernel: CovarianceKernel,
  n: number,
  d: number,
  k: number,
  regCovar: number,
  accumulate: (centres: Float64Array, stats: GaussianStats) => void,
): EstimatedParameters {
  const first = zeroStats(kernel, k, d);
  accumulate(new Float64Array(k * d), first);
  const means = meansOf(first, n, d, k);
  const second = zeroStats(kernel, k, d);
  second.n = n;
  accumulate(means.means, second);
  return withCovariances(kernel, second, means, k, d, regCovar);
}

/** The weights and means of {@link estimateParameters}' first pass (its statistics around zeros). */
export function meansOf(first: GaussianStats, n: number, d: number, k: number) {
  const nkReg = new Float64Array(k);
  const weights = new Float64Array(k);
  const means = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    nkReg[c] = first.nk[c]! + TEN_EPS;
    weights[c] = nkReg[c]! / n;
    for (let j = 0; j < d; j++) means[c * d + j] = first.s1[c * d + j]! / nkReg[c]!;
  }
  return { nkReg, weights, means };
}

/** {@link estimateParameters}' result from its second pass (the statistics around the means). */
export function withCovariances(
  kernel: CovarianceKernel,
  second: GaussianStats,
  { nkReg, weights, means }: ReturnType<typeof meansOf>,
  k: number,
  d: number,
  regCovar: number,
): EstimatedParameters {
  const covariances = new Float64Array(kernel.covarianceSize(k, d));
  if (kernel.posteriorStep) kernel.posteriorStep(second, nkReg, means, k, d, covariances);
  else kernel.covariances(second, nkReg, k, d, regCovar, covariances);
  return { weights, means, covariances };
}

/**
 * Whether {@link initialParameters} runs the k-means on X itself (and draws nothing else): the
 * default initialisation, unless the user's overrides leave nothing to estimate or give the
 * responsibilities.
 */
export function initialisesByKmeans(initParams: InitParams, overrides: InitOverrides): boolean {
  const complete = overrides.weights && overrides.means && overrides.precisionsCholesky;
  return initParams === 'kmeans' && !complete && !overrides.responsibilities;
}

/** The k-means of an initialisation run elsewhere (on workers, with the same draws). */
export interface KmeansOutcome {
  /** Its labels. */
  labels: Int32Array;
  /** The parameters estimated from them, when that was done there too. */
  estimated?: EstimatedParameters;
}

/**
 * scikit-learn's `_initialize`: parameters from responsibilities, then the user's overrides.
 * `kmeansRun`: the k-means when it already ran elsewhere (on workers, with the same draws from
 * `random`: see {@link initialisesByKmeans}).
 */
export function initialParameters(
  kernel: CovarianceKernel,
  X: FlatMatrix,
  k: number,
  covarianceType: CovarianceType,
  regCovar: number,
  initParams: InitParams,
  overrides: InitOverrides,
  random: () => number,
  hc: HcInitOptions = {},
  kmeansRun?: KmeansOutcome,
): MixtureParams {
  const d = X.cols;
  const base = { covarianceType, nComponents: k, nFeatures: d };
  if (overrides.weights && overrides.means && overrides.precisionsCholesky) {
    // Nothing is left to estimate (scikit-learn would still run k-means and discard it).
    return {
      ...base,
      weights: overrides.weights.slice(),
      means: overrides.means.slice(),
      covariances: overrides.covariances?.slice(),
      precisionsCholesky: overrides.precisionsCholesky.slice(),
    };
  }
  const subset = initParams === 'hc' && !overrides.responsibilities ? hcSubset(X, random) : undefined;
  let resp: Float64Array | undefined;
  if (overrides.responsibilities) resp = overrides.responsibilities;
  else if (subset) {
    // mclust on large data: hc and an M-step on a subset, then an E-step on every row.
    const onSubset = parametersFromResponsibilities(
      kernel,
      subset,
      k,
      hcResponsibilities(subset, k, hc, random),
      regCovar,
    );
    const precisionsCholesky = new Float64Array(onSubset.covariances.length);
    const failed = kernel.precisionCholesky(onSubset.covariances, k, d, precisionsCholesky);
    if (failed >= 0) throw new SingularCovarianceError(failed, 0, kernel.modelName ?? covarianceType);
    resp = new Float64Array(X.rows * k);
    estimateResponsibilities(kernel, X.data, X.rows, d, { ...base, ...onSubset, precisionsCholesky }, resp);
  }
  let estimated: EstimatedParameters;
  if (resp) estimated = parametersFromResponsibilities(kernel, X, k, resp, regCovar);
  else if (initParams === 'kmeans') {
    // Hard assignments: from the labels, without an n × k matrix of zeros and ones.
    const labels = kmeansRun?.labels ?? kmeans(X.data, X.rows, d, k, random).labels;
    estimated = kmeansRun?.estimated ?? parametersFromLabels(kernel, X, k, labels, regCovar);
  } else {
    estimated = parametersFromResponsibilities(
      kernel,
      X,
      k,
      initialResponsibilities(X, k, initParams, random, hc),
      regCovar,
    );
  }
  let covariances: Float64Array | undefined = estimated.covariances;
  let precisionsCholesky = overrides.precisionsCholesky?.slice();
  if (precisionsCholesky) {
    covariances = overrides.covariances?.slice();
  } else {
    precisionsCholesky = new Float64Array(covariances.length);
    const failed = kernel.precisionCholesky(covariances, k, d, precisionsCholesky);
    if (failed >= 0) throw new SingularCovarianceError(failed, 0, kernel.modelName ?? covarianceType);
  }
  return {
    ...base,
    weights: overrides.weights?.slice() ?? estimated.weights,
    means: overrides.means?.slice() ?? estimated.means,
    covariances,
    precisionsCholesky,
  };
}
