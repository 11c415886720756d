import { InvalidInputError, InvalidOptionError } from '@em/core';
import { mulberry32, type RandomSource } from '@em/core/numeric';
import { checkHaplotypeFit } from './check-fit.js';
import type { HaplotypeEMResult } from './haplotype-em.js';

/**
 * Options of {@link sampleHaplotypePairs}.
 *
 * @example
 * ```ts
 * import type { SamplePairsOptions } from '@em/genetics';
 * import { createRandom } from '@em/sampling';
 * const options: SamplePairsOptions = { nDraws: 20, random: createRandom(7).random };
 * ```
 */
export interface SamplePairsOptions {
  /** Draws per person (default 1), for multiple imputation of phase. */
  nDraws?: number;
  /** Uniform random numbers in [0, 1) (for example `createRandom(seed).random` from `@em/sampling`). */
  random?: RandomSource;
  /** Seed of the default generator when `random` is not given (default 1). */
  seed?: number;
}

/**
 * Sampled haplotype pairs: draw `d` of person `i` is `hap1[d * nPersons + i]`, `hap2[d * nPersons + i]`
 * (indices into the fit's `haplotypes`, `hap1 ≤ hap2`).
 *
 * @example
 * ```ts
 * import { haplotypeEM, sampleHaplotypePairs, type SampledPairs } from '@em/genetics';
 * const draws: SampledPairs = sampleHaplotypePairs(haplotypeEM([[1, 1], [0, 0], [2, 2]]), { nDraws: 3 });
 * draws.hap1.length; // 9
 * ```
 */
export interface SampledPairs {
  /** Number of draws per person. */
  nDraws: number;
  /** Number of persons. */
  nPersons: number;
  /** First haplotype of each draw. */
  hap1: Int32Array;
  /** Second haplotype of each draw. */
  hap2: Int32Array;
}

/** Most pairs one call draws (nDraws × nPersons): two Int32Arrays of that length. */
const MAX_DRAWN = 1 << 26;

/**
 * Draws, for every person, haplotype pairs from their posterior distribution given the fitted
 * frequencies — phase imputation for downstream analyses that need known haplotypes (repeat the
 * analysis over draws and combine, as in multiple imputation).
 *
 * @example
 * ```ts
 * import { haplotypeEM, sampleHaplotypePairs } from '@em/genetics';
 * const fit = haplotypeEM([[0, 0], [1, 1], [2, 2], [0, 0]]);
 * const { hap1, hap2 } = sampleHaplotypePairs(fit, { nDraws: 100, seed: 3 });
 * fit.haplotypes[hap1[1]!]; // person 1's first haplotype in draw 0, almost surely ['1', '1']
 * ```
 */
export function sampleHaplotypePairs(fit: HaplotypeEMResult, options: SamplePairsOptions = {}): SampledPairs {
  checkHaplotypeFit(fit);
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object', options);
  const nDraws = options.nDraws ?? 1;
  if (!Number.isInteger(nDraws) || nDraws < 1 || nDraws * fit.nPersons > MAX_DRAWN)
    throw new InvalidOptionError(
      'nDraws',
      `an integer >= 1, with nDraws × nPersons <= ${MAX_DRAWN} (the pairs are allocated up front)`,
      nDraws,
    );
  if (options.random !== undefined && typeof options.random !== 'function')
    throw new InvalidOptionError('random', 'a function returning uniforms in [0, 1)', options.random);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed))
    throw new InvalidOptionError('seed', 'a safe integer', options.seed);
  const random = options.random ?? mulberry32(options.seed ?? 1);
  const { nPersons, personStart, posterior } = fit;
  const hap1 = new Int32Array(nDraws * nPersons);
  const hap2 = new Int32Array(nDraws * nPersons);
  for (let d = 0; d < nDraws; d++)
    for (let i = 0; i < nPersons; i++) {
      const start = personStart[i]!;
      const end = personStart[i + 1]!;
      let u = random();
      let chosen = end - 1;
      for (let j = start; j < end; j++) {
        u -= posterior[j]!;
        if (u < 0) {
          chosen = j;
          break;
        }
      }
      hap1[d * nPersons + i] = fit.hap1[chosen]!;
      hap2[d * nPersons + i] = fit.hap2[chosen]!;
    }
  return { nDraws, nPersons, hap1, hap2 };
}

/**
 * One haplotype pair of a person, with its posterior probability.
 *
 * @example
 * ```ts
 * import { haplotypeEM, personPairs, type PhasedPair } from '@em/genetics';
 * const [best]: PhasedPair[] = personPairs(haplotypeEM([[1, 1], [0, 0], [2, 2]]), 0);
 * best!.posterior; // the most probable phase of person 0
 * ```
 */
export interface PhasedPair {
  /** First haplotype, one allele label per locus. */
  haplotype1: string[];
  /** Second haplotype. */
  haplotype2: string[];
  /** Posterior probability of this pair given the person's genotypes. */
  posterior: number;
}

/**
 * A person's haplotype pairs with their posterior probabilities, most probable first — haplo.stats'
 * `summary(haplo.em(...))` for one subject.
 *
 * @example
 * ```ts
 * import { haplotypeEM, personPairs } from '@em/genetics';
 * const fit = haplotypeEM([[0, 0], [0, 0], [2, 2], [1, 1]]);
 * personPairs(fit, 3).map((pair) => pair.posterior.toFixed(3)); // ['1.000']: 12/21 was pruned
 * ```
 */
export function personPairs(fit: HaplotypeEMResult, person: number): PhasedPair[] {
  checkHaplotypeFit(fit);
  if (!Number.isInteger(person) || person < 0 || person >= fit.nPersons)
    throw new InvalidInputError('person', `an index in 0 … ${fit.nPersons - 1}`, person);
  const pairs: PhasedPair[] = [];
  for (let j = fit.personStart[person]!; j < fit.personStart[person + 1]!; j++)
    pairs.push({
      haplotype1: [...fit.haplotypes[fit.hap1[j]!]!],
      haplotype2: [...fit.haplotypes[fit.hap2[j]!]!],
      posterior: fit.posterior[j]!,
    });
  return pairs.sort((a, b) => b.posterior - a.posterior);
}
