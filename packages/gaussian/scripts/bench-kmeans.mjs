// k-means initialisation speed on 200 000 × 2 points: our flat k-means vs ml-kmeans (if installed).
// Run after `pnpm build`: node scripts/bench-kmeans.mjs
import { createRandom } from '@em/sampling';
import { GaussianMixture } from '../dist/index.js';

const n = 200_000;
const rng = createRandom(1);
const data = new Float64Array(n * 2);
for (let i = 0; i < n; i++) {
  const c = i % 3;
  data[2 * i] = rng.normal(c * 5, 1);
  data[2 * i + 1] = rng.normal(c * 2, 1);
}
const X = { data, rows: n, cols: 2 };

for (const k of [3, 9]) {
  // maxIter 0: only the initialisation (k-means) and the initial parameter estimate run.
  const start = performance.now();
  new GaussianMixture({ nComponents: k, maxIter: 0, randomState: 0 }).fit(X);
  console.log(`@em/gaussian k-means init, k=${k}: ${(performance.now() - start).toFixed(0)} ms`);
  try {
    const { kmeans } = await import('ml-kmeans');
    const rows = Array.from({ length: n }, (_, i) => [data[2 * i], data[2 * i + 1]]);
    const t = performance.now();
    kmeans(rows, k, { initialization: 'kmeans++', seed: 0 });
    console.log(
      `ml-kmeans 7 (kmeans++), k=${k}: ${(performance.now() - t).toFixed(0)} ms (+ number[][] copy)`,
    );
  } catch {
    // ml-kmeans is not a dependency any more; install it temporarily to compare.
  }
}
