import { InvalidOptionError } from '@em/core';
import { mulberry32 } from '@em/core/numeric';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, GaussianMixture } from '../../src/index.js';
import { HC_SUBSET_SIZE, hcSubset } from '../../src/mclust/hc-init.js';
import workflow from '../fixtures/mclust-hc-workflow.json' with { type: 'json' };
import { dataOf, loadHcFixtures } from './hc-fixtures.js';

// Fixtures: scripts/make-mclust-hc-fixtures.R — mclust 6.0.0's mstep("VVV", X, unmap(hclass(hc(X), G)))
// with hc's defaults (VVV, SVD), i.e. the parameters Mclust starts EM from.
const datasets = new Map(loadHcFixtures().map((fixture) => [fixture.dataset, fixture]));

describe("initParams: 'hc' starts from mclust's initial parameters", () => {
  for (const reference of workflow.init) {
    it(`${reference.dataset}, K = ${reference.G}`, () => {
      const X = dataOf(datasets.get(reference.dataset)!);
      const G = reference.G;
      // maxIter 0 keeps the initial parameters; regCovar 0 because mclust's M-step adds nothing.
      const gmm = new GaussianMixture({ nComponents: G, initParams: 'hc', maxIter: 0, regCovar: 0 }).fit(X);
      const p = X.cols;
      const covariances = gmm.covariances as number[][][];
      for (let g = 0; g < G; g++) {
        expect(gmm.weights[g]).toBeCloseTo(reference.weights[g]!, 12);
        for (let j = 0; j < p; j++) expect(gmm.means[g]![j]).toBeCloseTo(reference.means[j * G + g]!, 10);
        for (let i = 0; i < p; i++) {
          for (let j = 0; j < p; j++) {
            const expected = reference.covariances[i + p * j + p * p * g]!;
            const difference = Math.abs(covariances[g]![i]![j]! - expected);
            expect(difference).toBeLessThan(1e-10 * Math.max(1, Math.abs(expected)));
          }
        }
      }
    });
  }

  it('names hcModel and hcUse in errors', () => {
    expect(() => new GaussianMixture({ initParams: 'hc', hcUse: 'svd' as never })).toThrow(/hcUse/);
    expect(() => new GaussianMixture({ initParams: 'hc', hcModel: 'XYZ' as never })).toThrow(
      InvalidOptionError,
    );
    const X = dataOf(datasets.get('faithful')!);
    expect(() => new GaussianMixture({ nComponents: 2, initParams: 'hc', hcModel: 'V' }).fit(X)).toThrow(
      /hcModel/,
    );
  });
});

describe("initParams: 'hc' options survive toJSON / fromJSON", () => {
  it('keeps hcModel and hcUse, and rejects a tampered hcUse by name', () => {
    const X = dataOf(datasets.get('iris')!);
    const gmm = new GaussianMixture({ nComponents: 3, initParams: 'hc', hcModel: 'EII', hcUse: 'STD' }).fit(
      X,
    );
    const json = gmm.toJSON();
    expect([json.options.hcModel, json.options.hcUse]).toEqual(['EII', 'STD']);
    const copy = GaussianMixture.fromJSON(json);
    expect([copy.options.hcModel, copy.options.hcUse]).toEqual(['EII', 'STD']);
    expect(() =>
      GaussianMixture.fromJSON({ ...json, options: { ...json.options, hcUse: 'nope' as never } }),
    ).toThrow(/hcUse/);
  });
});

describe("initParams: 'hc' on more rows than mclust agglomerates (2000)", () => {
  it('agglomerates a random subset, then starts from an E-step on all rows, as mclust', () => {
    const random = mulberry32(3);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const centres = [
      [0, 0],
      [6, 0],
      [0, 6],
    ];
    const truth = Array.from({ length: 4500 }, (_, i) => i % 3);
    const X = truth.map((c) => [centres[c]![0]! + gauss(), centres[c]![1]! + gauss()]);
    const gmm = new GaussianMixture({ nComponents: 3, initParams: 'hc', maxIter: 0, randomState: 1 }).fit(X);
    // The start alone (no EM iteration) already separates the three groups.
    expect(adjustedRandIndex(gmm.predict(X), truth)).toBeGreaterThan(0.97);
  });

  it('takes 2000 distinct rows, in their order, and only above 2000 rows', () => {
    expect(HC_SUBSET_SIZE).toBe(2000);
    const rows = (n: number) => ({ data: Float64Array.from({ length: n }, (_, i) => i), rows: n, cols: 1 });
    expect(hcSubset(rows(2000), mulberry32(1))).toBeUndefined();
    const subset = hcSubset(rows(2500), mulberry32(1))!;
    expect(subset.rows).toBe(2000);
    const values = Array.from(subset.data);
    expect(new Set(values).size).toBe(2000);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });
});
