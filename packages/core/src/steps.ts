import { answerAsync, answerSync, resume, resumeAsync, startLoop } from './loop.js';
import type { AsyncEMModel, EMModel, EMOptions, EMResult, IterationInfo } from './types.js';

/**
 * EM one iteration at a time: a generator that yields after every iteration (its
 * {@link IterationInfo}, with the new parameters) and returns the {@link EMResult} when the run
 * stops. Pull as many iterations as you like, pause between them (an animation, a "step" button),
 * or drop the generator. Run to the end it gives exactly what {@link runEM} gives with the same
 * options: it is the same loop.
 *
 * @example
 * ```ts
 * import { emSteps } from '@em/core';
 * // `coins` is the two-coin model from the EMModel example.
 * const steps = emSteps(coins, [0.6, 0.5], { tol: 1e-6 });
 * const first = steps.next().value; // an IterationInfo (the EMResult when it is already over)
 * first.params; // ≈ [0.71, 0.58]: after one iteration
 * for (const info of steps) console.log(info.iteration, info.logLikelihood);
 * ```
 */
export function* emSteps<P, S>(
  model: EMModel<P, S>,
  initialParams: P,
  options?: EMOptions<P>,
): Generator<IterationInfo<P>, EMResult<P>, void> {
  const loop = startLoop(model, initialParams, options);
  let next = loop.next();
  while (!next.done) {
    const request = next.value;
    if (request.kind === 'iteration') yield request.info;
    next = resume(loop, () => answerSync(model, request));
  }
  return next.value;
}

/**
 * The asynchronous twin of {@link emSteps}, for models whose steps return promises (worker
 * threads): `for await (const info of emStepsAsync(model, params))`.
 *
 * @example
 * ```ts
 * import { emStepsAsync } from '@em/core';
 * for await (const info of emStepsAsync(workerModel, params, { maxIter: 50 })) {
 *   draw(info.params); // one frame per iteration
 * }
 * ```
 */
export async function* emStepsAsync<P, S>(
  model: AsyncEMModel<P, S>,
  initialParams: P,
  options?: EMOptions<P>,
): AsyncGenerator<IterationInfo<P>, EMResult<P>, void> {
  const loop = startLoop(model, initialParams, options);
  let next = loop.next();
  while (!next.done) {
    const request = next.value;
    if (request.kind === 'iteration') yield request.info;
    // A consumer paced by await already gives the event loop its turns.
    next = await resumeAsync(loop, () => answerAsync(model, request, noPause));
  }
  return next.value;
}

const noPause = async (): Promise<void> => {};
