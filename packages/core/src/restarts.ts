import { InvalidOptionError } from './errors.js';
import { requireModel } from './loop.js';
import { mulberry32 } from './numeric/random.js';
import { requireFunction, requireInteger, resolveOptions } from './options.js';
import { runResolved } from './run-em.js';
import { runResolvedAsync } from './run-em-async.js';
import { IterationTracker } from './tracker.js';
import type { AsyncEMModel, EMModel, EMOptions, EMResult, StopReason } from './types.js';

/**
 * Options of {@link runEMWithRestarts}: those of {@link runEM} plus the number of runs and the
 * random source handed to `init`.
 *
 * @example
 * ```ts
 * import type { RestartOptions } from '@em/core';
 * const options: RestartOptions<number[]> = { nInit: 5, random: Math.random };
 * ```
 */
export interface RestartOptions<P> extends EMOptions<P> {
  /** Number of runs from fresh initial parameters; the best by final log-likelihood is kept. Default 1. */
  nInit?: number;
  /**
   * Uniform numbers in [0, 1) for `init`. Default: a fixed-seed generator, so results are
   * reproducible; pass `createRandom(seed).random` from `@em/sampling` to choose the seed.
   */
  random?: () => number;
}

/**
 * Summary of one restart.
 *
 * @example
 * ```ts
 * import { runEMWithRestarts, type RunSummary } from '@em/core';
 * const { runs } = runEMWithRestarts(model, init, { nInit: 3 });
 * const converged = runs.filter((run: RunSummary) => run.converged).length;
 * ```
 */
export interface RunSummary {
  /** Final log-likelihood of the run. */
  logLikelihood: number;
  /** Iterations the run took. */
  nIter: number;
  /** Whether the run converged. */
  converged: boolean;
  /** Why the run stopped. */
  stopReason: StopReason;
  /** E-steps the run evaluated. */
  nEStep: number;
}

/**
 * The best run, plus which one it was and how every run ended.
 *
 * @example
 * ```ts
 * import { runEMWithRestarts } from '@em/core';
 * const best = runEMWithRestarts(model, init, { nInit: 5 });
 * console.log(best.bestRun, best.runs.map((run) => run.logLikelihood));
 * ```
 */
export interface RestartResult<P> extends EMResult<P> {
  /** 0-based index of the kept run. */
  bestRun: number;
  /** How every run ended, in the order they ran. */
  runs: RunSummary[];
}

/**
 * Initial parameters from a random source; `run` is the 0-based restart index.
 *
 * @example
 * ```ts
 * import type { InitFactory } from '@em/core';
 * const init: InitFactory<[number, number]> = (random) => [random(), random()];
 * ```
 */
export type InitFactory<P> = (random: () => number, run: number) => P;

function prepare<P>(model: unknown, init: unknown, options: RestartOptions<P>) {
  requireModel(model);
  const resolved = resolveOptions(options);
  const nInit = requireInteger('nInit', options.nInit ?? 1, 1);
  if (typeof init !== 'function')
    throw new InvalidOptionError('init', 'a function (random, run) => params', init);
  const random = requireFunction<() => number>('random', options.random) ?? mulberry32(0);
  return { resolved, nInit, random, init: init as InitFactory<P> };
}

function summarize<P>(result: EMResult<P>): RunSummary {
  const { logLikelihood, nIter, converged, stopReason, nEStep } = result;
  return { logLikelihood, nIter, converged, stopReason, nEStep };
}

// scikit-learn keeps the first run unless a later one is strictly better.
function isBetter<P>(candidate: EMResult<P>, best: EMResult<P> | undefined): boolean {
  return best === undefined || candidate.logLikelihood > best.logLikelihood;
}

const stopsRestarts = (reason: StopReason) => reason === 'aborted' || reason === 'callback';

/**
 * Runs EM `nInit` times, each from `init(random, run)`, and keeps the run with the highest final
 * log-likelihood. Deterministic for a given `random`; an abort or a callback stop ends all runs.
 *
 * @example
 * ```ts
 * import { runEMWithRestarts } from '@em/core';
 * import { createRandom } from '@em/sampling';
 * const best = runEMWithRestarts(model, (random) => [random(), random()], {
 *   nInit: 10,
 *   random: createRandom(42).random,
 * });
 * ```
 */
export function runEMWithRestarts<P, S>(
  model: EMModel<P, S>,
  init: InitFactory<P>,
  options: RestartOptions<P> = {},
): RestartResult<P> {
  const setup = prepare(model, init, options);
  const runs: RunSummary[] = [];
  let best: EMResult<P> | undefined;
  let bestRun = 0;
  for (let run = 0; run < setup.nInit; run++) {
    const result = runResolved(
      model,
      setup.init(setup.random, run),
      new IterationTracker(setup.resolved, run),
    );
    runs.push(summarize(result));
    if (isBetter(result, best)) [best, bestRun] = [result, run];
    if (stopsRestarts(result.stopReason)) break;
  }
  return { ...best!, bestRun, runs };
}

/**
 * The asynchronous twin of {@link runEMWithRestarts}, built on {@link runEMAsync}.
 *
 * @example
 * ```ts
 * import { runEMWithRestartsAsync } from '@em/core';
 * const best = await runEMWithRestartsAsync(asyncModel, init, { nInit: 3, signal });
 * ```
 */
export async function runEMWithRestartsAsync<P, S>(
  model: AsyncEMModel<P, S>,
  init: InitFactory<P>,
  options: RestartOptions<P> = {},
): Promise<RestartResult<P>> {
  const setup = prepare(model, init, options);
  const runs: RunSummary[] = [];
  let best: EMResult<P> | undefined;
  let bestRun = 0;
  for (let run = 0; run < setup.nInit; run++) {
    const tracker = new IterationTracker(setup.resolved, run);
    const result = await runResolvedAsync(model, setup.init(setup.random, run), tracker);
    runs.push(summarize(result));
    if (isBetter(result, best)) [best, bestRun] = [result, run];
    if (stopsRestarts(result.stopReason)) break;
  }
  return { ...best!, bestRun, runs };
}
