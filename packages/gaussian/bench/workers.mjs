// Where the time of a fit on worker threads goes, and how it scales:
//
//   node bench/workers.mjs [--cases 3] [--workers 2] [--iterations 40] [--repeats 3] [--json out.json]
//
// For each case, a single-threaded fit and a fit on a pool of `--workers` threads, from the same
// initial parameters with tol 0, alternate in one process. Per EM iteration (fit with n + 1
// iterations − fit with 1, over n), it reports:
//
// - wall time of each and their ratio: the speed-up, meaningful only on a quiet machine (the load
//   average is printed alongside: above about the number of cores, the threads wait for a core);
// - CPU time of every thread (Linux: /proc/self/task/*/schedstat, in nanoseconds; else stat's 10 ms ticks),
//   which other load does not change: the calling thread (M-step, merging the statistics, posting
//   messages), each worker (its share of the E-step), the others (the engine's own threads);
// - each worker's idle fraction, 1 − its CPU time / wall time (under load it also counts the time
//   the worker waited for a core), and the speed-up the CPU times allow on an idle machine:
//   single-threaded CPU / (calling thread + busiest worker).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { compileWasmKernels, createWorkerPool, GaussianMixture } from '../dist/index.js';
import { CASES, generateData, initialParameters } from './cases.mjs';
import { workersTable } from './tables.mjs';
import { cpuClock, threadCpu } from './thread-cpu.mjs';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '3' },
    workers: { type: 'string', default: '2' },
    iterations: { type: 'string', default: '40' },
    repeats: { type: 'string', default: '3' },
    json: { type: 'string' },
  },
});
const workers = Number(args.workers);
const iterations = Number(args.iterations);
const repeats = Number(args.repeats);

const mainTid = process.pid;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function timeFit(c, X, init, pool, maxIter) {
  const gmm = new GaussianMixture({
    nComponents: c.k,
    covarianceType: c.covarianceType,
    tol: 0,
    regCovar: 1e-6,
    maxIter,
    weightsInit: init.weights,
    meansInit: init.means,
    precisionsInit: init.precisions,
    ...(pool ? { workers: pool } : {}),
  });
  const before = threadCpu();
  const start = performance.now();
  if (pool) await gmm.fitAsync(X);
  else gmm.fit(X);
  const ms = performance.now() - start;
  const after = threadCpu();
  const cpu = new Map([...after].map(([tid, t]) => [tid, t - (before.get(tid) ?? 0)]));
  return { ms, cpu, lowerBound: gmm.lowerBound };
}

/** Per-iteration figures from a long and a one-iteration fit. */
async function perIteration(c, X, init, pool) {
  const long = await timeFit(c, X, init, pool, iterations + 1);
  const one = await timeFit(c, X, init, pool, 1);
  const perIt = (a, b) => (a - b) / iterations;
  const threads = [...long.cpu].map(([tid, t]) => [tid, perIt(t, one.cpu.get(tid) ?? 0)]);
  const main = threads.find(([tid]) => tid === mainTid)?.[1] ?? Number.NaN;
  // The pool's workers are the busiest threads other than the calling one.
  const others = threads
    .filter(([tid]) => tid !== mainTid)
    .map(([, t]) => t)
    .sort((a, b) => b - a);
  const poolThreads = pool ? others.slice(0, workers) : [];
  const rest = (pool ? others.slice(workers) : others).reduce((s, t) => s + t, 0);
  return { ms: perIt(long.ms, one.ms), main, workers: poolThreads, rest, lowerBound: long.lowerBound };
}

await compileWasmKernels();
const pool = createWorkerPool(workers);
const rows = [];
for (const index of args.cases.split(',').map(Number)) {
  const c = CASES[index - 1];
  const X = { data: generateData(c), rows: c.n, cols: c.d };
  const init = initialParameters(c, X.data);
  process.stderr.write(`${c.name}:`);
  await perIteration(c, X, init, undefined); // warm-up, both paths
  await perIteration(c, X, init, pool);
  const singles = [];
  const parallels = [];
  const loads = [];
  for (let r = 0; r < repeats; r++) {
    loads.push(loadavg()[0]);
    singles.push(await perIteration(c, X, init, undefined));
    parallels.push(await perIteration(c, X, init, pool));
    process.stderr.write(` ${r + 1}`);
  }
  process.stderr.write('\n');
  // Best of the repeats for wall time (least disturbed by other load); CPU times by median.
  const single = Math.min(...singles.map((s) => s.ms));
  const parallel = Math.min(...parallels.map((p) => p.ms));
  const singleCpu = median(singles.map((s) => s.main));
  const mainCpu = median(parallels.map((p) => p.main));
  const workerCpu = Array.from({ length: workers }, (_, w) =>
    median(parallels.map((p) => p.workers[w] ?? 0)),
  );
  const rest = median(parallels.map((p) => p.rest));
  const idle = workerCpu.map((t) => 1 - t / median(parallels.map((p) => p.ms)));
  const bound = singleCpu / (mainCpu + Math.max(...workerCpu));
  const sameResult =
    Math.abs(parallels[0].lowerBound - singles[0].lowerBound) / Math.abs(singles[0].lowerBound);
  rows.push({
    case: c.name,
    single,
    parallel,
    singleCpu,
    mainCpu,
    workerCpu,
    rest,
    idle,
    bound,
    loads,
    lowerBoundRelativeDifference: sameResult,
  });
}
await pool.close();
console.log(workersTable(rows, workers).join('\n'));
if (args.json) writeFileSync(args.json, JSON.stringify({ workers, iterations, repeats, rows }, null, 2));
console.log(
  `${iterations} iterations per fit (tol 0), best of ${repeats} for wall times, median for CPU times (${cpuClock})`,
);
