import { InvalidInputError } from '@em/core';
import { addStats } from './estep.js';
import type { GaussianStats } from './kernels/types.js';
import type { MixtureStatistics } from './streaming/statistics.js';

/** How many numbers each of a part's statistics holds. */
export interface PartSizes {
  nk: number;
  s1: number;
  s2: number;
}

/**
 * The parts' statistics of a `fitFromStatistics` source added into `into`, in the parts' order: each
 * part's arrays checked for their lengths (an error naming the part and the array), and the parts
 * together required to cover the `n` rows of the source exactly. `eachPart`, when given, is called
 * for each part once its arrays are checked (what a caller adds beside them, e.g. the noise sum).
 */
export function addPartStatistics(
  into: GaussianStats,
  parts: readonly MixtureStatistics[],
  sizes: PartSizes,
  n: number,
  eachPart?: (part: MixtureStatistics, index: number) => void,
): GaussianStats {
  parts.forEach((part, index) => {
    for (const key of ['nk', 's1', 's2'] as const) {
      if (!Array.isArray(part?.[key]) || part[key].length !== sizes[key]) {
        throw new InvalidInputError(
          `statistics of part ${index} (${key})`,
          `an array of ${sizes[key]} numbers`,
          part?.[key],
        );
      }
    }
    eachPart?.(part, index);
    addStats(into, {
      n: part.rows,
      logLikelihood: part.logLikelihood,
      nk: Float64Array.from(part.nk),
      s1: Float64Array.from(part.s1),
      s2: Float64Array.from(part.s2),
    });
  });
  // Parts that went missing (or were counted twice) must not pass for the whole data set.
  if (into.n !== n) {
    throw new InvalidInputError(
      'statistics',
      `parts covering all ${n} rows`,
      `parts covering ${into.n} rows`,
    );
  }
  return into;
}
