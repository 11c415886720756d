import { InvalidInputError } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { readStepSizeOptions } from '@em/core/stream';
import { createRandom } from '@em/sampling';
import type { FittedState } from '../gaussian-mixture.js';
import { type InitOverrides, initialParameters } from '../init/initialize.js';
import { kernelForModel } from '../kernels/index.js';
import { layoutOf } from '../mclust/models.js';
import { noiseMaskOf, readNoiseVolume } from '../mclust/noise/mask.js';
import { unmarkedRows, withInitialNoise } from '../mclust/noise/model.js';
import { hasMissing, meanFilled, missingLayout } from '../missing/patterns.js';
import type { ResolvedMixtureOptions } from '../options.js';
import { requireStreamableOptions } from '../streaming/supported.js';
import type { PartialFitOptions } from './schedule.js';
import { type OnlineState, stepwiseUpdate } from './stepwise.js';

/** What `partialFit` needs from the model that calls it. */
export interface PartialFitContext {
  options: Readonly<ResolvedMixtureOptions>;
  /** The model's current fit, if any. */
  state: FittedState | undefined;
  /** The running statistics of the last `partialFit`, if any. */
  online: OnlineState | undefined;
  overrides: (data: FlatMatrix) => InitOverrides;
  seed: () => number;
}

/**
 * One `partialFit` call: continues the stepwise-EM run when the model's parameters are the ones
 * it produced last; otherwise starts a run — from the fitted parameters (after `fit`, `fitStream`,
 * `fromJSON`) or, for a model never fitted, from the initialisation `fit` would make on this batch.
 */
export function partialFitStep(
  context: PartialFitContext,
  X: FlatMatrix,
  partialOptions: PartialFitOptions | undefined,
): { state: FittedState; online: OnlineState } {
  const { options, state, online } = context;
  const schedule = readStepSizeOptions(partialOptions);
  const { nComponents: k, regCovar, initParams } = options;
  const covarianceType = requireStreamableOptions(options, 'partialFit');
  if (state && state.params.nFeatures !== X.cols) {
    throw new InvalidInputError(
      'X (features per sample)',
      `${state.params.nFeatures}, as in the data this GaussianMixture was fitted on`,
      X.cols,
    );
  }
  let params = state?.params;
  const continuing = online !== undefined && online.params === params;
  // mclust's iterative M-steps warm-start from the previous update of the same run, as in a fit.
  const kernel = continuing ? online.kernel : kernelForModel(covarianceType, X.cols);
  // As `fit`: rows with missing values grouped by pattern; a new run (its initialisation and the
  // fixed centre of the running statistics) needs every column observed in the batch.
  const layout = options.missing === 'em' && hasMissing(X) ? missingLayout(X, !continuing) : undefined;
  if (!params) {
    if (X.rows < k) {
      throw new InvalidInputError(
        'X (number of samples of the first partialFit batch)',
        `at least nComponents = ${k}`,
        X.rows,
      );
    }
    const rng = createRandom(options.randomState ?? context.seed());
    // As `fit` on this batch: with a noise guess, the components start on its unmarked rows.
    const mask = options.noise === undefined ? undefined : noiseMaskOf(options.noise, X, k);
    const start = initialParameters(
      kernel,
      layout ? meanFilled(X) : mask ? unmarkedRows(X, mask) : X,
      k,
      layoutOf(covarianceType, X.cols),
      regCovar,
      initParams,
      context.overrides(X),
      rng.random,
      { model: options.hcModel, use: options.hcUse },
    );
    // requireStreamableOptions has checked that noiseVolume is given.
    params = mask
      ? withInitialNoise(
          start,
          X.rows,
          mask.count,
          readNoiseVolume(options.noiseVolume, () => Number.NaN),
        )
      : start;
  }
  const { state: next, meanLogLikelihood } = stepwiseUpdate(
    kernel,
    X,
    params,
    continuing ? online : undefined,
    schedule,
    regCovar,
    layout,
  );
  return {
    online: next,
    state: {
      params: next.params,
      converged: false,
      nIter: next.updates,
      lowerBound: meanLogLikelihood,
      history: [],
    },
  };
}
