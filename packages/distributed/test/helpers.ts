import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GaussianMixture } from '@em/gaussian';
import { createRandom, normal } from '@em/sampling';
import { afterAll, beforeAll, expect } from 'vitest';
import { TestRedis } from './redis.js';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
if (!existsSync(dist)) throw new Error('run `pnpm build` first: the worker processes use dist/');
const WORKER = fileURLToPath(new URL('./fixtures/worker-process.mjs', import.meta.url));

/** Rows of three 4-D Gaussian groups, row-major. */
export function threeGroups(n: number, seed: number): Float64Array {
  const rng = createRandom(seed);
  const data = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    const noise = normal(rng, { size: 4 });
    for (let j = 0; j < 4; j++) data[i * 4 + j] = (i % 3) * 3 * (j % 2 ? 1 : -1) + noise[j]! * (1 + 0.2 * j);
  }
  return data;
}

/** Writes `data` (`cols` columns) as raw float64 shards of the given row counts; returns their paths. */
export function writeShards(data: Float64Array, sizes: number[], cols = 4): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'em-shards-'));
  let start = 0;
  return sizes.map((rows, shard) => {
    const path = join(dir, `part-${shard}.f64`);
    const part = data.slice(start * cols, (start + rows) * cols);
    writeFileSync(path, new Uint8Array(part.buffer));
    start += rows;
    return path;
  });
}

/**
 * Writes each shard as a JSON Lines file, one item a line, in a fresh temporary folder (the files
 * `<name>-0.jsonl`, `<name>-1.jsonl`, …); returns their paths.
 */
export function writeJsonLinesShards(shards: readonly (readonly unknown[])[], name = 'part'): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'em-jsonl-shards-'));
  return shards.map((items, shard) => {
    const path = join(dir, `${name}-${shard}.jsonl`);
    writeFileSync(path, `${items.map((item) => JSON.stringify(item)).join('\n')}\n`);
    return path;
  });
}

/** `items` cut into consecutive parts of the given sizes. */
export function splitBySizes<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  let start = 0;
  return sizes.map((size) => {
    start += size;
    return items.slice(start - size, start);
  });
}

/** Rows [from, to) in chunks of `size` rows (the last one shorter), each as `chunk(start, end)` makes it. */
export function chunksOfRows<T>(
  from: number,
  to: number,
  size: number,
  chunk: (start: number, end: number) => T,
): T[] {
  const chunks: T[] = [];
  for (let i = from; i < to; i += size) chunks.push(chunk(i, Math.min(i + size, to)));
  return chunks;
}

/** A worker in its own process (so that it can be killed with SIGKILL). */
export async function startWorkerProcess(
  port: number,
  queue: string,
  options: { lockMs?: number; delayMs?: number } = {},
): Promise<ChildProcess> {
  const args = [WORKER, String(port), queue, String(options.lockMs ?? 1000)];
  if (options.delayMs !== undefined) args.push(String(options.delayMs), '4');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (text: Buffer) => {
      if (String(text).includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
  return child;
}

/**
 * For a test file: a Redis of its own and `count` worker processes on `queue`, started before its tests
 * and stopped after them. Returns the connection to hand to `fitDistributed` (once started).
 */
export function redisWithWorkers(queue: string, count = 3): { readonly connection: TestRedis['connection'] } {
  let redis: TestRedis | undefined;
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await TestRedis.start();
    for (let i = 0; i < count; i++) workers.push(await startWorkerProcess(redis.port, queue));
  });
  afterAll(async () => {
    await stopProcesses(workers);
    await redis?.stop();
  });
  return {
    get connection() {
      if (!redis) throw new Error('redisWithWorkers: used before its beforeAll ran');
      return redis.connection;
    },
  };
}

export async function stopProcesses(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** Elementwise relative agreement, with a floor relative to the largest entry. */
export function expectClose(actual: number[], expected: number[], rel: number, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), scale * 1e-3);
    expect(error, `${label}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(rel);
  }
}

/**
 * A distributed Gaussian fit (full covariances) equals the single-process `reference` to 1e-10:
 * the same nIter (more than 2, so the iterations are compared too) and the same parameters.
 */
export function expectSameGaussianFit(model: GaussianMixture, reference: GaussianMixture): void {
  expect(reference.nIter).toBeGreaterThan(2);
  expect(model.nIter).toBe(reference.nIter);
  expectClose(model.weights, reference.weights, 1e-10, 'weights');
  expectClose(model.means.flat(), reference.means.flat(), 1e-10, 'means');
  expectClose(
    (model.covariances as number[][][]).flat(2),
    (reference.covariances as number[][][]).flat(2),
    1e-10,
    'covariances',
  );
  expect(Math.abs(model.lowerBound - reference.lowerBound)).toBeLessThanOrEqual(1e-10);
}
