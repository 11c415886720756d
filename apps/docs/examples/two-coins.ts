import { type EMModel, runEM } from '@em/core';

// Five sets of ten tosses. Each set was made with coin A or coin B;
// nobody wrote down which.
const TOSSES = 10;
const heads = [5, 9, 8, 4, 7];

// The probability of heads of each coin; the heads and tails credited to each.
type Params = { thetaA: number; thetaB: number };
type Stats = { headsA: number; tailsA: number; headsB: number; tailsB: number };

const binomial = (theta: number, h: number) =>
  theta ** h * (1 - theta) ** (TOSSES - h);

const twoCoins: EMModel<Params, Stats> = {
  // E-step: how much of each set to credit to each coin, given the guesses.
  eStep({ thetaA, thetaB }) {
    const stats = { headsA: 0, tailsA: 0, headsB: 0, tailsB: 0 };
    let logLikelihood = 0;
    for (const h of heads) {
      const a = binomial(thetaA, h);
      const b = binomial(thetaB, h);
      const wA = a / (a + b); // probability that coin A made this set
      stats.headsA += wA * h;
      stats.tailsA += wA * (TOSSES - h);
      stats.headsB += (1 - wA) * h;
      stats.tailsB += (1 - wA) * (TOSSES - h);
      // Either coin is equally likely to be picked.
      logLikelihood += Math.log(0.5 * a + 0.5 * b);
    }
    return { stats, logLikelihood };
  },
  // M-step: the maximum-likelihood estimate from the credited tosses.
  mStep: (s) => ({
    thetaA: s.headsA / (s.headsA + s.tailsA),
    thetaB: s.headsB / (s.headsB + s.tailsB),
  }),
};

const result = runEM(
  twoCoins,
  { thetaA: 0.6, thetaB: 0.5 },
  {
    maxIter: 10,
    tol: 0, // run all ten iterations, as in the paper
    onIteration: ({ iteration, params: { thetaA, thetaB } }) => {
      console.log(
        `${iteration}: θA = ${thetaA.toFixed(2)}, θB = ${thetaB.toFixed(2)}`,
      );
    },
  },
);
console.log(`stopped: ${result.stopReason} after ${result.nIter} iterations`);
console.log(`log-likelihood: ${result.logLikelihood.toFixed(4)}`);
