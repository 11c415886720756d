import { InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { GaussianMixture } from '../../src/index.js';
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
