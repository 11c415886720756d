import { BayesianGaussianMixture } from '@em/gaussian';
import { createRandom, normal } from '@em/sampling';

// 20 000 training rows and 10 000 held-out rows from five 4-D Gaussian groups, offered 8 components.
const rng = createRandom(22);
const centres = Array.from({ length: 5 }, () =>
  normal(rng, { scale: 3, size: 4 }),
);
const draw = (n: number) =>
  Array.from({ length: n }, () => {
    const centre = centres[rng.integer(5)]!;
    const noise = normal(rng, { size: 4 });
    return centre.map((m, j) => m + noise[j]! * (0.6 + 0.2 * j));
  });
const train = draw(20_000);
const heldOut = draw(10_000);
const options = {
  nComponents: 8,
  randomState: 0,
  weightConcentrationPrior: 1e-3,
};

// The batch fit: variational EM until the lower bound moves by less than tol (1e-3).
const batch = new BayesianGaussianMixture({ ...options, maxIter: 500 }).fit(
  train,
);
const target = batch.score(heldOut);
console.log(
  `batch VB (${batch.nIter} iterations, converged: ${batch.converged}, ${batch.effectiveComponents()} components used): held-out ${target.toFixed(4)} nats/row`,
);

// Stepwise VB: mini-batches of 1000 rows, passes over the same rows in the same order.
const online = new BayesianGaussianMixture(options);
for (let pass = 1; pass <= 5; pass++) {
  for (let start = 0; start < train.length; start += 1000) {
    online.partialFit(train.slice(start, start + 1000), { alpha: 0.6, t0: 2 });
  }
  if (pass === 1 || pass === 2 || pass === 5) {
    const score = online.score(heldOut);
    console.log(
      `stepwise VB, ${pass} pass${pass > 1 ? 'es' : ''} (${online.effectiveComponents()} components used): ` +
        `held-out ${score.toFixed(4)} nats/row (${(target - score).toFixed(4)} below batch)`,
    );
  }
}
