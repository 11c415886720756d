// Bad input gets a typed error naming the argument, row and column.
import { EMError, InvalidInputError, InvalidOptionError, NotFittedError } from '@em/core';
import { describe, expect, it } from 'vitest';
import {
  BernoulliMixture,
  CategoricalMixture,
  MultinomialMixture,
  PoissonMixture,
  RegressionMixture,
  sparseCounts,
} from '../src/index.js';

const catch_ = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error as InvalidInputError;
  }
  throw new Error('no error thrown');
};

describe('typed errors naming row and column', () => {
  it('non-binary values for BernoulliMixture', () => {
    const e = catch_(() =>
      new BernoulliMixture({ nComponents: 1 }).fit([
        [0, 1],
        [1, 0.5],
      ]),
    );
    expect(e).toBeInstanceOf(InvalidInputError);
    expect([e.row, e.column]).toEqual([1, 1]);
    expect(e.message).toBe('Invalid X at row 1, column 1: expected 0 or 1 (binary features), received 0.5.');
  });
  it('negative or fractional counts (Poisson, multinomial dense and sparse, Poisson regression)', () => {
    for (const f of [
      () =>
        new PoissonMixture().fit([
          [1, 2],
          [3, -1],
        ]),
      () =>
        new MultinomialMixture().fit([
          [1, 2],
          [3, -1],
        ]),
    ]) {
      const e = catch_(f);
      expect(e).toBeInstanceOf(InvalidInputError);
      expect([e.row, e.column]).toEqual([1, 1]);
    }
    const e = catch_(() => new MultinomialMixture().fit([[[0, 1]], [[3, 2.5]]]));
    expect([e.row, e.column, e.received]).toEqual([1, 3, 2.5]);
    const s = catch_(() => sparseCounts([[[0, 1]], [[7, 1]]], 5));
    expect(s.row).toBe(1);
    const r = catch_(() => new RegressionMixture({ family: 'poisson' }).fit([1, 2, 3], [1, 0.5, 2]));
    expect([r.argument, r.row]).toEqual(['y', 1]);
  });
  it('categories unseen at fit time', () => {
    const model = new CategoricalMixture({ nComponents: 1 }).fit([
      [0, 1],
      [1, 0],
    ]);
    const e = catch_(() =>
      model.predict([
        [0, 0],
        [0, 2],
      ]),
    );
    expect(e).toBeInstanceOf(InvalidInputError);
    expect([e.row, e.column, e.received]).toEqual([1, 1, 2]);
    expect(e.message).toContain('seen at fit time');
  });
  it('labels out of range or of the wrong length', () => {
    const X = [
      [1, 2],
      [2, 1],
      [3, 3],
    ];
    const e = catch_(() => new MultinomialMixture({ nComponents: 2 }).fit(X, { labels: [0, 2, -1] }));
    expect([e.argument, e.row, e.received]).toEqual(['labels', 1, 2]);
    expect(catch_(() => new MultinomialMixture({ nComponents: 2 }).fit(X, { labels: [0] })).argument).toBe(
      'labels',
    );
  });
  it('X and y of different lengths', () => {
    const e = catch_(() => new RegressionMixture().fit([[1], [2], [3]], [1, 2]));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e.argument).toBe('y');
    expect(e.message).toContain('3 responses (one per row of X)');
  });
  it('non-0/1 responses for the binomial family', () => {
    expect(catch_(() => new RegressionMixture({ family: 'binomial' }).fit([1, 2], [0, 2])).row).toBe(1);
  });
  it('a different number of columns at predict time', () => {
    const model = new BernoulliMixture().fit([
      [0, 1],
      [1, 0],
    ]);
    expect(catch_(() => model.predict([[0, 1, 1]]))).toBeInstanceOf(InvalidInputError);
  });
  it('options: unknown (with a hint), out of range, inconsistent initial parameters', () => {
    const e = catch_(
      () => new BernoulliMixture({ n_components: 2 } as never),
    ) as unknown as InvalidOptionError;
    expect(e).toBeInstanceOf(InvalidOptionError);
    expect(e.message).toContain('Did you mean nComponents?');
    expect(() => new PoissonMixture({ nComponents: 0 })).toThrow(InvalidOptionError);
    expect(() => new MultinomialMixture({ alpha: -1 })).toThrow(InvalidOptionError);
    expect(() => new RegressionMixture({ family: 'gamma' as never })).toThrow(InvalidOptionError);
    expect(() => new BernoulliMixture({ nComponents: 2, weightsInit: [0.5, 0.6] })).toThrow(
      InvalidOptionError,
    );
    expect(() =>
      new BernoulliMixture({ nComponents: 1, probabilitiesInit: [[0.5, 0.5, 0.5]] }).fit([[0, 1]]),
    ).toThrow(InvalidOptionError);
  });
  it('methods before fit', () => {
    for (const model of [new BernoulliMixture(), new PoissonMixture(), new RegressionMixture()]) {
      expect(() => model.weights).toThrow(NotFittedError);
      expect(() => model.nParameters()).toThrow(EMError);
    }
  });
  it('fewer rows than components', () => {
    expect(() => new PoissonMixture({ nComponents: 3 }).fit([[1], [2]])).toThrow(InvalidInputError);
  });
});
