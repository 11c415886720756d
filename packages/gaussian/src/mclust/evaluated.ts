import type { EMModel } from '@em/core';
import type { MixtureParams } from '../types.js';

/**
 * mclust's `me` ends with the parameters whose log-likelihood met the convergence test, not with
 * one more M-step after it (as scikit-learn does). This wraps a model so that the parameters a
 * run ends with can be traced back to those its last E-step evaluated: `evaluated(params)`.
 */
export function traceEvaluated<S>(model: EMModel<MixtureParams, S>): {
  model: EMModel<MixtureParams, S>;
  evaluated: (params: MixtureParams) => MixtureParams;
} {
  const before = new WeakMap<MixtureParams, MixtureParams>();
  return {
    model: {
      ...model,
      mStep: (stats, params, context) => {
        const next = model.mStep(stats, params, context);
        before.set(next, params);
        return next;
      },
    },
    evaluated: (params) => before.get(params) ?? params,
  };
}
