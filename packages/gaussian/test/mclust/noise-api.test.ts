// The noise component as an option of GaussianMixture: closed forms and properties of what it
// returns, the JSON round trip, and the typed errors of bad guesses. Values against mclust are in
// noise.test.ts and noise-table.test.ts.
import { InvalidInputError, InvalidOptionError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { GaussianMixture, hypervolume, MCLUST_MODELS, noiseGuess, selectModel } from '../../src/index.js';

/** Two tight groups of six points and three far outliers (the last three rows). */
const X = [
  [0, 0],
  [0.3, 0.1],
  [0.1, 0.4],
  [0.35, 0.3],
  [0.2, 0.15],
  [0.05, 0.25],
  [5, 5],
  [5.3, 5.1],
  [5.1, 4.7],
  [4.8, 5.2],
  [5.2, 5.35],
  [4.95, 4.9],
  [9, 0],
  [0, 9],
  [9.5, 9.8],
];
const guess = X.map((_, i) => i >= 12);

describe('GaussianMixture with noise', () => {
  it('every one of the 14 models fits, labels the outliers −1 and has a noise column', () => {
    for (const covarianceType of MCLUST_MODELS) {
      const gmm = new GaussianMixture({ nComponents: 2, covarianceType, initParams: 'hc', noise: guess }).fit(
        X,
      );
      expect(Array.from(gmm.predict(X).slice(12)), covarianceType).toEqual([-1, -1, -1]);
      const proba = gmm.predictProba(X);
      expect(proba[0]).toHaveLength(3);
      for (const row of proba) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      // Gaussian weights and the noise proportion share 1.
      expect(gmm.weights.reduce((a, b) => a + b, 0) + gmm.noiseWeight!).toBeCloseTo(1, 12);
      // The noise proportion is the mean of the noise column (the M-step's fixed point).
      const mean = proba.reduce((s, row) => s + row[2]!, 0) / X.length;
      expect(gmm.noiseWeight!).toBeCloseTo(mean, 4);
    }
  });

  it('scoreSamples adds the uniform density: far away, log(noiseWeight / volume)', () => {
    const gmm = new GaussianMixture({
      nComponents: 2,
      covarianceType: 'EII',
      initParams: 'hc',
      noise: guess,
    }).fit(X);
    expect(gmm.noiseVolume).toBeCloseTo(hypervolume(X), 12);
    const [far] = gmm.scoreSamples([[100, -100]]);
    expect(far).toBeCloseTo(Math.log(gmm.noiseWeight! / gmm.noiseVolume!), 10);
    // uncertainty is 1 − the largest of the k + 1 probabilities.
    const [u] = gmm.uncertainty([[100, -100]]);
    expect(u).toBeCloseTo(0, 10);
    expect(gmm.predict([[100, -100]])[0]).toBe(-1);
  });

  it('noiseVolume replaces the hypervolume; nParameters counts two more (mclust)', () => {
    const gmm = new GaussianMixture({
      nComponents: 2,
      covarianceType: 'VVV',
      initParams: 'hc',
      noise: guess,
      noiseVolume: 400,
    }).fit(X);
    expect(gmm.noiseVolume).toBe(400);
    const plain = new GaussianMixture({ nComponents: 2, covarianceType: 'VVV', initParams: 'hc' }).fit(X);
    expect(gmm.nParameters() - plain.nParameters()).toBe(2);
    expect(plain.noiseWeight).toBeUndefined();
    expect(String(gmm)).toMatch(/, noiseWeight: 0\.\d+ }$/);
    expect(String(plain)).not.toMatch(/noise/);
    // BIC on the fitted data: −2 log L + p log n, with the noise in log L.
    const logL = gmm.scoreSamples(X).reduce((a, b) => a + b, 0);
    expect(gmm.bic(X)).toBeCloseTo(-2 * logL + gmm.nParameters() * Math.log(X.length), 8);
  });

  it('the sklearn alias full fits with noise as VVV does (regCovar 0)', () => {
    const vvv = new GaussianMixture({
      nComponents: 2,
      covarianceType: 'VVV',
      initParams: 'hc',
      noise: guess,
      tol: 1e-10,
    }).fit(X);
    const full = new GaussianMixture({
      nComponents: 2,
      covarianceType: 'full',
      regCovar: 0,
      initParams: 'hc',
      noise: guess,
      tol: 1e-10,
      maxIter: 10000,
    }).fit(X);
    expect(full.noiseWeight!).toBeCloseTo(vvv.noiseWeight!, 6);
    expect(full.means.flat().map((v) => Number(v.toFixed(5)))).toEqual(
      vvv.means.flat().map((v) => Number(v.toFixed(5))),
    );
  });

  it('JSON round trip keeps the guess, the noise component and every answer', () => {
    const gmm = new GaussianMixture({
      nComponents: 2,
      covarianceType: 'VEV',
      initParams: 'hc',
      noise: guess,
    }).fit(X);
    const copy = GaussianMixture.fromJSON(JSON.stringify(gmm));
    expect(copy.noiseWeight).toBe(gmm.noiseWeight);
    expect(copy.noiseVolume).toBe(gmm.noiseVolume);
    expect(copy.options.noise).toEqual(guess);
    expect(copy.predictProba(X)).toEqual(gmm.predictProba(X));
    expect(copy.predict(X)).toEqual(gmm.predict(X));
    expect(copy.bic(X)).toBe(gmm.bic(X));
    // Contradictions are refused, naming the field.
    const json = gmm.toJSON();
    expect(() =>
      GaussianMixture.fromJSON({ ...json, fitted: { ...json.fitted!, noise: { weight: 0.5, volume: 1 } } }),
    ).toThrow(/fitted.weights/);
    expect(() =>
      GaussianMixture.fromJSON({ ...json, fitted: { ...json.fitted!, noise: { weight: 0.2, volume: -1 } } }),
    ).toThrow(/noise.volume/);
    const { noise: _dropped, ...fitted } = json.fitted!;
    expect(() => GaussianMixture.fromJSON({ ...json, fitted })).toThrow(InvalidInputError);
    expect(() =>
      GaussianMixture.fromJSON({ ...json, options: { ...json.options, noise: [1, 0] as never } }),
    ).toThrow(/options.noise\[0\]/);
  });

  it('bad guesses are typed errors naming noise', () => {
    const fit =
      (noise: unknown, k = 2) =>
      () =>
        new GaussianMixture({ nComponents: k, covarianceType: 'VVV', noise: noise as boolean[] }).fit(X);
    expect(fit([true, false])).toThrow(/noise: expected 15 booleans.*received "2 values"/);
    expect(fit('yes')).toThrow(InvalidOptionError);
    expect(fit(X.map((_, i) => (i === 3 ? 1 : false)))).toThrow(/noise\[3\]: expected a boolean/);
    expect(fit(X.map(() => true))).toThrow(/at most 13 rows marked/);
    expect(fit(X.map(() => false))).toThrow(/at least one row marked/);
    expect(
      fit(
        X.map((_, i) => i > 2),
        4,
      ),
    ).toThrow(/at most 11 rows marked/);
    const options = { nComponents: 2, noise: guess };
    expect(() => new GaussianMixture({ ...options, noiseVolume: 0 })).toThrow(/noiseVolume/);
    expect(() => new GaussianMixture({ ...options, covarianceType: 'VVV', prior: 'default' })).toThrow(
      /prior: expected undefined when noise is set/,
    );
    expect(() => new GaussianMixture({ ...options, noiseVolume: Number.POSITIVE_INFINITY })).toThrow(
      /noiseVolume/,
    );
    expect(() => new GaussianMixture({ nComponents: 2, noiseVolume: 3 })).toThrow(
      /noiseVolume: expected undefined without noise/,
    );
    expect(() => new GaussianMixture({ ...options, workers: 2 })).toThrow(/workers/);
    expect(() => new GaussianMixture({ ...options, acceleration: 'squarem' })).toThrow(/acceleration/);
    expect(() => new GaussianMixture({ ...options, missing: 'em' })).toThrow(/missing/);
    const gmm = new GaussianMixture({ ...options, covarianceType: 'VVV', initParams: 'hc' }).fit(X);
    expect(() => gmm.sample(3)).toThrow(/noise: expected undefined with sample/);
    expect(() => gmm.partialFit(X)).toThrow(/partialFit/);
    expect(() => gmm.impute(X)).toThrow(/impute/);
  });

  it('fitSteps steps through the same fit', () => {
    const options = {
      nComponents: 2,
      covarianceType: 'VVI' as const,
      initParams: 'hc' as const,
      noise: guess,
    };
    const stepped = new GaussianMixture(options);
    let steps = 0;
    for (const _ of stepped.fitSteps(X)) steps++;
    const fitted = new GaussianMixture(options).fit(X);
    expect(steps).toBe(fitted.nIter + 1);
    expect(stepped.noiseWeight).toBe(fitted.noiseWeight);
    expect(stepped.lowerBound).toBe(fitted.lowerBound);
  });

  it('initialClasses: labels of rows marked as noise are not used', () => {
    const classes = X.map((_, i) => (i < 6 ? 0 : 1));
    const a = new GaussianMixture({
      nComponents: 2,
      covarianceType: 'EEE',
      noise: guess,
      initialClasses: classes,
    }).fit(X);
    const b = new GaussianMixture({
      nComponents: 2,
      covarianceType: 'EEE',
      noise: guess,
      initialClasses: classes.map((c, i) => (i >= 12 ? 0 : c)),
    }).fit(X);
    expect(a.means).toEqual(b.means);
  });
});

describe('selectModel with noise', () => {
  it('cells with fewer unmarked rows than components fail, the grid goes on', () => {
    const selection = selectModel(X, {
      covarianceTypes: ['EII', 'VVV'],
      nComponents: [1, 2, 13],
      noise: guess,
    });
    const cell = selection.table.find((row) => row.nComponents === 13 && row.covarianceType === 'EII')!;
    expect(cell.status).toBe('failed');
    expect(cell.error).toMatch(/fewer samples \(12 not marked as noise\) than components \(13\)/);
    expect(selection.best.nComponents).toBe(2);
    expect(selection.best.model.noiseWeight).toBeGreaterThan(0);
  });
});

describe('noiseGuess', () => {
  it('fraction marks the rows farthest from their k-th neighbour', () => {
    expect(noiseGuess(X, { fraction: 0.2, neighbours: 3 })).toEqual(guess);
    expect(noiseGuess(X, { fraction: 0.01 }).filter(Boolean)).toHaveLength(1);
  });

  it('without a fraction, nearest-neighbour cleaning finds planted outliers', () => {
    // 60 points in two unit squares' corners (dense) and 4 far, scattered points.
    const rows: number[][] = [];
    for (let i = 0; i < 30; i++) rows.push([(i % 6) * 0.1, Math.floor(i / 6) * 0.1]);
    for (let i = 0; i < 30; i++) rows.push([10 + (i % 6) * 0.1, 10 + Math.floor(i / 6) * 0.1]);
    rows.push([5, 0], [0, 15], [15, 3], [7, 7]);
    const marked = noiseGuess(rows, { neighbours: 4 });
    expect(marked.map((m, i) => (m ? i : -1)).filter((i) => i >= 0)).toEqual([60, 61, 62, 63]);
  });

  it('bad options are typed errors', () => {
    expect(() => noiseGuess(X, { fraction: 1 })).toThrow(/fraction: expected a number in \(0, 1\)/);
    expect(() => noiseGuess(X, { neighbours: 0 })).toThrow(/neighbours/);
    expect(() => noiseGuess([[1, 2]])).toThrow(/at least 2 rows/);
  });
});
