import { driveSync, emLoop, startLoop } from './loop.js';
import type { IterationTracker } from './tracker.js';
import type { EMModel, EMOptions, EMResult } from './types.js';

/**
 * Runs EM from `initialParams` until the log-likelihood converges, `maxIter` is reached, the
 * callback returns `false` or the signal aborts.
 *
 * Each iteration runs the E-step on the current parameters, then the M-step; convergence is
 * `|ℓᵢ − ℓᵢ₋₁| < tol` as in scikit-learn (see `stopRule` for the alternatives). With
 * `acceleration: 'squarem'` and a model that defines `pack`/`unpack`, each iteration is a SQUAREM
 * cycle instead: the same fixed point in far fewer E-steps when EM converges slowly.
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
  return driveSync(model, startLoop(model, initialParams, options));
}

/** @internal the loop with a tracker, shared with the restart driver. */
export function runResolved<P, S>(
  model: EMModel<P, S>,
  params: P,
  tracker: IterationTracker<P>,
): EMResult<P> {
  return driveSync(model, emLoop(model, params, tracker));
}
