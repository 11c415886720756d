/**
 * What `console.log(model)` and `String(model)` print for a hidden Markov model: one line with the
 * number of states, the emission, whether fitted (or built from given parameters) and, after `fit`,
 * the iterations and log-likelihood (never the arrays of the internal state).
 */
import { modelSummary } from '@em/core';
import type { HiddenMarkovModel } from './hidden-markov-model.js';
import type { ResolvedHmmOptions } from './options.js';

/** `HiddenMarkovModel { nStates, emission, covarianceType (Gaussian emissions), …, logLikelihood }`. */
export function hiddenMarkovModelSummary(
  model: HiddenMarkovModel,
  resolved: ResolvedHmmOptions,
  state: 'unfitted' | 'given' | 'fitted',
): string {
  const gaussian = resolved.emission === 'gaussian' || resolved.emission === 'gmm';
  const options = {
    nStates: model.nStates,
    emission: resolved.emission,
    nMix: resolved.emission === 'gmm' ? resolved.nMix : undefined,
    covarianceType: gaussian ? resolved.covarianceType : undefined,
  };
  if (state === 'unfitted') return modelSummary('HiddenMarkovModel', { ...options, fitted: false });
  if (state === 'given')
    return modelSummary('HiddenMarkovModel', { ...options, nFeatures: model.nFeatures, parameters: 'given' });
  return modelSummary('HiddenMarkovModel', {
    ...options,
    nFeatures: model.nFeatures,
    fitted: true,
    converged: model.converged,
    nIter: model.nIter,
    logLikelihood: model.logLikelihood,
  });
}
