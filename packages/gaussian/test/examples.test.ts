// The README's code, run, with the values it claims; and what console.log prints for the toString
// examples, which the doc-example harness (tsdoc-examples.test.ts, every other TSDoc example) cannot see.
import { inspect } from 'node:util';
import { InvalidInputError } from '@em/core';
import { createRandom, normal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import {
  BayesianGaussianMixture,
  GaussianMixture,
  selectModel,
  UnivariateGaussianMixture,
} from '../src/index.js';

describe('README', () => {
  it('the seed article: fit 2 components to 4000 × N(20, 5²) + 8000 × N(40, 5²), predict', () => {
    const rng = createRandom(42);
    const sample = Float64Array.from([
      ...normal(rng, { loc: 20, scale: 5, size: 4000 }),
      ...normal(rng, { loc: 40, scale: 5, size: 8000 }),
    ]);
    const gmm = new GaussianMixture({ nComponents: 2, randomState: 1 });
    expect(gmm.fit(sample)).toBe(gmm);
    const low = gmm.means[0]![0]! < gmm.means[1]![0]! ? 0 : 1;
    const high = 1 - low;
    expect(gmm.weights[low]).toBeCloseTo(1 / 3, 1);
    expect(gmm.weights[high]).toBeCloseTo(2 / 3, 1);
    expect(gmm.means[low]![0]).toBeCloseTo(20, 0);
    expect(gmm.means[high]![0]).toBeCloseTo(40, 0);
    const covariances = gmm.covariances as number[][][];
    expect(Math.abs(covariances[low]![0]![0]! - 25)).toBeLessThan(2);
    expect(Math.abs(covariances[high]![0]![0]! - 25)).toBeLessThan(2);
    expect(Array.from(gmm.predict([10, 50]))).toEqual([low, high]);

    const uni = new UnivariateGaussianMixture({ nComponents: 2, randomState: 1 }).fit(sample);
    expect(uni.means.map((m) => Math.round(m / 10) * 10).sort()).toEqual([20, 40]);
    for (const sd of uni.standardDeviations) expect(Math.abs(sd - 5)).toBeLessThan(0.3);
    expect(uni.density([30])[0]).toBeGreaterThan(0);
  });

  it("acceleration and fitSteps: 616 plain EM iterations (scikit-learn's), 47 SQUAREM cycles", () => {
    const rng = createRandom(42);
    const hard = Float64Array.from([
      ...normal(rng, { loc: 20, scale: 5, size: 4000 }),
      ...normal(rng, { loc: 30, scale: 5, size: 8000 }),
    ]);
    const options = { nComponents: 2, randomState: 1, tol: 1e-8, maxIter: 10_000 };
    const plain = new GaussianMixture(options).fit(hard);
    let nEStep = 0;
    const fast = new GaussianMixture({
      ...options,
      acceleration: 'squarem',
      onIteration: (info) => {
        nEStep = info.nEStep;
      },
    }).fit(hard);
    // scikit-learn 1.2.1 from the same initial parameters: 616 iterations (apps/docs fixture).
    expect(plain.nIter).toBe(616);
    expect(fast.nIter).toBe(47);
    expect(nEStep).toBe(139);
    expect(fast.lowerBound).toBeGreaterThan(plain.lowerBound);

    const gmm = new GaussianMixture({ nComponents: 2, randomState: 1, acceleration: 'squarem' });
    const frames: number[] = [];
    for (const step of gmm.fitSteps(hard)) frames.push(step.lowerBound);
    expect(frames[0]).toBe(Number.NEGATIVE_INFINITY);
    expect(frames).toHaveLength(gmm.nIter + 1);
    expect(gmm.converged).toBe(true);
  });

  it("incomplete data: missing: 'em' fits rows with NaN, predict and impute use each row's own group", () => {
    const X = [
      [1.0, 2.1],
      [2.0, 3.9],
      [3.0, 6.2],
      [4.0, 7.8],
      [11.0, 1.0],
      [12.0, 0.4],
      [13.0, -1.1],
      [14.0, -2.0],
      [2.5, Number.NaN],
      [Number.NaN, -0.5],
      [12.5, Number.NaN],
    ];
    const gmm = new GaussianMixture({ nComponents: 2, missing: 'em', randomState: 0 }).fit(X);
    const rows = [
      [2.5, Number.NaN],
      [Number.NaN, -0.5],
      [12.5, Number.NaN],
    ];
    const low = gmm.means[0]![0]! < gmm.means[1]![0]! ? 0 : 1;
    expect(Array.from(gmm.predict(rows))).toEqual([low, 1 - low, 1 - low]);
    const [a, b, c] = gmm.impute(rows) as [number[], number[], number[]];
    expect(a[0]).toBe(2.5);
    expect(a[1]).toBeCloseTo(5.0, 2);
    expect(b[0]).toBeCloseTo(12.47, 2);
    expect(b[1]).toBe(-0.5);
    expect(c[0]).toBe(12.5);
    expect(c[1]).toBeCloseTo(-0.43, 2);
    // The default rejects NaN, pointing to the option.
    expect(() => new GaussianMixture({ nComponents: 2 }).fit(X)).toThrow(/missing: 'em'/);
    // A row with every value missing is an InvalidInputError naming it.
    expect(() => gmm.fit([...X, [Number.NaN, Number.NaN]])).toThrow(InvalidInputError);
  });
});

describe('README: the mclust workflow (hc on Old Faithful)', () => {
  it("README: hc on Old Faithful is hc(X) in R; initParams 'hc'", async () => {
    const { GaussianMixture, hierarchicalClasses, hierarchicalClustering } = await import('../src/index.js');
    const { classesOf, dataOf, loadHcFixtures } = await import('./mclust/hc-fixtures.js');
    const faithful = loadHcFixtures().find((fixture) => fixture.dataset === 'faithful')!;
    const X = dataOf(faithful);
    const tree = hierarchicalClustering(X);
    expect([tree.model, tree.use]).toEqual(['VVV', 'SVD']);
    const labels = hierarchicalClasses(tree, 3);
    const reference = faithful.runs.find((run) => run.model === 'VVV' && run.use === 'SVD')!;
    expect(Array.from(labels)).toEqual(classesOf(reference.classes[faithful.K.indexOf(3)]!));
    const gmm = new GaussianMixture({ nComponents: 3, initParams: 'hc' }).fit(X);
    expect(gmm.converged).toBe(true);
  });
});

describe("README: mclust's 14 models", () => {
  it("README: selectModel over mclust's models on Old Faithful", async () => {
    const { MCLUST_MODELS } = await import('../src/index.js');
    const { default: mclust } = await import('./fixtures/mclust-models.json', { with: { type: 'json' } });
    const faithful = mclust.datasets.find((ds) => ds.name === 'faithful')!.X;
    const selection = selectModel(faithful, { covarianceTypes: MCLUST_MODELS });
    expect(selection.top[0]).toMatchObject({ covarianceType: 'EEE', nComponents: 3 });
    expect(selection.top[0]!.mclustValue).toBeCloseTo(-2314.316, 3);
    expect(selection.mclustValues.VVV.length).toBe(9);
    const { model } = selection.best;
    expect(model.uncertainty(faithful).length).toBe(272);
    const vev = new GaussianMixture({ nComponents: 2, covarianceType: 'VEV', initParams: 'hc' }).fit(
      faithful,
    );
    expect(vev.converged).toBe(true);
  }, 120_000);
});

// What console.log prints, which the doc-example harness cannot see, and the closed form of its number.
describe('toString and console.log: one line, not the internal state', () => {
  const X = [[0], [0.5], [1], [9], [9.5], [10]];
  // Two groups of three, variance 1/6 each (plus regCovar), weights ½: the maximum-likelihood fit's
  // mean log-likelihood in closed form, −ln 2 − ½ ln(2π σ²) − ½ · (1/6)/σ² ≈ −1.21621.
  const variance = 1 / 6 + 1e-6;
  const closedForm = -Math.LN2 - 0.5 * Math.log(2 * Math.PI * variance) - (0.5 * (1 / 6)) / variance;

  it('GaussianMixture, before and after fit (the TSDoc example)', () => {
    const gmm = new GaussianMixture({ nComponents: 2, randomState: 0 });
    expect(String(gmm)).toBe("GaussianMixture { nComponents: 2, covarianceType: 'full', fitted: false }");
    expect(inspect(gmm.fit(X))).toBe(
      "GaussianMixture { nComponents: 2, covarianceType: 'full', nFeatures: 1, fitted: true, converged: true, nIter: 2, meanLogLikelihood: -1.21621 }",
    );
    expect(Number(closedForm.toPrecision(6))).toBe(-1.21621);
    expect(`${new GaussianMixture({ nComponents: 3, covarianceType: 'diag' })}`).toBe(
      "GaussianMixture { nComponents: 3, covarianceType: 'diag', fitted: false }",
    );
  });

  it('BayesianGaussianMixture: the components it kept (the TSDoc example)', () => {
    const bgm = new BayesianGaussianMixture({ nComponents: 4, randomState: 0 });
    expect(String(bgm)).toBe(
      "BayesianGaussianMixture { nComponents: 4, covarianceType: 'full', weightConcentrationPriorType: 'dirichlet_process', fitted: false }",
    );
    expect(inspect(bgm.fit(X))).toBe(
      `BayesianGaussianMixture { nComponents: 4, covarianceType: 'full', weightConcentrationPriorType: 'dirichlet_process', nFeatures: 1, fitted: true, effectiveComponents: 2, converged: true, nIter: ${bgm.nIter}, lowerBound: ${Number(bgm.lowerBound.toPrecision(6))} }`,
    );
    expect(bgm.nIter).toBe(9);
    expect(bgm.lowerBound).toBeCloseTo(-11.876, 3);
  });
});

describe('README: out-of-core and online EM', () => {
  it('README: Large data (fitStream on an async generator, partialFit on two batches)', async () => {
    const chunks = async function* () {
      yield [
        [0, 0.1],
        [0.2, 0],
        [0.1, 0.3],
      ];
      yield [
        [9, 9.1],
        [9.2, 9],
        [9.1, 8.8],
      ];
    };
    const gmm = await new GaussianMixture({ nComponents: 2, randomState: 0 }).fitStream(chunks);
    expect(gmm.converged).toBe(true);
    const online = new GaussianMixture({ nComponents: 2, randomState: 0 });
    for (const batch of [
      [
        [0, 0.1],
        [9, 9.1],
        [0.2, 0],
        [9.2, 9],
      ],
      [
        [0.1, 0.3],
        [9.1, 8.8],
        [0, 0.2],
        [8.9, 9],
      ],
    ]) {
      online.partialFit(batch);
    }
    expect(online.nIter).toBe(2);
  });
});
