// Our side of `pnpm bench`: fits @em/gaussian (the built dist) on the case written by run.mjs.
// Usage: node ours.mjs CASE.json REPEATS '{"kernels":"auto","workers":0,"endToEnd":false,"warmUps":3}'
// Prints one JSON object. Timing as sklearn_bench.py: (fit(maxIter=n) − fit(maxIter=1)) / (n − 1).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { compileWasmKernels, createWorkerPool, GaussianMixture } from '../dist/index.js';
import { threadCpu } from './thread-cpu.mjs';

const [metaPath, repeatsArg, variantArg] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
const repeats = Number(repeatsArg);
const variant = JSON.parse(variantArg ?? '{}');
const bytes = readFileSync(meta.dataFile);
const data = new Float64Array(bytes.buffer, bytes.byteOffset, meta.n * meta.d);
const X = { data, rows: meta.n, cols: meta.d };

const workers = variant.workers ?? 0;
// One pool for every fit of the run, as an application would keep one.
const pool = workers > 0 ? createWorkerPool(workers) : undefined;

async function fit(maxIter) {
  const gmm = new GaussianMixture({
    nComponents: meta.k,
    covarianceType: meta.covarianceType,
    tol: 0,
    regCovar: meta.regCovar,
    maxIter,
    weightsInit: meta.init.weights,
    meansInit: meta.init.means,
    precisionsInit: meta.init.precisions,
    ...(variant.kernels ? { kernels: variant.kernels } : {}),
    ...(pool ? { workers: pool } : {}),
  });
  const start = performance.now();
  if (pool) await gmm.fitAsync(X);
  else gmm.fit(X);
  return { ms: performance.now() - start, gmm };
}

// End to end: the whole fit with the defaults (k-means initialisation, then EM to convergence),
// `randomState` fixed — what a user waits for. Best of REPEATS, after `warmUps` fits (default 1). Also the CPU
// time of every thread over the timed fits (which other load on the machine changes far less
// than wall time): the calling thread, each of the pool's busiest threads, and the load average.
if (variant.endToEnd) {
  await compileWasmKernels();
  const fitDefaults = async () => {
    const gmm = new GaussianMixture({
      nComponents: meta.k,
      covarianceType: meta.covarianceType,
      randomState: 0,
      ...(pool ? { workers: pool } : {}),
    });
    const start = performance.now();
    if (pool) await gmm.fitAsync(X);
    else gmm.fit(X);
    return { ms: performance.now() - start, gmm };
  };
  // The first fits of a process compile the hot code (each worker thread its own): time the
  // first one apart, and the rest once every thread runs optimised code.
  const firstFitMs = (await fitDefaults()).ms;
  for (let w = 1; w < (variant.warmUps ?? 1); w++) await fitDefaults();
  const runs = [];
  let last;
  const cpuBefore = threadCpu();
  for (let r = 0; r < repeats; r++) {
    last = await fitDefaults();
    runs.push(last.ms);
  }
  const cpuAfter = threadCpu();
  const perFit = (tid) => (cpuAfter.get(tid) - (cpuBefore.get(tid) ?? 0)) / repeats;
  const others = [...cpuAfter.keys()].filter((tid) => tid !== process.pid).map(perFit);
  await pool?.close();
  console.log(
    JSON.stringify({
      library: '@em/gaussian',
      runs,
      msPerFit: Math.min(...runs),
      firstFitMs,
      nIter: last.gmm.nIter,
      lowerBound: last.gmm.lowerBound,
      // Per fit: the calling thread, and every other thread (the pool's, the engine's), largest first.
      cpu:
        cpuAfter.size > 0
          ? { calling: perFit(process.pid), threads: others.sort((a, b) => b - a) }
          : undefined,
      loadAverage: loadavg()[0],
    }),
  );
  process.exit(0);
}

// Once per process, before the memory baseline, as scikit-learn's side imports numpy and
// scikit-learn (their compiled code) before its own: what is left is the fit's memory.
if (variant.kernels === undefined || variant.kernels === 'wasm') await compileWasmKernels();
const rssBefore = process.memoryUsage().rss;
const { gmm } = await fit(meta.iterations); // also the warm-up
const peak = Math.max(0, process.resourceUsage().maxRSS * 1024 - rssBefore);

const runs = [];
for (let r = 0; r < repeats; r++) {
  const full = await fit(meta.iterations);
  const setup = await fit(1);
  runs.push((full.ms - setup.ms) / (meta.iterations - 1));
}
await pool?.close();
const sorted = [...runs].sort((a, b) => a - b);
const mid = sorted.length >> 1;
const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
console.log(
  JSON.stringify({
    library: '@em/gaussian',
    msPerIteration: median,
    runs,
    peakMemoryBytes: peak,
    lowerBound: gmm.lowerBound,
  }),
);
