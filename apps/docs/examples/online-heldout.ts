import { GaussianMixture } from '@em/gaussian';
import { createRandom, normal } from '@em/sampling';

// 100 000 training rows and 20 000 held-out rows from five 4-D Gaussian groups.
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
const train = draw(100_000);
const heldOut = draw(20_000);

// The batch fit: best of five starts, run to a tight tolerance.
const batch = new GaussianMixture({
  nComponents: 5,
  randomState: 0,
  nInit: 5,
  tol: 1e-6,
}).fit(train);
const target = batch.score(heldOut);
console.log(
  `batch EM (best of 5 starts, ${batch.nIter} iterations): held-out ${target.toFixed(4)} nats/row`,
);

// Online EM: mini-batches of 1000 rows, passes over the same rows in the same order.
const online = new GaussianMixture({ nComponents: 5, randomState: 0 });
for (let pass = 1; pass <= 5; pass++) {
  for (let start = 0; start < train.length; start += 1000) {
    online.partialFit(train.slice(start, start + 1000), { alpha: 0.6, t0: 2 });
  }
  if (pass === 1 || pass === 2 || pass === 5) {
    const score = online.score(heldOut);
    console.log(
      `online EM, ${pass} pass${pass > 1 ? 'es' : ''}: held-out ${score.toFixed(4)} nats/row ` +
        `(${(target - score).toFixed(4)} below batch)`,
    );
  }
}
