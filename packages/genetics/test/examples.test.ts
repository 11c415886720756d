// The README's and the TSDoc @examples' code, run, with the values their comments claim.
import { InvalidInputError } from '@em/core';
import { createRandom } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import {
  ABO,
  alleleFrequencies,
  definePhenotypeSystem,
  GenotypeError,
  haplotypeEM,
  personPairs,
  sampleHaplotypePairs,
} from '../src/index.js';

describe('README', () => {
  it('ABO and three SNPs', () => {
    const abo = alleleFrequencies({ A: 186, B: 38, AB: 13, O: 284 }, ABO);
    expect(abo.frequencies.map((p) => p.toFixed(4))).toEqual(['0.2136', '0.0501', '0.7363']);
    expect(abo.standardErrors!.map((s) => s.toFixed(4))).toEqual(['0.0135', '0.0068', '0.0145']);
    expect(abo.hardyWeinberg!.statistic.toFixed(3)).toBe('0.406');
    expect(abo.hardyWeinberg!.pValue.toFixed(3)).toBe('0.524');
    const genotypes = [
      [0, 0, 1],
      [1, 1, 1],
      [2, 2, 0],
      [1, 1, null],
      [0, 0, 1],
      [1, 1, 0],
      [2, 2, 1],
      [0, 1, 2],
      [1, 1, 1],
      [0, 0, 2],
    ];
    const fit = haplotypeEM(genotypes, { loci: ['rs1', 'rs2', 'rs3'], nInit: 5 });
    expect(fit.haplotypes).toContainEqual(['1', '1', '2']);
    expect(fit.frequencies.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const pairs = personPairs(fit, 1);
    expect(pairs[0]!.posterior).toBeGreaterThan(0.5);
    expect(fit.ldTest.df).toBe(4);
    expect(fit.ldTest.pValue).toBeLessThan(0.01);
  });
});

describe('TSDoc examples', () => {
  it('alleleFrequencies, ABO, result types', () => {
    const fit = alleleFrequencies({ A: 186, B: 38, AB: 13, O: 284 }, ABO);
    expect(fit.hardyWeinberg!.df).toBe(1);
    expect(fit.phenotypes[0]!.phenotype).toBe('A');
    expect(fit.genotypes.find((g) => g.genotype === 'A/A')!.expected.toFixed(1)).toBe('23.6');
    const options = { initial: [0.3, 0.1, 0.6], acceleration: 'squarem' as const };
    expect(alleleFrequencies({ A: 186, B: 38, AB: 13, O: 284 }, ABO, options).frequencies[0]).toBeCloseTo(
      0.2136,
      4,
    );
  });

  it('definePhenotypeSystem: MN, dominant and recessive systems', () => {
    const mn = definePhenotypeSystem({
      name: 'MN',
      alleles: ['M', 'N'],
      phenotypes: { M: [['M', 'M']], MN: [['M', 'N']], N: [['N', 'N']] },
    });
    expect(Object.isFrozen(mn)).toBe(true);
    definePhenotypeSystem({
      name: 'dominant',
      alleles: ['D', 'd'],
      phenotypes: {
        affected: [
          ['D', 'D'],
          ['D', 'd'],
        ],
        unaffected: [['d', 'd']],
      },
    });
    const recessive = definePhenotypeSystem({
      name: 'recessive',
      alleles: ['A', 'a'],
      phenotypes: {
        normal: [
          ['A', 'A'],
          ['A', 'a'],
        ],
        affected: [['a', 'a']],
      },
    });
    const [p, q] = alleleFrequencies({ normal: 84, affected: 16 }, recessive).frequencies;
    expect(p).toBeCloseTo(0.6, 6);
    expect(q).toBeCloseTo(0.4, 6);
  });

  it('haplotypeEM and its result', () => {
    const fit = haplotypeEM(
      [
        [0, 0],
        [1, 1],
        [2, 2],
        [1, 1],
        [0, 0],
      ],
      { tol: 1e-10 },
    );
    expect(fit.haplotypes).toEqual([
      ['1', '1'],
      ['2', '2'],
    ]);
    expect(fit.frequencies[0]).toBeCloseTo(0.6, 12);
    expect(fit.frequencies[1]).toBeCloseTo(0.4, 12);
    expect(
      haplotypeEM([
        [0, 0],
        [1, 1],
        [2, 2],
      ]).haplotypes,
    ).toEqual([
      ['1', '1'],
      ['2', '2'],
    ]);
    expect(
      haplotypeEM(
        [
          [0, 1],
          [1, 1],
          [2, 2],
        ],
        { nInit: 5, seed: 1, acceleration: 'squarem', loci: ['a', 'b'] },
      ).loci,
    ).toEqual(['a', 'b']);
    const genotypes = [
      [0, 0],
      [2, 2],
      [1, 1],
      [0, 0],
      [1, 0],
      [0, 1],
      [2, 1],
      [1, 2],
    ];
    expect(haplotypeEM(genotypes).ldTest.statistic).toBeGreaterThanOrEqual(0);
    expect(
      haplotypeEM([
        [0, 1],
        [1, 1],
      ]).batches[0]!.loci,
    ).toEqual([0, 1]);
  });

  it('personPairs, sampleHaplotypePairs', () => {
    expect(
      personPairs(
        haplotypeEM([
          [0, 0],
          [0, 0],
          [2, 2],
          [1, 1],
        ]),
        3,
      ).map((p) => p.posterior.toFixed(3)),
    ).toEqual(['1.000']);
    const [best] = personPairs(
      haplotypeEM([
        [1, 1],
        [0, 0],
        [2, 2],
      ]),
      0,
    );
    expect(best!.posterior).toBeCloseTo(1, 6);
    expect(
      sampleHaplotypePairs(
        haplotypeEM([
          [1, 1],
          [0, 0],
          [2, 2],
        ]),
        { nDraws: 3 },
      ).hap1,
    ).toHaveLength(9);
    const fit = haplotypeEM([
      [0, 0],
      [1, 1],
      [2, 2],
      [0, 0],
    ]);
    const { hap1 } = sampleHaplotypePairs(fit, { nDraws: 100, seed: 3 });
    expect(fit.haplotypes[hap1[1]!]).toEqual(['1', '1']);
    expect(sampleHaplotypePairs(fit, { nDraws: 20, random: createRandom(7).random }).nDraws).toBe(20);
  });

  it('GenotypeError', () => {
    expect.assertions(3);
    try {
      haplotypeEM([
        [0, 1],
        [2, 3],
      ]);
    } catch (error) {
      expect(error).toBeInstanceOf(GenotypeError);
      expect([(error as GenotypeError).person, (error as GenotypeError).locus]).toEqual([1, 1]);
      expect(error).toBeInstanceOf(InvalidInputError);
    }
  });
});
