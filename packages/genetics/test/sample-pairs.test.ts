import { createRandom } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { haplotypeEM, personPairs, sampleHaplotypePairs } from '../src/index.js';

describe('sampleHaplotypePairs', () => {
  // Person 0 is a double heterozygote: phase 11/22 or 12/21, with posteriors set by the others.
  const genotypes = [
    [1, 1],
    ...Array.from({ length: 30 }, () => [0, 0]),
    ...Array.from({ length: 10 }, () => [2, 2]),
    [0, 1],
    [2, 1],
  ];
  const fit = haplotypeEM(genotypes, { tol: 1e-10 });

  it('draws each pair as often as its posterior says', () => {
    const draws = sampleHaplotypePairs(fit, { nDraws: 20000, random: createRandom(5).random });
    const pairs = personPairs(fit, 0);
    expect(pairs).toHaveLength(2);
    const first = fit.personStart[0]!;
    let hits = 0;
    for (let d = 0; d < draws.nDraws; d++) {
      if (
        draws.hap1[d * fit.nPersons] === fit.hap1[first] &&
        draws.hap2[d * fit.nPersons] === fit.hap2[first]
      )
        hits++;
    }
    const p = fit.posterior[first]!;
    // Binomial(20000, p): 5 standard deviations.
    expect(Math.abs(hits / 20000 - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / 20000) + 1e-12);
  });

  it('people with one compatible pair always get it, and a seed replays', () => {
    const a = sampleHaplotypePairs(fit, { nDraws: 3, seed: 9 });
    const b = sampleHaplotypePairs(fit, { nDraws: 3, seed: 9 });
    expect(a).toEqual(b);
    for (let d = 0; d < 3; d++) {
      const h1 = fit.haplotypes[a.hap1[d * fit.nPersons + 1]!];
      expect(h1).toEqual(['1', '1']);
    }
  });

  it('personPairs lists pairs most probable first with posteriors summing to 1', () => {
    const pairs = personPairs(fit, 0);
    expect(pairs[0]!.posterior).toBeGreaterThanOrEqual(pairs[1]!.posterior);
    expect(pairs[0]!.posterior + pairs[1]!.posterior).toBeCloseTo(1, 12);
    // 11/22 is far more likely than 12/21: haplotypes 11 and 22 are common, 12 and 21 rare.
    expect([pairs[0]!.haplotype1, pairs[0]!.haplotype2]).toEqual([
      ['1', '1'],
      ['2', '2'],
    ]);
  });
});
