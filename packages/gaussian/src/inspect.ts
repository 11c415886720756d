/**
 * What `console.log(model)` and `String(model)` print for this package's models: one line with the
 * type, K, the covariance model, whether fitted and, once fitted, the iterations and log-likelihood
 * (never the arrays of the internal state).
 */
import { modelSummary } from '@em/core';
import type { BayesianGaussianMixture } from './bayesian/bayesian-mixture.js';
import type { GaussianMixture } from './gaussian-mixture.js';
import type { UnivariateGaussianMixture } from './univariate.js';

/** `GaussianMixture { nComponents, covarianceType, …, meanLogLikelihood }` (scikit-learn's `lower_bound_`). */
export function gaussianMixtureSummary(model: GaussianMixture): string {
  const options = { nComponents: model.nComponents, covarianceType: model.covarianceType };
  if (!model.isFitted) return modelSummary('GaussianMixture', { ...options, fitted: false });
  return modelSummary('GaussianMixture', {
    ...options,
    nFeatures: model.nFeatures,
    fitted: true,
    converged: model.converged,
    nIter: model.nIter,
    meanLogLikelihood: model.lowerBound,
    ...(model.noiseWeight === undefined ? {} : { noiseWeight: model.noiseWeight }),
  });
}

/** `BayesianGaussianMixture { …, effectiveComponents, lowerBound }` (the variational lower bound). */
export function bayesianMixtureSummary(model: BayesianGaussianMixture): string {
  const options = {
    nComponents: model.nComponents,
    covarianceType: model.covarianceType,
    weightConcentrationPriorType: model.weightConcentrationPriorType,
  };
  if (!model.isFitted) return modelSummary('BayesianGaussianMixture', { ...options, fitted: false });
  return modelSummary('BayesianGaussianMixture', {
    ...options,
    nFeatures: model.nFeatures,
    fitted: true,
    effectiveComponents: model.effectiveComponents(),
    converged: model.converged,
    nIter: model.nIter,
    lowerBound: model.lowerBound,
  });
}

/** `UnivariateGaussianMixture { nComponents, covarianceType, …, meanLogLikelihood }`. */
export function univariateMixtureSummary(model: UnivariateGaussianMixture): string {
  const inner = model.model;
  const options = { nComponents: inner.nComponents, covarianceType: inner.covarianceType };
  if (!inner.isFitted) return modelSummary('UnivariateGaussianMixture', { ...options, fitted: false });
  return modelSummary('UnivariateGaussianMixture', {
    ...options,
    fitted: true,
    converged: model.converged,
    nIter: model.nIter,
    meanLogLikelihood: model.lowerBound,
  });
}
