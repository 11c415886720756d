// The two-coin example of Do & Batzoglou (2008), Nature Biotechnology 26:897, on the built @em/core.
import { runEM } from '@em/core';

const heads = [5, 9, 8, 4, 7]; // heads in five sets of ten tosses, each set made with coin A or coin B
const coins = {
  eStep([a, b]) {
    const stats = { headsA: 0, tailsA: 0, headsB: 0, tailsB: 0 };
    let logLikelihood = 0;
    for (const h of heads) {
      const la = a ** h * (1 - a) ** (10 - h);
      const lb = b ** h * (1 - b) ** (10 - h);
      const wa = la / (la + lb); // probability that this set was made with coin A
      stats.headsA += wa * h;
      stats.tailsA += wa * (10 - h);
      stats.headsB += (1 - wa) * h;
      stats.tailsB += (1 - wa) * (10 - h);
      logLikelihood += Math.log(0.5 * la + 0.5 * lb);
    }
    return { stats, logLikelihood };
  },
  mStep: (s) => [s.headsA / (s.headsA + s.tailsA), s.headsB / (s.headsB + s.tailsB)],
};

const result = runEM(coins, [0.6, 0.5], { maxIter: 10, tol: 0 });
console.log(
  `θA = ${result.params[0].toFixed(2)}, θB = ${result.params[1].toFixed(2)} after ${result.nIter} iterations`,
);
console.log('Do & Batzoglou report θA ≈ 0.80, θB ≈ 0.52.');
