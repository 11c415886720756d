import { InvalidInputError, InvalidOptionError } from '@em/core';
import { zeroStats } from '../estep.js';
import { kernelFor } from '../kernels/index.js';
import type { GaussianStats } from '../kernels/types.js';
import { readData } from '../missing/read.js';
import { addPartStatistics } from '../part-statistics.js';
import type { StatisticsSource } from '../streaming/statistics.js';
import type { MixtureParams } from '../types.js';
import type { BayesianFittedState } from './bayesian-mixture.js';
import { type BayesianExternalContext, rejectRespInit, runVariationalElsewhere } from './external-fit.js';
import { priorsFromData } from './priors.js';

/**
 * `BayesianGaussianMixture.fitFromStatistics`: the parts' statistics (`mixtureStatistics` of each
 * part under the Gaussian view of the posterior) added in the parts' order, then the variational
 * update here. The data-driven priors come from two rounds of the same statistics: one component
 * with mean 0 gives the column sums, one centred on the column means gives the centred products.
 */
export async function bayesianFitFromStatistics(
  context: BayesianExternalContext,
  source: StatisticsSource,
): Promise<BayesianFittedState | undefined> {
  const { options } = context;
  if (typeof source !== 'object' || source === null || typeof source.statistics !== 'function') {
    throw new InvalidInputError('source', 'an object with rows, cols, sample and statistics(params)', source);
  }
  rejectRespInit(options, 'fitFromStatistics');
  if (options.initParams === 'hc') {
    throw new InvalidOptionError('initParams', "not 'hc' for fitFromStatistics", 'hc');
  }
  const { rows: n, cols: d } = source;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidInputError('source.rows', 'an integer >= 1', n);
  if (!Number.isSafeInteger(d) || d < 1) throw new InvalidInputError('source.cols', 'an integer >= 1', d);
  const sample = readData(source.sample, false, 'source.sample');
  if (sample.cols !== d) {
    throw new InvalidInputError('source.sample (features per sample)', `${d}, as source.cols`, sample.cols);
  }
  const type = options.covarianceType;
  const total = async (params: MixtureParams, into?: GaussianStats) => {
    const kernel = kernelFor(params.covarianceType, d);
    into ??= zeroStats(kernel, params.nComponents, d);
    const sizes = {
      nk: params.nComponents,
      s1: params.nComponents * d,
      s2: kernel.statsSize(params.nComponents, d),
    };
    return addPartStatistics(into, await source.statistics(params), sizes, n);
  };
  // One component of weight 1 at `centre`: its statistics are the plain sums about the centre.
  const oneComponent = (momentType: 'full' | 'diag', centre: Float64Array): MixtureParams => {
    const precisionsCholesky = new Float64Array(momentType === 'full' ? d * d : d);
    if (momentType === 'full') for (let j = 0; j < d; j++) precisionsCholesky[j * d + j] = 1;
    else precisionsCholesky.fill(1);
    return {
      covarianceType: momentType,
      nComponents: 1,
      nFeatures: d,
      weights: Float64Array.of(1),
      means: centre,
      covariances: precisionsCholesky.slice(),
      precisionsCholesky,
    };
  };
  const sums = await total(oneComponent('diag', new Float64Array(d)));
  const mean = Float64Array.from(sums.s1, (sum) => sum / n);
  const priors = await priorsFromData(options, n, d, mean, async () => {
    const full = type === 'full' || type === 'tied';
    const products = await total(oneComponent(full ? 'full' : 'diag', mean));
    return centredCovariance(products.s2, type, d, n);
  });
  const seed = options.randomState ?? context.seed();
  return runVariationalElsewhere(
    { ...context, seed: () => seed },
    { n, d, sample, priors, statistics: (gaussian, into) => total(gaussian, into) },
  );
}

/** `np.cov` / the ddof-1 variances (or their mean) from the upper-triangle or diagonal centred sums. */
function centredCovariance(s2: Float64Array, type: string, d: number, n: number): Float64Array {
  if (type === 'full' || type === 'tied') {
    const out = new Float64Array(d * d);
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        out[a * d + b] = s2[a * d + b]! / (n - 1);
        out[b * d + a] = out[a * d + b]!;
      }
    }
    return out;
  }
  const variances = Float64Array.from(s2, (v) => v / (n - 1));
  if (type === 'diag') return variances;
  let sum = 0;
  for (const v of variances) sum += v;
  return Float64Array.of(sum / d);
}
