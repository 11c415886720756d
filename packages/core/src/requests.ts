import { ModelContractError } from './errors.js';
import type { IterationTracker } from './tracker.js';
import type { EMResult, EStepResult, IterationInfo, MStepContext } from './types.js';

/**
 * What the EM loop asks of its driver. The loop is written once, as a generator that yields these
 * requests; a synchronous driver answers them by calling the model, an asynchronous one by awaiting
 * it, and the step API hands `iteration` requests to the caller. So plain EM, SQUAREM, `runEM`,
 * `runEMAsync` and `emSteps` all run the same code.
 */
export type LoopRequest<P, S> =
  | { kind: 'eStep'; params: P }
  | { kind: 'mStep'; stats: S; params: P; context: MStepContext }
  | { kind: 'iteration'; info: IterationInfo<P> };

/** The loop: yields requests, receives the E-step result or the new parameters, returns the result. */
export type Loop<P, S> = Generator<LoopRequest<P, S>, EMResult<P>, unknown>;

/** Asks the driver for one E-step and checks its answer. */
export function* eStep<P, S>(
  tracker: IterationTracker<P>,
  params: P,
): Generator<LoopRequest<P, S>, EStepResult<S>> {
  tracker.countEStep();
  const result = yield { kind: 'eStep', params };
  if (
    typeof result !== 'object' ||
    result === null ||
    typeof (result as EStepResult<S>).logLikelihood !== 'number'
  ) {
    throw new ModelContractError('eStep', 'an object { stats, logLikelihood: number }', result);
  }
  return result as EStepResult<S>;
}

/** Asks the driver for one M-step. */
export function* mStep<P, S>(
  tracker: IterationTracker<P>,
  stats: S,
  params: P,
): Generator<LoopRequest<P, S>, P> {
  const next = yield { kind: 'mStep', stats, params, context: { iteration: tracker.iteration } };
  if (next === undefined || next === null) {
    throw new ModelContractError('mStep', 'the new parameters', next);
  }
  return next as P;
}
