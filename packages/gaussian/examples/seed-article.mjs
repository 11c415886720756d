// The seed article: 4000 draws from N(20, 5²) and 8000 from N(40, 5²); fit 2 components; predict.
// Run after `pnpm build`: node examples/seed-article.mjs
import { GaussianMixture } from '@em/gaussian';
import { createRandom, normal } from '@em/sampling';

const rng = createRandom(42);
const sample = Float64Array.from([
  ...normal(rng, { loc: 20, scale: 5, size: 4000 }),
  ...normal(rng, { loc: 40, scale: 5, size: 8000 }),
]);

const gmm = new GaussianMixture({ nComponents: 2, randomState: 1 });
gmm.fit(sample);

console.log('weights', gmm.weights); // ≈ [0.33, 0.67] (components may come out in either order)
console.log('means', gmm.means); // ≈ [[20], [40]]
console.log('variances', gmm.covariances); // ≈ [[[25]], [[25]]]
console.log('labels', gmm.predict([10, 30, 50])); // Int32Array: 10 → the N(20) component, 50 → the N(40) one
console.log('converged', gmm.converged, 'after', gmm.nIter, 'iterations');
