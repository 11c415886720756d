// mclust's 14 models stream like scikit-learn's four: their M-steps read only the per-component
// counts, means and scatter matrices W_k, which add up across chunks, so fitStream reads the same
// 4096-row block statistics in the same order as fit (bit for bit), the statistics of shards merge
// to fit's result, and a first partialFit on the whole data is fit's first EM iteration.
import { createRandom, normal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { GaussianMixture, MCLUST_MODELS, type MclustModelName, mixtureStatistics } from '../../src/index.js';

/** n rows of three 3-D Gaussian groups with unequal spreads and a correlation, row-major. */
function threeGroups(n: number, seed: number): number[][] {
  const rng = createRandom(seed);
  const centres = [
    [0, 0, 0],
    [5, 1, -2],
    [-3, 6, 2],
  ];
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const g = i % 3;
    const z = normal(rng, { size: 3 });
    const s = 1 + 0.4 * g;
    rows.push([
      centres[g]![0]! + s * z[0]!,
      centres[g]![1]! + s * (0.6 * z[0]! + 0.8 * z[1]!) * (1 + 0.2 * g),
      centres[g]![2]! + s * z[2]! * 0.7,
    ]);
  }
  return rows;
}

const N = 9000; // three 4096-row blocks, the last one partial
const ROWS = threeGroups(N, 11);
/** The rows in chunks of 1000 (not aligned with fit's 4096-row blocks). */
const CHUNKS = Array.from({ length: N / 1000 }, (_, i) => ROWS.slice(i * 1000, (i + 1) * 1000));
/** Three shards of unequal sizes. */
const SHARDS = [ROWS.slice(0, 2500), ROWS.slice(2500, 6100), ROWS.slice(6100)];

const options = (model: MclustModelName) => ({
  nComponents: 3,
  covarianceType: model,
  randomState: 3,
  maxIter: 40,
});

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(tolerance * (1 + Math.abs(expected[i]!)));
  }
}

describe.each(MCLUST_MODELS.map((model) => [model]))('mclust model %s out of memory', (model) => {
  const fitted = new GaussianMixture(options(model)).fit(ROWS);

  it('fitStream on 1000-row chunks equals fit bit for bit (same k-means start, same blocks)', async () => {
    expect(fitted.nIter).toBeGreaterThan(1);
    const streamed = await new GaussianMixture(options(model)).fitStream(CHUNKS);
    expect(streamed.params).toEqual(fitted.params);
    expect(streamed.history).toEqual(fitted.history);
    expect(streamed.nIter).toBe(fitted.nIter);
    expect(streamed.converged).toBe(fitted.converged);
  });

  it("initParams 'hc' (hc on 2000 rows of the sample, as fit on 9000 rows): fitStream equals fit bit for bit", async () => {
    const hc = { ...options(model), initParams: 'hc' as const };
    const inMemory = new GaussianMixture(hc).fit(ROWS);
    const streamed = await new GaussianMixture(hc).fitStream(CHUNKS);
    expect(streamed.params).toEqual(inMemory.params);
    expect(streamed.nIter).toBe(inMemory.nIter);
  });

  it('three shards through mixtureStatistics + fitFromStatistics equal fit to 1e-10, same nIter', async () => {
    const merged = await new GaussianMixture(options(model)).fitFromStatistics({
      rows: N,
      cols: 3,
      sample: ROWS,
      statistics: (params) => Promise.all(SHARDS.map((shard) => mixtureStatistics(params, [shard]))),
    });
    expect(merged.nIter).toBe(fitted.nIter);
    expectClose(merged.params.weights, fitted.params.weights, 1e-10);
    expectClose(merged.params.means, fitted.params.means, 1e-10);
    expectClose(merged.params.covariances!, fitted.params.covariances!, 1e-10);
    expect(Math.abs(merged.lowerBound - fitted.lowerBound)).toBeLessThanOrEqual(1e-10);
  });

  // partialFit centres its statistics on the batch's column means, fit on the current means: the
  // same sums up to rounding (≈1e-13 for every model and start here but one). For this k-means
  // start VVE's first M-step amplifies that rounding to 4.6e-5; with randomState 4 or 5, or
  // meansInit, VVE agrees to 1e-13 too.
  const tolerance = model === 'VVE' ? 1e-4 : 1e-12;
  it("a first partialFit on the whole data is fit's first EM iteration (to 1e-12; VVE 1e-4)", () => {
    const online = new GaussianMixture(options(model)).partialFit(ROWS);
    const stepper = new GaussianMixture({ ...options(model), nInit: 1 });
    const steps = stepper.fitSteps(ROWS);
    steps.next(); // the initialisation
    steps.next(); // iteration 1
    expect(online.nIter).toBe(1);
    expectClose(online.params.weights, stepper.params.weights, tolerance);
    expectClose(online.params.means, stepper.params.means, tolerance);
    expectClose(online.params.covariances!, stepper.params.covariances!, tolerance);
  });
});
