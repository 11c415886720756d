// `pnpm bench` for @em/distributed (issue 22): 1 coordinator + 3 worker processes over our own
// redis-server on this machine, against the single-process fit on the same rows, in the same run.
// Data: N rows × 8 columns from a K = 5 mixture (packages/gaussian/bench/streaming/make-data.mjs),
// written as 3 raw float64 shards; both fits start from the same parameters and run the same
// iterations (tol 0). Reports seconds per iteration, the overhead ratio and the largest relative
// difference of the fitted parameters.
//
//   node bench/run.mjs [--rows 10000000] [--iterations 3] [--workers 3] [--dir /tmp]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GaussianMixture } from '@em/gaussian';
import { writeData } from '../../gaussian/bench/streaming/make-data.mjs';
import { fitDistributed } from '../dist/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    iterations: { type: 'string', default: '3' },
    workers: { type: 'string', default: '3' },
    dir: { type: 'string', default: '/tmp' },
  },
});
const rows = Number(args.rows);
const iterations = Number(args.iterations);
const d = 8;
const k = 5;
const SHARDS = 3;

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

function startProcess(command, argv, ready) {
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (text) => {
      out += text;
      if (out.includes(ready)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`${command} exited ${code}: ${out}`)));
  });
}

const dir = mkdtempSync(join(args.dir, 'em-distributed-bench-'));
const children = [];
try {
  // One file, then the shards as its three consecutive parts.
  const all = join(dir, 'all.f64');
  writeData({ path: all, rows, d, k, seed: 8 });
  const bytes = readFileSync(all);
  const data = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  const shards = [];
  const { writeFileSync } = await import('node:fs');
  for (let s = 0; s < SHARDS; s++) {
    const start = Math.floor((s * rows) / SHARDS);
    const end = Math.floor(((s + 1) * rows) / SHARDS);
    const path = join(dir, `part-${s}.f64`);
    writeFileSync(path, new Uint8Array(data.buffer, data.byteOffset + start * d * 8, (end - start) * d * 8));
    shards.push(path);
  }
  // The same start for both: rows at evenly spaced indices as means, equal weights, identity precisions.
  const init = {
    nComponents: k,
    maxIter: iterations,
    tol: 0,
    weightsInit: Array(k).fill(1 / k),
    meansInit: Array.from({ length: k }, (_, c) =>
      Array.from(data.subarray(Math.floor((c * rows) / k) * d, Math.floor((c * rows) / k) * d + d)),
    ),
    precisionsInit: Array.from({ length: k }, () =>
      Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => (a === b ? 0.1 : 0))),
    ),
  };

  let started = performance.now();
  const single = new GaussianMixture(init).fit({ data, rows, cols: d });
  const singleSeconds = (performance.now() - started) / 1000 / iterations;

  const port = await freePort();
  children.push(
    await startProcess(
      '/usr/bin/redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      'Ready to accept connections',
    ),
  );
  for (let w = 0; w < Number(args.workers); w++)
    children.push(
      await startProcess(process.execPath, [join(here, 'worker.mjs'), String(port), 'bench'], 'ready'),
    );
  const passes = [];
  started = performance.now();
  const distributed = await fitDistributed(new GaussianMixture(init), {
    connection: { host: '127.0.0.1', port },
    queue: 'bench',
    shards,
    read: { format: 'float64', columns: d },
    onPass: (_pass, seconds) => passes.push(seconds),
  });
  const iterationSeconds = passes.slice(1).reduce((s, v) => s + v, 0) / (passes.length - 1);

  let worst = 0;
  const a = distributed.params;
  const b = single.params;
  for (const key of ['weights', 'means', 'covariances'])
    for (let i = 0; i < a[key].length; i++)
      worst = Math.max(worst, Math.abs(a[key][i] - b[key][i]) / Math.max(Math.abs(b[key][i]), 1e-300));
  console.log(
    `Distributed E-step, ${rows} rows × ${d}, K = ${k} full, ${iterations} iterations, ${SHARDS} shards, ${args.workers} workers (this machine: 2 cores)`,
  );
  console.log('| fit | s / iteration | vs single process | first pass (scan) s | max relative Δ param |');
  console.log(`| single process, in memory (fit) | ${singleSeconds.toFixed(2)} | 1.00 | — | — |`);
  console.log(
    `| 1 coordinator + ${args.workers} workers on BullMQ/Redis | ${iterationSeconds.toFixed(2)} | ${(iterationSeconds / singleSeconds).toFixed(2)} | ${passes[0].toFixed(2)} | ${worst.toExponential(1)} |`,
  );
  console.log(`overhead per iteration: ${(iterationSeconds - singleSeconds).toFixed(2)} s`);
} finally {
  for (const child of children.reverse()) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
