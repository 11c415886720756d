// Hostile input for every export of @em/genetics, in the shape of @em/testkit: each call ends in a typed
// EMError or a finite, consistent result — never a TypeError, a NaN, a hang or an edited fit accepted.
// CI replays a fixed seed (test/setup.ts); local runs draw more. (genetics has no model class to save:
// its results are plain objects, so there is no fromJSON; the pair functions check the result they get.)
import {
  adversarialRecorder,
  adversarialRuns,
  asyncPropertyTypedOrFinite,
  expectRefused,
  expectTypedError,
  expectTypedErrorAsync,
  hostileNumber,
  hostileString,
  hostileValue,
  hugeSize,
  propertyTypedOrFinite,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ABO,
  AlleleFrequencyModel,
  alleleFrequencies,
  alleleFrequenciesFromScans,
  alleleFrequenciesStream,
  definePhenotypeSystem,
  HaplotypeEMModel,
  type HaplotypeEMResult,
  haplotypeEM,
  haplotypeEMFromScans,
  haplotypeEMStream,
  OnlineAlleleFrequencies,
  personPairs,
  sampleHaplotypePairs,
  scanGenotypeShard,
  scanPhenotypeShard,
} from '../src/index.js';

const recorder = adversarialRecorder('@em/genetics');
const anyValue = fc.oneof(hostileValue, hostileNumber, hugeSize, hostileString);
const snp = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(0, 1, 2) },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** A haplotype fit: frequencies a distribution, each person's phases a distribution. */
function summary(fit: HaplotypeEMResult) {
  const { posterior, personStart, ...rest } = fit;
  return { ...rest, firstPairs: fit.nPersons > 0 ? personPairs(fit, 0) : [] };
}
const checkFit = (s: ReturnType<typeof summary>) => {
  expect(Math.abs(s.frequencies.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
  if (s.firstPairs.length > 0)
    expect(Math.abs(s.firstPairs.reduce((a, p) => a + p.posterior, 0) - 1)).toBeLessThan(1e-9);
};

/**
 * Stops a fit after 300 EM iterations in all (returning false ends every restart too): a valid but huge
 * `nInit` (2^28 + 1 restarts) or `maxIter` is a long computation the caller asked for, not a hang to
 * detect here — unbounded, one such draw ran for minutes and timed the suite out. Hostile values of
 * these options still reach the checks, which run before any iteration.
 */
const budget = () => {
  let left = 300;
  return () => --left > 0;
};

const FIT_DATA = [
  [0, 0, 1],
  [1, 1, 1],
  [2, 2, 0],
  [1, 1, null],
  [0, 1, 2],
];
const FIT = () => haplotypeEM(FIT_DATA, { seed: 1 });

describe('@em/genetics under hostile input', () => {
  it('haplotypeEM on valid SNP matrices with missing data, any options', () => {
    const keys = [
      'loci',
      'snpAlleles',
      'missing',
      'weights',
      'insertOrder',
      'insertBatchSize',
      'minPosterior',
      'nInit',
      'random',
      'seed',
      'maxPairs',
      'maxIter',
      'tol',
      'acceleration',
      'signal',
      'unknownOption',
    ];
    propertyTypedOrFinite(
      recorder,
      fc.record({
        data: fc
          .integer({ min: 1, max: 4 })
          .chain((loci) =>
            fc.array(fc.array(snp, { minLength: loci, maxLength: loci }), { minLength: 1, maxLength: 10 }),
          ),
        options: fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 2 }),
      }),
      ({ data, options }) =>
        summary(haplotypeEM(data, { seed: 1, ...options, onIteration: budget() } as never)),
      { check: checkFit, numRuns: adversarialRuns(30, 100) },
    );
  });

  it('haplotypeEM on arbitrary matrices of hostile entries and allele pairs', () => {
    const entry = fc.oneof(
      snp,
      anyValue,
      fc.tuple(fc.constantFrom('A', 'C', 'G', 'T'), fc.constantFrom('A', 'C', 'G', 'T')),
      fc.tuple(hostileString, hostileString),
    );
    propertyTypedOrFinite(
      recorder,
      fc.oneof(fc.array(fc.array(entry, { minLength: 1, maxLength: 3 }), { maxLength: 6 }), anyValue),
      (data) => summary(haplotypeEM(data as never, { seed: 1 })),
      { check: checkFit },
    );
  });

  it('alleleFrequencies on hostile counts, systems and options', () => {
    propertyTypedOrFinite(
      recorder,
      fc.record({
        counts: fc.oneof(
          fc.record(
            { A: hostileNumber, B: hostileNumber, AB: hostileNumber, O: hostileNumber },
            { requiredKeys: [] },
          ),
          anyValue,
        ),
        initial: fc.oneof(fc.constant(undefined), fc.array(hostileNumber, { maxLength: 4 }), anyValue),
        maxIter: fc.oneof(fc.constant(undefined), anyValue),
      }),
      ({ counts, initial, maxIter }) =>
        alleleFrequencies(counts as never, ABO, { initial, maxIter, onIteration: budget() } as never),
      { check: (r) => expect(Math.abs(r.frequencies.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9) },
    );
  });

  it('definePhenotypeSystem, personPairs and sampleHaplotypePairs given anything', () => {
    const fit = FIT();
    propertyTypedOrFinite(
      recorder,
      fc.record({
        call: fc.nat({ max: 2 }),
        a: anyValue,
        b: fc.oneof(
          anyValue,
          fc.record({ nDraws: anyValue, seed: anyValue, random: anyValue }, { requiredKeys: [] }),
        ),
      }),
      ({ call, a, b }) =>
        call === 0
          ? definePhenotypeSystem(a as never).alleles
          : call === 1
            ? personPairs(fit, a as never)
            : sampleHaplotypePairs(fit, b as never),
    );
  });

  it('an edited (or JSON-rebuilt) fit given back to personPairs and sampleHaplotypePairs', () => {
    const fit = FIT();
    const fields = ['nPersons', 'personStart', 'hap1', 'hap2', 'posterior', 'haplotypes'] as const;
    propertyTypedOrFinite(
      recorder,
      fc.record({
        field: fc.constantFrom(...fields),
        value: fc.oneof(
          anyValue,
          fc.constantFrom(
            new Int32Array(0),
            Int32Array.of(0, 99, 2),
            Float64Array.of(2, -1),
            new Int32Array(40).fill(7),
          ),
        ),
        json: fc.boolean(),
      }),
      ({ field, value, json }) => {
        const edited = json ? JSON.parse(JSON.stringify(fit)) : { ...fit, [field]: value };
        return { pairs: personPairs(edited, 1), draws: sampleHaplotypePairs(edited, { nDraws: 3 }) };
      },
    );
  });
});

// The cases found while auditing, kept as regression tests.
describe('@em/genetics: regression cases of the audit', () => {
  it('a fit rebuilt from JSON (typed arrays become objects) is refused, naming the field', () => {
    const rebuilt = JSON.parse(JSON.stringify(FIT()));
    expectRefused(recorder, () => personPairs(rebuilt, 0), 'fit.personStart');
    expectRefused(recorder, () => sampleHaplotypePairs(rebuilt), 'fit.personStart');
  });

  it('haplotype indices and posteriors out of range are refused', () => {
    const fit = FIT();
    expectRefused(
      recorder,
      () => personPairs({ ...fit, hap1: new Int32Array(fit.hap1.length).fill(999) }, 0),
      'fit.hap1[0]',
    );
    expectRefused(
      recorder,
      () => personPairs({ ...fit, posterior: new Float64Array(fit.posterior.length).fill(2) }, 0),
      'fit.posterior[0]',
    );
    expectRefused(
      recorder,
      () => sampleHaplotypePairs({ ...fit, haplotypes: null as never }),
      'fit.haplotypes',
    );
  });

  it('nInit: 2^28 + 1 restarts end when the callback stops one (the draw that timed the suite out)', () => {
    let iterations = 0;
    const fit = haplotypeEM(FIT_DATA, {
      seed: 1,
      nInit: 2 ** 28 + 1,
      onIteration: () => ++iterations < 300,
    });
    expect(iterations).toBe(300);
    expect(fit.stopReason).toBe('callback');
    checkFit(summary(fit));
  });

  it('alleleFrequencies of subnormal counts: a typed error, not frequencies summing to 4/3', () => {
    // { A: 1.5e-323 } (three units of the last place) gave [0.833, 0, 0.5]: a subnormal total has too
    // few significant bits for the E-step to split it among genotypes.
    const subnormal: Record<string, number>[] = [
      { A: 1.5e-323 },
      { A: 5e-324, O: 5e-324 },
      { A: 1e-320, B: 1e-320, AB: 1e-320, O: 1e-320 },
    ];
    for (const counts of subnormal)
      expectTypedError(recorder, () => alleleFrequencies(counts, ABO), ['counts', '2.2e-308']);
    // The smallest normal total keeps its digits: the frequencies of { A: 3, O: 1 } (Lange 2002's
    // gene counting of A and O alone: p_A = 1 − √(1/4) = 0.5).
    const tiny = alleleFrequencies({ A: 3 * 2 ** -1020, O: 2 ** -1020 }, ABO).frequencies;
    expect(tiny[0]).toBeCloseTo(0.5, 9);
    expect(tiny[2]).toBeCloseTo(0.5, 9);
    expect(tiny.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // A seed's find: { AB: 1.5e-323, O: 2.2250738585072e-308 } totals a normal double, but AB's alleles
    // round to frequency 0, so its probability is 0 and the log-likelihood -Infinity: a typed error.
    expectTypedError(recorder, () => alleleFrequencies({ AB: 1.5e-323, O: 2.2250738585072e-308 }, ABO), [
      'phenotype AB',
      'underflows',
    ]);
    // A total past the largest double is named as such, not as "no person".
    expectTypedError(recorder, () => alleleFrequencies({ A: 1e308, B: 1e308 }, ABO), [
      'counts',
      'finite total',
    ]);
  });

  it('nDraws: 1e12 is refused before allocating', () => {
    expectTypedError(recorder, () => sampleHaplotypePairs(FIT(), { nDraws: 1e12 }), ['nDraws']);
  });

  it('alleleFrequencies and haplotypeEM aborted before their first iteration throw', () => {
    const controller = new AbortController();
    controller.abort();
    expectTypedError(
      recorder,
      () => alleleFrequencies({ A: 186, B: 38, AB: 13, O: 284 }, ABO, { signal: controller.signal }),
      ['before its first iteration'],
    );
    expectTypedError(
      recorder,
      () =>
        haplotypeEM(
          [
            [0, 1],
            [1, 1],
            [2, 0],
          ],
          { signal: controller.signal },
        ),
      ['before its first iteration'],
    );
  });
});

describe('@em/genetics streams, shards and online EM under hostile input', () => {
  const rows = [
    [0, 0, 1],
    [1, 1, 1],
    [2, 2, 0],
    [1, 1, null],
    [0, 1, 2],
  ];
  const hostileRow = fc.oneof(
    { weight: 4, arbitrary: fc.array(snp, { minLength: 3, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.array(fc.oneof(snp, anyValue), { maxLength: 4 }) },
    { weight: 1, arbitrary: anyValue },
  );

  it('haplotypeEMStream and shard tables of arbitrary chunks: a typed error or a fit', async () => {
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({
        chunks: fc.array(fc.oneof(fc.array(hostileRow, { maxLength: 4 }), anyValue), { maxLength: 3 }),
        viaShards: fc.boolean(),
      }),
      async ({ chunks, viaShards }) => {
        const source = [rows, ...chunks] as never;
        if (!viaShards) return (await haplotypeEMStream(source, { seed: 1 })).frequencies;
        const scans = await Promise.all([scanGenotypeShard([rows]), scanGenotypeShard(chunks as never)]);
        return haplotypeEMFromScans(JSON.parse(JSON.stringify(scans))).frequencies;
      },
      { check: (f) => expect(Math.abs(f.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9) },
    );
  });

  it('tampered shard tables and phenotype counts: refused with a typed error, or a fit', async () => {
    const table = await scanGenotypeShard([rows]);
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({
        key: fc.constantFrom('persons', 'genotypes', 'counts', 'firstRows'),
        value: fc.oneof(anyValue, fc.array(anyValue, { maxLength: 6 })),
        phenotypes: fc.oneof(fc.dictionary(fc.constantFrom('A', 'B', 'AB', 'O', 'C'), anyValue), anyValue),
      }),
      async ({ key, value, phenotypes }) => [
        haplotypeEMFromScans([{ ...table, [key]: value }]).frequencies,
        alleleFrequenciesFromScans([{ counts: phenotypes } as never], ABO).frequencies,
      ],
    );
  });

  it('alleleFrequenciesStream and OnlineAlleleFrequencies of arbitrary chunks and options', async () => {
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({
        chunks: fc.array(
          fc.oneof(
            fc.array(fc.oneof(fc.constantFrom('A', 'B', 'AB', 'O'), anyValue), { maxLength: 5 }),
            anyValue,
          ),
          { maxLength: 3 },
        ),
        options: fc.oneof(
          fc.record({ alpha: anyValue, t0: anyValue, initial: anyValue }, { requiredKeys: [] }),
          anyValue,
        ),
        online: fc.boolean(),
      }),
      async ({ chunks, options, online }) => {
        if (!online)
          return (await alleleFrequenciesStream([['A', 'O'], ...chunks] as never, ABO)).frequencies;
        const fit = new OnlineAlleleFrequencies(ABO, options as never);
        for (const chunk of chunks) fit.partialFit(chunk as never);
        return fit.frequencies;
      },
      { check: (f) => expect(Math.abs(f.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9) },
    );
  });

  it('AlleleFrequencyModel and system-free shard scans of arbitrary chunks, systems and options', async () => {
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({
        chunks: fc.array(
          fc.oneof(
            fc.array(fc.oneof(fc.constantFrom('A', 'B', 'AB', 'O', 'C'), anyValue), { maxLength: 5 }),
            fc.dictionary(fc.constantFrom('A', 'B', 'AB', 'O', 'C'), anyValue),
            anyValue,
          ),
          { maxLength: 3 },
        ),
        system: fc.oneof({ weight: 3, arbitrary: fc.constant(ABO) }, anyValue),
        // A hostile tol under a bounded maxIter: with one phenotype EM converges sublinearly, and a
        // maxIter of 2^31 is then a legitimate, hours-long fit (alleleFrequencies' own test covers it).
        options: fc.oneof(fc.record({ tol: anyValue, maxIter: fc.constant(500) }), anyValue),
      }),
      async ({ chunks, system, options }) => {
        const model = new AlleleFrequencyModel(system as never, options as never);
        const scans = [await scanPhenotypeShard([['A', 'O']]), await scanPhenotypeShard(chunks as never)];
        return model.fitFromScans(JSON.parse(JSON.stringify(scans))).frequencies;
      },
      { check: (f) => expect(Math.abs(f.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9) },
    );
  });

  it('typed errors: a row with other loci, a bad genotype named by its source row, no rows', async () => {
    await expectTypedErrorAsync(recorder, () => haplotypeEMStream([rows, [[0, 1]]]), ['chunk 1']);
    await expectTypedErrorAsync(recorder, () => haplotypeEMStream([rows, [[0, 1, 7]]]), ['person 5']);
    await expectTypedErrorAsync(recorder, () => haplotypeEMStream([]), ['source']);
    await expectTypedErrorAsync(recorder, async () => new HaplotypeEMModel({ weights: [1] } as never), [
      'weights',
    ]);
    await expectTypedErrorAsync(recorder, async () => new HaplotypeEMModel().fitFromScans([{} as never]), [
      'scans[0]',
    ]);
    await expectTypedErrorAsync(recorder, () => alleleFrequenciesStream([['A'], ['Q']], ABO), ['person 1']);
    await expectTypedErrorAsync(recorder, () => scanPhenotypeShard([['A'], [null as never]]), ['person 1']);
    // The property's find: a subnormal total count (3e-323) gave frequencies summing to 1.17.
    await expectTypedErrorAsync(recorder, async () => alleleFrequencies({ B: 3e-323 }, ABO), ['counts']);
    await expectTypedErrorAsync(recorder, async () => new AlleleFrequencyModel(ABO, 3 as never), ['options']);
    await expectTypedErrorAsync(recorder, async () => new AlleleFrequencyModel({} as never), ['system']);
    await expectTypedErrorAsync(
      recorder,
      async () => new AlleleFrequencyModel(ABO).fitFromScans([{ counts: { Q: 1 } }]),
      ['scans[0].counts', 'Q'],
    );
    await expectTypedErrorAsync(
      recorder,
      () => scanPhenotypeShard([[]], ABO).then((t) => alleleFrequenciesFromScans([t], ABO)),
      ['counts'],
    );
  });
});
