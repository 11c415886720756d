// The noise option under hostile input, in @em/testkit's shape: whatever guess, data or model, a
// typed EMError or a finite, consistent model (responsibilities over k + 1 columns summing to 1,
// Gaussian weights plus the noise proportion summing to 1) — never a TypeError, a NaN or a hang.
import { InvalidInputError, InvalidOptionError } from '@em/core';
import {
  adversarialRecorder,
  adversarialRuns,
  expectRefused,
  expectTypedOrFinite,
  extremeFinite,
  matrixOf,
  propertyTypedOrFinite,
  tamperedJson,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GaussianMixture, hypervolume, MCLUST_MODELS } from '../../src/index.js';

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

/**
 * How far a fit's weights plus noise proportion may sum from 1: rounding. A loaded document may miss by
 * what fromJSON accepts, the 1e-8 of weightsInit (scikit-learn's `_check_weights`), and no more.
 */
const FIT_SUM_TOLERANCE = 1e-12;
const LOADED_SUM_TOLERANCE = 1e-8;

function checkModel(gmm: GaussianMixture, X: number[][], sumTolerance = FIT_SUM_TOLERANCE) {
  // A guess of undefined is no noise component at all.
  const noise = gmm.noiseWeight === undefined ? 0 : 1;
  const total = gmm.weights.reduce((a, b) => a + b, 0) + (gmm.noiseWeight ?? 0);
  expect(Math.abs(total - 1)).toBeLessThanOrEqual(sumTolerance);
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
          ? checkModel(copy, TWO, LOADED_SUM_TOLERANCE)
          : copy.options.nComponents;
      },
      { numRuns: RUNS },
    );
  });
});

describe('noise: regression cases (pinned property-test finds)', () => {
  // Seeds 204649566 and 1222959433 of the extreme-data property: subnormal entries made ml-matrix's
  // eigen-decomposition of the covariance index past its arrays (a TypeError) inside hypervolume.
  it.each([
    [
      [0, -9007199254740991],
      [-5e-324, 0],
    ],
    [
      [5e-324, -181777.0740016216],
      [6e-323, 5.649972739353653e-148],
    ],
    [
      [0, 0],
      [0, -0.25000000000000006],
      [-4.4e-323, 0],
    ],
  ])('subnormal data %j: the hypervolume is a volume, the fit a typed error or a model', (...X) => {
    expectTypedOrFinite(recorder, () => hypervolume(X), {
      check: (v) => expect(v).toBeGreaterThanOrEqual(0),
    });
    const noise = X.map((_, i) => i === 1);
    expectTypedOrFinite(recorder, () =>
      checkModel(
        new GaussianMixture({ nComponents: 1, covarianceType: 'VVV', initParams: 'hc', noise }).fit(X),
        X,
      ),
    );
  });

  it('hypervolume of data at both ends of the doubles: the closed form, not an overflowed covariance', () => {
    // Columns 2^520 and 2^-520 times a box of 3 × 2: the data are rescaled by one power of two (so
    // the squares stay finite), which must leave the tiny column measurable; the principal axes are
    // the columns, so both bounding boxes are 3 × 2 exactly.
    const box = [
      [0, 0],
      [3, 0],
      [0, 2],
      [3, 2],
      [1, 1],
    ].map(([a, b]) => [a! * 2 ** 520, b! * 2 ** -520]);
    expect(hypervolume(box)).toBeCloseTo(6, 12);
  });

  it('one column: the range, also of 500 000 rows (no spread arguments) and spans past the largest double', () => {
    const long = Array.from({ length: 500_000 }, (_, i) => (i % 1000) / 999);
    expect(hypervolume(long)).toBe(1);
    expect(() => hypervolume([1e308, -1e308])).toThrow(/Invalid X.*largest double/);
    expect(hypervolume([5e-324, 0, 1e-323])).toBe(1e-323);
  });

  it('a hypervolume beyond the largest double is refused naming X, and the fit asks for noiseVolume', () => {
    // Three columns spanning about 1e150 each: every square stays finite, the volume (about 1e450) does not.
    const X = Array.from({ length: 12 }, (_, i) => [
      1e150 * Math.sin(i),
      1e150 * Math.cos(1.3 * i),
      1e150 * Math.sin(2.1 * i + 1),
    ]);
    expect(() => hypervolume(X)).toThrow(InvalidInputError);
    expect(() => hypervolume(X)).toThrow(/Invalid X.*noiseVolume/);
    const noise = X.map((_, i) => i === 0);
    expect(() =>
      new GaussianMixture({ nComponents: 1, covarianceType: 'EII', noise, initParams: 'kmeans' }).fit(X),
    ).toThrow(/noiseVolume/);
  });

  // Tampered-JSON find: one weight times 1 + 1e-6, summing to about 1.0000005, was accepted (the loader
  // allowed 1e-6) by a library whose fit and weightsInit allow 1e-8.
  it('weights summing 5e-7 past 1 − noise are refused like weightsInit; rounding-sized gaps load', () => {
    const noise = TWO.map((_, i) => i % 7 === 0);
    const valid = new GaussianMixture({ nComponents: 2, covarianceType: 'VEV', initParams: 'hc', noise })
      .fit(TWO)
      .toJSON();
    const withWeights = (edit: (weights: number[]) => void) => {
      const document = JSON.parse(JSON.stringify(valid));
      edit(document.fitted.weights);
      return document;
    };
    const over = withWeights((w) => {
      w[0] = w[0]! + 5e-7;
    });
    expectRefused(recorder, () => GaussianMixture.fromJSON(over), '.fitted.weights');
    const weightsInit = valid.fitted!.weights.map((w) => w / (1 - valid.fitted!.noise!.weight));
    weightsInit[0]! += 5e-7;
    expect(() => new GaussianMixture({ nComponents: 2, weightsInit }).fit(TWO)).toThrow(InvalidOptionError);
    const rounded = withWeights((w) => {
      w[0] = w[0]! + 5e-9;
    });
    checkModel(GaussianMixture.fromJSON(rounded), TWO, LOADED_SUM_TOLERANCE);
  });
});
