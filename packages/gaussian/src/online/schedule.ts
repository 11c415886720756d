import { InvalidOptionError } from '@em/core';

/**
 * Options of {@link GaussianMixture.partialFit}: the step sizes of stepwise EM, η_t = (t + t0)^(−α)
 * for the t-th update (Cappé & Moulines 2009; Liang & Klein 2009). α in (0.5, 1] makes Σ η_t
 * diverge and Σ η_t² converge, the conditions under which stepwise EM converges; a smaller α
 * forgets old batches faster, a larger t0 damps the first updates. The first update of a run
 * (after the initialisation, or after `fit`) takes the batch's statistics as they are (η = 1).
 *
 * @example
 * ```ts
 * import type { PartialFitOptions } from '@em/gaussian';
 * const options: PartialFitOptions = { alpha: 0.7, t0: 2 };
 * ```
 */
export interface PartialFitOptions {
  /** Decay exponent α of the step sizes, in (0.5, 1]. Default 0.6. */
  alpha?: number;
  /** Offset t0 ≥ 0 of the step sizes. Default 2. */
  t0?: number;
}

const KEYS = ['alpha', 't0'];

/** η_t for update `t` (1-based) with validated options. */
export function stepSize(t: number, { alpha, t0 }: Required<PartialFitOptions>): number {
  return t === 1 ? 1 : (t + t0) ** -alpha;
}

/** The options with defaults, or an `InvalidOptionError` naming the bad one. */
export function readPartialFitOptions(options: PartialFitOptions | undefined): Required<PartialFitOptions> {
  if (options === undefined) return { alpha: 0.6, t0: 2 };
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) {
      throw new InvalidOptionError(
        key,
        'no such option of partialFit (known: alpha, t0)',
        (options as Record<string, unknown>)[key],
      );
    }
  }
  const { alpha = 0.6, t0 = 2 } = options;
  if (typeof alpha !== 'number' || !(alpha > 0.5 && alpha <= 1))
    throw new InvalidOptionError('alpha', 'a number in (0.5, 1]', alpha);
  if (typeof t0 !== 'number' || !(t0 >= 0 && Number.isFinite(t0)))
    throw new InvalidOptionError('t0', 'a finite number >= 0', t0);
  return { alpha, t0 };
}
