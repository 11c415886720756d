import { resolveOptions } from './options.js';
import { IterationTracker } from './tracker.js';
import type { EMModel, EMOptions, EMResult } from './types.js';

/**
 * Runs EM from `initialParams` until the log-likelihood converges, `maxIter` is reached, the
 * callback returns `false` or the signal aborts.
 *
 * Each iteration runs the E-step on the current parameters, then the M-step; convergence is
 * `|ℓᵢ − ℓᵢ₋₁| < tol` as in scikit-learn.
 *
 * @example
 * ```ts
 * import { runEM } from '@em/core';
 * // `coins` is the two-coin model from the EMModel example.
 * const result = runEM(coins, [0.6, 0.5], { maxIter: 10, tol: 0 });
 * result.params; // ≈ [0.80, 0.52]
 * ```
 */
export function runEM<P, S>(model: EMModel<P, S>, initialParams: P, options?: EMOptions<P>): EMResult<P> {
  const resolved = resolveOptions(options);
  return runResolved(model, initialParams, new IterationTracker(resolved));
}

/** @internal the loop itself, shared with the restart driver. */
export function runResolved<P, S>(
  model: EMModel<P, S>,
  params: P,
  tracker: IterationTracker<P>,
): EMResult<P> {
  while (!tracker.aborted()) {
    const { stats, logLikelihood } = model.eStep(params);
    params = model.mStep(stats, params);
    if (tracker.record(logLikelihood, params)) break;
  }
  return tracker.result(params);
}
