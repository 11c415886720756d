import type { StepSizeOptions } from '@em/core/stream';

/**
 * Options of {@link GaussianMixture.partialFit}: the step sizes of stepwise EM, η_t = (t + t0)^(−α)
 * for the t-th update (Cappé & Moulines 2009; Liang & Klein 2009). α in (0.5, 1] makes Σ η_t
 * diverge and Σ η_t² converge, the conditions under which stepwise EM converges; a smaller α
 * forgets old batches faster, a larger t0 damps the first updates. The first update of a run
 * (after the initialisation, or after `fit`) takes the batch's statistics as they are (η = 1).
 * Read and checked by `@em/core/stream`'s `readStepSizeOptions`, as in every package's `partialFit`.
 *
 * @example
 * ```ts
 * import type { PartialFitOptions } from '@em/gaussian';
 * const options: PartialFitOptions = { alpha: 0.7, t0: 2 };
 * ```
 */
export type PartialFitOptions = StepSizeOptions;
