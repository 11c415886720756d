// The k-means initialisation spread over threads in whole blocks of rows must be the k-means of
// one thread, bit for bit (labels, centres, iteration count), whatever the number of threads and
// wherever the blocks are cut. First with several holders of rows on this thread (any split of the
// blocks, the replies merged as the workers' are), then on worker threads (dist/parallel-worker.js,
// built by `pnpm build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '@em/core/numeric';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { kmeans, kmeansSteps } from '../src/init/kmeans.js';
import { blockCount } from '../src/init/kmeans-blocks.js';
import { mergeReplies } from '../src/init/kmeans-ops.js';
import { localTrials } from '../src/init/kmeans-plusplus.js';
import { kmeansShard } from '../src/init/kmeans-shard.js';
import { parametersFromLabels } from '../src/init/parameters-from-labels.js';
import { kernelFor } from '../src/kernels/index.js';
import { loadParallelEStep } from '../src/parallel/estep.js';
import { kmeansOnWorkers } from '../src/parallel/kmeans.js';
import { createWorkerPool } from '../src/parallel/pool.js';
import { expectClose } from './helpers.js';
import * as reference from './kmeans-reference.js';

/** Equal to the bit (NaN payloads and the sign of zero included). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  return x.every((v, i) => v === y[i]);
}

/** Blobs around k random centres, rows in a random order of clusters. */
function blobs(n: number, d: number, k: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  const centres = Float64Array.from({ length: k * d }, () => 20 * random() - 10);
  return Float64Array.from({ length: n * d }, (_, at) => {
    const c = Math.floor(random() * k);
    return centres[c * d + (at % d)]! + (random() + random() - 1) * 3;
  });
}

/** The k-means steps answered by holders of the blocks cut at `cuts` (block indices), merged in block order. */
function kmeansOnHolders(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  seed: number,
  blockRows: number,
  cuts: number[],
  engine: 'wasm' | 'js',
) {
  const holders = cuts.slice(0, -1).map((firstBlock, h) => {
    const firstRow = firstBlock * blockRows;
    const rows = Math.min(n, cuts[h + 1]! * blockRows) - firstRow;
    const rowsOf = X.subarray(firstRow * d, (firstRow + rows) * d);
    return kmeansShard(rowsOf, rows, d, k, localTrials(k), blockRows, { firstRow, firstBlock }, engine);
  });
  const steps = kmeansSteps(X, n, d, k, mulberry32(seed), 300, 1e-4, blockRows);
  let next = steps.next();
  while (!next.done) {
    const ops = next.value;
    const replies = holders.map((holder) => holder.run(ops));
    next = steps.next(
      ops.map((op, o) =>
        mergeReplies(
          op,
          replies.map((reply) => reply[o]!),
        ),
      ),
    );
  }
  for (const holder of holders) holder.close();
  return next.value;
}

describe('k-means over holders of whole blocks = one thread, bit for bit', () => {
  it('any number of holders, any cuts, both engines, and the blocked reference', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 20, max: 600 }),
          d: fc.integer({ min: 1, max: 9 }),
          k: fc.integer({ min: 1, max: 9 }),
          seed: fc.integer({ min: 0, max: 2 ** 31 }),
          blockRows: fc.constantFrom(2, 8, 32, 128),
          cutSeed: fc.integer({ min: 0, max: 2 ** 31 }),
          holders: fc.integer({ min: 1, max: 5 }),
        }),
        ({ n, d, k, seed, blockRows, cutSeed, holders }) => {
          const X = blobs(n, d, k, seed);
          const blocks = blockCount(n, blockRows);
          const random = mulberry32(cutSeed);
          const inner = Array.from({ length: Math.min(holders, blocks) - 1 }, () =>
            Math.floor(random() * blocks),
          );
          const cuts = [...new Set([0, ...inner, blocks])].sort((a, b) => a - b);
          const one = kmeans(X, n, d, k, mulberry32(seed), 300, 1e-4, 'js', blockRows);
          const theirs = reference.kmeans(X, n, d, k, mulberry32(seed), 300, 1e-4, blockRows);
          expect(Array.from(one.labels)).toEqual(Array.from(theirs.labels));
          expect(sameBits(one.centers, theirs.centers)).toBe(true);
          for (const engine of ['wasm', 'js'] as const) {
            const many = kmeansOnHolders(X, n, d, k, seed, blockRows, cuts, engine);
            expect(many.nIter).toBe(one.nIter);
            expect(Array.from(many.labels)).toEqual(Array.from(one.labels));
            expect(sameBits(many.centers, one.centers)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an empty cluster relocated across holders (identical rows: seeds repeat)', () => {
    // Zero potential: every draw falls to the last row, so k-means++ picks it twice.
    const X = new Float64Array(40).fill(1);
    X.set([5, 5], 38);
    for (let seed = 0; seed < 4; seed++) {
      const one = reference.kmeans(X, 20, 2, 3, mulberry32(seed), 300, 1e-4, 4);
      const many = kmeansOnHolders(X, 20, 2, 3, seed, 4, [0, 2, 3, 5], 'js');
      expect(Array.from(many.labels)).toEqual(Array.from(one.labels));
      expect(sameBits(many.centers, one.centers)).toBe(true);
    }
  });
});

const workerUrl = fileURLToPath(new URL('../dist/parallel-worker.js', import.meta.url));
if (!existsSync(workerUrl)) throw new Error('run `pnpm build` first: the worker tests use dist/');

describe('k-means on worker threads = one thread, bit for bit', () => {
  const pools = [1, 2, 3].map((size) => createWorkerPool({ size, workerUrl }));
  afterAll(() => Promise.all(pools.map((pool) => pool.close())));

  for (const [n, d, k] of [
    [9000, 2, 5],
    [6000, 8, 8],
    [5001, 32, 4],
  ] as const) {
    it(`${n} × ${d}, k = ${k}: the same labels on 1, 2 and 3 workers, in blocks of 512 and of 4096 rows`, async () => {
      const X = { data: blobs(n, d, k, n + d), rows: n, cols: d };
      for (const pool of pools) {
        const parallel = await loadParallelEStep(pool, X, 'full', k, 'auto');
        try {
          for (const blockRows of [512, 4096]) {
            for (let seed = 0; seed < 3; seed++) {
              const one = kmeans(X.data, n, d, k, mulberry32(seed), 300, 1e-4, 'auto', blockRows);
              const kernel = kernelFor('full', d);
              const { labels, estimated } = await kmeansOnWorkers(
                parallel.resident,
                X,
                k,
                mulberry32(seed),
                { kernel, regCovar: 1e-6 },
                blockRows,
              );
              expect(Array.from(labels)).toEqual(Array.from(one.labels));
              // The initial parameters: those of one thread up to the grouping of the sums.
              const here = parametersFromLabels(kernel, X, k, one.labels, 1e-6);
              const there = pool === pools[0] ? here : estimated!;
              expectClose(there.weights, here.weights, 1e-12, 'weights');
              expectClose(there.means, here.means, 1e-12, 'means');
              expectClose(there.covariances, here.covariances, 1e-12, 'covariances');
            }
          }
        } finally {
          await parallel.release();
        }
      }
    });
  }

  it('two fits on one pool at once: each k-means keeps its own memory in each worker', async () => {
    const pool = pools[1]!;
    const a = { data: blobs(12000, 4, 6, 1), rows: 12000, cols: 4 };
    const b = { data: blobs(9000, 4, 3, 2), rows: 9000, cols: 4 };
    const [pa, pb] = await Promise.all([
      loadParallelEStep(pool, a, 'full', 6, 'auto'),
      loadParallelEStep(pool, b, 'full', 3, 'auto'),
    ]);
    const [la, lb] = await Promise.all([
      kmeansOnWorkers(pa.resident, a, 6, mulberry32(7), undefined, 1024),
      kmeansOnWorkers(pb.resident, b, 3, mulberry32(8), undefined, 1024),
    ]);
    await Promise.all([pa.release(), pb.release()]);
    expect(Array.from(la.labels)).toEqual(
      Array.from(kmeans(a.data, 12000, 4, 6, mulberry32(7), 300, 1e-4, 'auto', 1024).labels),
    );
    expect(Array.from(lb.labels)).toEqual(
      Array.from(kmeans(b.data, 9000, 4, 3, mulberry32(8), 300, 1e-4, 'auto', 1024).labels),
    );
  });
});
