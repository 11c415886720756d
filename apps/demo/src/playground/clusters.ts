import { createRandom, multivariateNormal } from '@em/sampling';

/**
 * `clusters` Gaussian clusters of `perCluster` points each, with random centres, spreads and
 * orientations, as flat [x0, y0, x1, y1, …].
 */
export function generateClusters(clusters: number, perCluster: number, seed: number): Float64Array {
  const rng = createRandom(seed);
  const points: number[] = [];
  const centres: number[][] = [];
  for (let c = 0; c < clusters; c++) {
    // Keep centres apart (best of a few tries), so "3 clusters" looks like three.
    let mean = [0, 0];
    let bestGap = -1;
    for (let attempt = 0; attempt < 30; attempt++) {
      const candidate = [rng.uniform(-6, 6), rng.uniform(-6, 6)];
      const gap = Math.min(
        Infinity,
        ...centres.map((m) => Math.hypot(m[0]! - candidate[0]!, m[1]! - candidate[1]!)),
      );
      if (gap > bestGap) {
        mean = candidate;
        bestGap = gap;
      }
      if (gap > 4.5) break;
    }
    centres.push(mean);
    // A random rotation of random axis lengths gives every kind of ellipse.
    const angle = rng.uniform(0, Math.PI);
    const a = rng.uniform(0.4, 1.8) ** 2;
    const b = rng.uniform(0.3, 1.0) ** 2;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const cov = [
      [a * cos * cos + b * sin * sin, (a - b) * cos * sin],
      [(a - b) * cos * sin, a * sin * sin + b * cos * cos],
    ];
    const { data } = multivariateNormal(rng, { mean, cov, size: perCluster });
    for (const value of data) points.push(value);
  }
  return Float64Array.from(points);
}
