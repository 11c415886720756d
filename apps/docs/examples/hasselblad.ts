import type { EMModel } from '@em/core';

/**
 * Hasselblad (1969): on how many of the 1096 days of 1910–1912 The Times
 * printed 0, 1, …, 9 death notices of women aged 80 or over. A mixture of
 * two Poisson distributions fits it, and plain EM converges on it very
 * slowly: the classic test of SQUAREM.
 */
export const days = [162, 267, 271, 185, 111, 61, 27, 8, 3, 1];

/** [weight of the first component, its rate, the second component's rate] */
export type Params = [number, number, number];
/** Expected days and deaths of the first component, then of the second. */
type Stats = [number, number, number, number];

/** The start of Varadhan & Roland (2008) and of R's SQUAREM vignette. */
export const START: Params = [0.3, 1, 5];

const logFactorial = days.map((_, k) => {
  let total = 0;
  for (let i = 2; i <= k; i++) total += Math.log(i);
  return total;
});
const logPoisson = (k: number, rate: number) =>
  (k === 0 ? 0 : k * Math.log(rate)) - rate - logFactorial[k]!;

export const hasselblad: EMModel<Params, Stats> = {
  eStep([w, rate1, rate2]) {
    const stats: Stats = [0, 0, 0, 0];
    let logLikelihood = 0;
    days.forEach((n, k) => {
      const a = Math.log(w) + logPoisson(k, rate1);
      const b = Math.log(1 - w) + logPoisson(k, rate2);
      const logTotal = Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
      const z = Math.exp(a - logTotal); // P(first component | k deaths)
      stats[0] += n * z;
      stats[1] += n * z * k;
      stats[2] += n * (1 - z);
      stats[3] += n * (1 - z) * k;
      logLikelihood += n * logTotal;
    });
    return { stats, logLikelihood };
  },
  mStep: ([n1, deaths1, n2, deaths2]) => [
    n1 / (n1 + n2),
    deaths1 / n1,
    deaths2 / n2,
  ],
  // For SQUAREM: the parameters as one vector of numbers, and back.
  pack: (params) => Float64Array.from(params),
  unpack([w, rate1, rate2]) {
    // An extrapolated vector may not be a mixture: say so with undefined.
    if (!(w! > 0 && w! < 1 && rate1! > 0 && rate2! > 0)) return undefined;
    return [w!, rate1!, rate2!];
  },
};
