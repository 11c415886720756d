/**
 * What `console.log(model)` and `String(model)` print for a linear mixed model: one line with the
 * formula, REML or ML, whether fitted and, once fitted, the observations and log-likelihood (never
 * the arrays of the internal state).
 */
import { modelSummary } from '@em/core';
import type { LinearMixedModelOptions, MixedModelState } from './model.js';

/** `LinearMixedModel { formula, reml, …, logLikelihood }` (lme4's `logLik`). */
export function linearMixedModelSummary(
  options: Readonly<LinearMixedModelOptions>,
  state: MixedModelState | undefined,
): string {
  if (!state) return modelSummary('LinearMixedModel', { reml: options.reml ?? true, fitted: false });
  return modelSummary('LinearMixedModel', {
    formula: state.formula ?? undefined,
    reml: state.reml,
    nObs: state.n,
    fitted: true,
    logLikelihood: state.logLik,
  });
}
