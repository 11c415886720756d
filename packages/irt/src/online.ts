// Stepwise (online) Bock–Aitkin EM: running per-person averages of the expected counts at the
// quadrature nodes, s ← (1 − η_t) s + η_t ŝ(batch), and the M-step from them (Cappé & Moulines 2009;
// the mini-batch form of Liang & Klein 2009).
import type { StepSizeOptions } from '@em/core/stream';

/**
 * Options of {@link ItemResponseModel.partialFit}: the step sizes η_t = (t + t0)^(−α) of the t-th
 * update. α in (0.5, 1] makes Σ η_t diverge and Σ η_t² converge, the conditions under which stepwise
 * EM converges; a smaller α forgets old batches faster, a larger t0 damps the first updates. The
 * first update of a run takes the batch's counts as they are (η = 1). Read and checked by
 * `@em/core/stream`'s `readStepSizeOptions`, as in every package's `partialFit`.
 *
 * @example
 * ```ts
 * import type { IrtPartialFitOptions } from '@em/irt';
 * const options: IrtPartialFitOptions = { alpha: 0.7, t0: 2 };
 * ```
 */
export type IrtPartialFitOptions = StepSizeOptions;

/** The running state of a stepwise-EM run. */
export interface OnlineRun {
  /** The item parameters this run produced last: when the model's differ (refitted), a new run starts. */
  x: Float64Array;
  /** Updates so far (t). */
  updates: number;
  /** Persons seen so far: the averages are scaled to them for the M-step (the 3PL prior's weight). */
  rows: number;
  /** Per-person averages of the expected counts. */
  average: Float64Array;
}
