// `pnpm bench` for @em/hmm's fitAsync: Baum–Welch on many sequences, one thread (`fit`) against two
// worker threads (`fitAsync` with `workers: 2`) in the same run, reported as a ratio.
//
//   node bench/workers.mjs [--repeats 3] [--sequences 200] [--steps 5000] [--iterations 6]
//
// Per-iteration time is (fit with n iterations − fit with 2 iterations) / (n − 2), so that starting
// the threads and sending them the sequences (once per fit) are left out. BENCH_WORKERS=1 times one
// worker thread against the main thread (the cost of the messages alone); BENCH_COPY=1 gives each
// worker a copy of its share instead of one SharedArrayBuffer (what pages that are not
// cross-origin isolated get). The parallel speed-up is bounded by the cores free at the time: on a machine
// shared with other work, read the ratio of this run only.
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { mulberry32 } from '@em/core/numeric';
import { createWorkerPool, HiddenMarkovModel } from '@em/hmm';

const { values: args } = parseArgs({
  options: {
    repeats: { type: 'string', default: '3' },
    sequences: { type: 'string', default: '200' },
    steps: { type: 'string', default: '5000' },
    iterations: { type: 'string', default: '6' },
  },
});
const repeats = Number(args.repeats);
const nSeq = Number(args.sequences);
const steps = Number(args.steps);
const iterations = Number(args.iterations);
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

// 8 states, 1-D Gaussian emissions (as the single-sequence bench), sticky transitions.
const S = 8;
const uniform = mulberry32(3);
const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
const sequences = Array.from({ length: nSeq }, () => {
  const x = new Float64Array(steps);
  let state = Math.floor(uniform() * S);
  for (let t = 0; t < steps; t++) {
    if (uniform() < 0.05) state = Math.floor(uniform() * S);
    x[t] = 3 * state + (0.6 + 0.05 * state) * normal();
  }
  return x;
});
const init = {
  startProb: Array.from({ length: S }, () => 1 / S),
  transMat: Array.from({ length: S }, (_, i) =>
    Array.from({ length: S }, (_, j) => (i === j ? 0.8 : 0.2 / (S - 1))),
  ),
  means: Array.from({ length: S }, (_, j) => [3 * j + (uniform() - 0.5)]),
  covars: Array.from({ length: S }, () => [1 + uniform()]),
};
const options = (maxIter) => ({ nStates: S, covarianceType: 'diag', minCovar: 0, ...init, maxIter, tol: 0 });

if (process.env.BENCH_COPY === '1') globalThis.crossOriginIsolated = false; // each worker its own copy
const pool = createWorkerPool(Number(process.env.BENCH_WORKERS ?? 2));
async function time(parallel, maxIter) {
  const start = performance.now();
  const hmm = parallel
    ? await new HiddenMarkovModel({ ...options(maxIter), workers: pool }).fitAsync(sequences)
    : new HiddenMarkovModel(options(maxIter)).fit(sequences);
  return { ms: performance.now() - start, hmm };
}

console.log(
  `@em/hmm fitAsync on worker threads: ${nSeq} sequences × ${steps} steps, Gaussian 1-D, ${S} states; ` +
    `median of ${repeats}; Node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
await time(false, 2); // warm-up, both sides
await time(true, 2);
const single = [];
const parallel = [];
let same = true;
for (let r = 0; r < repeats; r++) {
  // Interleaved, so that a change in the machine's load hits both sides.
  const a = await time(false, iterations);
  const a2 = await time(false, 2);
  const b = await time(true, iterations);
  const b2 = await time(true, 2);
  single.push((a.ms - a2.ms) / (iterations - 2));
  parallel.push((b.ms - b2.ms) / (iterations - 2));
  same &&=
    a.hmm.logLikelihood === b.hmm.logLikelihood &&
    JSON.stringify(a.hmm.means) === JSON.stringify(b.hmm.means);
}
await pool.close();
const s = median(single);
const p = median(parallel);
console.log(`  fit (one thread)             ${s.toFixed(1)} ms/iteration`);
console.log(`  fitAsync, workers: ${pool.size}         ${p.toFixed(1)} ms/iteration`);
console.log(`  speed-up                     ${(s / p).toFixed(2)}× (ideal 2× on two free cores)`);
console.log(`  same parameters and log-likelihood, bit for bit: ${same}`);
