import { GaussianMixture } from '@em/gaussian';
import { createRandom, normal } from '@em/sampling';

// The getting-started example as it is: means 20 and 40, well separated.
const rng = createRandom(42);
const x = Float64Array.from([
  ...normal(rng, { loc: 20, scale: 5, size: 4000 }),
  ...normal(rng, { loc: 40, scale: 5, size: 8000 }),
]);

for (const tol of [1e-3, 1e-8]) {
  for (const acceleration of ['none', 'squarem'] as const) {
    let nEStep = 0;
    const gmm = new GaussianMixture({
      nComponents: 2,
      randomState: 1,
      tol,
      acceleration,
      onIteration: (info) => {
        nEStep = info.nEStep;
      },
    }).fit(x);
    console.log(
      `tol ${tol}, ${acceleration.padEnd(7)}: ${nEStep} E-steps, ` +
        `lower bound ${gmm.lowerBound.toFixed(9)}`,
    );
  }
}
