import {
  type AsyncEMModel,
  type EMModel,
  type EMOptions,
  InvalidInputError,
  runEMAsync,
  runEMWithRestartsAsync,
} from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import type { createRandom } from '@em/sampling';
import type { FittedState } from '../gaussian-mixture.js';
import { type InitOverrides, initialParameters } from '../init/initialize.js';
import type { CovarianceKernel, GaussianStats } from '../kernels/types.js';
import { traceEvaluated } from '../mclust/evaluated.js';
import { isMclustModel, layoutOf } from '../mclust/models.js';
import { withInitialNoise } from '../mclust/noise/model.js';
import type { ResolvedMixtureOptions } from '../options.js';
import type { MixtureParams } from '../types.js';
import { requireStreamableOptions } from './supported.js';

/** What a fit over data held elsewhere needs from the model that calls it. */
export interface ExternalFitContext {
  options: Readonly<ResolvedMixtureOptions>;
  /** The previous fit, for `warmStart`. */
  previous: FittedState | undefined;
  /** The validated `*Init` options for `d` features. */
  overrides: (data: FlatMatrix) => InitOverrides;
  /** A fresh seed when `randomState` is not set. */
  seed: () => number;
}

/**
 * Data read elsewhere (a stream, remote workers): its size, the initialisation sample, the kernel
 * (`kernelForModel`'s: one per fit, as mclust's iterative M-steps warm-start from the previous
 * iteration, the initialisation's M-step included) and the model whose M-step uses it.
 */
export interface ExternalData {
  n: number;
  d: number;
  sample: FlatMatrix;
  kernel: CovarianceKernel;
  model: ExternalModel;
  /** With a noise component: the rows guessed as noise (of all `n`; `sample` holds none) and its volume. */
  noise?: { marked: number; volume: number };
}

/** A Gaussian model whose E-step may be asynchronous (it reads elsewhere) and whose M-step is not. */
export type ExternalModel = Omit<AsyncEMModel<MixtureParams, GaussianStats>, 'mStep'> &
  Pick<EMModel<MixtureParams, GaussianStats>, 'mStep'>;

/**
 * The EM run(s) of `fit` over data that is not in memory: the initialisation (from `sample`, or the
 * previous fit with `warmStart`, or the `*Init` options), `nInit` restarts and the stopping rules,
 * exactly as `fit` runs them, with the E-step of `data.model`.
 */
export async function runFitOverPasses(
  context: ExternalFitContext,
  rng: ReturnType<typeof createRandom>,
  data: ExternalData,
): Promise<FittedState> {
  const { options, previous } = context;
  const { nComponents: k, regCovar, maxIter, nInit, tol, initParams } = options;
  const covarianceType = requireStreamableOptions(options, 'fitStream');
  const { n, d, sample, kernel } = data;
  if (n < k) throw new InvalidInputError('source (number of samples)', `at least nComponents = ${k}`, n);
  const warm = options.warmStart && previous !== undefined;
  if (warm && previous.params.nFeatures !== d) {
    throw new InvalidInputError(
      'source (features per sample)',
      `${previous.params.nFeatures}, as in the data this GaussianMixture was fitted on`,
      d,
    );
  }
  const mclust = isMclustModel(covarianceType);
  // As `fit`: mclust's models apply mclust's relative stopping test and end on the parameters of
  // the last log-likelihood (see traceEvaluated).
  const traced = traceEvaluated(data.model, mclust ? tol : undefined);
  const model = traced.model;
  const final = mclust ? traced.evaluated : (params: MixtureParams) => params;
  const shape = layoutOf(covarianceType, d);
  const overrides = warm ? {} : context.overrides(sample);
  const start = (random: () => number) =>
    initialParameters(kernel, sample, k, shape, regCovar, initParams, overrides, random, {
      model: options.hcModel,
      use: options.hcUse,
    });
  // As `fit`: the components start on the unmarked rows, the noise at the marked share.
  const { noise } = data;
  const init = noise
    ? (random: () => number) => withInitialNoise(start(random), n, noise.marked, noise.volume)
    : start;
  if (maxIter === 0) {
    let params = warm ? previous.params : init(rng.random);
    if (!warm) for (let run = 1; run < nInit; run++) params = init(rng.random);
    return { params, converged: false, nIter: 0, lowerBound: Number.NEGATIVE_INFINITY, history: [] };
  }
  const emOptions: EMOptions<MixtureParams> = {
    maxIter,
    tol,
    onIteration: options.onIteration,
    signal: options.signal,
    acceleration: options.acceleration,
    stopRule: mclust ? 'relative' : 'absolute',
    initialLogLikelihood: warm ? previous.lowerBound : undefined,
  };
  if (warm) {
    const run = await runEMAsync(model, previous.params, emOptions);
    return {
      params: final(run.params),
      converged: run.converged,
      nIter: run.nIter,
      lowerBound: run.logLikelihood,
      history: run.history,
    };
  }
  const runs = await runEMWithRestartsAsync(model, init, { ...emOptions, nInit, random: rng.random });
  return {
    params: final(runs.params),
    // scikit-learn sets converged_ when any of the nInit runs converged.
    converged: runs.runs.some((run) => run.converged),
    nIter: runs.nIter,
    lowerBound: runs.logLikelihood,
    history: runs.history.slice(),
  };
}
