import { answerAsync, emLoop, type Loop, resumeAsync, startLoop } from './loop.js';
import type { IterationTracker } from './tracker.js';
import type { AsyncEMModel, EMOptions, EMResult } from './types.js';
import { yieldToEventLoop } from './yield.js';

/**
 * The asynchronous twin of {@link runEM}: E- and M-steps may return promises (worker threads,
 * streamed chunks), and the loop yields to the event loop between iterations so a browser page
 * stays responsive. Same stopping rules, acceleration and results as `runEM`.
 *
 * @example
 * ```ts
 * import { runEMAsync } from '@em/core';
 * const controller = new AbortController();
 * stopButton.onclick = () => controller.abort();
 * const result = await runEMAsync(model, initialParams, { signal: controller.signal });
 * ```
 */
export async function runEMAsync<P, S>(
  model: AsyncEMModel<P, S>,
  initialParams: P,
  options?: EMOptions<P>,
): Promise<EMResult<P>> {
  return driveAsync(model, startLoop(model, initialParams, options));
}

/** @internal the loop with a tracker, shared with the restart driver. */
export async function runResolvedAsync<P, S>(
  model: AsyncEMModel<P, S>,
  params: P,
  tracker: IterationTracker<P>,
): Promise<EMResult<P>> {
  return driveAsync(model, emLoop(model, params, tracker));
}

/** Runs the loop to its end, awaiting every answer and yielding to the event loop between iterations. */
async function driveAsync<P, S>(model: AsyncEMModel<P, S>, loop: Loop<P, S>): Promise<EMResult<P>> {
  let next = loop.next();
  while (!next.done) {
    const request = next.value;
    next = await resumeAsync(loop, () => answerAsync(model, request, yieldToEventLoop));
  }
  return next.value;
}
