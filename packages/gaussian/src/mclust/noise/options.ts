import { InvalidOptionError } from '@em/core';
import type { GaussianMixtureOptions } from '../../types.js';
import { readNoiseVolume } from './mask.js';
import { isArrayLike } from './rule.js';

/**
 * The checks of `noise` that need no data (its length is checked by `fit`): an array of booleans
 * or a rule (a function, whose answers are checked block by block), and none of the options whose fits have no noise component.
 */
export function checkNoiseOptions(o: GaussianMixtureOptions): void {
  const noise: unknown = o.noise;
  if (typeof noise !== 'function') {
    if (!isArrayLike(noise))
      throw new InvalidOptionError('noise', 'an array of booleans, one per row of X, or a NoiseRule', noise);
    for (let i = 0; i < noise.length; i++) {
      if (typeof noise[i] !== 'boolean') throw new InvalidOptionError(`noise[${i}]`, 'a boolean', noise[i]);
    }
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
