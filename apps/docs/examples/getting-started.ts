import { writeFileSync } from 'node:fs';
import { UnivariateGaussianMixture } from '@em/gaussian';
import { mixtureDensitySvg } from '@em/plot';
import { concat, createRandom, normal } from '@em/sampling';

// Two processes: 4000 points from N(20, 5²) and 8000 from N(40, 5²), seeded.
const rng = createRandom(42);
const x = concat(
  normal(rng, { loc: 20, scale: 5, size: 4000 }),
  normal(rng, { loc: 40, scale: 5, size: 8000 }),
);

// Fit two Gaussians without saying which point came from which process.
const gmm = new UnivariateGaussianMixture({
  nComponents: 2,
  randomState: 1,
}).fit(x);
const labels = gmm.predict(x); // the most probable component of each point

const show = (values: number[]) => values.map((v) => v.toFixed(2)).join(', ');
console.log(`weights: ${show(gmm.weights)}`);
console.log(`means:   ${show(gmm.means)}`);
console.log(`sd:      ${show(gmm.standardDeviations)}`);
console.log(
  `labels:  first five ${labels.slice(0, 5)}, last five ${labels.slice(-5)}`,
);

writeFileSync('mixture.svg', mixtureDensitySvg(x, gmm, { bins: 50 }));
