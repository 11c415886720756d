// The README's and the TSDoc @examples' code, run, with the values their comments claim.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  adjustedRandIndex,
  BernoulliMixture,
  CategoricalMixture,
  MultinomialMixture,
  PoissonMixture,
  RegressionMixture,
  selectModel,
  sparseCounts,
} from '../src/index.js';

describe('README', () => {
  it('latent classes, semi-supervised topics, regression lines', () => {
    const answers = [
      [1, 1, 0],
      [1, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 1],
      [0, 0, 1],
    ];
    const lca = new BernoulliMixture({ nComponents: 2, nInit: 3 }).fit(answers);
    const [a, , , b] = lca.predict(answers);
    expect(Array.from(lca.predict(answers))).toEqual([a, a, a, b, b, b]);
    expect(a).not.toBe(b);

    const docs = [
      [5, 3, 0, 1],
      [4, 4, 1, 0],
      [0, 1, 6, 3],
      [1, 0, 3, 5],
    ];
    const topics = new MultinomialMixture({ nComponents: 2 }).fit(docs, { labels: [0, -1, 1, -1] });
    expect(Array.from(topics.predict(docs))).toEqual([0, 0, 1, 1]);

    const x = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5];
    const y = [0.1, 1, 2.1, 2.9, 4, 5.1, 10, 8.1, 6, 4.1, 2, 0.1];
    const lines = new RegressionMixture({ nComponents: 2, nInit: 5 }).fit(x, y);
    const rounded = lines.coefficients
      .map((c) => c.map((v) => Math.round(v * 100) / 100))
      .sort((p, q) => p[0]! - q[0]!);
    expect(rounded).toEqual([
      [0.05, 0.99],
      [10.03, -1.99],
    ]);
  });
});

describe('TSDoc examples', () => {
  it('BernoulliMixture and fromJSON', () => {
    const X = [
      [1, 1, 0],
      [1, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 1],
      [0, 0, 1],
    ];
    const model = new BernoulliMixture({ nComponents: 2, nInit: 3, randomState: 0 }).fit(X);
    const labels = Array.from(model.predict(X));
    expect(labels[0] === labels[1] && labels[3] === labels[5] && labels[0] !== labels[3]).toBe(true);
    const small = new BernoulliMixture({ nComponents: 2 }).fit([
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ]);
    expect(BernoulliMixture.fromJSON(JSON.stringify(small)).probabilities).toEqual(small.probabilities);
  });
  it('PoissonMixture and fromJSON', () => {
    const X = [
      [0, 1],
      [1, 0],
      [2, 1],
      [9, 11],
      [10, 12],
      [12, 9],
    ];
    const model = new PoissonMixture({ nComponents: 2, nInit: 3 }).fit(X);
    expect(model.rates.map((r) => Math.round(r[0]!)).sort((a, b) => a - b)).toEqual([1, 10]);
    const m = new PoissonMixture({ nComponents: 2 }).fit([[0], [1], [8], [9]]);
    expect(PoissonMixture.fromJSON(m.toJSON()).rates).toEqual(m.rates);
  });
  it('CategoricalMixture and fromJSON', () => {
    const X = [
      [0, 2],
      [0, 2],
      [0, 1],
      [1, 0],
      [1, 0],
      [1, 0],
    ];
    const model = new CategoricalMixture({ nComponents: 2, nInit: 3 }).fit(X);
    expect(model.nLevels).toEqual([2, 3]);
    expect(model.probabilities[0]!.length).toBe(2);
    const m = new CategoricalMixture({ nComponents: 2 }).fit([
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 0],
    ]);
    expect(CategoricalMixture.fromJSON(m.toJSON()).nLevels).toEqual([2, 3]);
  });
  it('MultinomialMixture, fromJSON, sparseCounts', () => {
    const X = [
      [5, 3, 0, 1],
      [4, 4, 1, 0],
      [0, 1, 6, 3],
      [1, 0, 3, 5],
    ];
    const model = new MultinomialMixture({ nComponents: 2, nInit: 3 }).fit(X, { labels: [0, -1, 1, -1] });
    expect(Array.from(model.predict(X))).toEqual([0, 0, 1, 1]);
    const m = new MultinomialMixture({ nComponents: 2 }).fit([
      [3, 0, 1],
      [0, 4, 1],
      [2, 1, 0],
    ]);
    expect(MultinomialMixture.fromJSON(JSON.stringify(m)).probabilities).toEqual(m.probabilities);
    expect(
      Array.from(
        sparseCounts(
          [
            [
              [0, 2],
              [3, 1],
            ],
            [[1, 1]],
          ],
          5,
        ).indptr,
      ),
    ).toEqual([0, 2, 3]);
  });
  it('RegressionMixture, componentMeans, fromJSON', () => {
    const x = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5];
    const y = [0.1, 1, 2.1, 2.9, 4, 5.1, 10, 8.1, 6, 4.1, 2, 0.1];
    const model = new RegressionMixture({ nComponents: 2, nInit: 5 }).fit(x, y);
    const lines = model.coefficients
      .map(([b0, b1]) => [Math.round(b0!), Math.round(b1!)])
      .sort((p, q) => p[0]! - q[0]!);
    expect(lines).toEqual([
      [0, 1],
      [10, -2],
    ]);
    const two = new RegressionMixture({ nComponents: 2, nInit: 3 }).fit(
      [0, 1, 2, 3, 0, 1, 2, 3],
      [0.1, 0.9, 2.1, 3, 5, 4.9, 5.1, 5],
    );
    const means = two
      .componentMeans([10])[0]!
      .map((v) => Math.round(v))
      .sort((a, b) => a - b);
    expect(means).toEqual([5, 10]);
    const one = new RegressionMixture({ nComponents: 1 }).fit([0, 1, 2, 3], [1, 3, 5, 7.5]);
    expect(RegressionMixture.fromJSON(JSON.stringify(one)).coefficients).toEqual(one.coefficients);
  });
  it('selectModel and adjustedRandIndex', () => {
    const X = [
      [1, 1, 0],
      [1, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 1],
      [0, 0, 1],
    ];
    const { nComponents, table } = selectModel(
      (k) => new BernoulliMixture({ nComponents: k, nInit: 3 }),
      [X],
      {
        nComponents: [1, 2],
      },
    );
    expect(table).toHaveLength(2);
    const best = table[0]!.bic < table[1]!.bic ? 1 : 2;
    expect(nComponents).toBe(best);
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });
});

describe('small TSDoc examples', () => {
  it('MIXTURES_SCHEMA_VERSION', async () => {
    const { MIXTURES_SCHEMA_VERSION } = await import('../src/index.js');
    expect(new PoissonMixture().fit([[1], [2]]).toJSON().version).toBe(MIXTURES_SCHEMA_VERSION);
  });
});

describe('toString and console.log: one line, not the internal state', () => {
  it('PoissonMixture before and after fit (the TSDoc example)', () => {
    const model = new PoissonMixture({ nComponents: 2, randomState: 0 });
    expect(String(model)).toBe('PoissonMixture { nComponents: 2, fitted: false }');
    model.fit([[0], [1], [1], [2], [20], [21], [22], [23]]);
    expect(inspect(model)).toBe(
      'PoissonMixture { nComponents: 2, fitted: true, converged: true, nIter: 3, lowerBound: -2.52242 }',
    );
  });

  it('every mixture of the package names itself', () => {
    const options = { nComponents: 3 };
    expect(
      [
        new BernoulliMixture(options),
        new CategoricalMixture(options),
        new MultinomialMixture(options),
        new RegressionMixture(options),
      ].map(String),
    ).toEqual([
      'BernoulliMixture { nComponents: 3, fitted: false }',
      'CategoricalMixture { nComponents: 3, fitted: false }',
      'MultinomialMixture { nComponents: 3, fitted: false }',
      'RegressionMixture { nComponents: 3, fitted: false }',
    ]);
  });
});
