// BayesianGaussianMixture over data it does not hold: fitStream must give fit's numbers exactly
// (the same 4096-row blocks added in the same order, the same start when the source fits in the
// initialisation sample), fitFromStatistics fit's to 1e-10 with the same nIter (sums regrouped by
// shard), and a first partialFit on all rows one iteration of fit to 1e-12.
import { InvalidInputError, InvalidOptionError } from '@em/core';
import { createRandom, normal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import {
  BayesianGaussianMixture,
  type BayesianGaussianMixtureOptions,
  type CovarianceType,
  mixtureStatistics,
  SourceNotReReadableError,
} from '../../src/index.js';

/** n rows of three 3-D Gaussian groups. */
function threeGroups(n: number, seed: number): number[][] {
  const rng = createRandom(seed);
  const centres = [
    [0, 0, 0],
    [4, 1, -2],
    [-3, 5, 2],
  ];
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const noise = normal(rng, { size: 3 });
    rows.push(centres[i % 3]!.map((c, j) => c + noise[j]! * (1 + j * 0.3)));
  }
  return rows;
}

const N = 10_000; // three 4096-row blocks, the last one partial
const X = threeGroups(N, 7);

/** The rows cut into chunks of the given sizes (cycled). */
function cut(rows: number[][], sizes: number[]): number[][][] {
  const chunks: number[][][] = [];
  for (let start = 0, i = 0; start < rows.length; i++) {
    const end = Math.min(rows.length, start + sizes[i % sizes.length]!);
    chunks.push(rows.slice(start, end));
    start = end;
  }
  return chunks;
}

function expectClose(
  actual: number[] | number[][] | number[][][],
  expected: typeof actual,
  tol: number,
): void {
  const a = (actual as unknown[]).flat(2) as number[];
  const b = (expected as unknown[]).flat(2) as number[];
  expect(a.length).toBe(b.length);
  for (const [i, value] of a.entries()) {
    expect(Math.abs(value - b[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]!)));
  }
}

const TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
const PRIORS = ['dirichlet_process', 'dirichlet_distribution'] as const;

describe('BayesianGaussianMixture.fitStream', () => {
  for (const covarianceType of TYPES) {
    for (const weightConcentrationPriorType of PRIORS) {
      it(`equals fit bit for bit (${covarianceType}, ${weightConcentrationPriorType})`, async () => {
        const options: BayesianGaussianMixtureOptions = {
          nComponents: 4,
          covarianceType,
          weightConcentrationPriorType,
          randomState: 3,
          nInit: 2,
          maxIter: 40,
        };
        const streamed = await new BayesianGaussianMixture(options).fitStream(cut(X, [1000, 3333, 17]));
        const inMemory = new BayesianGaussianMixture(options).fit(X);
        expect(streamed.params).toEqual(inMemory.params);
        expect(streamed.history).toEqual(inMemory.history);
        expect(streamed.nIter).toBe(inMemory.nIter);
        expect(streamed.converged).toBe(inMemory.converged);
        expect(streamed.nIter).toBeGreaterThan(1);
      });
    }
  }

  it('keeps given priors without the covariance pass, and warm-starts as fit does', async () => {
    const options: BayesianGaussianMixtureOptions = {
      nComponents: 3,
      covarianceType: 'diag',
      covariancePrior: [1, 2, 3],
      meanPrior: [0, 1, 0],
      randomState: 1,
      warmStart: true,
      maxIter: 5,
    };
    let passes = 0;
    const chunks = cut(X, [4000]);
    const source = () => {
      passes++;
      return chunks;
    };
    const streamed = await new BayesianGaussianMixture(options).fitStream(source);
    expect(passes).toBe(1 + streamed.nIter);
    const inMemory = new BayesianGaussianMixture(options).fit(X);
    expect(streamed.params).toEqual(inMemory.params);
    await streamed.fitStream(source);
    inMemory.fit(X);
    expect(streamed.params).toEqual(inMemory.params);
    expect(streamed.history).toEqual(inMemory.history);
  });

  it('initialises from a reservoir sample when the source is larger than initSample', async () => {
    const options = { nComponents: 3, randomState: 0, weightConcentrationPrior: 1e-3 };
    const sampled = await new BayesianGaussianMixture(options).fitStream(cut(X, [2500]), { initSample: 500 });
    const inMemory = new BayesianGaussianMixture(options).fit(X);
    expect(sampled.converged).toBe(true);
    expect(sampled.effectiveComponents()).toBe(3);
    // The three groups are found either way: the same optimum up to the order of the components and
    // where each run's tolerance (tol 1e-3 on the lower bound) stopped it.
    const sortedMeans = (m: number[][]) => m.map((row) => row.map((v) => v.toFixed(2)).join()).sort();
    expect(sortedMeans(sampled.means)).toEqual(sortedMeans(inMemory.means));
    expect(Math.abs(sampled.lowerBound - inMemory.lowerBound)).toBeLessThan(
      1e-5 * Math.abs(inMemory.lowerBound),
    );
  });

  it('refuses what needs the rows in memory, sources read once, and chunks of another width', async () => {
    await expect(
      new BayesianGaussianMixture({ nComponents: 2, respInit: [[1, 0]] }).fitStream([X.slice(0, 10)]),
    ).rejects.toThrow(InvalidOptionError);
    await expect(
      new BayesianGaussianMixture({
        nComponents: 2,
        initParams: 'hc',
      } as BayesianGaussianMixtureOptions).fitStream([X.slice(0, 10)]),
    ).rejects.toThrow(InvalidOptionError);
    const once = (function* () {
      yield X.slice(0, 50);
    })();
    await expect(new BayesianGaussianMixture({ nComponents: 2 }).fitStream(() => once)).rejects.toThrow(
      SourceNotReReadableError,
    );
    await expect(
      new BayesianGaussianMixture({ nComponents: 2 }).fitStream([X.slice(0, 20), [[1, 2]]]),
    ).rejects.toThrow(/chunk 1/);
    await expect(new BayesianGaussianMixture({ nComponents: 2 }).fitStream([[]])).rejects.toThrow(
      InvalidInputError,
    );
  });
});

describe('BayesianGaussianMixture.fitFromStatistics', () => {
  const shards = [X.slice(0, 3000), X.slice(3000, 7100), X.slice(7100)];
  const source = {
    rows: N,
    cols: 3,
    sample: X,
    statistics: (params: Parameters<typeof mixtureStatistics>[0]) =>
      Promise.all(shards.map((shard) => mixtureStatistics(params, [shard]))),
  };
  for (const covarianceType of TYPES) {
    for (const weightConcentrationPriorType of PRIORS) {
      it(`3 shards merged equal fit to 1e-10 with the same nIter (${covarianceType}, ${weightConcentrationPriorType})`, async () => {
        const options: BayesianGaussianMixtureOptions = {
          nComponents: 4,
          covarianceType,
          weightConcentrationPriorType,
          randomState: 5,
          maxIter: 60,
        };
        const merged = await new BayesianGaussianMixture(options).fitFromStatistics(source);
        const inMemory = new BayesianGaussianMixture(options).fit(X);
        expect(merged.nIter).toBe(inMemory.nIter);
        expectClose(merged.means, inMemory.means, 1e-10);
        expectClose(merged.covariances, inMemory.covariances, 1e-10);
        expectClose(merged.weights, inMemory.weights, 1e-10);
        expectClose(merged.degreesOfFreedom, inMemory.degreesOfFreedom, 1e-10);
        expect(Math.abs(merged.lowerBound - inMemory.lowerBound)).toBeLessThan(
          1e-10 * Math.abs(inMemory.lowerBound),
        );
      });
    }
  }

  it('refuses parts that do not cover the rows or have the wrong size', async () => {
    const missing = {
      ...source,
      statistics: (p: Parameters<typeof mixtureStatistics>[0]) =>
        Promise.all(shards.slice(1).map((s) => mixtureStatistics(p, [s]))),
    };
    await expect(new BayesianGaussianMixture({ nComponents: 2 }).fitFromStatistics(missing)).rejects.toThrow(
      /parts covering all 10000 rows/,
    );
    const wrong = {
      ...source,
      statistics: () => [{ rows: N, logLikelihood: 0, nk: [1, 2], s1: [], s2: [] }],
    };
    await expect(new BayesianGaussianMixture({ nComponents: 2 }).fitFromStatistics(wrong)).rejects.toThrow(
      InvalidInputError,
    );
    await expect(
      new BayesianGaussianMixture({ nComponents: 2 }).fitFromStatistics({ ...source, cols: 2 }),
    ).rejects.toThrow(/source.sample/);
  });
});

describe('BayesianGaussianMixture.partialFit', () => {
  for (const covarianceType of TYPES) {
    for (const weightConcentrationPriorType of PRIORS) {
      it(`a first update on all rows is one iteration of fit to 1e-12 (${covarianceType}, ${weightConcentrationPriorType})`, () => {
        const options: BayesianGaussianMixtureOptions = {
          nComponents: 3,
          covarianceType,
          weightConcentrationPriorType,
          randomState: 2,
        };
        const online = new BayesianGaussianMixture(options).partialFit(X);
        const once = new BayesianGaussianMixture({ ...options, maxIter: 1 }).fit(X);
        expectClose(online.means, once.means, 1e-12);
        expectClose(online.covariances, once.covariances, 1e-12);
        expectClose(online.weights, once.weights, 1e-12);
        expectClose(online.weightConcentration as number[], once.weightConcentration as number[], 1e-12);
        expectClose(online.meanPrecision, once.meanPrecision, 1e-12);
        expectClose(online.degreesOfFreedom, once.degreesOfFreedom, 1e-12);
        expect(online.nIter).toBe(1);
      });
    }
  }

  it('approaches the batch fit on held-out rows within a few passes of mini-batches', () => {
    const train = threeGroups(6000, 11);
    const heldOut = threeGroups(3000, 12);
    const options = { nComponents: 5, randomState: 4, weightConcentrationPrior: 1e-2 };
    const batch = new BayesianGaussianMixture(options).fit(train);
    const online = new BayesianGaussianMixture(options);
    for (let pass = 0; pass < 5; pass++)
      for (const chunk of cut(train, [500])) online.partialFit(chunk, { alpha: 0.6, t0: 1 });
    expect(online.nIter).toBe(60);
    expect(online.score(heldOut)).toBeGreaterThan(batch.score(heldOut) - 0.02);
    expect(online.effectiveComponents()).toBe(batch.effectiveComponents());
  });

  it('goes on from a fitted model and names a batch of another width', () => {
    const bgm = new BayesianGaussianMixture({ nComponents: 3, randomState: 0 }).fit(X.slice(0, 600));
    const fitted = bgm.params;
    bgm.partialFit(X.slice(600, 900));
    expect(bgm.nIter).toBe(1);
    expect(bgm.params.means).not.toEqual(fitted.means);
    bgm.partialFit(X.slice(900, 1200));
    expect(bgm.nIter).toBe(2);
    expect(() => bgm.partialFit([[1, 2]])).toThrow(/features per sample/);
    expect(() => new BayesianGaussianMixture({ nComponents: 3 }).partialFit([[1, 2, 3]])).toThrow(
      InvalidInputError,
    );
    expect(() => bgm.partialFit(X.slice(0, 10), { alpha: 2 })).toThrow(InvalidOptionError);
  });
});
