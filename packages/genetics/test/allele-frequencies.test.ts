import { InvalidInputError, InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { ABO, alleleFrequencies, definePhenotypeSystem, GenotypeError } from '../src/index.js';

// Lange, K. (2002). Mathematical and Statistical Methods for Genetic Analysis, 2nd ed., Springer,
// chapter 2 ("Counting methods and the EM algorithm"): ABO phenotypes of 521 duodenal ulcer patients
// (Clarke et al. 1959, Br. Med. J.) — A 186, B 38, AB 13, O 284 — and the EM estimates printed there
// to four decimals: p_A = .2136, p_B = .0501, p_O = .7363.
const ULCER = { A: 186, B: 38, AB: 13, O: 284 };

/** Σ nⱼ log Pⱼ written out for ABO, independent of the package's E-step. */
function aboLogLikelihood([a, b, o]: number[]): number {
  return (
    ULCER.A * Math.log(a! * a! + 2 * a! * o!) +
    ULCER.B * Math.log(b! * b! + 2 * b! * o!) +
    ULCER.AB * Math.log(2 * a! * b!) +
    ULCER.O * Math.log(o! * o!)
  );
}

describe('alleleFrequencies: the ABO duodenal-ulcer data (Lange 2002)', () => {
  const fit = alleleFrequencies(ULCER, ABO);

  it('reproduces the published EM estimates to the printed precision', () => {
    expect(fit.alleles).toEqual(['A', 'B', 'O']);
    expect(fit.frequencies.map((p) => p.toFixed(4))).toEqual(['0.2136', '0.0501', '0.7363']);
    expect(fit.converged).toBe(true);
    expect(fit.n).toBe(521);
  });

  it('is a maximum of the written-out likelihood, with its value', () => {
    expect(fit.logLikelihood).toBeCloseTo(aboLogLikelihood(fit.frequencies), 10);
    for (const [i, j] of [
      [0, 2],
      [1, 2],
      [0, 1],
    ] as const)
      for (const step of [1e-4, -1e-4]) {
        const nudged = [...fit.frequencies];
        nudged[i]! += step;
        nudged[j]! -= step;
        expect(aboLogLikelihood(nudged)).toBeLessThan(fit.logLikelihood);
      }
  });

  it('standard errors equal the inverse of the numerical Hessian of the likelihood', () => {
    // Free parameters (p_A, p_B), p_O = 1 − p_A − p_B; central second differences.
    const f = (x: number, y: number) => aboLogLikelihood([x, y, 1 - x - y]);
    const [x, y] = fit.frequencies as [number, number];
    const h = 1e-4;
    const fxx = (f(x + h, y) - 2 * f(x, y) + f(x - h, y)) / h ** 2;
    const fyy = (f(x, y + h) - 2 * f(x, y) + f(x, y - h)) / h ** 2;
    const fxy = (f(x + h, y + h) - f(x + h, y - h) - f(x - h, y + h) + f(x - h, y - h)) / (4 * h ** 2);
    const det = fxx * fyy - fxy * fxy;
    const varA = -fyy / det;
    const varB = -fxx / det;
    const covAB = fxy / det;
    const varO = varA + varB + 2 * covAB;
    const se = fit.standardErrors!;
    expect(se[0]).toBeCloseTo(Math.sqrt(varA), 6);
    expect(se[1]).toBeCloseTo(Math.sqrt(varB), 6);
    expect(se[2]).toBeCloseTo(Math.sqrt(varO), 6);
    expect(fit.covariance![0]![1]).toBeCloseTo(covAB, 7);
    // Rows of the covariance of frequencies that sum to 1 sum to 0.
    for (const row of fit.covariance!) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
  });

  it("standard errors agree with Louis' (1982) complete-minus-missing information", () => {
    // Complete data: genotype counts; missing: which of AA/AO (BB/BO) each A (B) person is.
    const [a, b, o] = fit.frequencies as [number, number, number];
    const shareAA = (a * a) / (a * a + 2 * a * o);
    const shareBB = (b * b) / (b * b + 2 * b * o);
    // Complete-data score for (p_A, p_B) with p_O = 1 − p_A − p_B: nA_alleles/a − nO_alleles/o etc.
    // Louis: I_obs = E[−∂²ℓc] − Var[∂ℓc | data]. Allele counts given data:
    const nAA = ULCER.A * shareAA;
    const nBB = ULCER.B * shareBB;
    const alleleA = 2 * nAA + (ULCER.A - nAA) + ULCER.AB;
    const alleleB = 2 * nBB + (ULCER.B - nBB) + ULCER.AB;
    const alleleO = ULCER.A - nAA + (ULCER.B - nBB) + 2 * ULCER.O;
    const complete = [
      [alleleA / a ** 2 + alleleO / o ** 2, alleleO / o ** 2],
      [alleleO / o ** 2, alleleB / b ** 2 + alleleO / o ** 2],
    ];
    // The missing information is the variance of the complete-data score given the phenotypes: an A
    // person's score moves by dA = (1/a + 1/o, 1/o) between AA and AO (p_O = 1 − p_A − p_B), with
    // Bernoulli(shareAA) variance; B persons likewise with dB = (1/o, 1/b + 1/o).
    const dA = [1 / a + 1 / o, 1 / o];
    const dB = [1 / o, 1 / b + 1 / o];
    const vA = ULCER.A * shareAA * (1 - shareAA);
    const vB = ULCER.B * shareBB * (1 - shareBB);
    const observed = [0, 1].map((r) =>
      [0, 1].map((c) => complete[r]![c]! - vA * dA[r]! * dA[c]! - vB * dB[r]! * dB[c]!),
    );
    const det = observed[0]![0]! * observed[1]![1]! - observed[0]![1]! ** 2;
    expect(fit.standardErrors![0]).toBeCloseTo(Math.sqrt(observed[1]![1]! / det), 10);
    expect(fit.standardErrors![1]).toBeCloseTo(Math.sqrt(observed[0]![0]! / det), 10);
  });

  it('Hardy–Weinberg test: Pearson X² over the four phenotypes, 1 df', () => {
    const [a, b, o] = fit.frequencies as [number, number, number];
    const expected = {
      A: 521 * (a * a + 2 * a * o),
      B: 521 * (b * b + 2 * b * o),
      AB: 521 * 2 * a * b,
      O: 521 * o * o,
    };
    const x2 = (Object.keys(ULCER) as (keyof typeof ULCER)[]).reduce(
      (s, k) => s + (ULCER[k] - expected[k]) ** 2 / expected[k],
      0,
    );
    expect(fit.hardyWeinberg!.statistic).toBeCloseTo(x2, 8);
    expect(fit.hardyWeinberg!.df).toBe(1);
    // χ²₁ tail: P = erfc(sqrt(x/2)); checked against R's pchisq(0.4059240, 1, lower = FALSE) = 0.5240456.
    expect(fit.hardyWeinberg!.pValue).toBeCloseTo(0.5240456, 6);
    expect(fit.phenotypes.map((p) => p.expected.toFixed(6))).toEqual(
      Object.values(expected).map((e) => e.toFixed(6)),
    );
  });

  it('expected genotype counts split each phenotype', () => {
    const aa = fit.genotypes.find((g) => g.genotype === 'A/A')!;
    const ao = fit.genotypes.find((g) => g.genotype === 'A/O')!;
    expect(aa.expected + ao.expected).toBeCloseTo(186, 10);
    const [a, , o] = fit.frequencies as [number, number, number];
    expect(aa.expected).toBeCloseTo((186 * a) / (a + 2 * o), 10);
  });

  it('SQUAREM and per-person phenotype lists give the same estimates', () => {
    const fast = alleleFrequencies(ULCER, ABO, { acceleration: 'squarem' });
    fast.frequencies.forEach((p, i) => {
      expect(p).toBeCloseTo(fit.frequencies[i]!, 8);
    });
    const people = Object.entries(ULCER).flatMap(([p, n]) => Array.from({ length: n }, () => p));
    expect(alleleFrequencies(people, ABO).frequencies).toEqual(fit.frequencies);
  });
});

describe('alleleFrequencies on other systems', () => {
  it('a codominant system gives allele counting and the binomial standard error', () => {
    const mn = definePhenotypeSystem({
      name: 'MN',
      alleles: ['M', 'N'],
      phenotypes: { M: [['M', 'M']], MN: [['M', 'N']], N: [['N', 'N']] },
    });
    // Race & Sanger's MN data on 1279 English people: 363 M, 634 MN, 282 N.
    const fit = alleleFrequencies({ M: 363, MN: 634, N: 282 }, mn);
    const p = (2 * 363 + 634) / (2 * 1279);
    expect(fit.frequencies[0]).toBeCloseTo(p, 9);
    expect(fit.standardErrors![0]).toBeCloseTo(Math.sqrt((p * (1 - p)) / (2 * 1279)), 9);
    expect(fit.hardyWeinberg!.df).toBe(1);
  });

  it('a recessive trait: q = sqrt(affected share)', () => {
    const recessive = definePhenotypeSystem({
      alleles: ['A', 'a'],
      phenotypes: {
        normal: [
          ['A', 'A'],
          ['A', 'a'],
        ],
        affected: [['a', 'a']],
      },
    });
    const fit = alleleFrequencies({ normal: 84, affected: 16 }, recessive);
    expect(fit.frequencies[1]).toBeCloseTo(0.4, 6);
    expect(fit.hardyWeinberg).toBeUndefined(); // 2 phenotypes, 2 alleles: no degrees of freedom
  });
});

describe('alleleFrequencies rejects bad input with typed errors', () => {
  it('names the person whose phenotype is not in the table', () => {
    try {
      alleleFrequencies(['A', 'O', 'C'], ABO);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GenotypeError);
      expect((error as GenotypeError).person).toBe(2);
      expect((error as GenotypeError).locusName).toBe('ABO');
      expect((error as Error).message).toMatch(/person 2, locus 0 \("ABO"\).*"C"/);
    }
  });

  it('unknown phenotypes and bad counts in a count table', () => {
    expect(() => alleleFrequencies({ A: 1, Z: 2 }, ABO)).toThrow(/phenotypes of ABO.*"Z"/);
    expect(() => alleleFrequencies({ A: -1 }, ABO)).toThrow(InvalidInputError);
    expect(() => alleleFrequencies({ A: Number.NaN }, ABO)).toThrow(InvalidInputError);
    expect(() => alleleFrequencies({ A: 0, B: 0 }, ABO)).toThrow(/at least one person/);
    expect(() => alleleFrequencies(ULCER, ABO, { initial: [0.5, 0.5] })).toThrow(InvalidOptionError);
    expect(() => alleleFrequencies(ULCER, ABO, { maxIter: 0 })).toThrow(InvalidOptionError);
  });

  it('tables that do not partition the genotypes', () => {
    expect(() =>
      definePhenotypeSystem({ alleles: ['A', 'B'], phenotypes: { x: [['A', 'A']], y: [['A', 'B']] } }),
    ).toThrow(/B\/B is under none/);
    expect(() =>
      definePhenotypeSystem({
        alleles: ['A', 'B'],
        phenotypes: {
          x: [
            ['A', 'A'],
            ['B', 'A'],
          ],
          y: [
            ['A', 'B'],
            ['B', 'B'],
          ],
        },
      }),
    ).toThrow(/already under "x"/);
    expect(() => definePhenotypeSystem({ alleles: ['A', 'A'], phenotypes: {} })).toThrow(/distinct/);
    expect(() => definePhenotypeSystem({ alleles: ['A', 'B'], phenotypes: { x: [['A', 'C']] } })).toThrow(
      InvalidInputError,
    );
  });
});
