import { GaussianMixture } from '@em/gaussian';
import { createRandom, normal } from '@em/sampling';

// The getting-started example made hard: means 20 and 30 instead of 20
// and 40, so the two components overlap a lot.
const rng = createRandom(42);
const x = Float64Array.from([
  ...normal(rng, { loc: 20, scale: 5, size: 4000 }),
  ...normal(rng, { loc: 30, scale: 5, size: 8000 }),
]);

for (const tol of [1e-3, 1e-8]) {
  for (const acceleration of ['none', 'squarem'] as const) {
    let nEStep = 0;
    const gmm = new GaussianMixture({
      nComponents: 2,
      randomState: 1,
      tol,
      maxIter: 10_000,
      acceleration,
      onIteration: (info) => {
        nEStep = info.nEStep;
      },
    }).fit(x);
    const means = gmm.means.map(([m]) => m!.toFixed(2)).join(', ');
    console.log(
      `tol ${tol}, ${acceleration.padEnd(7)}: ` +
        `${nEStep} E-steps in ` +
        `${gmm.nIter} iterations, lower bound ${gmm.lowerBound.toFixed(9)}, ` +
        `means ${means}`,
    );
  }
}
