import { GaussianMixture } from '@em/gaussian';
import { createRandom, normal } from '@em/sampling';

const rng = createRandom(42);
const x = Float64Array.from([
  ...normal(rng, { loc: 20, scale: 5, size: 4000 }),
  ...normal(rng, { loc: 30, scale: 5, size: 8000 }),
]);

const gmm = new GaussianMixture({
  nComponents: 2,
  randomState: 1,
  tol: 1e-8,
  maxIter: 10_000,
  acceleration: 'squarem',
});
// One step per iteration; between steps the model shows the parameters so
// far. A page would draw a frame here and wait for the next animation frame.
for (const step of gmm.fitSteps(x)) {
  if (step.iteration % 10 !== 0) continue;
  const means = gmm.means.map(([m]) => m!.toFixed(2)).join(', ');
  console.log(
    `iteration ${step.iteration}: means ${means} ` +
      `(${step.nEStep} E-steps, lower bound ${step.lowerBound.toFixed(6)})`,
  );
}
console.log(`converged: ${gmm.converged} after ${gmm.nIter} iterations`);
