import { concat, createRandom, multivariateNormal } from '@em/sampling';

const rng = createRandom(7);
const cluster = (mean: number[], cov: number[][]) =>
  multivariateNormal(rng, { mean, cov, size: 300 });

/**
 * 900 points in 2-D from three clusters: a long tilted one, a round one,
 * and a tall one tilted the other way.
 */
export const X = concat(
  // biome-ignore format: a covariance matrix reads best as a matrix
  cluster([0, 0], [[4, 1.8], [1.8, 1.2]]),
  // biome-ignore format: a covariance matrix reads best as a matrix
  cluster([7, 3], [[1, 0], [0, 1]]),
  // biome-ignore format: a covariance matrix reads best as a matrix
  cluster([2, 7], [[0.6, -0.5], [-0.5, 2]]),
);
