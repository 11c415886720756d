import { createRandom, multivariateNormal, normal } from '@em/sampling';

/** The seed article's data: 4000 draws from N(20, 5²) and 8000 from N(40, 5²) (as the README). */
export function seedExample(): Float64Array {
  const rng = createRandom(42);
  return Float64Array.from([
    ...normal(rng, { loc: 20, scale: 5, size: 4000 }),
    ...normal(rng, { loc: 40, scale: 5, size: 8000 }),
  ]);
}

/** 750 2-D points from 3 correlated Gaussian clusters of 300, 200 and 250 points. */
export function threeClusters(): number[][] {
  const rng = createRandom(7);
  const cov = [
    [1, 0.3],
    [0.3, 1],
  ];
  const parts = [
    { mean: [0, 0], size: 300 },
    { mean: [6, 1], size: 200 },
    { mean: [2, 7], size: 250 },
  ].map(({ mean, size }) => multivariateNormal(rng, { mean, cov, size }));
  return parts.flatMap((p) =>
    Array.from({ length: p.rows }, (_, i) => Array.from(p.data.subarray(i * 2, i * 2 + 2))),
  );
}
