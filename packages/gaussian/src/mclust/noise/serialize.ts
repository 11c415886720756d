import type { NoiseParams } from '../../types.js';
import { fail, record } from '../../validate-json.js';

/**
 * The noise component as stored by `toJSON`.
 *
 * @example
 * ```ts
 * import type { NoiseJSON } from '@em/gaussian';
 * const noise: NoiseJSON = { weight: 0.1, volume: 42 };
 * ```
 */
export interface NoiseJSON {
  /** Proportion of the noise component. */
  weight: number;
  /** Volume of its uniform density. */
  volume: number;
}

/** `.fitted.noise`: a weight in [0, 1) and a finite volume > 0. */
export function readNoiseJSON(value: unknown): NoiseParams {
  const noise = record('.fitted.noise', value, ['weight', 'volume']);
  const { weight, volume } = noise;
  if (typeof weight !== 'number' || !(weight >= 0 && weight < 1))
    fail('.fitted.noise.weight', 'a number in [0, 1)', weight);
  if (typeof volume !== 'number' || !(volume > 0) || !Number.isFinite(volume))
    fail('.fitted.noise.volume', 'a finite number > 0', volume);
  return { weight: weight as number, volume: volume as number };
}
