// fitStream reads the data once per iteration and must give fit's numbers exactly: the same 4096-row
// blocks, added in the same order, whatever the chunking of the source (chunks, CSV, raw float64,
// Blob). Bad sources get typed errors naming the chunk or line and the row.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError, InvalidOptionError } from '@em/core';
import { createRandom, normal } from '@em/sampling';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CovarianceType,
  GaussianMixture,
  type GaussianMixtureOptions,
  SourceNotReReadableError,
  type StreamProgress,
} from '../../src/index.js';

/** n rows of three 3-D Gaussian groups, row-major. */
function threeGroups(n: number, seed: number): Float64Array {
  const rng = createRandom(seed);
  const centres = [
    [0, 0, 0],
    [4, 1, -2],
    [-3, 5, 2],
  ];
  const data = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const centre = centres[i % 3]!;
    const noise = normal(rng, { size: 3 });
    for (let j = 0; j < 3; j++) data[i * 3 + j] = centre[j]! + noise[j]! * (1 + j * 0.3);
  }
  return data;
}

const N = 10_000; // three 4096-row blocks, the last one partial
const X = threeGroups(N, 7);
const MATRIX = { data: X, rows: N, cols: 3 };

/** The rows cut into chunks of the given sizes (cycled), as number[][] pieces. */
function cut(sizes: number[]): number[][][] {
  const chunks: number[][][] = [];
  for (let start = 0, i = 0; start < N; i++) {
    const end = Math.min(N, start + sizes[i % sizes.length]!);
    const chunk: number[][] = [];
    for (let r = start; r < end; r++) chunk.push(Array.from(X.subarray(r * 3, r * 3 + 3)));
    chunks.push(chunk);
    start = end;
  }
  return chunks;
}

function expectSameFit(streamed: GaussianMixture, inMemory: GaussianMixture): void {
  expect(streamed.params).toEqual(inMemory.params);
  expect(streamed.history).toEqual(inMemory.history);
  expect(streamed.nIter).toBe(inMemory.nIter);
  expect(streamed.converged).toBe(inMemory.converged);
}

const dir = mkdtempSync(join(tmpdir(), 'em-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fitStream equals fit bit for bit', () => {
  const types: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
  const reference = new Map<CovarianceType, GaussianMixture>();
  const fitted = (covarianceType: CovarianceType) => {
    if (!reference.has(covarianceType)) {
      reference.set(
        covarianceType,
        new GaussianMixture({ nComponents: 3, covarianceType, randomState: 3 }).fit(MATRIX),
      );
    }
    return reference.get(covarianceType)!;
  };

  it('for chunks of any sizes, any covariance type (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...types),
        fc.array(fc.integer({ min: 1, max: 6000 }), { minLength: 1, maxLength: 4 }),
        async (covarianceType, sizes) => {
          const chunks = cut(sizes);
          const gmm = new GaussianMixture({ nComponents: 3, covarianceType, randomState: 3 });
          await gmm.fitStream(() => chunks);
          expectSameFit(gmm, fitted(covarianceType));
        },
      ),
      { numRuns: 8 },
    );
  });

  it('from async chunks, a raw float64 file, a CSV file and Blobs', async () => {
    const options: GaussianMixtureOptions = { nComponents: 3, randomState: 3 };
    const expected = new GaussianMixture(options).fit(MATRIX);
    const chunks = cut([1000, 3333]);
    const asyncChunks = async function* () {
      for (const chunk of chunks) yield chunk;
    };
    expectSameFit(await new GaussianMixture(options).fitStream(asyncChunks), expected);

    const binary = join(dir, 'x.f64');
    writeFileSync(binary, new Uint8Array(X.buffer));
    expectSameFit(await new GaussianMixture(options).fitStream(binary, { columns: 3 }), expected);

    const lines = ['a,b,c'];
    for (let i = 0; i < N; i++) lines.push(Array.from(X.subarray(i * 3, i * 3 + 3)).join(','));
    const text = `${lines.join('\r\n')}\n`;
    const csv = join(dir, 'x.csv');
    writeFileSync(csv, text);
    expectSameFit(await new GaussianMixture(options).fitStream(csv), expected);

    expectSameFit(await new GaussianMixture(options).fitStream(new Blob([text])), expected);
    const raw = new Blob([X.buffer as ArrayBuffer]);
    expectSameFit(
      await new GaussianMixture(options).fitStream(raw, { format: 'float64', columns: 3 }),
      expected,
    );
  });

  it('with SQUAREM, nInit restarts and warm starts', async () => {
    const options: GaussianMixtureOptions = {
      nComponents: 3,
      randomState: 5,
      acceleration: 'squarem',
      nInit: 2,
    };
    expectSameFit(
      await new GaussianMixture(options).fitStream([MATRIX]),
      new GaussianMixture(options).fit(MATRIX),
    );
    const warmOptions: GaussianMixtureOptions = {
      nComponents: 3,
      randomState: 5,
      warmStart: true,
      maxIter: 3,
    };
    const streamed = new GaussianMixture(warmOptions);
    const inMemory = new GaussianMixture(warmOptions);
    for (let round = 0; round < 2; round++) {
      await streamed.fitStream([MATRIX]);
      inMemory.fit(MATRIX);
    }
    expectSameFit(streamed, inMemory);
  });

  it('from a sample when the source has more rows than initSample; fit with the same init agrees', async () => {
    const sampled = await new GaussianMixture({ nComponents: 3, randomState: 3, maxIter: 0 }).fitStream(
      [MATRIX],
      {
        initSample: 500,
      },
    );
    // The initial parameters came from 500 of the rows, not from all of them.
    expect(sampled.params.means).not.toEqual(
      new GaussianMixture({ nComponents: 3, randomState: 3, maxIter: 0 }).fit(MATRIX).params.means,
    );
    const start = sampled.params;
    const init = {
      weightsInit: Array.from(start.weights),
      meansInit: { data: start.means, rows: 3, cols: 3 },
      precisionsInit: sampled.precisions as number[][][],
    };
    const streamed = await new GaussianMixture({ nComponents: 3, ...init }).fitStream([MATRIX], {
      initSample: 500,
    });
    expectSameFit(streamed, new GaussianMixture({ nComponents: 3, ...init }).fit(MATRIX));
  });

  it('reports progress: pass 1 counts, then one pass per E-step with the total known', async () => {
    const seen: StreamProgress[] = [];
    const gmm = await new GaussianMixture({ nComponents: 3, randomState: 3 }).fitStream([MATRIX], {
      onProgress: (progress) => {
        seen.push({ ...progress });
      },
    });
    const lastOfPass = new Map(seen.map((progress) => [progress.pass, progress]));
    expect(lastOfPass.size).toBe(gmm.nIter + 1);
    expect(lastOfPass.get(1)).toMatchObject({ rows: N, totalRows: undefined });
    expect(lastOfPass.get(2)).toMatchObject({ rows: N, totalRows: N });
  });
});

describe('fitStream: bad sources get typed errors', () => {
  const gmm = () => new GaussianMixture({ nComponents: 2, randomState: 0 });

  it('a chunk with another number of columns: names the chunk and the row', async () => {
    const error = await gmm()
      .fitStream([
        [
          [0, 1],
          [1, 2],
        ],
        [[5, 6]],
        [[7, 8, 9]],
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toBe(
      'Invalid source chunk 2 at row 3: expected rows of 2 values, as in the chunks before, received "rows of 3 values".',
    );
  });

  it('a NaN in a chunk: the row of the source, not of the chunk', async () => {
    const error = (await gmm()
      .fitStream([
        [[0], [1]],
        [[2], [Number.NaN]],
      ])
      .catch((e: unknown) => e)) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect([error.argument, error.row, error.column]).toEqual(['source chunk 1', 3, 0]);
  });

  it('a one-shot iterator cannot be read for the second pass', async () => {
    async function* once() {
      yield [[0], [1], [9], [10]];
    }
    const error = (await gmm()
      .fitStream(once())
      .catch((e: unknown) => e)) as SourceNotReReadableError;
    expect(error).toBeInstanceOf(SourceNotReReadableError);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect([error.pass, error.rowsRead, error.rowsExpected]).toEqual([2, 0, 4]);
  });

  it('a source that changes between passes', async () => {
    let pass = 0;
    const growing = () => (pass++ === 0 ? [[[0], [1], [9], [10]]] : [[[0], [1], [9], [10], [11]]]);
    await expect(gmm().fitStream(growing)).rejects.toThrow(SourceNotReReadableError);
  });

  it('files: a bad CSV field, a ragged CSV line, a float64 file of a wrong size, a missing file', async () => {
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'x,y\n1,2\n3,NA\n');
    const field = (await gmm()
      .fitStream(csv)
      .catch((e: unknown) => e)) as InvalidInputError;
    expect([field.argument, field.row, field.column, field.received]).toEqual(['source line 3', 1, 1, 'NA']);
    writeFileSync(csv, '1,2\n3,4\n5\n');
    await expect(gmm().fitStream(csv)).rejects.toThrow('Invalid source line 3 at row 2: expected 2 fields');
    const binary = join(dir, 'bad.f64');
    writeFileSync(binary, new Uint8Array(20));
    await expect(gmm().fitStream(binary, { columns: 2 })).rejects.toThrow('a multiple of 16 bytes');
    await expect(gmm().fitStream(join(dir, 'none.csv'))).rejects.toThrow(/ENOENT/);
  });

  it('options: columns required for float64, format options with chunks, unknown keys, workers', async () => {
    await expect(gmm().fitStream('x.f64')).rejects.toThrow(InvalidOptionError);
    await expect(gmm().fitStream([[[0]]], { columns: 1 })).rejects.toThrow('Invalid option columns');
    await expect(gmm().fitStream([[[0]]], { chunkRows: 5 } as object)).rejects.toThrow(
      'Invalid option chunkRows',
    );
    await expect(new GaussianMixture({ workers: 2 }).fitStream([[[0]]])).rejects.toThrow(
      'Invalid option workers',
    );
    await expect(gmm().fitStream(42 as never)).rejects.toThrow(InvalidInputError);
    await expect(gmm().fitStream([])).rejects.toThrow('Invalid source: expected at least one row');
    await expect(gmm().fitStream([[[0]]])).rejects.toThrow('at least nComponents = 2');
  });
});
