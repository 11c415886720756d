import { InvalidInputError, ModelContractError } from './errors.js';
import { resolveOptions } from './options.js';
import { eStep, type Loop, type LoopRequest, mStep } from './requests.js';
import { squaremCycles } from './squarem.js';
import { IterationTracker } from './tracker.js';
import type { AsyncEMModel, EMOptions, EMResult, EStepResult, MStepContext } from './types.js';

export type { Loop, LoopRequest } from './requests.js';

/** Plain EM: E-step, M-step, record, until the tracker says stop. */
function* plainIterations<P, S>(tracker: IterationTracker<P>, params: P): Loop<P, S> {
  while (!tracker.aborted()) {
    const { stats, logLikelihood } = yield* eStep<P, S>(tracker, params);
    tracker.requireFinite(logLikelihood);
    params = yield* mStep<P, S>(tracker, stats, params);
    const { info, stop } = tracker.record(logLikelihood, params);
    yield { kind: 'iteration', info };
    if (stop) break;
  }
  return tracker.result(params, 'none');
}

/** The loop for `model` from `params`: SQUAREM when asked for and the model can be packed, else plain EM. */
export function emLoop<P, S>(model: AsyncEMModel<P, S>, params: P, tracker: IterationTracker<P>): Loop<P, S> {
  const squarem = tracker.options.squarem;
  if (squarem === undefined || !canPack(model)) return plainIterations(tracker, params);
  return squaremCycles(
    model as Required<Pick<AsyncEMModel<P, S>, 'pack' | 'unpack'>>,
    params,
    tracker,
    squarem,
  );
}

function canPack<P, S>(model: AsyncEMModel<P, S>): boolean {
  const hasPack = typeof model.pack === 'function';
  const hasUnpack = typeof model.unpack === 'function';
  if (hasPack !== hasUnpack) {
    const missing = hasPack ? 'unpack' : 'pack';
    throw new ModelContractError(
      missing,
      `a function, since ${hasPack ? 'pack' : 'unpack'} is defined`,
      undefined,
    );
  }
  return hasPack;
}

/** Checks the model and options before any work, then the loop for them. */
export function startLoop<P, S>(
  model: AsyncEMModel<P, S>,
  params: P,
  options: EMOptions<P> | undefined,
): Loop<P, S> {
  requireModel(model);
  return emLoop(model, params, new IterationTracker(resolveOptions(options)));
}

/** Rejects a model that is not an object with `eStep` and `mStep` functions, before any work. */
export function requireModel(model: unknown): void {
  const m = model as Partial<AsyncEMModel<unknown, unknown>> | null;
  if (typeof m !== 'object' || m === null || typeof m.eStep !== 'function' || typeof m.mStep !== 'function') {
    throw new InvalidInputError('model', 'an object with eStep and mStep functions', model);
  }
}

/** Runs the loop to its end, answering every request synchronously. */
export function driveSync<P, S>(model: SyncSteps<P, S>, loop: Loop<P, S>): EMResult<P> {
  let next = loop.next();
  while (!next.done) next = resume(loop, () => answerSync(model, next.value as LoopRequest<P, S>));
  return next.value;
}

/**
 * Hands the answer to the loop, or the error computing it threw: the loop may catch it (SQUAREM
 * treats a step that fails at an extrapolated point as an infeasible point).
 */
export function resume<P, S>(
  loop: Loop<P, S>,
  answer: () => unknown,
): IteratorResult<LoopRequest<P, S>, EMResult<P>> {
  let value: unknown;
  try {
    value = answer();
  } catch (error) {
    return loop.throw(error);
  }
  return loop.next(value);
}

/** {@link resume} for answers that may be promises. */
export async function resumeAsync<P, S>(
  loop: Loop<P, S>,
  answer: () => unknown,
): Promise<IteratorResult<LoopRequest<P, S>, EMResult<P>>> {
  let value: unknown;
  try {
    value = await answer();
  } catch (error) {
    return loop.throw(error);
  }
  return loop.next(value);
}

type SyncSteps<P, S> = {
  eStep(params: P): EStepResult<S>;
  mStep(stats: S, params: P, context: MStepContext): P;
};

/** The synchronous answer to one request (undefined for `iteration`). */
export function answerSync<P, S>(model: SyncSteps<P, S>, request: LoopRequest<P, S>): unknown {
  if (request.kind === 'eStep') return model.eStep(request.params);
  if (request.kind === 'mStep') return model.mStep(request.stats, request.params, request.context);
  return undefined;
}

/** The asynchronous answer to one request; `iteration` yields to the event loop. */
export async function answerAsync<P, S>(
  model: AsyncEMModel<P, S>,
  request: LoopRequest<P, S>,
  betweenIterations: () => Promise<void>,
): Promise<unknown> {
  if (request.kind === 'eStep') return model.eStep(request.params);
  if (request.kind === 'mStep') return model.mStep(request.stats, request.params, request.context);
  await betweenIterations();
  return undefined;
}
