import { InvalidInputError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { readStepSizeOptions } from '@em/core/stream';
import { createRandom } from '@em/sampling';
import { initialResponsibilities } from '../init/initialize.js';
import { kernelFor } from '../kernels/index.js';
import type { GaussianStats } from '../kernels/types.js';
import type { PartialFitOptions } from '../online/schedule.js';
import { stepwiseStatistics } from '../online/stepwise.js';
import type { BayesianFittedState } from './bayesian-mixture.js';
import { initialParameters } from './initial.js';
import type { ResolvedBayesianOptions } from './options.js';
import { resolvePriors } from './priors.js';
import {
  type BayesianMixtureParams,
  empiricalFromStats,
  expectedWeights,
  gaussianView,
  type Priors,
  variationalUpdate,
} from './variational.js';

/**
 * The running statistics of stepwise variational Bayes: per-sample averages centred on a fixed
 * reference (see `OnlineState` of `GaussianMixture.partialFit`), the rows seen so far, and the
 * priors the run holds fixed.
 */
export interface BayesianOnlineState {
  /** The posterior these statistics produced: when the model's differs (refitted), a new run starts. */
  params: BayesianMixtureParams;
  updates: number;
  stats: GaussianStats;
  reference: Float64Array;
  /** Rows of all batches so far: the data size the averages are scaled to. */
  rows: number;
  priors: Priors;
}

/** What `partialFit` needs from the model that calls it. */
export interface BayesianPartialFitContext {
  options: Readonly<ResolvedBayesianOptions>;
  state: BayesianFittedState | undefined;
  online: BayesianOnlineState | undefined;
  seed: () => number;
}

/**
 * One stepwise variational update. The batch's per-sample average statistics under the current
 * posterior are mixed into the running averages with step η_t (`@em/core/stream`'s schedule, as
 * `GaussianMixture.partialFit`), then the variational M-step runs on the averages scaled to the
 * rows seen so far: the posterior the whole data seen would give if every row had the running
 * averages' statistics. The variational posterior is conjugate-exponential, its natural parameters
 * are the prior's plus the scaled statistics, so this is stochastic variational inference
 * (Hoffman et al. 2013) with the data size the rows seen so far.
 */
export function bayesianPartialFitStep(
  context: BayesianPartialFitContext,
  X: FlatMatrix,
  partialOptions: PartialFitOptions | undefined,
): { state: BayesianFittedState; online: BayesianOnlineState } {
  const { options, state, online } = context;
  const schedule = readStepSizeOptions(partialOptions);
  const { nComponents: k, covarianceType: type, regCovar } = options;
  const priorType = options.weightConcentrationPriorType;
  if (state && state.params.nFeatures !== X.cols) {
    throw new InvalidInputError(
      'X (features per sample)',
      `${state.params.nFeatures}, as in the data this BayesianGaussianMixture was fitted on`,
      X.cols,
    );
  }
  const kernel = kernelFor(type, X.cols);
  const continuing = online !== undefined && state !== undefined && online.params === state.params;
  // Priors from the data (mean, covariance) come from the fit's data, or from the run's first batch.
  const priors = continuing ? online.priors : (state?.priors ?? resolvePriors(options, X));
  let params = state?.params;
  if (!params) {
    if (X.rows < k) {
      throw new InvalidInputError(
        'X (number of samples of the first partialFit batch)',
        `at least nComponents = ${k}`,
        X.rows,
      );
    }
    const random = createRandom(options.randomState ?? context.seed()).random;
    const start = initialResponsibilities(X, k, options.initParams, random);
    params = initialParameters(kernel, X, k, regCovar, priors, priorType, start, 1);
  }
  const { gaussian, max } = gaussianView(params);
  const { running, batch, reference, updates } = stepwiseStatistics(
    kernel,
    X,
    gaussian,
    continuing ? online : undefined,
    schedule,
  );
  const rows = (continuing ? online.rows : 0) + X.rows;
  const scaled: GaussianStats = {
    n: rows,
    logLikelihood: 0,
    nk: running.nk.map((v) => v * rows),
    s1: running.s1.map((v) => v * rows),
    s2: running.s2.map((v) => v * rows),
  };
  const empirical = empiricalFromStats(kernel, scaled, reference, k, X.cols, regCovar);
  const next = variationalUpdate(kernel, type, priorType, priors, k, X.cols, empirical, updates);
  return {
    online: { params: next, updates, stats: running, reference, rows, priors },
    state: {
      params: next,
      weights: expectedWeights(next),
      converged: false,
      nIter: updates,
      // The batch's mean score (scoreSamples) before its update: a variational lower bound needs
      // Σ r log r of all rows under one posterior, which a stream never has.
      lowerBound: batch.logLikelihood / X.rows + max,
      history: [],
      priors,
    },
  };
}
