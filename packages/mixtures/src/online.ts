// Stepwise (online) EM for the mixtures whose statistics add up: running per-row averages of the
// statistics, s ← (1 − η_t) s + η_t ŝ(batch), and the M-step from them (Cappé & Moulines 2009; the
// mini-batch form of Liang & Klein 2009).
import type { StepSizeOptions } from '@em/core/stream';

/**
 * Options of `partialFit` on the mixtures of this package: the step sizes η_t = (t + t0)^(−α) of
 * the t-th update. α in (0.5, 1] makes Σ η_t diverge and Σ η_t² converge, the conditions under which
 * stepwise EM converges; a smaller α forgets old batches faster, a larger t0 damps the first
 * updates. The first update of a run takes the batch's statistics as they are (η = 1). Read and
 * checked by `@em/core/stream`'s `readStepSizeOptions`, as in every package's `partialFit`.
 *
 * @example
 * ```ts
 * import type { MixturePartialFitOptions } from '@em/mixtures';
 * const options: MixturePartialFitOptions = { alpha: 0.7, t0: 2 };
 * ```
 */
export type MixturePartialFitOptions = StepSizeOptions;

/** The running state of a stepwise-EM run. */
export interface OnlineRun<P, S> {
  /** The parameters this run produced last: when the model's differ (refitted), a new run starts. */
  params: P;
  /** Updates so far (t). */
  updates: number;
  /** Rows seen so far: the running averages are scaled to them for the M-step (smoothing's weight). */
  rows: number;
  /** Per-row averages of the statistics. */
  stats: S;
}
