import { type EMModel, NumericalError } from '@em/core';
import type { MixtureParams } from '../types.js';

/**
 * mclust's `me` ends with the parameters whose log-likelihood met the convergence test, not with
 * one more M-step after it (as scikit-learn does). This wraps a model so that the parameters a
 * run ends with can be traced back to those its last E-step evaluated: `evaluated(params)`.
 *
 * For the same reason, an M-step that fails numerically right after an E-step that already met
 * mclust's test (|Δ log L| ≤ `tol` (1 + |log L|), given for mclust's models) does not fail the fit: mclust never runs that
 * M-step. The evaluated parameters are returned instead and the run stops on them.
 */
export function traceEvaluated<S>(
  model: EMModel<MixtureParams, S>,
  tol = Number.NEGATIVE_INFINITY,
): {
  model: EMModel<MixtureParams, S>;
  evaluated: (params: MixtureParams) => MixtureParams;
} {
  const before = new WeakMap<MixtureParams, MixtureParams>();
  let previous = Number.NEGATIVE_INFINITY;
  return {
    model: {
      ...model,
      mStep: (stats, params, context) => {
        const logLikelihood = (stats as { logLikelihood?: unknown }).logLikelihood;
        const current = typeof logLikelihood === 'number' ? logLikelihood : Number.NaN;
        const last = context.iteration === 1 ? Number.NEGATIVE_INFINITY : previous;
        previous = current;
        try {
          const next = model.mStep(stats, params, context);
          before.set(next, params);
          return next;
        } catch (error) {
          const converged = Math.abs(current - last) <= tol * (1 + Math.abs(current));
          if (error instanceof NumericalError && converged) return params;
          throw error;
        }
      },
    },
    evaluated: (params) => before.get(params) ?? params,
  };
}
