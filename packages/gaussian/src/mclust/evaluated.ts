import type { MStepContext } from '@em/core';
import type { MixtureParams } from '../types.js';

/**
 * mclust's `me` ends with the parameters whose log-likelihood met the convergence test, not with
 * one more M-step after it (as scikit-learn does). This wraps a model so that the parameters a
 * run ends with can be traced back to those its last E-step evaluated: `evaluated(params)`.
 *
 * Given mclust's `tol` (for mclust's models), it also applies mclust's test itself,
 * |Δ log L| ≤ tol (1 + |log L|) on the summed log-likelihood: once an E-step meets it, the M-step
 * is skipped (mclust never runs it, and it may fail numerically on a vanishing component), so the
 * run stops on the parameters that E-step evaluated, one bookkeeping iteration later.
 */
export function traceEvaluated<
  S,
  M extends { mStep(stats: S, params: MixtureParams, context: MStepContext): MixtureParams },
>(
  model: M,
  tol = Number.NEGATIVE_INFINITY,
): {
  model: M;
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
        if (Math.abs(current - last) <= tol * (1 + Math.abs(current))) {
          before.set(params, params);
          return params;
        }
        const next = model.mStep(stats, params, context);
        before.set(next, params);
        return next;
      },
    },
    evaluated: (params) => before.get(params) ?? params,
  };
}
