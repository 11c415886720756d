import type { EMModel } from '../../src/index.js';
import fixture from '../fixtures/squarem-poisson.json' with { type: 'json' };

/** (weight of component 1, rate 1, rate 2), as in the SQUAREM package's vignette. */
export type PoissonPair = [number, number, number];

/** Expected counts of component 1, its expected deaths, and the same for component 2. */
type Stats = [number, number, number, number];

const logFactorial = (k: number): number => {
  let total = 0;
  for (let i = 2; i <= k; i++) total += Math.log(i);
  return total;
};

/** x · log(rate), with 0 · log 0 = 0: a rate can reach 0 when a component holds only zeros. */
const xLogRate = (x: number, rate: number): number => (x === 0 ? 0 : x * Math.log(rate));

/**
 * The two-component Poisson mixture on Hasselblad's (1969) death notices: `frequencies[i]` days
 * with `deaths[i]` deaths. E-step and M-step written independently of the R script.
 */
export function hasselblad(
  deaths: readonly number[] = fixture.deaths,
  frequencies: readonly number[] = fixture.frequencies,
): EMModel<PoissonPair, Stats> {
  return {
    eStep([w, rate1, rate2]) {
      const stats: Stats = [0, 0, 0, 0];
      let logLikelihood = 0;
      for (let i = 0; i < deaths.length; i++) {
        const x = deaths[i]!;
        const n = frequencies[i]!;
        const a = Math.log(w) + xLogRate(x, rate1) - rate1 - logFactorial(x);
        const b = Math.log(1 - w) + xLogRate(x, rate2) - rate2 - logFactorial(x);
        const max = Math.max(a, b);
        const logTotal = max + Math.log(Math.exp(a - max) + Math.exp(b - max));
        const z = Math.exp(a - logTotal);
        stats[0] += n * z;
        stats[1] += n * z * x;
        stats[2] += n * (1 - z);
        stats[3] += n * (1 - z) * x;
        logLikelihood += n * logTotal;
      }
      return { stats, logLikelihood };
    },
    mStep: ([n1, x1, n2, x2]) => [n1 / (n1 + n2), x1 / n1, x2 / n2],
    pack: (params) => Float64Array.from(params),
    unpack([w, rate1, rate2]) {
      // Extrapolation can leave the parameter space: a weight outside (0, 1) or a rate <= 0.
      if (!(w! > 0 && w! < 1 && rate1! > 0 && rate2! > 0)) return undefined;
      return [w!, rate1!, rate2!];
    },
  };
}

export { fixture as squaremFixture };
