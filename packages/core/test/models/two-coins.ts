import type { EMModel } from '../../src/index.js';

/**
 * The two-coin example of Do & Batzoglou, "What is the expectation maximization algorithm?",
 * Nature Biotechnology 26:897 (2008): five sets of ten tosses, each set made with coin A or coin B
 * (equally likely, unknown which). Parameters are [θA, θB]; statistics are expected heads and tails
 * attributed to each coin.
 */
export const TOSSES = 10;
export const HEADS = [5, 9, 8, 4, 7];

export type CoinParams = [number, number];
export type CoinStats = { headsA: number; tailsA: number; headsB: number; tailsB: number };

export function twoCoins(heads: number[] = HEADS): EMModel<CoinParams, CoinStats> {
  return {
    eStep([thetaA, thetaB]) {
      const stats = { headsA: 0, tailsA: 0, headsB: 0, tailsB: 0 };
      let logLikelihood = 0;
      for (const h of heads) {
        const t = TOSSES - h;
        const likelihoodA = thetaA ** h * (1 - thetaA) ** t;
        const likelihoodB = thetaB ** h * (1 - thetaB) ** t;
        const weightA = likelihoodA / (likelihoodA + likelihoodB);
        stats.headsA += weightA * h;
        stats.tailsA += weightA * t;
        stats.headsB += (1 - weightA) * h;
        stats.tailsB += (1 - weightA) * t;
        logLikelihood += Math.log(0.5 * likelihoodA + 0.5 * likelihoodB);
      }
      return { stats, logLikelihood };
    },
    mStep: (s) => [s.headsA / (s.headsA + s.tailsA), s.headsB / (s.headsB + s.tailsB)],
  };
}
