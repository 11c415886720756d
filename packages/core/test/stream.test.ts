// @em/core/stream against the in-memory loop: a streamed E-step that accumulates row by row gives the
// in-memory fit bit for bit whatever the chunk boundaries; a source that cannot be re-read and chunks of
// the wrong width end in typed errors naming the pass, chunk and row; the reservoir sample is uniform.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EStepResult, ModelContractError, runEM, runEMAsync } from '../src/index.js';
import { mulberry32 } from '../src/numeric/index.js';
import {
  ChunkPasses,
  ChunkShapeError,
  ReservoirSample,
  SourceNotReReadableError,
  streamedEStep,
} from '../src/stream/index.js';

/** Two-component Poisson mixture with known rates: the EM of the mixing weight only. */
const RATES = [1.5, 7];
const logPoisson = (x: number, rate: number) => {
  let lf = 0;
  for (let i = 2; i <= x; i++) lf += Math.log(i);
  return x * Math.log(rate) - rate - lf;
};
type Stats = { n0: number; n: number };
function accumulateRows(weight: number, rows: ArrayLike<number>, total: EStepResult<Stats>) {
  for (let i = 0; i < rows.length; i++) {
    const a = Math.log(weight) + logPoisson(rows[i]!, RATES[0]!);
    const b = Math.log(1 - weight) + logPoisson(rows[i]!, RATES[1]!);
    const m = Math.max(a, b);
    const norm = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    total.stats.n0 += Math.exp(a - norm);
    total.stats.n += 1;
    total.logLikelihood += norm;
  }
  return total;
}
const zero = (): Stats => ({ n0: 0, n: 0 });
const mStep = (s: Stats) => s.n0 / s.n;
const random = mulberry32(3);
const data = Float64Array.from({ length: 1000 }, (_, i) => {
  // Deterministic counts from both components.
  const rate = i % 3 === 0 ? 7 : 1.5;
  let k = 0;
  for (let p = Math.exp(-rate), u = random(), c = p; u > c; c += p) p *= rate / ++k;
  return k;
});
const inMemory = runEM(
  {
    eStep: (w) => {
      const total = accumulateRows(w, data, { stats: zero(), logLikelihood: 0 });
      return { stats: total.stats, logLikelihood: total.logLikelihood / data.length };
    },
    mStep,
  },
  0.5,
  { tol: 1e-12, maxIter: 200 },
);

function cut(sizes: number[]): Float64Array[] {
  const chunks: Float64Array[] = [];
  let start = 0;
  for (const size of sizes) {
    if (start >= data.length) break;
    chunks.push(data.subarray(start, Math.min(data.length, start + size)));
    start += size;
  }
  if (start < data.length) chunks.push(data.subarray(start));
  return chunks;
}

describe('streamedEStep', () => {
  it('equals the in-memory fit bit for bit, whatever the chunk boundaries (property)', async () => {
    expect(inMemory.converged).toBe(true);
    // The fitted weight is the share of rows drawn from rate 1.5 (about 2/3).
    expect(inMemory.params).toBeGreaterThan(0.6);
    expect(inMemory.params).toBeLessThan(0.73);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 8 }), async (sizes) => {
        const chunks = cut(sizes);
        const passes = new ChunkPasses({
          chunks: async function* () {
            yield* chunks;
          },
          shape: (chunk: Float64Array) => ({ rows: chunk.length }),
        });
        const eStep = streamedEStep<number, Stats, Float64Array>({
          passes,
          zero,
          accumulate: (w, chunk, total) => accumulateRows(w, chunk, total),
          finish: (total, _w, rows) => ({ stats: total.stats, logLikelihood: total.logLikelihood / rows }),
        });
        const streamed = await runEMAsync({ eStep, mStep }, 0.5, { tol: 1e-12, maxIter: 200 });
        expect(streamed.params).toBe(inMemory.params);
        expect(streamed.history).toEqual(inMemory.history);
        expect(passes.pass).toBe(streamed.nEStep);
        expect(passes.rows).toBe(data.length);
      }),
      { numRuns: 15 },
    );
  });

  it('a one-shot iterator: SourceNotReReadableError on the second pass', async () => {
    const once = cut([300, 300])[Symbol.iterator]();
    const passes = new ChunkPasses({ chunks: () => once, shape: (c: Float64Array) => ({ rows: c.length }) });
    const eStep = streamedEStep<number, Stats, Float64Array>({
      passes,
      zero,
      accumulate: (w, chunk, total) => accumulateRows(w, chunk, total),
    });
    const error = await runEMAsync({ eStep, mStep }, 0.5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceNotReReadableError);
    expect(error).toMatchObject({ pass: 2, rowsRead: 0, rowsExpected: 1000, argument: 'source' });
  });

  it('a source that changes between passes: SourceNotReReadableError with both row counts', async () => {
    let calls = 0;
    const passes = new ChunkPasses({
      chunks: () => (++calls === 1 ? cut([500]) : cut([500]).slice(0, 1)),
      shape: (c: Float64Array) => ({ rows: c.length }),
    });
    for await (const _ of passes.next());
    const error = await (async () => {
      for await (const _ of passes.next());
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'SourceNotReReadableError',
      pass: 2,
      rowsRead: 500,
      rowsExpected: 1000,
    });
  });

  it('a chunk of another width: ChunkShapeError naming the chunk and its first row', async () => {
    const chunks = [
      [],
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [[7, 8]],
      [[9, 10, 11]],
    ];
    const passes = new ChunkPasses({
      chunks: () => chunks,
      // An empty chunk first (width 0): it sets no width.
      shape: (chunk: number[][]) => ({ rows: chunk.length, cols: chunk[0]?.length ?? 0 }),
    });
    const error = await (async () => {
      for await (const _ of passes.next());
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChunkShapeError);
    expect(error).toMatchObject({ chunk: 3, row: 4, argument: 'source chunk 3' });
    expect((error as Error).message).toBe(
      'Invalid source chunk 3 at row 4: expected rows of 2 values, as in the chunks before, received "rows of 3 values".',
    );
  });

  it('accumulate returning nothing: ModelContractError naming the chunk', async () => {
    const passes = new ChunkPasses({
      chunks: () => [[1], [2]],
      shape: (c: number[]) => ({ rows: c.length }),
    });
    const eStep = streamedEStep<number, number, number[]>({
      passes,
      zero: () => 0,
      accumulate: () => undefined as never,
    });
    const error = await eStep(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelContractError);
    expect((error as Error).message).toMatch(/after chunk 0/);
  });
});

describe('ReservoirSample', () => {
  it('keeps every item in order while they fit, without drawing', () => {
    const sample = new ReservoirSample<number>(5, () => {
      throw new Error('no draw expected');
    });
    for (let i = 0; i < 5; i++) sample.offer(i);
    expect(sample.items).toEqual([0, 1, 2, 3, 4]);
  });

  it('is uniform: each of 20 items kept with probability 5/20 (4000 draws, 5 sigma)', () => {
    const random = mulberry32(11);
    const counts = new Array(20).fill(0);
    const draws = 4000;
    for (let r = 0; r < draws; r++) {
      const sample = new ReservoirSample<number>(5, random);
      for (let i = 0; i < 20; i++) sample.offer(i);
      for (const item of sample.items) counts[item]++;
    }
    const p = 5 / 20;
    const sd = Math.sqrt(draws * p * (1 - p));
    for (const c of counts) expect(Math.abs(c - draws * p)).toBeLessThan(5 * sd);
  });
});
