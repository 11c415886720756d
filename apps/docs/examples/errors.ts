import { EMError } from '@em/core';
import { GaussianMixture } from '@em/gaussian';

const attempts: [string, () => unknown][] = [
  [
    'a NaN in the data',
    () =>
      new GaussianMixture().fit([
        [1, 2],
        [3, Number.NaN],
        [5, 6],
      ]),
  ],
  [
    'fewer rows than components',
    () => new GaussianMixture({ nComponents: 5 }).fit([1, 2, 3]),
  ],
  ['an invalid option', () => new GaussianMixture({ maxIter: 0.5 })],
  ['predict before fit', () => new GaussianMixture().predict([1, 2, 3])],
  [
    'the wrong number of columns',
    () =>
      new GaussianMixture()
        .fit([
          [1, 2],
          [2, 3],
          [4, 1],
        ])
        .predict([[1, 2, 3]]),
  ],
  [
    'two points, no regularisation',
    () =>
      new GaussianMixture({ nComponents: 2, regCovar: 0, randomState: 0 }).fit([
        [0, 0],
        [0, 0],
        [1, 1],
        [1, 1],
      ]),
  ],
];
for (const [what, attempt] of attempts) {
  try {
    attempt();
    console.log(`${what}: no error`);
  } catch (error) {
    if (!(error instanceof EMError)) throw error;
    console.log(`${what}: ${error.name} (${error.code})\n  ${error.message}`);
  }
}
