// The benchmark cases of the performance issue and the data they run on. Data comes from a fixed
// seed so every run (and scikit-learn in the same run) sees exactly the same numbers.
import { mulberry32 } from '@em/core/numeric';

/** @typedef {{ name: string, d: number, k: number, n: number, covarianceType: string, iterations: number, seed: number, endToEnd?: boolean }} BenchCase */

/**
 * `iterations` is chosen so one fit takes roughly half a second in scikit-learn on a 2-core
 * machine: long enough to time, short enough to repeat. `endToEnd`: the case also gets a row of
 * whole fits with the defaults (k-means initialisation, EM to convergence).
 * @type {BenchCase[]}
 */
export const CASES = [
  {
    name: '1-D, K=2, N=12 000 (seed example)',
    d: 1,
    k: 2,
    n: 12_000,
    covarianceType: 'full',
    iterations: 300,
    seed: 1,
  },
  {
    name: '2-D, K=5, full, N=200 000',
    endToEnd: true,
    d: 2,
    k: 5,
    n: 200_000,
    covarianceType: 'full',
    iterations: 8,
    seed: 2,
  },
  {
    name: '8-D, K=8, full, N=100 000',
    endToEnd: true,
    d: 8,
    k: 8,
    n: 100_000,
    covarianceType: 'full',
    iterations: 8,
    seed: 3,
  },
  {
    name: '8-D, K=8, diag, N=100 000',
    d: 8,
    k: 8,
    n: 100_000,
    covarianceType: 'diag',
    iterations: 20,
    seed: 4,
  },
  {
    name: '32-D, K=8, full, N=50 000',
    endToEnd: true,
    d: 32,
    k: 8,
    n: 50_000,
    covarianceType: 'full',
    iterations: 4,
    seed: 5,
  },
  {
    name: '32-D, K=8, diag, N=50 000',
    d: 32,
    k: 8,
    n: 50_000,
    covarianceType: 'diag',
    iterations: 30,
    seed: 6,
  },
];

function normalSource(uniform) {
  return () => {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/**
 * N samples from a K-component mixture with random means in [−6, 6]^D, random correlated
 * covariances and random weights, flat row-major.
 * @param {BenchCase} c
 */
export function generateData(c) {
  if (c.d === 1) return seedExample(c);
  const uniform = mulberry32(c.seed);
  const normal = normalSource(uniform);
  const { d, k, n } = c;
  const means = Float64Array.from({ length: k * d }, () => 12 * uniform() - 6);
  // A random lower-triangular factor per component: covariance L Lᵀ, variances about 0.3–1.5.
  const factors = new Float64Array(k * d * d);
  for (let c2 = 0; c2 < k; c2++) {
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < a; b++) factors[c2 * d * d + a * d + b] = (0.4 * normal()) / Math.sqrt(d);
      factors[c2 * d * d + a * d + a] = 0.5 + 0.7 * uniform();
    }
  }
  const rawWeights = Array.from({ length: k }, () => 0.5 + uniform());
  const total = rawWeights.reduce((s, w) => s + w, 0);
  const cumulative = [];
  let acc = 0;
  for (const w of rawWeights) {
    acc += w / total;
    cumulative.push(acc);
  }
  const X = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const u = uniform();
    let comp = cumulative.findIndex((cum) => u < cum);
    if (comp < 0) comp = k - 1;
    for (let a = 0; a < d; a++) z[a] = normal();
    for (let a = 0; a < d; a++) {
      let v = means[comp * d + a];
      for (let b = 0; b <= a; b++) v += factors[comp * d * d + a * d + b] * z[b];
      X[i * d + a] = v;
    }
  }
  return X;
}

/**
 * The seed article's data: 4 000 draws from N(20, 5²) and 8 000 from N(40, 5²), shuffled.
 * @param {BenchCase} c
 */
function seedExample(c) {
  const uniform = mulberry32(c.seed);
  const normal = normalSource(uniform);
  const X = new Float64Array(c.n);
  const first = Math.round(c.n / 3);
  for (let i = 0; i < c.n; i++) X[i] = i < first ? 20 + 5 * normal() : 40 + 5 * normal();
  // Fisher–Yates, so that evenly spaced rows are not all from one component.
  for (let i = c.n - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [X[i], X[j]] = [X[j], X[i]];
  }
  return X;
}

/**
 * The initial parameters both sides start from: means are the rows at evenly spaced indices,
 * weights are equal, and every component's precision is diag(1 / variance of each feature).
 * Precisions are shaped as scikit-learn's `precisions_init` for the covariance type.
 * @param {BenchCase} c
 * @param {Float64Array} X
 */
export function initialParameters(c, X) {
  const { d, k, n } = c;
  const means = [];
  for (let comp = 0; comp < k; comp++) {
    const row = Math.floor((comp * n) / k);
    means.push(Array.from(X.subarray(row * d, row * d + d)));
  }
  const weights = Array.from({ length: k }, () => 1 / k);
  const variance = new Array(d).fill(0);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += X[i * d + j];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (X[i * d + j] - mean) ** 2;
    variance[j] = ss / n;
  }
  const inv = variance.map((v) => 1 / v);
  const diagMatrix = () => inv.map((p, a) => inv.map((_, b) => (a === b ? p : 0)));
  const meanInv = inv.reduce((s, p) => s + p, 0) / d;
  const precisions = {
    full: () => Array.from({ length: k }, diagMatrix),
    tied: diagMatrix,
    diag: () => Array.from({ length: k }, () => inv.slice()),
    spherical: () => new Array(k).fill(meanInv),
  }[c.covarianceType]();
  return { weights, means, precisions };
}
