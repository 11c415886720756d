import { InvalidInputError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { HiddenMarkovModel, HMM_SCHEMA_VERSION } from '../src/index.js';
import { CASINO } from './helpers.js';

const rolls = new HiddenMarkovModel(CASINO).sample(400, { randomState: 1 }).X.map((r) => r[0]!);
const vectors = new HiddenMarkovModel({
  nStates: 2,
  covarianceType: 'full',
  startProb: [0.5, 0.5],
  transMat: [
    [0.9, 0.1],
    [0.1, 0.9],
  ],
  means: [
    [0, 0],
    [3, 3],
  ],
  covars: [
    [
      [1, 0.2],
      [0.2, 1],
    ],
    [
      [1, -0.3],
      [-0.3, 0.7],
    ],
  ],
}).sample(300, { randomState: 2 }).X;

const models: [string, HiddenMarkovModel, unknown][] = [
  [
    'categorical',
    new HiddenMarkovModel({ nStates: 2, emission: 'categorical', randomState: 0 }).fit(rolls),
    rolls,
  ],
  ...(['full', 'diag', 'spherical', 'tied'] as const).map(
    (covarianceType): [string, HiddenMarkovModel, unknown] => [
      `gaussian ${covarianceType}`,
      new HiddenMarkovModel({ nStates: 2, covarianceType, randomState: 0 }).fit([vectors]),
      vectors,
    ],
  ),
  ...(['full', 'diag', 'spherical', 'tied'] as const).map(
    (covarianceType): [string, HiddenMarkovModel, unknown] => [
      `gmm ${covarianceType}`,
      new HiddenMarkovModel({
        nStates: 2,
        emission: 'gmm',
        nMix: 2,
        covarianceType,
        randomState: 0,
        maxIter: 10,
      }).fit([vectors]),
      vectors,
    ],
  ),
  ['poisson', new HiddenMarkovModel({ nStates: 2, emission: 'poisson', randomState: 0 }).fit(rolls), rolls],
];

describe.each(models)('toJSON / fromJSON: %s', (_name, model, X) => {
  it('round trips exactly', () => {
    const text = JSON.stringify(model);
    const copy = HiddenMarkovModel.fromJSON(text);
    expect(copy.getParameters()).toEqual(model.getParameters());
    expect(copy.toJSON()).toEqual(model.toJSON());
    expect(copy.score(X as never)).toBe(model.score(X as never));
    expect(copy.predict(X as never)).toEqual(model.predict(X as never));
    expect(copy.history).toEqual(model.history);
    expect(model.toJSON().version).toBe(HMM_SCHEMA_VERSION);
  });
});

describe('fromJSON validates and names the field', () => {
  const good = models[0]![1].toJSON();
  type Json = Record<string, unknown> & {
    parameters: Record<string, unknown>;
    options: Record<string, unknown>;
  };
  const tampered = (edit: (j: Json) => void) => {
    const j = JSON.parse(JSON.stringify(good)) as Json;
    edit(j);
    return j;
  };
  const fit = (j: Json) => j.fit as Record<string, unknown>;
  const rows = (j: Json, key: string) => j.parameters[key] as number[][];
  const edits: [(j: Json) => void, string][] = [
    [(j) => Object.assign(j, { format: 'other' }), 'json.format'],
    [(j) => Object.assign(j, { version: 99 }), 'json.version'],
    [
      (j) => rows(j, 'transMat')[0]!.splice(0, 1, rows(j, 'transMat')[0]![0]! + 0.1),
      'json.parameters.transMat[0]',
    ],
    [(j) => Object.assign(j.parameters, { transMat: [[1]] }), 'json.parameters.transMat'],
    [(j) => delete j.parameters.emissionProb, 'json.parameters'],
    [(j) => rows(j, 'emissionProb').splice(1, 1, [1]), 'json.parameters.emissionProb[1]'],
    [(j) => Object.assign(j.parameters, { extra: 1 }), 'json.parameters.extra'],
    [(j) => Object.assign(j.options, { nStates: 3 }), 'json.parameters.startProb'],
    [(j) => Object.assign(j.options, { nFeatures: 2 }), 'json.options.nFeatures'],
    [(j) => Object.assign(fit(j), { nIter: -1 }), 'json.fit.nIter'],
    [(j) => Object.assign(fit(j), { history: [Number.NaN] }), 'json.fit.history'],
  ];
  it.each(edits)('%#: %s', (edit, field) => {
    let error: unknown;
    try {
      HiddenMarkovModel.fromJSON(tampered(edit) as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).argument).toBe(field);
  });

  it('rejects text that is not JSON', () => {
    expect(() => HiddenMarkovModel.fromJSON('{not json')).toThrow(InvalidInputError);
  });
});
