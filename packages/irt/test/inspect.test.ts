// toString and console.log of the models: one readable line (not the internal state).
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ItemResponseModel, LSAT } from '../src/index.js';

const lsat = { weights: LSAT.frequencies };

describe('toString and console.log: one line, not the internal state', () => {
  it('LSAT under the 1PL: 1000 persons, 5 items, the published log-likelihood −2466.938 (the TSDoc example)', () => {
    const model = new ItemResponseModel({ itemType: '1PL' });
    expect(String(model)).toBe("ItemResponseModel { itemType: '1PL', quadraturePoints: 21, fitted: false }");
    model.fit(LSAT.patterns, lsat);
    expect(inspect(model)).toBe(
      `ItemResponseModel { itemType: '1PL', quadraturePoints: 21, nItems: 5, nPersons: 1000, fitted: true, converged: true, nIter: ${model.nIter}, logLikelihood: -2466.94 }`,
    );
  });

  it('an item bank built from given parameters', () => {
    const bank = ItemResponseModel.fromItems('2PL', [
      { slope: 1.2, intercepts: [0.5] },
      { slope: 0.8, intercepts: [-1] },
    ]);
    expect(String(bank)).toBe(
      "ItemResponseModel { itemType: '2PL', quadraturePoints: 21, nItems: 2, parameters: 'given' }",
    );
  });
});
