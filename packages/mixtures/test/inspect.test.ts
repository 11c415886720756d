// toString and console.log of the models: one readable line (not the internal state).
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  BernoulliMixture,
  CategoricalMixture,
  MultinomialMixture,
  PoissonMixture,
  RegressionMixture,
} from '../src/index.js';

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
