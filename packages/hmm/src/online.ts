// Stepwise (online) EM for hidden Markov models: the expected counts of a batch of sequences,
// averaged per sequence into running statistics s ← (1 − η_t) s + η_t ŝ(batch), and the Baum–Welch
// M-step from them (Cappé & Moulines 2009; Liang & Klein 2009 for the mini-batch form). The counts
// of whole sequences add up, so a batch of sequences is a mini-batch.
import { InvalidOptionError } from '@em/core';
import { readStepSizeOptions, type StepSizeOptions } from '@em/core/stream';
import type { Params } from './baum-welch.js';
import type { CountStats } from './forward-backward.js';

/**
 * Options of {@link HiddenMarkovModel.partialFit}: the step sizes η_t = (t + t0)^(−α) of the t-th
 * update (as every package's `partialFit`, read by `@em/core/stream`'s `readStepSizeOptions`), and
 * hmmlearn's `lengths` for a batch given as one concatenated sequence.
 *
 * @example
 * ```ts
 * import type { HmmPartialFitOptions } from '@em/hmm';
 * const options: HmmPartialFitOptions = { alpha: 0.7, t0: 2 };
 * ```
 */
export interface HmmPartialFitOptions extends StepSizeOptions {
  /** Lengths of the sequences concatenated in the batch (hmmlearn's `lengths`). */
  lengths?: readonly number[];
}

/** The running state of a stepwise-EM run. */
export interface HmmOnlineRun {
  /** The parameters this run produced last: when the model's differ (refitted), a new run starts. */
  params: Params<unknown>;
  /** Updates so far (t). */
  updates: number;
  /** Sequences seen so far: the per-sequence averages are scaled to them for the M-step. */
  sequences: number;
  /** Per-sequence averages of the expected counts. */
  stats: CountStats<unknown>;
}

/** The step-size schedule and `lengths` of `options`, or an InvalidOptionError naming the bad one. */
export function readPartialFitOptions(options: HmmPartialFitOptions | undefined) {
  if (options === undefined) return { schedule: readStepSizeOptions(undefined), lengths: undefined };
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new InvalidOptionError('options', 'an object such as { alpha, t0, lengths }', options);
  const { lengths, ...steps } = options;
  return { schedule: readStepSizeOptions(steps), lengths };
}
