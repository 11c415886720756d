import {
  type AsyncEMModel,
  InvalidInputError,
  InvalidOptionError,
  runEMAsync,
  runEMWithRestartsAsync,
} from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { createRandom } from '@em/sampling';
import { zeroStats } from '../estep.js';
import { initialResponsibilities } from '../init/initialize.js';
import { initialisedOnly } from '../initialised-only.js';
import { kernelFor } from '../kernels/index.js';
import type { GaussianStats } from '../kernels/types.js';
import type { MixtureParams } from '../types.js';
import type { BayesianFittedState } from './bayesian-mixture.js';
import { initialParameters } from './initial.js';
import type { ResolvedBayesianOptions } from './options.js';
import {
  type BayesianMixtureParams,
  expectedWeights,
  gaussianView,
  type Priors,
  type VariationalStep,
  variationalIteration,
} from './variational.js';

/** What a variational fit over data held elsewhere needs from the model that calls it. */
export interface BayesianExternalContext {
  options: Readonly<ResolvedBayesianOptions>;
  /** The previous fit, for `warmStart`. */
  previous: BayesianFittedState | undefined;
  /** A fresh seed when `randomState` is not set. */
  seed: () => number;
}

/** Data read elsewhere: its size, a uniform sample of its rows, the priors and the E-step statistics. */
export interface ExternalVariationalData {
  n: number;
  d: number;
  sample: FlatMatrix;
  priors: Priors;
  /** The E-step statistics of all rows (centred on the means) under the Gaussian view of the posterior. */
  statistics: (gaussian: MixtureParams, total: GaussianStats) => Promise<GaussianStats>;
}

/** `respInit` holds one row per sample in memory: a fit over data held elsewhere has none. */
export function rejectRespInit(options: ResolvedBayesianOptions, method: string): void {
  if (options.respInit !== undefined) {
    throw new InvalidOptionError(
      'respInit',
      `absent for ${method} (it labels rows held in memory)`,
      'an array',
    );
  }
}

/**
 * The variational run(s) of `fit` over data that is not in memory: the initialisation from
 * `sample` (its counts scaled to `n` rows; exactly `fit`'s when the sample is all rows in order),
 * or the previous fit with `warmStart`; `nInit` restarts and the stopping rules, as `fit` runs
 * them. Returns undefined when cancelled before the first iteration (the model stays as it was).
 */
export async function runVariationalElsewhere(
  context: BayesianExternalContext,
  data: ExternalVariationalData,
): Promise<BayesianFittedState | undefined> {
  const { options, previous } = context;
  const { nComponents: k, covarianceType: type, regCovar, maxIter, nInit, tol } = options;
  const { n, d, sample, priors } = data;
  if (n < k) throw new InvalidInputError('source (number of samples)', `at least nComponents = ${k}`, n);
  const warm = options.warmStart && previous !== undefined;
  if (warm && previous.params.nFeatures !== d) {
    throw new InvalidInputError(
      'source (features per sample)',
      `${previous.params.nFeatures}, as in the data this BayesianGaussianMixture was fitted on`,
      d,
    );
  }
  const kernel = kernelFor(type, d);
  const priorType = options.weightConcentrationPriorType;
  const rng = createRandom(options.randomState ?? context.seed());
  // A sample of all rows scales by exactly 1: fit's start.
  const scale = n / sample.rows;
  const init = (random: () => number) => {
    iteration = 0;
    const start = initialResponsibilities(sample, k, options.initParams, random);
    return initialParameters(kernel, sample, k, regCovar, priors, priorType, start, scale);
  };
  let iteration = 0;
  const model: AsyncEMModel<BayesianMixtureParams, VariationalStep> = {
    async eStep(params) {
      iteration++;
      const { gaussian, shifted } = gaussianView(params);
      const stats = await data.statistics(gaussian, zeroStats(kernel, k, d));
      const step = variationalIteration(kernel, priors, regCovar, params, shifted, stats, iteration);
      return { stats: { params: step.params }, logLikelihood: step.lowerBound };
    },
    mStep: (step) => step.params,
  };
  if (maxIter === 0) {
    if (warm) return previous;
    let params = init(rng.random);
    for (let run = 1; run < nInit; run++) params = init(rng.random);
    return { ...initialisedOnly(params), weights: expectedWeights(params), priors };
  }
  const emOptions = {
    maxIter,
    tol,
    onIteration: options.onIteration,
    signal: options.signal,
    historyLimit: options.historyLimit,
    initialLogLikelihood: warm ? previous.lowerBound : undefined,
  };
  const result = warm
    ? await runEMAsync(model, previous.params, emOptions).then((run) => ({
        ...run,
        anyConverged: run.converged,
      }))
    : await runEMWithRestartsAsync(model, init, { ...emOptions, nInit, random: rng.random }).then((runs) => ({
        ...runs,
        anyConverged: runs.runs.some((run) => run.converged),
      }));
  if (result.nIter === 0) return undefined;
  return {
    params: result.params,
    weights: expectedWeights(result.params),
    converged: result.anyConverged,
    nIter: result.nIter,
    lowerBound: result.logLikelihood,
    history: result.history.slice(),
    priors,
  };
}
