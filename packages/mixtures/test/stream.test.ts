// fitStream against fit: the same rows in chunks of any sizes give the in-memory fit bit for bit (the
// statistics are added row by row into one running total, as fit adds them); a source that cannot be
// re-read, a chunk of another width and a bad value end in typed errors naming the pass, chunk and row.
import { ChunkShapeError, SourceNotReReadableError } from '@em/core/stream';
import { createRandom } from '@em/sampling';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BernoulliMixture,
  CategoricalMixture,
  type MixtureModel,
  MultinomialMixture,
  PoissonMixture,
} from '../src/index.js';

const rng = createRandom(7);
/** 600 rows of three latent groups: binary, categorical (levels 0..3) and count columns. */
const group = (i: number) => i % 3;
const binary = Array.from({ length: 600 }, (_, i) =>
  Array.from({ length: 5 }, (_, j) => (rng.random() < (group(i) === j % 3 ? 0.85 : 0.15) ? 1 : 0)),
);
const categorical = Array.from({ length: 600 }, (_, i) =>
  Array.from({ length: 4 }, (_, j) => {
    const u = rng.random();
    // Level 3 appears only in the last rows: a streamed fit learns the levels from every chunk.
    if (i >= 590 && j === 0) return 3;
    return u < 0.7 ? (group(i) + j) % 3 : Math.floor(rng.random() * 3);
  }),
);
const counts = Array.from({ length: 600 }, (_, i) =>
  Array.from({ length: 3 }, (_, j) => {
    const rate = [1, 4, 12][(group(i) + j) % 3]!;
    let k = 0;
    for (let p = Math.exp(-rate), u = rng.random(), c = p; u > c; c += p) p *= rate / ++k;
    return k;
  }),
);
/** Word counts of 600 documents over 6 words, three topics, lengths 5 to 24. */
const words = Array.from({ length: 600 }, (_, i) => {
  const row = new Array<number>(6).fill(0);
  const length = 5 + Math.floor(rng.random() * 20);
  for (let t = 0; t < length; t++) {
    const w = rng.random() < 0.8 ? 2 * group(i) + Math.floor(rng.random() * 2) : Math.floor(rng.random() * 6);
    row[w]!++;
  }
  return row;
});

/** Cuts rows into chunks of the given sizes (the rest as a last chunk). */
function cut<T>(rows: T[], sizes: number[]): T[][] {
  const chunks: T[][] = [];
  let start = 0;
  for (const size of sizes) {
    if (start >= rows.length) break;
    if (size > 0) chunks.push(rows.slice(start, start + size));
    start += size;
  }
  if (start < rows.length) chunks.push(rows.slice(start));
  return chunks;
}

type AnyMixture = MixtureModel<never, never, never, never[]> & {
  toJSON(): { params: unknown };
  fitStream(source: unknown, options?: unknown): Promise<unknown>;
  fit(X: unknown): unknown;
};
const cases: [string, () => AnyMixture, number[][]][] = [
  [
    'BernoulliMixture',
    () => new BernoulliMixture({ nComponents: 3, nInit: 2, randomState: 1 }) as never,
    binary,
  ],
  [
    'BernoulliMixture (alpha, SQUAREM)',
    () =>
      new BernoulliMixture({ nComponents: 3, alpha: 0.5, acceleration: 'squarem', randomState: 2 }) as never,
    binary,
  ],
  [
    'CategoricalMixture',
    () => new CategoricalMixture({ nComponents: 3, nInit: 2, randomState: 3 }) as never,
    categorical,
  ],
  [
    'CategoricalMixture (alpha)',
    () => new CategoricalMixture({ nComponents: 2, alpha: 1, randomState: 4 }) as never,
    categorical,
  ],
  ['PoissonMixture', () => new PoissonMixture({ nComponents: 3, nInit: 3, randomState: 5 }) as never, counts],
  [
    'MultinomialMixture',
    () => new MultinomialMixture({ nComponents: 3, nInit: 2, randomState: 6 }) as never,
    words,
  ],
  [
    'MultinomialMixture (alpha 0, SQUAREM)',
    () =>
      new MultinomialMixture({ nComponents: 3, alpha: 0, acceleration: 'squarem', randomState: 7 }) as never,
    words,
  ],
];

const fitOf = (model: AnyMixture) => ({
  params: model.toJSON().params,
  lowerBound: model.lowerBound,
  history: model.history,
  nIter: model.nIter,
  converged: model.converged,
});

describe('fitStream equals fit bit for bit', () => {
  for (const [name, make, rows] of cases) {
    it(`${name}: chunks of any sizes (property)`, async () => {
      const reference = fitOf(make().fit(rows) as AnyMixture);
      expect(reference.nIter).toBeGreaterThan(2);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 250 }), { maxLength: 6 }), async (sizes) => {
          const chunks = cut(rows, sizes);
          const model = make();
          await model.fitStream(async function* () {
            yield* chunks;
          });
          expect(fitOf(model)).toEqual(reference);
        }),
        { numRuns: 6 },
      );
    });
  }

  it('MultinomialMixture: chunks as SparseCountMatrix stay sparse and give fit on the dense rows, bit for bit', async () => {
    const sparse = (rows: number[][]) => {
      const indptr = [0];
      const indices: number[] = [];
      const values: number[] = [];
      for (const row of rows) {
        row.forEach((v, j) => {
          if (v === 0) return;
          indices.push(j);
          values.push(v);
        });
        indptr.push(indices.length);
      }
      return { rows: rows.length, cols: 6, indptr, indices, values };
    };
    const options = { nComponents: 3, nInit: 2, randomState: 6 };
    const reference = fitOf(new MultinomialMixture(options).fit(words) as never);
    const chunks = cut(words, [100, 250, 50]).map(sparse);
    const model = await new MultinomialMixture(options).fitStream(chunks);
    expect(fitOf(model as never)).toEqual(reference);
    // A sample smaller than the source is drawn as sparse rows; explicit starts make it exact.
    const start = {
      ...options,
      probabilitiesInit: [
        [3, 3, 1, 1, 1, 1],
        [1, 1, 3, 3, 1, 1],
        [1, 1, 1, 1, 3, 3],
      ],
    };
    const sampled = await new MultinomialMixture(start).fitStream(chunks, { initSample: 20 });
    expect(fitOf(sampled as never)).toEqual(fitOf(new MultinomialMixture(start).fit(words) as never));
    const error = await new MultinomialMixture(options)
      .fitStream([chunks[0]!, { ...sparse(words.slice(0, 2)), cols: 7 }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChunkShapeError);
    expect(error).toMatchObject({ chunk: 1, row: 100 });
  });

  it('from an array of chunks (empty ones skipped), with warm starts', async () => {
    const chunks = [[], ...cut(counts, [100, 200]), []];
    const options = { nComponents: 3, randomState: 5, warmStart: true, maxIter: 3 };
    const inMemory = new PoissonMixture(options).fit(counts).fit(counts);
    const streamed = new PoissonMixture(options);
    await streamed.fitStream(chunks);
    await streamed.fitStream(chunks);
    expect(streamed.rates).toEqual(inMemory.rates);
    expect(streamed.history).toEqual(inMemory.history);
  });

  it('with explicit starts, from a sample smaller than the source', async () => {
    const options = {
      nComponents: 3,
      weightsInit: [0.3, 0.3, 0.4],
      ratesInit: [
        [1, 4, 12],
        [4, 12, 1],
        [12, 1, 4],
      ],
    };
    const inMemory = new PoissonMixture(options).fit(counts);
    const progress: number[] = [];
    const streamed = await new PoissonMixture(options).fitStream(cut(counts, [64, 64, 64]), {
      initSample: 10,
      onProgress: (pass, rows) => progress.push(pass * 1000 + rows),
    });
    expect(streamed.rates).toEqual(inMemory.rates);
    expect(streamed.lowerBound).toBe(inMemory.lowerBound);
    // Pass 1 is the scan; then one pass per E-step, four chunks each.
    expect(progress.slice(0, 4)).toEqual([1064, 1128, 1192, 1600]);
    expect(progress.length).toBe(4 * (1 + streamed.nIter));
  });

  it('initialised from a sample of the rows, it finds the groups', async () => {
    const model = await new PoissonMixture({ nComponents: 3, nInit: 3, randomState: 0 }).fitStream(
      cut(counts, [50, 50, 50]),
      { initSample: 120 },
    );
    const rates = model.rates.map((r) => r.map(Math.round)).sort((a, b) => a[0]! - b[0]!);
    // The three groups' rates are permutations of (1, 4, 12).
    expect(rates.map((r) => [...r].sort((a, b) => a - b))).toEqual([
      [1, 4, 12],
      [1, 4, 12],
      [1, 4, 12],
    ]);
  });
});

describe('fitStream: bad sources', () => {
  it('a one-shot generator object: SourceNotReReadableError on pass 2', async () => {
    async function* once() {
      yield* cut(counts, [300]);
    }
    const error = await new PoissonMixture({ nComponents: 2 }).fitStream(once()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceNotReReadableError);
    expect(error).toMatchObject({ pass: 2, rowsRead: 0, rowsExpected: 600 });
  });

  it('a chunk of another width: ChunkShapeError naming the chunk and its first row', async () => {
    const chunks = [counts.slice(0, 10), counts.slice(10, 30), [[1, 2]]];
    const error = await new PoissonMixture({ nComponents: 2 }).fitStream(chunks).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChunkShapeError);
    expect(error).toMatchObject({ chunk: 2, row: 30 });
  });

  it('a bad value: InvalidInputError naming the chunk, and the row and column in the source', async () => {
    const chunks = [binary.slice(0, 10), [...binary.slice(10, 13), [0, 1, 2, 0, 1]]];
    const error = await new BernoulliMixture({ nComponents: 2 }).fitStream(chunks).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'InvalidInputError',
      argument: 'source chunk 1',
      row: 13,
      column: 2,
    });
  });

  it('a categorical level not seen in pass 1 appearing later: named by chunk and row', async () => {
    let pass = 0;
    const source = () => (++pass === 1 ? [[[0], [1], [0]]] : [[[0], [2], [0]]]);
    const error = await new CategoricalMixture({ nComponents: 2 }).fitStream(source).catch((e: unknown) => e);
    expect(error).toMatchObject({ argument: 'source chunk 0', row: 1, column: 0 });
  });

  it('bad options: InvalidOptionError', async () => {
    const poisson = new PoissonMixture({ nComponents: 2 });
    await expect(poisson.fitStream(counts, { initSample: 0 })).rejects.toMatchObject({
      option: 'initSample',
    });
    await expect(poisson.fitStream(counts, { chunkSize: 3 } as never)).rejects.toMatchObject({
      option: 'chunkSize',
    });
    await expect(poisson.fitStream(42 as never)).rejects.toMatchObject({
      name: 'InvalidInputError',
      argument: 'source',
    });
    await expect(poisson.fitStream([])).rejects.toMatchObject({
      argument: 'source',
      expected: 'at least one row',
    });
  });
});

describe('scanShard, shardStatistics, fitFromStatistics: the E-step where the shards are', () => {
  const relClose = (a: number[], b: number[], rel: number) => {
    const scale = Math.max(...b.map(Math.abs));
    a.forEach((v, i) => {
      expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(rel * Math.max(Math.abs(b[i]!), scale * 1e-3));
    });
  };
  for (const [name, make, rows] of cases) {
    it(`${name}: equals fit to 1e-10 over three shards (JSON round trip)`, async () => {
      const reference = make().fit(rows) as AnyMixture;
      const shards = [rows.slice(0, 150), rows.slice(150, 420), rows.slice(420)];
      const worker = make() as unknown as PoissonMixture;
      const json = <T>(value: T): T => JSON.parse(JSON.stringify(value));
      const scans = await Promise.all(shards.map((shard) => worker.scanShard([shard], { sampleSize: 1000 })));
      const model = make() as unknown as PoissonMixture;
      await model.fitFromStatistics({
        rows: rows.length,
        cols: scans[0]!.cols,
        sample: scans.flatMap((scan) => scan.sample),
        layouts: scans.map((scan) => json(scan.layout)),
        statistics: (params) =>
          Promise.all(shards.map(async (shard) => json(await worker.shardStatistics(json(params), [shard])))),
      });
      const flat = (m: AnyMixture) =>
        Object.values(m.toJSON().params as Record<string, unknown>).flat(3) as number[];
      relClose(flat(model as never), flat(reference), 1e-10);
      expect(model.nIter).toBe(reference.nIter);
      expect(Math.abs(model.lowerBound - reference.lowerBound)).toBeLessThan(1e-12);
    });
  }

  it('parts missing or malformed: typed errors naming them', async () => {
    const worker = new PoissonMixture({ nComponents: 2 });
    const part = await worker.shardStatistics(
      { weights: { f64: [0.5, 0.5] }, rates: { f64: [1, 2, 3, 4, 5, 6] }, nFeatures: 3 },
      [counts.slice(0, 100)],
    );
    expect(part.rows).toBe(100);
    const source = (parts: unknown[]) => ({
      rows: 600,
      cols: 3,
      sample: counts.flat(),
      layouts: [{ nFeatures: 3 }],
      statistics: async () => parts as never,
    });
    const model = () => new PoissonMixture({ nComponents: 2, randomState: 0 });
    await expect(model().fitFromStatistics(source([part]))).rejects.toMatchObject({
      argument: 'statistics',
      expected: 'parts covering all 600 rows',
    });
    await expect(
      model().fitFromStatistics(source([{ ...part, stats: { nk: { f64: [1] } } }])),
    ).rejects.toMatchObject({
      argument: 'statistics of part 0.nk',
    });
    await expect(model().fitFromStatistics(source([null]))).rejects.toMatchObject({
      argument: 'statistics of part 0',
    });
    await expect(model().fitFromStatistics({ ...source([]), sample: [1, 2] })).rejects.toMatchObject({
      argument: 'source.sample',
    });
    await expect(worker.shardStatistics({ weights: 'x' } as never, [counts])).rejects.toMatchObject({
      argument: 'params.weights',
    });
    await expect(
      new CategoricalMixture({ nComponents: 2 }).shardStatistics({ nLevels: { i32: [2] } }, [[[0], [1]]]),
    ).rejects.toMatchObject({ name: 'InvalidInputError', argument: 'params.weights' });
    // A Poisson mixture's parameters sent to a multinomial worker: the missing field is named.
    const poissonParams = { weights: { f64: [0.5, 0.5] }, rates: { f64: [1, 2, 3, 4, 5, 6] }, nFeatures: 3 };
    await expect(
      new MultinomialMixture({ nComponents: 2 }).shardStatistics(poissonParams, [counts]),
    ).rejects.toMatchObject({ name: 'InvalidInputError', argument: 'params.documentLength' });
    await expect(
      new MultinomialMixture({ nComponents: 2 }).shardStatistics(
        { ...poissonParams, documentLength: 3, probabilities: { f64: [0.5, 0.5, 0, 0.2, 0.3, -0.5] } },
        [counts],
      ),
    ).rejects.toMatchObject({ argument: 'params.probabilities[5]' });
  });
});
