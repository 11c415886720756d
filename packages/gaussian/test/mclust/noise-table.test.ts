import { describe, expect, it } from 'vitest';
import { GaussianMixture, MCLUST_MODELS, type MclustModelName, selectModel } from '../../src/index.js';
import fixtures from '../fixtures/mclust-noise.json' with { type: 'json' };
import { rowMajor } from './hc-fixtures.js';

// Fixtures: scripts/make-mclust-noise-fixtures.R (`tables`) — mclust 6.0.0's
// mclustBIC(X, G = 1:9, all 14 models, initialization = list(noise = guess)) with its default
// emControl(), on data sets with uniform outliers planted (the guess: the planted rows), and the
// Mclust() fit of its pick, and mclustICL's table with the same guess.
type Table = (typeof fixtures.tables)[number];

function dataOf(t: Table) {
  const bytes = Buffer.from(t.X, 'base64');
  const flat = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return rowMajor(flat, t.rows, t.cols);
}

describe('selectModel with a noise component against mclustBIC', () => {
  for (const t of fixtures.tables) {
    it(`${t.name}: 14 models × K = 1..9 within 0.05, same pick`, () => {
      const X = dataOf(t);
      const selection = selectModel(X, {
        covarianceTypes: MCLUST_MODELS,
        nComponents: t.nComponents,
        noise: t.noise,
      });
      let compared = 0;
      for (const { model, values } of t.bic) {
        const ours = selection.mclustValues[model as MclustModelName];
        values.forEach((expected, g) => {
          compared++;
          // mclust's NA (a model it cannot estimate) is a failed cell here.
          if (expected === null) expect(ours[g], `${model} K=${g + 1}`).toBeNull();
          else {
            expect(Math.abs(ours[g]! - expected), `${model} K=${g + 1}`).toBeLessThan(0.05);
          }
        });
      }
      expect(compared).toBe(14 * 9);
      expect(selection.best.covarianceType).toBe(t.best.model);
      expect(selection.best.nComponents).toBe(t.best.nComponents);
      const best = selection.best.model;
      expect(Math.abs(-best.bic(X) - t.best.bic)).toBeLessThan(0.05);
      expect(best.noiseWeight!).toBeCloseTo(t.best.noiseWeight, 4);
      // mclust labels noise 0 and the components 1..G; we label noise −1 and the components 0..G−1.
      expect(Array.from(best.predict(X), (label) => label + 1)).toEqual(t.best.classification);
    });
  }

  for (const t of fixtures.tables) {
    it(`${t.name}: ICL (mclustICL with noise) within 0.05, same pick`, () => {
      const selection = selectModel(dataOf(t), {
        covarianceTypes: MCLUST_MODELS,
        nComponents: t.nComponents,
        noise: t.noise,
        criterion: 'icl',
      });
      for (const { model, values } of t.icl) {
        const ours = selection.mclustValues[model as MclustModelName];
        values.forEach((expected, g) => {
          if (expected === null) {
            expect(ours[g], `${model} K=${g + 1}`).toBeNull();
            return;
          }
          // ICL adds the entropy of z to BIC, which a last EM step moves more than the likelihood;
          // both EMs stop at the same step here (the largest difference of the 374 cells is 0.0013).
          expect(ours[g], `${model} K=${g + 1}`).not.toBeNull();
          expect(Math.abs(ours[g]! - expected), `${model} K=${g + 1}`).toBeLessThan(0.05);
        });
      }
      expect([selection.best.covarianceType, selection.best.nComponents]).toEqual([
        t.iclBest.model,
        t.iclBest.nComponents,
      ]);
    });
  }

  it('the noise volume defaults to mclust’s hypvol and counts two parameters', () => {
    const t = fixtures.tables[0]!;
    const X = dataOf(t);
    const gmm = new GaussianMixture({
      nComponents: 2,
      covarianceType: 'VVE',
      initParams: 'hc',
      noise: t.noise,
    }).fit(X);
    expect(gmm.noiseVolume! / t.hypvol).toBeCloseTo(1, 12);
    const plain = new GaussianMixture({ nComponents: 2, covarianceType: 'VVE', initParams: 'hc' }).fit(X);
    // VVE, K = 2, d = 2: 2 + 2 + 1 covariance, 4 means, 1 weight; the noise adds its weight and volume.
    expect(plain.nParameters()).toBe(10);
    expect(gmm.nParameters()).toBe(12);
  });
});
