import { InvalidInputError, InvalidOptionError } from '@em/core';
import { ChunkShapeError } from '@em/core/stream';
import { describe, expect, it } from 'vitest';
import {
  ABO,
  AlleleFrequencyModel,
  alleleFrequencies,
  alleleFrequenciesFromScans,
  alleleFrequenciesStream,
  GenotypeError,
  type GenotypeTable,
  type HaplotypeEMResult,
  type HaplotypeStreamResult,
  haplotypeEM,
  haplotypeEMFromScans,
  haplotypeEMStream,
  OnlineAlleleFrequencies,
  scanGenotypeShard,
  scanPhenotypeShard,
} from '../src/index.js';
import { type HaploCase, haploStats } from './haplo-stats.js';

const options = (c: HaploCase) => ({
  loci: c.loci,
  missing: ['0'],
  tol: c.control.tol,
  maxIter: c.control.max_iter,
  minPosterior: c.control.min_posterior,
  insertBatchSize: c.control.insert_batch_size,
});

// The 11-locus hla.demo case is left out: it takes half a minute per fit and adds no path the others lack.
const cases = haploStats.cases.filter((c) => !c.name.includes('11 loci'));

const chunked = <T>(rows: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, c) => rows.slice(c * size, (c + 1) * size));

const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** Everything but the pair listings is the same object, bit for bit; the pairs per person match their row's. */
function expectSameFit(
  streamed: HaplotypeStreamResult,
  inMemory: HaplotypeEMResult,
  rows: readonly unknown[],
) {
  const { rowStart, genotypes, counts, hap1, hap2, posterior, ...rest } = streamed;
  const { personStart, hap1: h1, hap2: h2, posterior: post, ...expected } = inMemory;
  expect(rest).toEqual(expected);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(inMemory.nPersons);
  const rowOf = new Map(genotypes.map((g, r) => [JSON.stringify(g), r]));
  rows.forEach((person, i) => {
    const r = rowOf.get(JSON.stringify(person))!;
    const ours = Array.from({ length: rowStart[r + 1]! - rowStart[r]! }, (_, k) => {
      const j = rowStart[r]! + k;
      return [hap1[j], hap2[j], posterior[j]];
    });
    const theirs = Array.from({ length: personStart[i + 1]! - personStart[i]! }, (_, k) => {
      const j = personStart[i]! + k;
      return [h1[j], h2[j], post[j]];
    });
    expect(ours).toEqual(theirs);
  });
}

describe('haplotypeEMStream', () => {
  it.each(
    cases.map((c) => [c.name, c] as const),
  )('%s: bit-identical to haplotypeEM on the same rows (chunks of 37)', async (_, c) => {
    const inMemory = haplotypeEM(c.genotypes, options(c));
    const streamed = await haplotypeEMStream(() => chunked(c.genotypes, 37), options(c));
    expectSameFit(streamed, inMemory, c.genotypes);
  });

  it('with random starts and SQUAREM, from an async generator read once', async () => {
    const c = haploStats.cases[0]!;
    const opts = { ...options(c), nInit: 4, seed: 7, acceleration: 'squarem' as const };
    const inMemory = haplotypeEM(c.genotypes, opts);
    const streamed = await haplotypeEMStream(async function* () {
      yield* chunked(c.genotypes, 50);
    }, opts);
    expectSameFit(streamed, inMemory, c.genotypes);
    // One pass: even a one-shot iterator is a valid source.
    const once = await haplotypeEMStream(chunked(c.genotypes, 50).values(), opts);
    expect(once.frequencies).toEqual(inMemory.frequencies);
  });

  it('SNP codes with missing values, the table far smaller than the persons', async () => {
    const rows: (number | null)[][] = [];
    let state = 12345;
    const next = () => {
      state = (state * 16807) % 2147483647;
      return state / 2147483647;
    };
    for (let i = 0; i < 5000; i++)
      rows.push(
        Array.from({ length: 4 }, () => (next() < 0.03 ? null : next() < 0.5 ? 0 : next() < 0.6 ? 1 : 2)),
      );
    const inMemory = haplotypeEM(rows);
    const streamed = await haplotypeEMStream(() => chunked(rows, 999));
    expectSameFit(streamed, inMemory, rows);
    expect(streamed.genotypes.length).toBeLessThanOrEqual(4 ** 4);
    expect(streamed.nPersons).toBe(5000);
  });

  it('names the source row of a bad genotype, and refuses rows of other loci and weights', async () => {
    const c = haploStats.cases[0]!;
    const bad = chunked(c.genotypes, 40).map((chunk) => chunk.map((row) => [...row]));
    bad[2]![5]![1] = 7 as never;
    const error = await haplotypeEMStream(bad, options(c)).catch((e) => e);
    expect(error).toBeInstanceOf(GenotypeError);
    expect([error.person, error.locus]).toEqual([85, 1]);
    const short = chunked(c.genotypes, 40).map((chunk) => [...chunk]);
    short[3]![2] = short[3]![2]!.slice(1) as never;
    const shape = await haplotypeEMStream(short, options(c)).catch((e) => e);
    expect(shape).toBeInstanceOf(ChunkShapeError);
    expect([shape.chunk, shape.row]).toEqual([3, 122]);
    await expect(haplotypeEMStream([c.genotypes], { weights: [1] } as never)).rejects.toBeInstanceOf(
      InvalidOptionError,
    );
  });
});

describe('haplotypeEM over shards', () => {
  it('three shard tables merged through JSON give haplotypeEM, bit for bit', async () => {
    for (const c of cases) {
      const shards = [c.genotypes.slice(0, 70), c.genotypes.slice(70, 150), c.genotypes.slice(150)];
      const scans = await Promise.all(
        shards.map((rows) => scanGenotypeShard(chunked(rows, 25), { missing: ['0'] })),
      );
      const fit = haplotypeEMFromScans(viaJson(scans), options(c));
      expectSameFit(fit, haplotypeEM(c.genotypes, options(c)), c.genotypes);
    }
  });

  it('names the row over all shards of a bad genotype, and refuses what is no table', async () => {
    const c = haploStats.cases[0]!;
    const rows = c.genotypes.map((row) => [...row]);
    rows[130]![2] = ['12', '12', '12'] as never;
    const scans = [
      await scanGenotypeShard([rows.slice(0, 100)]),
      {
        persons: 120,
        genotypes: viaJson(rows.slice(100)),
        counts: rows.slice(100).map(() => 1),
        firstRows: rows.slice(100).map((_, i) => i),
      },
    ];
    const error = (() => {
      try {
        return haplotypeEMFromScans(scans as GenotypeTable[], options(c));
      } catch (e) {
        return e as GenotypeError;
      }
    })();
    expect(error).toBeInstanceOf(GenotypeError);
    expect((error as GenotypeError).person).toBe(130);
    expect(() => haplotypeEMFromScans([{ weights: { f64: [1] } } as never])).toThrow(InvalidInputError);
    expect(() => haplotypeEMFromScans([])).toThrow(/non-empty/);
  });
});

const people = Object.entries({ A: 186, B: 38, AB: 13, O: 284 }).flatMap(([phenotype, n]) =>
  Array.from({ length: n }, () => phenotype),
);
// Interleaved, so every chunk has a mixture of phenotypes.
const shuffled = people.map((_, i) => people[(i * 97) % people.length]!);

describe('alleleFrequenciesStream and shards', () => {
  it('is alleleFrequencies bit for bit, from names per person or counts per chunk', async () => {
    const inMemory = alleleFrequencies(shuffled, ABO, { acceleration: 'squarem' });
    const streamed = await alleleFrequenciesStream(() => chunked(shuffled, 100), ABO, {
      acceleration: 'squarem',
    });
    expect(streamed).toEqual(inMemory);
    const fromCounts = await alleleFrequenciesStream(
      [
        { A: 100, O: 150 },
        { A: 86, B: 38, AB: 13, O: 134 },
      ],
      ABO,
    );
    expect(fromCounts).toEqual(alleleFrequencies({ A: 186, B: 38, AB: 13, O: 284 }, ABO));
    // Lange (2002), chapter 2.
    expect(streamed.frequencies.map((p) => p.toFixed(4))).toEqual(['0.2136', '0.0501', '0.7363']);
  });

  it('three shards merged through JSON give the same fit', async () => {
    const shards = [shuffled.slice(0, 150), shuffled.slice(150, 400), shuffled.slice(400)];
    const scans = await Promise.all(shards.map((s) => scanPhenotypeShard(chunked(s, 60), ABO)));
    expect(alleleFrequenciesFromScans(viaJson(scans), ABO)).toEqual(alleleFrequencies(shuffled, ABO));
  });

  it('shards scanned without the system (as a worker that knows none) give the same fit', async () => {
    const shards = [shuffled.slice(0, 150), shuffled.slice(150, 400), shuffled.slice(400)];
    const open = await Promise.all(shards.map((s) => scanPhenotypeShard(chunked(s, 60))));
    // Only the phenotypes seen, in the order they came; their counts those of the system's scan.
    const checked = await Promise.all(shards.map((s) => scanPhenotypeShard([s], ABO)));
    open.forEach((scan, s) => {
      for (const [phenotype, count] of Object.entries(checked[s]!.counts))
        expect(scan.counts[phenotype] ?? 0).toBe(count);
      expect(Object.keys(scan.counts)[0]).toBe(shards[s]![0]);
    });
    const model = new AlleleFrequencyModel(ABO, { acceleration: 'squarem', tol: 1e-12 });
    const inMemory = alleleFrequencies(shuffled, ABO, { acceleration: 'squarem', tol: 1e-12 });
    expect(model.fitFromScans(viaJson(open))).toEqual(inMemory);
    expect(model.result).toEqual(inMemory);
    expect(await model.fitStream(() => chunked(shuffled, 77))).toEqual(inMemory);
    // A phenotype the system lacks is named by the fit, with its scan; a name that is not a string by the scan.
    expect(() => model.fitFromScans([...open, { counts: { C: 2 } }])).toThrow(/scans\[3\]\.counts.*"C"/);
    const notAName = await scanPhenotypeShard([
      ['A', 'O'],
      ['B', 3 as never],
    ]).catch((e) => e);
    expect(notAName).toBeInstanceOf(GenotypeError);
    expect(notAName.person).toBe(3);
  });

  it('names the person of an unknown phenotype and the chunk of a bad count', async () => {
    const bad = [...shuffled];
    bad[333] = 'C';
    const error = await alleleFrequenciesStream(chunked(bad, 100), ABO).catch((e) => e);
    expect(error).toBeInstanceOf(GenotypeError);
    expect(error.person).toBe(333);
    const count = await alleleFrequenciesStream([{ A: 3 }, { O: -1 }], ABO).catch((e) => e);
    expect(count).toBeInstanceOf(InvalidInputError);
    expect(count.argument).toBe('source chunk 1.O');
    expect(() => alleleFrequenciesFromScans([{ counts: { Z: 1 } }], ABO)).toThrow(/scans\[0\]/);
  });
});

describe('OnlineAlleleFrequencies (stepwise EM)', () => {
  it('its first update is one EM iteration on the batch', () => {
    const online = new OnlineAlleleFrequencies(ABO, { initial: [0.3, 0.2, 0.5] });
    online.partialFit(shuffled);
    const oneStep = alleleFrequencies(shuffled, ABO, { initial: [0.3, 0.2, 0.5], maxIter: 1 });
    online.frequencies.forEach((p, i) => {
      expect(p).toBeCloseTo(oneStep.frequencies[i]!, 14);
    });
  });

  it('batches of 50 approach the batch fit within five passes, frequencies summing to 1', () => {
    const batch = alleleFrequencies(shuffled, ABO);
    const online = new OnlineAlleleFrequencies(ABO, { alpha: 0.6, t0: 2 });
    for (let pass = 0; pass < 5; pass++) for (const part of chunked(shuffled, 50)) online.partialFit(part);
    expect(online.frequencies.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    online.frequencies.forEach((p, i) => {
      expect(Math.abs(p - batch.frequencies[i]!)).toBeLessThan(0.01);
    });
    // The batch fit maximises the likelihood: online is at most as good, and close.
    const ll = online.logLikelihood(shuffled);
    expect(ll).toBeLessThanOrEqual(batch.logLikelihood + 1e-9);
    expect(batch.logLikelihood - ll).toBeLessThan(0.5);
  });

  it('refuses bad step sizes and phenotypes', () => {
    expect(() => new OnlineAlleleFrequencies(ABO, { alpha: 0.4 })).toThrow(InvalidOptionError);
    expect(() => new OnlineAlleleFrequencies(ABO).partialFit(['A', 'X'])).toThrow(GenotypeError);
  });
});
