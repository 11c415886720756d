import { InvalidOptionError } from '../errors.js';
import { checkOptionKeys } from './option-checks.js';

/**
 * Step sizes of stepwise (online) EM, η_t = (t + t0)^(−α) for the t-th update (Cappé & Moulines
 * 2009; Liang & Klein 2009). α in (0.5, 1] makes Σ η_t diverge and Σ η_t² converge, the conditions
 * under which stepwise EM converges; a smaller α forgets old batches faster, a larger t0 damps the
 * first updates. The first update of a run takes the batch's statistics as they are (η = 1).
 *
 * @example
 * ```ts
 * import type { StepSizeOptions } from '@em/core/stream';
 * const options: StepSizeOptions = { alpha: 0.7, t0: 2 };
 * ```
 */
export interface StepSizeOptions {
  /** Decay exponent α of the step sizes, in (0.5, 1]. Default 0.6. */
  alpha?: number;
  /** Offset t0 ≥ 0 of the step sizes. Default 2. */
  t0?: number;
}

const KEYS = ['alpha', 't0'];

/**
 * η_t for update `t` (1-based) with options read by {@link readStepSizeOptions}.
 *
 * @example
 * ```ts
 * import { readStepSizeOptions, stepSize } from '@em/core/stream';
 * const schedule = readStepSizeOptions({ alpha: 1 });
 * stepSize(1, schedule); // 1
 * stepSize(2, schedule); // 0.25
 * ```
 */
export function stepSize(t: number, { alpha, t0 }: Required<StepSizeOptions>): number {
  return t === 1 ? 1 : (t + t0) ** -alpha;
}

/**
 * The options of `partialFit` with their defaults, or an `InvalidOptionError` naming the bad one.
 *
 * @example
 * ```ts
 * import { readStepSizeOptions } from '@em/core/stream';
 * readStepSizeOptions(undefined); // { alpha: 0.6, t0: 2 }
 * readStepSizeOptions({ t0: 5 }); // { alpha: 0.6, t0: 5 }
 * ```
 */
export function readStepSizeOptions(options: StepSizeOptions | undefined): Required<StepSizeOptions> {
  if (options === undefined) return { alpha: 0.6, t0: 2 };
  checkOptionKeys(options, KEYS, 'partialFit');
  const { alpha = 0.6, t0 = 2 } = options;
  if (typeof alpha !== 'number' || !(alpha > 0.5 && alpha <= 1))
    throw new InvalidOptionError('alpha', 'a number in (0.5, 1]', alpha);
  if (typeof t0 !== 'number' || !(t0 >= 0 && Number.isFinite(t0)))
    throw new InvalidOptionError('t0', 'a finite number >= 0', t0);
  return { alpha, t0 };
}
