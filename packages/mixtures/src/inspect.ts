/**
 * What `console.log(model)` and `String(model)` print for every mixture of this package: one line
 * with the kind, K, whether fitted and, once fitted, the iterations and lower bound (never the
 * arrays of the internal state).
 */
import { modelSummary } from '@em/core';
import type { MixtureModel } from './mixture-base.js';

/** `PoissonMixture { nComponents, …, lowerBound }` (scikit-learn's `lower_bound_`: per row). */
// biome-ignore lint/suspicious/noExplicitAny: any mixture of the package
export function mixtureSummary(model: MixtureModel<any, any, any, any>, nComponents: number): string {
  if (!model.isFitted) return modelSummary(model.kind, { nComponents, fitted: false });
  return modelSummary(model.kind, {
    nComponents,
    fitted: true,
    converged: model.converged,
    nIter: model.nIter,
    lowerBound: model.lowerBound,
  });
}
