// mclust's noise component out of memory: fitStream reads the guess block by block (an array
// indexed by row, or a NoiseRule), initialises from the unmarked rows and computes the hypervolume
// in passes with `hypervolume`'s arithmetic, so its fit equals `fit`'s to the bit; the statistics
// of shards carry the noise's responsibility sum and merge to fit's result.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom, normal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import {
  type CovarianceModel,
  GaussianMixture,
  hypervolume,
  hypervolumeOfSource,
  mixtureStatistics,
  type NoiseRule,
  scanSource,
} from '../../src/index.js';

/** Three 3-D Gaussian groups and, every 15th row, a point uniform over a wide box. */
function groupsWithNoise(n: number, seed: number): { rows: number[][]; truth: boolean[] } {
  const rng = createRandom(seed);
  const centres = [
    [0, 0, 0],
    [6, 1, -2],
    [-3, 7, 2],
  ];
  const rows: number[][] = [];
  const truth: boolean[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 15 === 7) {
      rows.push([0, 1, 2].map(() => -20 + 40 * rng.random()));
      truth.push(true);
      continue;
    }
    const g = i % 3;
    const z = normal(rng, { size: 3 });
    const s = 1 + 0.3 * g;
    rows.push([
      centres[g]![0]! + s * z[0]!,
      centres[g]![1]! + s * (0.6 * z[0]! + 0.8 * z[1]!),
      centres[g]![2]! + s * z[2]! * 0.7,
    ]);
    truth.push(false);
  }
  return { rows, truth };
}

const N = 9000; // three 4096-row blocks, the last one partial
const { rows: ROWS } = groupsWithNoise(N, 5);
/** The guess as a rule: rows with a coordinate beyond ±11 (the groups stay inside). */
const outside: NoiseRule = ({ data, rows, cols }) =>
  Array.from({ length: rows }, (_, i) =>
    data.subarray(i * cols, (i + 1) * cols).some((x) => Math.abs(x) > 11),
  );
const GUESS = ROWS.map((row) => row.some((x) => Math.abs(x) > 11));
/** 1000-row chunks, not aligned with the 4096-row blocks. */
const CHUNKS = Array.from({ length: N / 1000 }, (_, i) => ROWS.slice(i * 1000, (i + 1) * 1000));
const SHARDS = [ROWS.slice(0, 2500), ROWS.slice(2500, 6100), ROWS.slice(6100)];

const options = (covarianceType: CovarianceModel) => ({
  nComponents: 3,
  covarianceType,
  randomState: 3,
  maxIter: 60,
  ...(covarianceType === 'full' ? { tol: 1e-8 } : {}),
});

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(tolerance * (1 + Math.abs(expected[i]!)));
  }
}

it('the guess marks a share of the rows, most of them the uniform points', () => {
  const marked = GUESS.filter(Boolean).length;
  expect(marked).toBeGreaterThan(200);
  expect(marked).toBeLessThan(N / 15);
});

it('scanSource with a noise guess draws its sample from the unmarked rows only, and says which', async () => {
  const { rows, sample, sampleIndex, noiseRows } = await scanSource(CHUNKS, {
    noise: GUESS,
    sampleSize: 500,
    randomState: 2,
  });
  expect([rows, sample.rows, sampleIndex.length, noiseRows]).toEqual([
    N,
    500,
    500,
    GUESS.filter(Boolean).length,
  ]);
  for (const [t, i] of sampleIndex.entries()) {
    expect(GUESS[i]).toBe(false);
    expect(Array.from(sample.data.subarray(3 * t, 3 * t + 3))).toEqual(ROWS[i]);
  }
  // Uniform over the unmarked rows: about as many from the first half as from the second.
  const early = sampleIndex.filter((i) => i < N / 2).length;
  expect(Math.abs(early - 250)).toBeLessThan(60);
});

it('hypervolumeOfSource equals hypervolume of the rows in memory to the bit, on any chunking', async () => {
  const volume = hypervolume(ROWS);
  expect(await hypervolumeOfSource(CHUNKS)).toBe(volume);
  expect(await hypervolumeOfSource([ROWS.slice(0, 1), ROWS.slice(1, 4500), ROWS.slice(4500)])).toBe(volume);
  expect(await hypervolumeOfSource([ROWS.map((row) => [row[0]!])])).toBe(hypervolume(ROWS.map((r) => r[0]!)));
});

describe.each(['EII', 'VVV', 'VEV', 'full'] as const)('noise with %s out of memory', (model) => {
  const fitted = new GaussianMixture({ ...options(model), noise: GUESS }).fit(ROWS);

  it('fitStream with the guess as an array, and as a rule, equals fit bit for bit', async () => {
    expect(fitted.nIter).toBeGreaterThan(2);
    expect(fitted.noiseWeight).toBeGreaterThan(0.03);
    for (const noise of [GUESS, outside]) {
      const streamed = await new GaussianMixture({ ...options(model), noise }).fitStream(CHUNKS);
      expect(streamed.params).toEqual(fitted.params);
      expect(streamed.history).toEqual(fitted.history);
      expect(streamed.nIter).toBe(fitted.nIter);
    }
  });

  it('with noiseVolume given, fitStream skips the volume passes and still equals fit', async () => {
    const noiseVolume = 2 * hypervolume(ROWS);
    const inMemory = new GaussianMixture({ ...options(model), noise: GUESS, noiseVolume }).fit(ROWS);
    let passes = 0;
    const streamed = await new GaussianMixture({ ...options(model), noise: outside, noiseVolume }).fitStream(
      CHUNKS,
      {
        onProgress: ({ pass }) => {
          passes = Math.max(passes, pass);
        },
      },
    );
    expect(streamed.params).toEqual(inMemory.params);
    expect(streamed.noiseVolume).toBe(noiseVolume);
    // One pass to read the guess, one per E-step.
    expect(passes).toBe(1 + streamed.nIter);
  });

  it("three shards' statistics merge to fit's result (1e-10, same nIter)", async () => {
    const noiseVolume = fitted.noiseVolume!;
    const { rows, cols, sample, noiseRows } = await scanSource(CHUNKS, { noise: outside });
    expect(noiseRows).toBe(GUESS.filter(Boolean).length);
    expect(Array.from(sample.data)).toEqual(ROWS.filter((_, i) => !GUESS[i]).flat());
    const merged = await new GaussianMixture({
      ...options(model),
      noise: GUESS,
      noiseVolume,
    }).fitFromStatistics({
      rows,
      cols,
      sample,
      noiseRows,
      statistics: (params) => Promise.all(SHARDS.map((shard) => mixtureStatistics(params, [shard]))),
    });
    expect(merged.nIter).toBe(fitted.nIter);
    expect(merged.noiseWeight! - fitted.noiseWeight!).toBeCloseTo(0, 10);
    expectClose(merged.params.weights, fitted.params.weights, 1e-10);
    expectClose(merged.params.means, fitted.params.means, 1e-10);
    expectClose(merged.params.precisionsCholesky, fitted.params.precisionsCholesky, 1e-10);
    expect(Math.abs(merged.lowerBound - fitted.lowerBound)).toBeLessThan(1e-10);
  });
});

it('a raw float64 file with a NoiseRule: the fit of the rows in memory, the volume from the file', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'em-noise-')), 'rows.f64');
  writeFileSync(path, new Uint8Array(Float64Array.from(ROWS.flat()).buffer));
  const read = { format: 'float64', columns: 3 } as const;
  expect(await hypervolumeOfSource(path, read)).toBe(hypervolume(ROWS));
  const opts = { ...options('VVV'), noise: outside };
  const streamed = await new GaussianMixture(opts).fitStream(path, read);
  expect(streamed.params).toEqual(new GaussianMixture({ ...opts, noise: GUESS }).fit(ROWS).params);
});

it('a model fitted with a NoiseRule saves without the rule (a function) and loads with its noise component', async () => {
  const streamed = await new GaussianMixture({ ...options('VVV'), noise: outside }).fitStream(CHUNKS);
  const json = streamed.toJSON();
  expect(json.options.noise).toBeUndefined();
  expect(json.fitted?.noise).toEqual({ weight: streamed.noiseWeight, volume: streamed.noiseVolume });
  const loaded = GaussianMixture.fromJSON(JSON.parse(JSON.stringify(json)));
  expect(loaded.noiseWeight).toBe(streamed.noiseWeight);
  expect(loaded.predictProba(ROWS.slice(0, 50))).toEqual(streamed.predictProba(ROWS.slice(0, 50)));
});

it("initParams 'hc' (mclust's start) starts from the unmarked rows in the stream as in fit", async () => {
  const small = ROWS.slice(0, 1500);
  const guess = GUESS.slice(0, 1500);
  const hc = { nComponents: 3, covarianceType: 'VVV', initParams: 'hc', noise: guess } as const;
  const fitted = new GaussianMixture(hc).fit(small);
  const streamed = await new GaussianMixture({ ...hc, noise: outside }).fitStream([
    small.slice(0, 700),
    small.slice(700),
  ]);
  expect(streamed.params).toEqual(fitted.params);
  expect(streamed.nIter).toBe(fitted.nIter);
});

describe.each(['EII', 'VVV', 'VEV', 'full'] as const)('partialFit with noise, %s', (model) => {
  const noiseVolume = hypervolume(ROWS);

  it("a first partialFit on the whole data is fit's first EM iteration (1e-12), the noise weight included", () => {
    const online = new GaussianMixture({ ...options(model), noise: GUESS, noiseVolume }).partialFit(ROWS);
    const stepper = new GaussianMixture({ ...options(model), noise: GUESS, noiseVolume });
    const steps = stepper.fitSteps(ROWS);
    steps.next(); // the initialisation
    steps.next(); // iteration 1
    expect(online.nIter).toBe(1);
    expect(online.noiseVolume).toBe(noiseVolume);
    // The first E-step moves the noise weight off the guess's share.
    expect(Math.abs(online.noiseWeight! - GUESS.filter(Boolean).length / N)).toBeGreaterThan(1e-4);
    expect(Math.abs(online.noiseWeight! - stepper.noiseWeight!)).toBeLessThanOrEqual(1e-12);
    expectClose(online.params.weights, stepper.params.weights, 1e-12);
    expectClose(online.params.means, stepper.params.means, 1e-12);
    expectClose(online.params.covariances!, stepper.params.covariances!, 1e-12);
  });

  it('mini-batches, 3 passes: the noise weight and the held-out log-likelihood come near the batch fit', () => {
    const batch = new GaussianMixture({ ...options(model), noise: GUESS, noiseVolume, maxIter: 200 }).fit(
      ROWS,
    );
    const online = new GaussianMixture({ ...options(model), noise: outside, noiseVolume });
    for (let pass = 0; pass < 3; pass++)
      for (let start = 0; start < N; start += 900) online.partialFit(ROWS.slice(start, start + 900));
    expect(online.nIter).toBe(30);
    expect(Math.abs(online.noiseWeight! - batch.noiseWeight!)).toBeLessThan(0.005);
    const heldOut = groupsWithNoise(3000, 6).rows;
    expect(Math.abs(online.score(heldOut) - batch.score(heldOut))).toBeLessThan(0.01);
  });
});
