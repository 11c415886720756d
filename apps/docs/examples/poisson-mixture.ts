import type { EStepResult, StatsAlgebra } from '@em/core';
import { logSumExp } from '@em/core/numeric';

/**
 * Calls per minute at a help desk. Some minutes were quiet, some busy, and
 * nobody wrote down which.
 */
export const calls = [
  1, 3, 9, 9, 1, 9, 5, 2, 6, 1, 3, 10, 7, 3, 12, 10, 2, 7, 6, 6, 3, 8, 2, 1, 8,
  11, 9, 9, 2, 7, 1, 2, 4, 15, 1, 9, 0, 13, 6, 2, 7, 6, 9, 7, 10, 6, 11, 2, 5,
  0, 8, 2, 8, 3, 10, 1, 8, 2, 9, 3,
];

/** Mixing weight and Poisson rate of each of the K components. */
export type Params = { weights: number[]; rates: number[] };
/** Per component: expected number of minutes (`n`) and of calls (`sum`). */
export type Stats = { n: number[]; sum: number[] };

const logFactorial = (x: number) => {
  let total = 0;
  for (let i = 2; i <= x; i++) total += Math.log(i);
  return total;
};

/** E-step over any part of the data: statistics of disjoint parts add up. */
export function eStepChunk(
  { weights, rates }: Params,
  counts: readonly number[],
): EStepResult<Stats> {
  const K = rates.length;
  const stats = {
    n: new Array<number>(K).fill(0),
    sum: new Array<number>(K).fill(0),
  };
  const logJoint = new Array<number>(K);
  let logLikelihood = 0;
  for (const x of counts) {
    // log(weight_k × Poisson(x | rate_k)), normalised with log-sum-exp so
    // that nothing underflows.
    for (let k = 0; k < K; k++) {
      logJoint[k] =
        Math.log(weights[k]!) +
        x * Math.log(rates[k]!) -
        rates[k]! -
        logFactorial(x);
    }
    const logTotal = logSumExp(logJoint);
    logLikelihood += logTotal;
    for (let k = 0; k < K; k++) {
      const responsibility = Math.exp(logJoint[k]! - logTotal);
      stats.n[k]! += responsibility;
      stats.sum[k]! += responsibility * x;
    }
  }
  return { stats, logLikelihood };
}

/** M-step: weights are shares of minutes, rates are calls per minute. */
export function mStep({ n, sum }: Stats): Params {
  const total = n.reduce((a, b) => a + b, 0);
  return {
    weights: n.map((nk) => nk / total),
    rates: n.map((nk, k) => sum[k]! / nk),
  };
}

/** How the statistics of two chunks combine: zero, and addition. */
export const algebra: StatsAlgebra<Stats> = {
  zero: () => ({ n: [0, 0], sum: [0, 0] }),
  add: (into, other) => {
    other.n.forEach((value, k) => {
      into.n[k]! += value;
      into.sum[k]! += other.sum[k]!;
    });
    return into;
  },
};
