import { EMError, type EMErrorCode, NumericalError } from '@em/core';
import { SingularCovarianceError } from '../errors.js';
import type { Response } from './protocol.js';

/**
 * How a worker of a {@link WorkerError} failed: it exited, threw, did not answer in time, or reported an error.
 *
 * @example
 * ```ts
 * import type { WorkerFailure } from '@em/gaussian';
 * const retry = (failure: WorkerFailure) => failure === 'timeout';
 * ```
 */
export type WorkerFailure = 'exit' | 'error' | 'timeout' | 'failed';

/**
 * A worker thread of a {@link WorkerPool} failed during `fitAsync`: it exited, threw, did not
 * answer within the pool's `replyTimeoutMs`, or reported an error. The promise of `fitAsync`
 * rejects with it and the model keeps the parameters it had before the call; the pool replaces
 * its workers on its next use. Its `code` is `'NUMERICAL'`, as for every worker failure before
 * this class existed.
 *
 * @example
 * ```ts
 * import { GaussianMixture, WorkerError } from '@em/gaussian';
 * try {
 *   await new GaussianMixture({ nComponents: 2, workers: 2 }).fitAsync(X);
 * } catch (error) {
 *   if (error instanceof WorkerError) console.error(error.failure, error.message);
 * }
 * ```
 */
export class WorkerError extends EMError {
  /** `'WorkerError'`: a literal, so it survives minification (unlike `constructor.name`). */
  override name = 'WorkerError';
  /** What happened to the worker. */
  readonly failure: WorkerFailure;

  constructor(failure: WorkerFailure, detail: string) {
    super('NUMERICAL', `A worker thread of the E-step ${describe(failure)}: ${detail}.`);
    this.failure = failure;
  }
}

function describe(failure: WorkerFailure): string {
  if (failure === 'exit') return 'exited';
  if (failure === 'error') return 'threw';
  if (failure === 'timeout') return 'did not answer in time';
  return 'failed';
}

/**
 * The error of a worker's failed reply as the calling thread would have thrown it: @em/core's
 * errors by their class (numerical ones as NumericalError, a singular covariance as
 * SingularCovarianceError with its component and iteration), anything else as a WorkerError.
 */
export function replyError(reply: Response & { ok: false }): Error {
  if (!reply.error) return new WorkerError('failed', reply.message);
  const { name, code, numerical, singular } = reply.error;
  let error: EMError;
  if (singular) {
    error = new SingularCovarianceError(singular.component, singular.iteration, '');
    error.message = reply.message;
  } else
    error = numerical ? new NumericalError(reply.message) : new EMError(code as EMErrorCode, reply.message);
  error.name = name;
  return error;
}
