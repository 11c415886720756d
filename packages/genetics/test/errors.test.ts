import { EMError, InvalidInputError, InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { GenotypeError, haplotypeEM, personPairs, sampleHaplotypePairs } from '../src/index.js';

function thrown(run: () => unknown): GenotypeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GenotypeError);
    return error as GenotypeError;
  }
  throw new Error('no error thrown');
}

describe('haplotypeEM: bad genotypes get a GenotypeError naming person and locus', () => {
  it('a SNP code out of range', () => {
    const error = thrown(() =>
      haplotypeEM(
        [
          [0, 1],
          [2, 3],
        ],
        { loci: ['rs1', 'rs2'] },
      ),
    );
    expect([error.person, error.locus, error.locusName]).toEqual([1, 1, 'rs2']);
    expect(error.message).toBe(
      'Invalid genotypes for person 1, locus 1 ("rs2"): expected a SNP code 0, 1 or 2 (or null for missing), received 3.',
    );
    expect(error.row).toBe(1);
    expect(error.column).toBe(1);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(thrown(() => haplotypeEM([[0, 1.5]])).locus).toBe(1);
    expect(thrown(() => haplotypeEM([[-1, 1]])).locus).toBe(0);
  });

  it('rows of different lengths', () => {
    const error = thrown(() =>
      haplotypeEM([
        [0, 1, 2],
        [1, 1],
        [0, 0, 0],
      ]),
    );
    expect(error.person).toBe(1);
    expect(error.locus).toBeUndefined();
    expect(error.message).toMatch(/person 1: expected 3 loci \(as for person 0\), received "2 loci"/);
  });

  it('an all-missing person', () => {
    const error = thrown(() =>
      haplotypeEM([
        [0, 1],
        [null, Number.NaN],
        [2, 2],
      ]),
    );
    expect(error.person).toBe(1);
    expect(error.message).toMatch(/missing at every locus/);
    expect(
      thrown(() =>
        haplotypeEM(
          [
            [
              [1, 2],
              [3, 4],
            ],
            [
              ['0', 0],
              [null, undefined],
            ],
          ],
          { missing: [0, '0'] },
        ),
      ).person,
    ).toBe(1);
  });

  it('mixed codings, malformed pairs and bad allele labels', () => {
    expect(
      thrown(() =>
        haplotypeEM([
          [0, [1, 2]],
          [1, 1],
        ]),
      ).locus,
    ).toBe(1);
    expect(thrown(() => haplotypeEM([[[1, 2, 3] as never, 1]])).locus).toBe(0);
    expect(thrown(() => haplotypeEM([[['', 'a'], 1]])).locus).toBe(0);
    expect(thrown(() => haplotypeEM([[[Number.POSITIVE_INFINITY, 1], 1]])).locus).toBe(0);
    expect(thrown(() => haplotypeEM([[{} as never, 1]])).locus).toBe(0);
    expect(thrown(() => haplotypeEM([[0, 1], 'ab' as never])).person).toBe(1);
  });

  it('a locus nobody was typed at', () => {
    expect(() =>
      haplotypeEM(
        [
          [0, null],
          [1, null],
        ],
        { loci: ['a', 'b'] },
      ),
    ).toThrow(/some allele observed at locus 1 \("b"\)/);
    expect(() =>
      haplotypeEM(
        [
          [0, [0, 0]],
          [1, [0, 0]],
        ],
        { missing: [0] },
      ),
    ).toThrow(InvalidInputError);
  });

  it('bad matrices and options', () => {
    expect(() => haplotypeEM([])).toThrow(InvalidInputError);
    expect(() => haplotypeEM('x' as never)).toThrow(InvalidInputError);
    expect(() => haplotypeEM([[]])).toThrow(GenotypeError);
    const ok = [
      [0, 1],
      [1, 1],
    ];
    for (const options of [
      { loci: ['a'] },
      { snpAlleles: ['A', 'A'] as [string, string] },
      { weights: [1] },
      { weights: [1, -1] },
      { weights: [0, 0] },
      { insertOrder: [0, 0] },
      { insertBatchSize: 0 },
      { minPosterior: 1 },
      { nInit: 1.5 },
      { maxPairs: 0 },
      { seed: 0.5 },
      { random: 3 as never },
      { missing: [{}] as never },
      { maxIter: 0 },
      { acceleration: 'fast' as never },
    ])
      expect(() => haplotypeEM(ok, options), JSON.stringify(options)).toThrow(InvalidOptionError);
  });

  it('too many pairs: names the person with the most and what to change', () => {
    const missingEverywhere = [
      [[1, 2], null, null, null],
      [
        [1, 3],
        [1, 2],
        [1, 2],
        [1, 2],
      ],
    ];
    const many = Array.from({ length: 10 }, (_, a) => [a, a + 10]);
    const rows = missingEverywhere.map((row) => row.map((g) => g ?? null));
    rows.push([many[0]!, many[1]!, many[2]!, many[3]!] as never);
    try {
      haplotypeEM(
        [
          ...(rows as never[]),
          [
            [5, 6],
            [7, 8],
            [9, 10],
            [11, 12],
          ],
        ],
        { maxPairs: 20 },
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as Error).message).toMatch(/person \d+ alone has \d+.*insertBatchSize/);
    }
  });
});

describe('sampleHaplotypePairs and personPairs validate their arguments', () => {
  const fit = haplotypeEM([
    [0, 1],
    [1, 1],
    [2, 1],
  ]);
  it('rejects what is not a fit, bad counts and people out of range', () => {
    expect(() => sampleHaplotypePairs({} as never)).toThrow(InvalidInputError);
    expect(() => sampleHaplotypePairs(fit, { nDraws: 0 })).toThrow(InvalidOptionError);
    expect(() => sampleHaplotypePairs(fit, { seed: Number.NaN })).toThrow(InvalidOptionError);
    expect(() => personPairs(fit, 3)).toThrow(/0 … 2/);
    expect(() => personPairs(null as never, 0)).toThrow(EMError);
  });
});
