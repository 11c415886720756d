import { resolveOptions } from './options.js';
import { IterationTracker } from './tracker.js';
import type { AsyncEMModel, EMOptions, EMResult } from './types.js';
import { yieldToEventLoop } from './yield.js';

/**
 * The asynchronous twin of {@link runEM}: E- and M-steps may return promises (worker threads,
 * streamed chunks), and the loop yields to the event loop between iterations so a browser page
 * stays responsive. Same stopping rules and the same results as `runEM`.
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
  const resolved = resolveOptions(options);
  return runResolvedAsync(model, initialParams, new IterationTracker(resolved));
}

/** @internal the loop itself, shared with the restart driver. */
export async function runResolvedAsync<P, S>(
  model: AsyncEMModel<P, S>,
  params: P,
  tracker: IterationTracker<P>,
): Promise<EMResult<P>> {
  while (!tracker.aborted()) {
    const { stats, logLikelihood } = await model.eStep(params);
    params = await model.mStep(stats, params);
    if (tracker.record(logLikelihood, params)) break;
    await yieldToEventLoop();
  }
  return tracker.result(params);
}
