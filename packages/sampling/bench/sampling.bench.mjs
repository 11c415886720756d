// Throughput of @em/sampling against Math.random() (+ Box–Muller), measured side by side in one run.
// Run with `pnpm bench` (builds first). Not part of the tests: timings depend on the machine and its load.
//
// Method: every case produces N values (N / 8 vectors for the multivariate normal); the cases run
// round-robin for ROUNDS rounds after two warm-up rounds, so background load hits them alike. Each row
// reports the median rate over CPU time (process.cpuUsage: time this process actually ran, which is
// what "one core" means on a shared machine) and over wall-clock time, and the ratio of the CPU-time
// rate to the Math.random baseline of the same group, from the same run.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { createRandom, multivariateNormal, normal, uniform } from '../dist/index.js';

const N = 1 << 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const DIM = 8;
const N_MVN = N / DIM;

const out = new Float64Array(N);
let sink = 0;

// Baselines return a fresh Float64Array, like the vector samplers they are compared with; the
// per-draw loops (rng.next(), rng.normal()) write into the preallocated `out`, as their own rows say.
function mathRandomUniform() {
  const values = new Float64Array(N);
  for (let i = 0; i < N; i++) values[i] = Math.random();
  sink += values[N - 1];
  return N;
}

function mathRandomUniformInto() {
  for (let i = 0; i < N; i++) out[i] = Math.random();
  sink += out[N - 1];
  return N;
}

/** Box–Muller on Math.random(): two normals per pair of uniforms. */
function fillBoxMuller(target, count) {
  for (let i = 0; i < count; i += 2) {
    const u1 = 1 - Math.random();
    const u2 = Math.random();
    const r = Math.sqrt(-2 * Math.log(u1));
    target[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < count) target[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
}

function mathRandomBoxMuller() {
  const values = new Float64Array(N);
  fillBoxMuller(values, N);
  sink += values[N - 1];
  return N;
}

// 8-D covariance with correlations, its Cholesky factor for the baseline.
const cov = Array.from({ length: DIM }, (_, i) =>
  Array.from({ length: DIM }, (_, j) => 0.5 ** Math.abs(i - j)),
);
const mean = Array.from({ length: DIM }, (_, i) => i);
const chol = new Float64Array(DIM * DIM);
for (let i = 0; i < DIM; i++) {
  for (let j = 0; j <= i; j++) {
    let s = cov[i][j];
    for (let k = 0; k < j; k++) s -= chol[i * DIM + k] * chol[j * DIM + k];
    chol[i * DIM + j] = i === j ? Math.sqrt(s) : s / chol[j * DIM + j];
  }
}
const z = new Float64Array(DIM);
function mathRandomMvn() {
  const data = new Float64Array(N_MVN * DIM);
  for (let r = 0; r < N_MVN; r++) {
    fillBoxMuller(z, DIM);
    for (let i = 0; i < DIM; i++) {
      let s = mean[i];
      for (let j = 0; j <= i; j++) s += chol[i * DIM + j] * z[j];
      data[r * DIM + i] = s;
    }
  }
  sink += data[0];
  return N_MVN;
}

/**
 * The alternative to depending on pure-rand: the same xoroshiro128+ written inline, with one double
 * per 64-bit output (its top 53 bits) instead of two 32-bit outputs. Only here to measure the gap.
 */
const hand = { s0hi: 0x12345678, s0lo: 0x9abcdef0 | 0, s1hi: 0x0fedcba9, s1lo: 0x87654321 | 0 };
function handInlinedFill(target) {
  let { s0hi, s0lo, s1hi, s1lo } = hand;
  for (let i = 0; i < target.length; i++) {
    const lo = (s0lo + s1lo) >>> 0;
    const hi = (s0hi + s1hi + (lo < s0lo >>> 0 ? 1 : 0)) >>> 0;
    const a0 = s1lo ^ s0lo;
    const a1 = s1hi ^ s0hi;
    const n0lo = (s0lo << 24) ^ (s0hi >>> 8) ^ a0 ^ (a0 << 16);
    s0hi = (s0hi << 24) ^ (s0lo >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
    s0lo = n0lo;
    s1lo = (a1 << 5) ^ (a0 >>> 27);
    s1hi = (a0 << 5) ^ (a1 >>> 27);
    target[i] = hi * 2.3283064365386963e-10 + (lo >>> 11) * 1.1102230246251565e-16;
  }
  Object.assign(hand, { s0hi, s0lo, s1hi, s1lo });
}

const rng = createRandom(42);
const next = rng.random;
const pureRand = xoroshiro128plus(42);

const groups = [
  {
    title: 'Uniforms in [0, 1)',
    unit: 'M numbers/s',
    cases: [
      ['Math.random() into a new Float64Array (baseline)', mathRandomUniform],
      ['Math.random() into a preallocated array', mathRandomUniformInto],
      [
        'uniform(rng, { size })',
        () => {
          sink += uniform(rng, { size: N })[0];
          return N;
        },
      ],
      [
        'rng.next() loop into a preallocated array',
        () => {
          for (let i = 0; i < N; i++) out[i] = rng.next();
          sink += out[0];
          return N;
        },
      ],
      [
        'rng.random() loop (bound, for @em/core), preallocated',
        () => {
          for (let i = 0; i < N; i++) out[i] = next();
          sink += out[0];
          return N;
        },
      ],
      [
        'hand-inlined xoroshiro128+, 53 bits per 64-bit step, preallocated (comparison only)',
        () => {
          handInlinedFill(out);
          sink += out[0];
          return N;
        },
      ],
      [
        'pure-rand xoroshiro128plus + uniformFloat64 raw, preallocated',
        () => {
          for (let i = 0; i < N; i++) out[i] = uniformFloat64(pureRand);
          sink += out[0];
          return N;
        },
      ],
    ],
  },
  {
    title: 'Standard normals',
    unit: 'M numbers/s',
    cases: [
      ['Math.random() + Box–Muller into a new Float64Array (baseline)', mathRandomBoxMuller],
      [
        'normal(rng, { size }) (ziggurat)',
        () => {
          sink += normal(rng, { size: N })[0];
          return N;
        },
      ],
      [
        'normal(rng, { loc: 20, scale: 5, size })',
        () => {
          sink += normal(rng, { loc: 20, scale: 5, size: N })[0];
          return N;
        },
      ],
      [
        'rng.normal() loop into a preallocated array',
        () => {
          for (let i = 0; i < N; i++) out[i] = rng.normal();
          sink += out[0];
          return N;
        },
      ],
    ],
  },
  {
    title: `Multivariate normal, ${DIM}-D (covariance 0.5^|i-j|)`,
    unit: 'M vectors/s',
    cases: [
      ['Math.random() + Box–Muller + Cholesky (baseline)', mathRandomMvn],
      [
        'multivariateNormal(rng, { mean, cov, size })',
        () => {
          sink += multivariateNormal(rng, { mean, cov, size: N_MVN }).data[0];
          return N_MVN;
        },
      ],
    ],
  },
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const cpuRates = groups.map((group) => group.cases.map(() => []));
const wallRates = groups.map((group) => group.cases.map(() => []));
for (let round = -2; round < ROUNDS; round++) {
  groups.forEach((group, g) => {
    group.cases.forEach(([, run], c) => {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      const count = run();
      const wall = (performance.now() - start) / 1000;
      const { user, system } = process.cpuUsage(cpuStart);
      const cpu = (user + system) / 1e6;
      if (round >= 0) {
        // rounds -2 and -1 warm the JIT up
        cpuRates[g][c].push(count / cpu / 1e6);
        wallRates[g][c].push(count / wall / 1e6);
      }
    });
  });
}

const load = (await import('node:os')).loadavg()[0].toFixed(1);
console.log(
  `@em/sampling benchmark — Node ${process.version}, ${N} values per case, median of ${ROUNDS} rounds, ` +
    `load average at the end ${load}`,
);
groups.forEach((group, g) => {
  console.log(`\n${group.title}\n`);
  console.log(`| Case | ${group.unit} (CPU time) | ${group.unit} (wall clock) | vs baseline |`);
  console.log('| --- | ---: | ---: | ---: |');
  const baseline = median(cpuRates[g][0]);
  group.cases.forEach(([name], c) => {
    const rate = median(cpuRates[g][c]);
    const wall = median(wallRates[g][c]);
    console.log(`| ${name} | ${rate.toFixed(1)} | ${wall.toFixed(1)} | ${(rate / baseline).toFixed(2)}× |`);
  });
});
if (sink === 42) console.log(''); // keeps the results observable so no loop is optimised away
