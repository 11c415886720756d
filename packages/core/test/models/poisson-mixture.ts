import type { EMModel, EStepResult, StatsAlgebra } from '../../src/index.js';
import { logSumExp, mulberry32 } from '../../src/numeric/index.js';

/** A K-component Poisson mixture: weights and rates. */
export interface PoissonParams {
  weights: number[];
  rates: number[];
}

/** Per component: expected count of points (n) and expected sum of values (sum). */
export interface PoissonStats {
  n: number[];
  sum: number[];
}

const logFactorial = (k: number): number => {
  let total = 0;
  for (let i = 2; i <= k; i++) total += Math.log(i);
  return total;
};

export const poissonAlgebra = (k: number): StatsAlgebra<PoissonStats> => ({
  zero: () => ({ n: new Array(k).fill(0), sum: new Array(k).fill(0) }),
  add: (into, other) => {
    for (let j = 0; j < k; j++) {
      into.n[j]! += other.n[j]!;
      into.sum[j]! += other.sum[j]!;
    }
    return into;
  },
});

/** E-step over one chunk of counts: responsibilities by log-sum-exp, summed log-likelihood. */
export function poissonEStep(params: PoissonParams, data: ArrayLike<number>): EStepResult<PoissonStats> {
  const k = params.rates.length;
  const stats = poissonAlgebra(k).zero();
  const logJoint = new Array<number>(k);
  let logLikelihood = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    for (let j = 0; j < k; j++) {
      const rate = params.rates[j]!;
      logJoint[j] = Math.log(params.weights[j]!) + x * Math.log(rate) - rate - logFactorial(x);
    }
    const logNorm = logSumExp(logJoint);
    logLikelihood += logNorm;
    for (let j = 0; j < k; j++) {
      const r = Math.exp(logJoint[j]! - logNorm);
      stats.n[j]! += r;
      stats.sum[j]! += r * x;
    }
  }
  return { stats, logLikelihood };
}

export function poissonMStep(stats: PoissonStats): PoissonParams {
  const total = stats.n.reduce((a, b) => a + b, 0);
  return {
    weights: stats.n.map((n) => n / total),
    rates: stats.n.map((n, j) => Math.max(stats.sum[j]! / n, 1e-12)),
  };
}

export function poissonMixture(data: ArrayLike<number>): EMModel<PoissonParams, PoissonStats> {
  return { eStep: (params) => poissonEStep(params, data), mStep: poissonMStep };
}

/** Knuth's Poisson sampler: fine for the small rates used here. */
function samplePoisson(rate: number, random: () => number): number {
  const limit = Math.exp(-rate);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/** Seeded data from a known Poisson mixture. */
export function samplePoissonMixture(truth: PoissonParams, n: number, seed: number): Int32Array {
  const random = mulberry32(seed);
  const data = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let u = random();
    let j = 0;
    while (j < truth.weights.length - 1 && u >= truth.weights[j]!) u -= truth.weights[j++]!;
    data[i] = samplePoisson(truth.rates[j]!, random);
  }
  return data;
}
