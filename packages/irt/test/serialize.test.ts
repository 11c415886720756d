import { EMError, InvalidInputError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { ItemResponseModel, LSAT } from '../src/index.js';

const lsat = { weights: LSAT.frequencies };
const poly = [
  [0, 1, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 2, 2],
  [0, 0, 1],
  [1, 1, 0],
  [2, 1, 2],
  [0, 2, 1],
];

describe('toJSON / fromJSON', () => {
  it.each(['Rasch', '1PL', '2PL', '3PL'] as const)('%s: the round trip is exact', (itemType) => {
    const model = new ItemResponseModel({ itemType }).fit(LSAT.patterns, lsat);
    const text = JSON.stringify(model);
    const copy = ItemResponseModel.fromJSON(text);
    expect(JSON.stringify(copy)).toBe(text);
    expect(copy.items).toEqual(model.items);
    expect(copy.logLikelihood).toBe(model.logLikelihood);
    expect(copy.standardErrors()).toEqual(model.standardErrors());
    expect(copy.scores(LSAT.patterns).theta).toEqual(model.scores(LSAT.patterns).theta);
    expect(copy.scores(LSAT.patterns, { method: 'MAP' }).theta).toEqual(
      model.scores(LSAT.patterns, { method: 'MAP' }).theta,
    );
  });
  it.each(['graded', 'gpcm'] as const)('%s: the round trip is exact, excluded items included', (itemType) => {
    const data = poly.map((row) => [...row, 1]); // the last item is constant: excluded
    const model = new ItemResponseModel({ itemType }).fit(data);
    expect(model.items[3]!.excluded).toBe(true);
    const copy = ItemResponseModel.fromJSON(model.toJSON());
    expect(JSON.stringify(copy)).toBe(JSON.stringify(model));
    expect(copy.scores(data).theta).toEqual(model.scores(data).theta);
  });

  // biome-ignore lint/suspicious/noExplicitAny: tampering reaches into arbitrary fields of the JSON.
  type Tampered = any;
  const good = () => new ItemResponseModel({ itemType: 'graded' }).fit(poly).toJSON() as unknown as Tampered;
  it.each([
    [
      'format',
      (j: Tampered) => {
        j.format = 'other';
      },
      'json.format',
    ],
    [
      'version',
      (j: Tampered) => {
        j.version = 99;
      },
      'json.version',
    ],
    [
      'itemType',
      (j: Tampered) => {
        j.itemType = '4PL';
      },
      'json.itemType',
    ],
    [
      'quadrature points',
      (j: Tampered) => {
        j.quadrature.points = 0;
      },
      'json.quadrature.points',
    ],
    [
      'a NaN slope',
      (j: Tampered) => {
        j.items[1].slope = Number.NaN;
      },
      'json.items[1].slope',
    ],
    ['a missing intercept', (j: Tampered) => j.items[2].intercepts.pop(), 'json.items[2].intercepts'],
    ['disordered thresholds', (j: Tampered) => j.items[0].intercepts.reverse(), 'json.items[0].intercepts'],
    [
      'a string parameter',
      (j: Tampered) => {
        j.items[0].intercepts[0] = '1';
      },
      'json.items[0].intercepts[0]',
    ],
    ['covariance size', (j: Tampered) => j.covariance.pop(), 'json.covariance'],
    [
      'history',
      (j: Tampered) => {
        j.fit.history = [1, 'x'];
      },
      'json.fit.history[1]',
    ],
    [
      'guessing of a graded item',
      (j: Tampered) => {
        j.items[0].guessing = 0.2;
      },
      'json.items[0].guessing',
    ],
  ])('tampered %s → InvalidInputError naming the field', (_, tamper, field) => {
    const json = good();
    tamper(json);
    const error = (() => {
      try {
        ItemResponseModel.fromJSON(JSON.parse(JSON.stringify(json)));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).argument).toBe(field);
  });
  it('3PL: logitGuessing must agree with guessing; non-JSON text is a typed error', () => {
    const json = new ItemResponseModel({ itemType: '3PL' }).fit(LSAT.patterns, lsat).toJSON();
    json.items[0]!.guessing = 0.5;
    expect(() => ItemResponseModel.fromJSON(json)).toThrow(/json.items\[0\].guessing/);
    expect(() => ItemResponseModel.fromJSON('{not json')).toThrow(EMError);
    expect(() => ItemResponseModel.fromJSON('null')).toThrow(EMError);
  });
});
