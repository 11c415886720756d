// The noise option under hostile input, in @em/testkit's shape: whatever guess, data or model, a
// typed EMError or a finite, consistent model (responsibilities over k + 1 columns summing to 1,
// Gaussian weights plus the noise proportion summing to 1) — never a TypeError, a NaN or a hang.
import {
  adversarialRecorder,
  adversarialRuns,
  extremeFinite,
  matrixOf,
  propertyTypedOrFinite,
  tamperedJson,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GaussianMixture, MCLUST_MODELS } from '../../src/index.js';

const recorder = adversarialRecorder('@em/gaussian', 'noise');
const RUNS = adversarialRuns(30, 80);

const TWO = Array.from({ length: 24 }, (_, i) => [
  (i % 2) * 10 + Math.sin(i),
  (i % 2) * 4 + Math.cos(i * 1.7),
]);

/** A guess for `rows` rows: mostly booleans of the right length, sometimes anything at all. */
const guessFor = (rows: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.boolean(), { minLength: rows, maxLength: rows }) },
    { weight: 1, arbitrary: fc.array(fc.boolean(), { maxLength: rows + 2 }) },
    { weight: 1, arbitrary: fc.array(fc.anything(), { minLength: rows, maxLength: rows }) },
    { weight: 1, arbitrary: fc.anything() },
  );

function checkModel(gmm: GaussianMixture, X: number[][]) {
  // A guess of undefined is no noise component at all.
  const noise = gmm.noiseWeight === undefined ? 0 : 1;
  const total = gmm.weights.reduce((a, b) => a + b, 0) + (gmm.noiseWeight ?? 0);
  expect(total).toBeCloseTo(1, 9);
  const proba = gmm.predictProba(X);
  for (const row of proba) {
    expect(row).toHaveLength(gmm.nComponents + noise);
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  }
  const labels = Array.from(gmm.predict(X));
  labels.forEach((label, i) => {
    const column = label === -1 ? gmm.nComponents : label;
    expect(proba[i]![column]).toBe(Math.max(...proba[i]!));
  });
  return { weights: gmm.weights, noise: gmm.noiseWeight, means: gmm.means, proba };
}

describe('GaussianMixture with noise under hostile input', () => {
  it('hostile guesses, models and K on clean data: typed error or a consistent model', () => {
    propertyTypedOrFinite(
      recorder,
      fc.record({
        noise: guessFor(TWO.length),
        covarianceType: fc.constantFrom(...MCLUST_MODELS, 'full' as const),
        nComponents: fc.integer({ min: 1, max: 4 }),
        initParams: fc.constantFrom('hc' as const, 'kmeans' as const, 'random' as const),
      }),
      (o) =>
        checkModel(new GaussianMixture({ ...(o as object), randomState: 0, maxIter: 200 }).fit(TWO), TWO),
      { numRuns: RUNS },
    );
  });

  it('extreme finite data with a valid guess: typed error or a consistent model', () => {
    propertyTypedOrFinite(
      recorder,
      matrixOf(extremeFinite, { minRows: 2, maxRows: 12, minCols: 1, maxCols: 3 }).chain((X) =>
        fc.tuple(fc.constant(X), fc.array(fc.boolean(), { minLength: X.length, maxLength: X.length })),
      ),
      ([X, noise]) =>
        checkModel(
          new GaussianMixture({
            nComponents: 1,
            covarianceType: 'VVV',
            initParams: 'hc',
            noise,
            maxIter: 200,
          }).fit(X),
          X,
        ),
      { numRuns: RUNS },
    );
  });

  it('tampered JSON of a model with noise: typed error naming json…, or a consistent model', () => {
    const noise = TWO.map((_, i) => i % 7 === 0);
    const valid = new GaussianMixture({ nComponents: 2, covarianceType: 'VEV', initParams: 'hc', noise })
      .fit(TWO)
      .toJSON();
    propertyTypedOrFinite(
      recorder,
      tamperedJson(valid),
      ({ document }) => {
        const copy = GaussianMixture.fromJSON(document as never);
        return copy.isFitted && copy.noiseWeight !== undefined
          ? checkModel(copy, TWO)
          : copy.options.nComponents;
      },
      { numRuns: RUNS },
    );
  });
});
