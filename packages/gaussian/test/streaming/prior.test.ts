// mclust's conjugate prior streams: its default hyperparameters are the whole data's mean and
// (n − 1)-normalised covariance, which fitStream adds up in its first pass (column sums, row order)
// and one more pass (centred cross-products, row order) — the sums and order of `fit`'s
// `defaultPrior`, so the hyperparameters are fit's bit for bit, and fitStream equals fit to 1e-12
// (to the bit on the spherical and diagonal models; the full-orientation ones differ from fit in
// the last bits without a prior too, as their fused E-step's sums do); fitFromStatistics gets them from two rounds of
// one-component statistics (summed by block and shard, so equal to rounding), then both run
// `fit`'s MAP M-step.
import { InvalidOptionError } from '@em/core';
import { createRandom, normal } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import {
  GaussianMixture,
  type MclustModelName,
  mixtureStatistics,
  type PriorOption,
} from '../../src/index.js';
import { dataMoments, MomentSums } from '../../src/mclust/prior/hyperparameters.js';
import { expectClose } from '../helpers.js';

const toFlat = (rows: number[][]) => ({
  rows: rows.length,
  cols: rows[0]!.length,
  data: Float64Array.from(rows.flat()),
});

/** n rows of three 3-D groups with unequal spreads, shifted far from 0 (so centring matters). */
function threeGroups(n: number, seed: number): number[][] {
  const rng = createRandom(seed);
  const centres = [
    [100, 50, 0],
    [104, 51, -2],
    [98, 55, 2],
  ];
  return Array.from({ length: n }, (_, i) => {
    const g = i % 3;
    const z = normal(rng, { size: 3 });
    const s = 1 + 0.4 * g;
    return [
      centres[g]![0]! + s * z[0]!,
      centres[g]![1]! + s * (0.6 * z[0]! + 0.8 * z[1]!),
      centres[g]![2]! + 0.7 * s * z[2]!,
    ];
  });
}

const N = 5000; // two 4096-row blocks in fit
const ROWS = threeGroups(N, 3);
const CHUNKS = Array.from({ length: 7 }, (_, i) => ROWS.slice(i * 750, (i + 1) * 750));
const SHARDS = [ROWS.slice(0, 1200), ROWS.slice(1200, 3900), ROWS.slice(3900)];
const statisticsSource = {
  rows: N,
  cols: 3,
  sample: ROWS,
  statistics: (params: never) => Promise.all(SHARDS.map((shard) => mixtureStatistics(params, [shard]))),
};

const explicit: PriorOption = { shrinkage: 0.5, dof: 6, mean: [101, 52, 0] };
const explicitScale = (model: MclustModelName): PriorOption =>
  ['EEE', 'EEV', 'VEV', 'VVV'].includes(model)
    ? {
        ...explicit,
        scale: [
          [2, 0.3, 0],
          [0.3, 1, 0],
          [0, 0, 1.5],
        ],
      }
    : { ...explicit, scale: 1.2 };

const MODELS: MclustModelName[] = ['EII', 'VII', 'EEI', 'VVI', 'EEE', 'EEV', 'VEV', 'VVV'];

describe('fitStream and fitFromStatistics with a prior equal fit with the prior', () => {
  for (const model of MODELS) {
    for (const [label, prior] of [
      ['default', 'default'],
      ['explicit', explicitScale(model)],
    ] as const) {
      it(`${model}, prior ${label}`, async () => {
        const options = { nComponents: 3, covarianceType: model, prior, randomState: 0, maxIter: 60 };
        const inMemory = new GaussianMixture(options).fit(ROWS);
        // The prior changes the fit (else this would not test it).
        const plain = new GaussianMixture({ ...options, prior: undefined }).fit(ROWS);
        expect(inMemory.params.means).not.toEqual(plain.params.means);

        const streamed = await new GaussianMixture(options).fitStream(CHUNKS);
        expect(streamed.nIter).toBe(inMemory.nIter);
        expect(streamed.converged).toBe(inMemory.converged);
        expect(streamed.predict(ROWS)).toEqual(inMemory.predict(ROWS));
        expectClose(streamed.params.means, inMemory.params.means, 1e-12, 'means');
        expectClose(streamed.params.covariances, inMemory.params.covariances, 1e-12, 'covariances');
        expectClose(streamed.params.weights, inMemory.params.weights, 1e-12, 'weights');
        expect(Math.abs(streamed.lowerBound - inMemory.lowerBound)).toBeLessThanOrEqual(
          1e-12 * Math.abs(inMemory.lowerBound),
        );
        if (!['EEE', 'EEV', 'VEV', 'VVV'].includes(model)) expect(streamed.params).toEqual(inMemory.params);

        const merged = await new GaussianMixture(options).fitFromStatistics(statisticsSource);
        expect(merged.nIter).toBe(inMemory.nIter);
        expect(merged.predict(ROWS)).toEqual(inMemory.predict(ROWS));
        expectClose(merged.params.means, inMemory.params.means, 1e-10, 'means');
        expectClose(merged.params.covariances, inMemory.params.covariances, 1e-10, 'covariances');
        expectClose(merged.params.weights, inMemory.params.weights, 1e-10, 'weights');
        expect(Math.abs(merged.lowerBound - inMemory.lowerBound)).toBeLessThanOrEqual(
          1e-10 * Math.abs(inMemory.lowerBound),
        );
      });
    }
  }

  it("the streamed moments are fit's bit for bit: column sums, then centred cross-products, in row order", () => {
    const sums = new MomentSums(3);
    for (const chunk of CHUNKS) sums.addSums(toFlat(chunk));
    for (const chunk of CHUNKS) sums.addCrossProducts(toFlat(chunk));
    const streamed = sums.moments();
    const inMemory = dataMoments(toFlat(ROWS));
    expect(streamed).toEqual(inMemory);
    // Independent check: the two-pass textbook covariance of the rows, to rounding.
    const mean = [0, 1, 2].map((j) => ROWS.reduce((s, r) => s + r[j]!, 0) / N);
    const c01 = ROWS.reduce((s, r) => s + (r[0]! - mean[0]!) * (r[1]! - mean[1]!), 0) / (N - 1);
    expect(Math.abs(streamed.cov[0]![1]! - c01)).toBeLessThanOrEqual(1e-12 * Math.abs(c01));
    expect(Math.abs(streamed.mean[0]! - mean[0]!)).toBeLessThanOrEqual(1e-13 * Math.abs(mean[0]!));
  });

  it('EVE and VVE (no conjugate prior in mclust): refused as fit refuses them, before any pass', async () => {
    for (const model of ['EVE', 'VVE'] as const) {
      const make = () => new GaussianMixture({ nComponents: 2, covarianceType: model, prior: 'default' });
      expect(make).toThrow(InvalidOptionError);
      expect(make).toThrow(/prior: expected undefined with covarianceType 'E?V?VE'|prior/);
    }
  });

  it('partialFit refuses a prior, naming the paths that take one', () => {
    const gmm = new GaussianMixture({ nComponents: 3, covarianceType: 'VVV', prior: 'default' });
    expect(() => gmm.partialFit(ROWS.slice(0, 500))).toThrow(
      /prior: expected undefined with partialFit .*fitStream or fitFromStatistics/,
    );
  });
});
