// partialFit (stepwise EM) against batch EM: its first update from a start is one EM iteration from
// it; over mini-batches it reaches the batch fit's held-out log-likelihood within 0.001 nats per row.
import { createRandom } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { BernoulliMixture, MultinomialMixture, PoissonMixture, RegressionMixture } from '../src/index.js';

const rng = createRandom(21);
/** Rows of three Poisson groups (3 columns, rates permutations of 1, 4, 12). */
function counts(n: number): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: 3 }, (_, j) => {
      const rate = [1, 4, 12][(i + j) % 3]!;
      let k = 0;
      for (let p = Math.exp(-rate), u = rng.random(), c = p; u > c; c += p) p *= rate / ++k;
      return k;
    }),
  );
}
const train = counts(1200);
const heldOut = counts(1200);
const start = {
  weightsInit: [0.3, 0.3, 0.4],
  ratesInit: [
    [2, 3, 8],
    [3, 8, 2],
    [8, 2, 3],
  ],
};

describe('partialFit', () => {
  it('its first update is one EM iteration from the same start', () => {
    const online = new PoissonMixture({ nComponents: 3, ...start }).partialFit(train);
    const batch = new PoissonMixture({ nComponents: 3, ...start, maxIter: 1 }).fit(train);
    online.rates.flat().forEach((rate, i) => {
      expect(rate).toBeCloseTo(batch.rates.flat()[i]!, 12);
    });
    online.weights.forEach((w, i) => {
      expect(w).toBeCloseTo(batch.weights[i]!, 12);
    });
    // lowerBound: the batch's mean log-likelihood under the start, as fit's first history entry.
    expect(online.lowerBound).toBeCloseTo(batch.history[0]!, 12);
    expect(online.nIter).toBe(1);
  });

  it('over mini-batches of 100 rows it matches the batch fit on held-out rows (1, 2, 5 passes)', () => {
    const batch = new PoissonMixture({ nComponents: 3, ...start }).fit(train);
    const target = batch.score(heldOut);
    const online = new PoissonMixture({ nComponents: 3, ...start });
    const gaps: number[] = [];
    for (let pass = 1; pass <= 5; pass++) {
      for (let i = 0; i < train.length; i += 100) online.partialFit(train.slice(i, i + 100));
      if (pass === 1 || pass === 2 || pass === 5) gaps.push(target - online.score(heldOut));
    }
    // Printed for the guide's table: batch held-out mean log-likelihood and the gaps.
    console.log(
      'poisson held-out',
      target.toFixed(4),
      'gaps after 1, 2, 5 passes',
      gaps.map((g) => g.toExponential(2)),
    );
    // Within a thousandth of a nat per row from the first pass on (either side: the batch fit's own
    // noise on held-out rows is of that order).
    for (const gap of gaps) expect(Math.abs(gap)).toBeLessThan(0.001);
    expect(online.nIter).toBe(60);
  });

  it('MultinomialMixture over mini-batches of 100 documents: held-out gap after 1, 2, 5 passes', () => {
    // Documents of three topics over 8 words (topic t favours words 2t, 2t + 1; words 6, 7 background).
    const documents = (n: number) =>
      Array.from({ length: n }, (_, i) => {
        const row = new Array<number>(8).fill(0);
        const length = 10 + Math.floor(rng.random() * 30);
        for (let t = 0; t < length; t++)
          row[
            rng.random() < 0.7 ? 2 * (i % 3) + Math.floor(2 * rng.random()) : Math.floor(8 * rng.random())
          ]!++;
        return row;
      });
    const [docs, heldOutDocs] = [documents(1200), documents(1200)];
    const options = {
      nComponents: 3,
      weightsInit: [0.3, 0.3, 0.4],
      probabilitiesInit: [
        [3, 2, 1, 1, 1, 1, 1, 1],
        [1, 1, 3, 2, 1, 1, 1, 1],
        [1, 1, 1, 1, 3, 2, 1, 1],
      ],
    };
    const target = new MultinomialMixture(options).fit(docs).score(heldOutDocs);
    const online = new MultinomialMixture(options);
    const gaps: number[] = [];
    for (let pass = 1; pass <= 5; pass++) {
      for (let i = 0; i < docs.length; i += 100) online.partialFit(docs.slice(i, i + 100));
      if (pass === 1 || pass === 2 || pass === 5) gaps.push(target - online.score(heldOutDocs));
    }
    console.log(
      'multinomial held-out',
      target.toFixed(4),
      'gaps after 1, 2, 5 passes',
      gaps.map((g) => g.toExponential(2)),
    );
    for (const gap of gaps) expect(Math.abs(gap)).toBeLessThan(0.01);
    // The documents' mean length is a running average too (the statistics carry it).
    expect(online.toJSON().params.documentLength).toBeCloseTo(25, 0);
  });

  it('continues after fit from the fitted parameters, and starts over after a refit', () => {
    const model = new PoissonMixture({ nComponents: 3, ...start }).fit(train);
    const fitted = model.rates;
    model.partialFit(train.slice(0, 100));
    expect(model.nIter).toBe(1);
    expect(model.rates).not.toEqual(fitted);
    model.partialFit(train.slice(100, 200));
    expect(model.nIter).toBe(2);
    model.fit(train);
    model.partialFit(train.slice(0, 100));
    expect(model.nIter).toBe(1);
  });

  it('bad input: typed errors naming the option, the row or the model', () => {
    const model = new BernoulliMixture({ nComponents: 2, randomState: 0 });
    expect(() => model.partialFit([[0, 1]])).toThrow(/at least nComponents = 2/);
    model.partialFit([
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(() => model.partialFit([[0, 1, 1]])).toThrow(/2 columns/);
    expect(() => model.partialFit([[0, 2]])).toThrow(expect.objectContaining({ row: 0, column: 1 }));
    expect(() => model.partialFit([[0, 1]], { alpha: 0.5 })).toThrow(
      expect.objectContaining({ option: 'alpha' }),
    );
    expect(() => model.partialFit([[0, 1]], { t0: -1 })).toThrow(expect.objectContaining({ option: 't0' }));
    expect(() => model.partialFit([[0, 1]], { eta: 1 } as never)).toThrow(
      expect.objectContaining({ option: 'eta' }),
    );
    expect(() => new RegressionMixture({ nComponents: 2, family: 'poisson' }).partialFit([[1, 1]])).toThrow(
      expect.objectContaining({ option: 'partialFit' }),
    );
  });
});
