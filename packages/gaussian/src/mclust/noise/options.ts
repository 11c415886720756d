import { InvalidOptionError } from '@em/core';
import type { GaussianMixtureOptions } from '../../types.js';
import { readNoiseVolume } from './mask.js';

/**
 * The checks of `noise` that need no data (its length is checked by `fit`): an array of booleans,
 * and none of the options whose fits have no noise component.
 */
export function checkNoiseOptions(o: GaussianMixtureOptions): void {
  const noise: unknown = o.noise;
  if (!Array.isArray(noise) && !(ArrayBuffer.isView(noise) && !(noise instanceof DataView)))
    throw new InvalidOptionError('noise', 'an array of booleans, one per row of X', noise);
  const flags = noise as ArrayLike<unknown>;
  for (let i = 0; i < flags.length; i++) {
    if (typeof flags[i] !== 'boolean') throw new InvalidOptionError(`noise[${i}]`, 'a boolean', flags[i]);
  }
  if (o.noiseVolume !== undefined) readNoiseVolume(o.noiseVolume, () => Number.NaN);
  const conflicts: [keyof GaussianMixtureOptions, boolean][] = [
    ['workers', o.workers !== undefined],
    ['acceleration', o.acceleration !== undefined && o.acceleration !== 'none'],
    ['missing', o.missing === 'em'],
  ];
  for (const [name, set] of conflicts) {
    if (set)
      throw new InvalidOptionError(
        name,
        `${name === 'missing' ? "'error'" : 'undefined'} with noise`,
        o[name],
      );
  }
}
