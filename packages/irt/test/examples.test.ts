// The README's and the TSDoc @examples' code, run, with the values their comments claim.
import { inspect } from 'node:util';
import { InvalidOptionError } from '@em/core';
import { mulberry32 } from '@em/core/numeric';
import { describe, expect, it } from 'vitest';
import {
  gaussHermite,
  IRT_SCHEMA_VERSION,
  ItemResponseModel,
  LSAT,
  rectangularQuadrature,
} from '../src/index.js';

const lsat = { weights: LSAT.frequencies };

describe('README', () => {
  it('the LSAT example', () => {
    const rasch = new ItemResponseModel({ itemType: '1PL' }).fit(LSAT.patterns, lsat);
    expect(rasch.logLikelihood).toBeCloseTo(-2466.938, 3);
    const first = rasch.irtParameters()[0]!;
    expect(first.name).toBe('Item 1');
    expect(first.discrimination).toBeCloseTo(0.7551, 4);
    expect(first.difficulties[0]).toBeCloseTo(-3.6153, 4);
    expect(first.guessing).toBe(0);
    expect(rasch.standardErrors('irt')[0]!.discrimination).toBeCloseTo(0.0694, 4);
    expect(rasch.standardErrors('irt')[0]!.difficulties[0]).toBeCloseTo(0.3266, 4);
    const twoPL = new ItemResponseModel({ itemType: '2PL' }).fit(LSAT.patterns, lsat);
    expect(twoPL.logLikelihood).toBeCloseTo(-2466.653, 3);
    expect(twoPL.aic()).toBeCloseTo(4953.307, 3);
    expect(twoPL.bic()).toBeCloseTo(5002.384, 3);
    const { theta, se } = twoPL.scores([[1, 1, 0, 1, 1]]);
    expect(theta[0]).toBeCloseTo(0.008, 3);
    expect(se[0]).toBeCloseTo(0.834, 3);
    expect(twoPL.scores([[1, 1, 0, 1, 1]], { method: 'MAP' }).theta[0]).toBeCloseTo(-0.022, 3);
    const saved = JSON.stringify(twoPL);
    expect(ItemResponseModel.fromJSON(saved).scores([[0, 1, 1, 1, 1]])).toEqual(
      twoPL.scores([[0, 1, 1, 1, 1]]),
    );
  });
});

describe('TSDoc examples', () => {
  it('ItemResponseModel, LSAT, items, irtParameters, nParameters, aic, bic, covariance', () => {
    expect(LSAT.frequencies.reduce((s, n) => s + n, 0)).toBe(1000);
    const model = new ItemResponseModel({ itemType: '2PL' }).fit(LSAT.patterns, lsat);
    const first = model.irtParameters()[0]!;
    expect(first.discrimination).toBeCloseTo(0.8254, 2);
    expect(first.difficulties[0]).toBeCloseTo(-3.3597, 2);
    expect(model.scores([[1, 1, 1, 1, 1]]).theta[0]).toBeCloseTo(0.66, 1);
    const rasch = new ItemResponseModel({ itemType: '1PL' }).fit(LSAT.patterns, lsat);
    expect(rasch.items[0]!.slope).toBeCloseTo(0.7551, 4);
    expect(rasch.items[0]!.intercepts[0]).toBeCloseTo(2.7299, 3);
    expect(rasch.irtParameters().map((i) => Number(i.difficulties[0]!.toFixed(4)))).toEqual([
      -3.6153, -1.3224, -0.3176, -1.7301, -2.7802,
    ]);
    expect(rasch.nParameters()).toBe(6);
    expect(rasch.aic()).toBeCloseTo(4945.875, 3);
    expect(rasch.bic()).toBeCloseTo(4975.322, 3);
    expect(rasch.covariance()!.names).toEqual([
      'Item 1.d1',
      'Item 2.d1',
      'Item 3.d1',
      'Item 4.d1',
      'Item 5.d1',
      'a',
    ]);
  });
  it('fit, converged, nIter, history, warnings', () => {
    const model = new ItemResponseModel({ itemType: '1PL' }).fit([
      [1, 0, 0],
      [1, 1, 0],
      [0, 1, 1],
      [1, 1, 1],
      [0, 0, 1],
      [1, 0, 1],
    ]);
    expect(model.converged).toBe(true);
    expect(new ItemResponseModel().fit(LSAT.patterns, lsat).converged).toBe(true);
    const plain = new ItemResponseModel({ acceleration: 'none' }).fit(LSAT.patterns, lsat).nIter;
    expect(plain).toBeGreaterThan(50);
    expect(plain).toBeLessThan(100);
    const { history } = new ItemResponseModel().fit(LSAT.patterns, lsat);
    expect(history.at(-1)!).toBeGreaterThanOrEqual(history[0]!);
    const w = new ItemResponseModel().fit([
      [1, 0],
      [1, 1],
      [1, 0],
      [1, 1],
    ]).warnings;
    expect(w[0]!.code).toBe('constant-item');
    const w3 = new ItemResponseModel().fit([
      [1, 0, 1],
      [1, 1, 0],
      [1, 0, 0],
      [1, 1, 1],
    ]).warnings[0]!;
    expect(w3).toMatchObject({ code: 'constant-item', item: 0 });
    expect(w3.message).toMatch(/^Item 1: every response is 1|^Item 1 \(column 0\): every response is 1/);
  });
  it('scores (MAP, ltm factor.scores), marginalLogLikelihood, toJSON, fromJSON', () => {
    const model = new ItemResponseModel().fit(LSAT.patterns, lsat);
    const { theta, se } = model.scores(
      [
        [0, 0, 0, 0, 0],
        [1, 1, 1, 1, 1],
      ],
      { method: 'MAP' },
    );
    expect(theta[0]).toBeCloseTo(-1.895, 3);
    expect(theta[1]).toBeCloseTo(0.606, 3);
    expect(se[0]).toBeCloseTo(0.795, 2);
    expect(se[1]).toBeCloseTo(0.855, 3);
    expect(model.marginalLogLikelihood(LSAT.patterns, lsat)).toBeCloseTo(model.logLikelihood, 10);
    expect(model.toJSON().version).toBe(IRT_SCHEMA_VERSION);
    const saved = JSON.stringify(model);
    expect(ItemResponseModel.fromJSON(saved).scores([[1, 0, 1, 1, 1]])).toEqual(
      model.scores([[1, 0, 1, 1, 1]]),
    );
    expect(ItemResponseModel.fromJSON(saved).logLikelihood).toBeCloseTo(-2466.653, 3);
    expect(model.toJSON().items).toHaveLength(5);
  });
  it('fromItems, probabilities, itemInformation, testInformation, expectedScore, simulate', () => {
    const bank = ItemResponseModel.fromItems('2PL', [
      { slope: 1.2, intercepts: [0.5] },
      { slope: 0.8, intercepts: [-1] },
    ]);
    const [p] = bank.probabilities(0, 0);
    expect(p![0]).toBeCloseTo(0.3775, 4);
    expect(p![1]).toBeCloseTo(0.6225, 4);
    const one = ItemResponseModel.fromItems('2PL', [{ slope: 1, intercepts: [0] }]);
    const curves = one.probabilities([0, 2], 0);
    expect(curves[0]).toEqual([0.5, 0.5]);
    expect(curves[1]![0]).toBeCloseTo(0.1192, 4);
    expect(curves[1]![1]).toBeCloseTo(0.8808, 4);
    expect(
      ItemResponseModel.fromItems('2PL', [{ slope: 2, intercepts: [0] }]).itemInformation([0], 0)[0],
    ).toBe(1);
    expect(
      ItemResponseModel.fromItems('2PL', [
        { slope: 2, intercepts: [0] },
        { slope: 1, intercepts: [0] },
      ]).testInformation([0])[0],
    ).toBe(1.25);
    expect(
      ItemResponseModel.fromItems('2PL', [
        { slope: 1, intercepts: [0] },
        { slope: 1, intercepts: [0] },
      ]).expectedScore([0])[0],
    ).toBe(1);
    const draws = one.simulate([-1, 0, 1], mulberry32(1));
    expect(draws).toHaveLength(3);
    expect(draws.every((row) => row.length === 1 && (row[0] === 0 || row[0] === 1))).toBe(true);
  });
  it('gaussHermite, rectangularQuadrature, options, types', () => {
    const { nodes, weights } = gaussHermite(3);
    expect(nodes[2]).toBeCloseTo(1.7320508, 7);
    expect(nodes.reduce((s, x, i) => s + weights[i]! * x ** 4, 0)).toBeCloseTo(3, 12);
    expect(rectangularQuadrature(61).nodes[0]).toBe(-6);
    expect(new ItemResponseModel().options.quadraturePoints).toBe(21);
    expect(
      () => new ItemResponseModel({ itemType: '3PL', guessingPrior: { alpha: 6, beta: 16 } }),
    ).not.toThrow();
    expect(
      () => new ItemResponseModel({ itemType: 'graded', quadraturePoints: 31, tol: 1e-6 }),
    ).not.toThrow();
    expect(
      () => new ItemResponseModel({ itemType: '2PL', quadrature: 'rectangular', quadraturePoints: 61 }),
    ).not.toThrow();
    expect(() => new ItemResponseModel({ itemType: 'Rasch', quadraturePoints: 0 })).toThrow(
      InvalidOptionError,
    );
    const fit = new ItemResponseModel({ itemType: '1PL' }).fit(LSAT.patterns, {
      weights: LSAT.frequencies,
      itemNames: ['Q1', 'Q2', 'Q3', 'Q4', 'Q5'],
    });
    expect(fit.items[0]!.name).toBe('Q1');
  });
});

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
