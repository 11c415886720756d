import { InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { fitNoiseMixture, hypervolume } from '../../src/index.js';
import fixtures from '../fixtures/mclust-noise.json' with { type: 'json' };
import { rowMajor } from './hc-fixtures.js';

// Fixtures: scripts/make-mclust-noise-fixtures.R — mclust 6.0.0's hypvol() and
// Mclust(X, G, "VVV", initialization = list(noise = guess)) with tol 1e-10, on three data sets with
// uniform noise added (the guess: the added rows).
function dataOf(c: (typeof fixtures.cases)[number]) {
  const bytes = Buffer.from(c.X, 'base64');
  return rowMajor(
    new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    c.rows,
    c.cols,
  );
}

describe('noise component against mclust', () => {
  for (const c of fixtures.cases) {
    it(c.name, () => {
      const X = dataOf(c);
      expect(Math.abs(hypervolume(X) / c.hypvol - 1)).toBeLessThan(1e-12);
      const fit = fitNoiseMixture(X, { nComponents: c.G, noise: c.noise, tol: 1e-10 });
      expect(fit.converged).toBe(true);
      expect(1 / fit.volume).toBeCloseTo(c.Vinv, 12);
      expect(fit.logLikelihood).toBeCloseTo(c.loglik, 5);
      expect(fit.bic).toBeCloseTo(c.bic, 5);
      fit.weights.forEach((w, g) => {
        expect(w).toBeCloseTo(c.weights[g]!, 6);
      });
      const p = c.cols;
      for (let g = 0; g < c.G; g++) {
        for (let j = 0; j < p; j++) expect(fit.means[g]![j]).toBeCloseTo(c.means[g * p + j]!, 5);
        for (let i = 0; i < p; i++) {
          for (let j = 0; j < p; j++) {
            const expected = c.covariances[g * p * p + j * p + i]!;
            expect(Math.abs(fit.covariances[g]![i]![j]! - expected)).toBeLessThan(
              1e-5 * Math.max(1, Math.abs(expected)),
            );
          }
        }
      }
      // mclust labels noise 0 and components 1..G.
      expect(Array.from(fit.labels, (label) => label + 1)).toEqual(c.classification);
    });
  }

  it('hypervolume of one column is its range; bad options are named', () => {
    expect(hypervolume([3, 1, 7])).toBe(6);
    const X = dataOf(fixtures.cases[0]!);
    expect(() => fitNoiseMixture(X, { nComponents: 2, noise: [true] })).toThrow(/noise/);
    expect(() => fitNoiseMixture(X, { nComponents: 0, noise: fixtures.cases[0]!.noise })).toThrow(
      InvalidOptionError,
    );
    expect(() => fitNoiseMixture(X, { nComponents: 2, noise: fixtures.cases[0]!.noise, volume: 0 })).toThrow(
      /noiseVolume/,
    );
    const everything = fixtures.cases[0]!.noise.map(() => true);
    expect(() => fitNoiseMixture(X, { nComponents: 2, noise: everything })).toThrow(/noise/);
  });
});
