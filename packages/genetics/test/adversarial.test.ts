// Hostile input: anything thrown must be a typed EMError; anything returned must be finite and
// consistent (frequencies summing to 1, posteriors summing to 1 per person).
import { EMError } from '@em/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ABO, alleleFrequencies, haplotypeEM, sampleHaplotypePairs } from '../src/index.js';

const runs = process.env.CI ? 60 : 200;

const hostile = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308, null, undefined),
  fc.string({ maxLength: 5 }),
  fc.tuple(
    fc.oneof(fc.integer({ min: -2, max: 4 }), fc.constantFrom('A', '', '__proto__', null)),
    fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(null)),
  ),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant({}),
);

function expectConsistent(fit: ReturnType<typeof haplotypeEM>) {
  expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  expect(fit.frequencies.every((f) => Number.isFinite(f) && f >= 0)).toBe(true);
  expect(fit.frequencies.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  for (let i = 0; i < fit.nPersons; i++) {
    let total = 0;
    for (let j = fit.personStart[i]!; j < fit.personStart[i + 1]!; j++) total += fit.posterior[j]!;
    expect(total).toBeCloseTo(1, 9);
  }
  expect(Number.isFinite(fit.ldTest.statistic)).toBe(true);
}

function typedOrConsistent(run: () => ReturnType<typeof haplotypeEM>) {
  let fit: ReturnType<typeof haplotypeEM>;
  try {
    fit = run();
  } catch (error) {
    expect(error).toBeInstanceOf(EMError);
    return;
  }
  expectConsistent(fit);
}

describe('adversarial', () => {
  it('haplotypeEM on arbitrary matrices of hostile entries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(hostile, { minLength: 0, maxLength: 4 }), { minLength: 0, maxLength: 6 }),
        (rows) => typedOrConsistent(() => haplotypeEM(rows as never, { maxPairs: 5000 })),
      ),
      { numRuns: runs },
    );
  });

  it('haplotypeEM on valid SNP matrices with missing data, any options that pass validation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((nLoci) =>
          fc.array(fc.array(fc.constantFrom(0, 1, 2, null), { minLength: nLoci, maxLength: nLoci }), {
            minLength: 1,
            maxLength: 25,
          }),
        ),
        fc.record({
          insertBatchSize: fc.integer({ min: 1, max: 6 }),
          minPosterior: fc.constantFrom(0, 1e-9, 0.01, 0.5),
          nInit: fc.integer({ min: 1, max: 3 }),
          acceleration: fc.constantFrom('none', 'squarem'),
        }),
        (rows, options) => typedOrConsistent(() => haplotypeEM(rows, options as never)),
      ),
      { numRuns: runs },
    );
  });

  it('multi-allelic pairs with hostile labels and partial missing', () => {
    const allele = fc.oneof(
      fc.constantFrom('toString', '__proto__', 'constructor', '<x>', '0'),
      fc.integer({ min: 1, max: 4 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(fc.option(allele), fc.option(allele)), { minLength: 2, maxLength: 2 }), {
          minLength: 1,
          maxLength: 12,
        }),
        (rows) => typedOrConsistent(() => haplotypeEM(rows as never, { missing: ['0'] })),
      ),
      { numRuns: runs },
    );
  });

  it('tampered fits are rejected by sampleHaplotypePairs', () => {
    const fit = haplotypeEM([
      [0, 1],
      [2, 2],
    ]);
    fc.assert(
      fc.property(fc.constantFrom('personStart', 'posterior', 'nPersons'), fc.anything(), (field, value) => {
        try {
          sampleHaplotypePairs({ ...fit, [field]: value } as never);
        } catch (error) {
          expect(error).toBeInstanceOf(EMError);
        }
      }),
      { numRuns: runs },
    );
  });

  it('alleleFrequencies on hostile counts', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('A', 'B', 'AB', 'O', 'C', '__proto__', ''),
          fc.oneof(fc.double(), fc.integer({ min: 0, max: 1e6 }), fc.constant(1e308)),
        ),
        (counts) => {
          try {
            const fit = alleleFrequencies(counts, ABO);
            expect(fit.frequencies.every(Number.isFinite)).toBe(true);
            expect(fit.frequencies.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
            expect(Number.isFinite(fit.logLikelihood)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(EMError);
          }
        },
      ),
      { numRuns: runs },
    );
  });
});
