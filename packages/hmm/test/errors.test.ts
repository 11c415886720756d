import { EMError, InvalidInputError, InvalidOptionError, NumericalError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { HiddenMarkovModel, SequenceInputError } from '../src/index.js';
import { CASINO } from './helpers.js';

const catch_ = (f: () => unknown): unknown => {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
};

describe('bad parameters: typed errors naming the option', () => {
  it('a transMat row that does not sum to 1 names the row', () => {
    const error = catch_(
      () =>
        new HiddenMarkovModel({
          ...CASINO,
          transMat: [
            [0.95, 0.05],
            [0.2, 0.9],
          ],
        }),
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('transMat[1]');
    expect((error as Error).message).toMatch(/transMat\[1\].*summing to 1.*1\.1/);
  });

  it.each([
    [{ ...CASINO, startProb: [0.5, 0.6] }, 'startProb'],
    [{ ...CASINO, transMat: [[1, 0]] }, 'transMat'],
    [
      {
        ...CASINO,
        emissionProb: [
          [-0.1, 1.1],
          [0.5, 0.5],
        ],
      },
      'emissionProb[0][0]',
    ],
    [
      {
        ...CASINO,
        transMat: [
          [Number.NaN, 1],
          [0, 1],
        ],
      },
      'transMat[0][0]',
    ],
    [{ nStates: 0 }, 'nStates'],
    [{ nComponents: 2.5 }, 'nComponents'],
    [{ emission: 'bernoulli' }, 'emission'],
    [{ covarianceType: 'diagonal' }, 'covarianceType'],
    [{ params: 'stx' }, 'params'],
    [{ maxIter: 0 }, 'maxIter'],
    [{ tol: -1 }, 'tol'],
    [{ acceleration: 'fast' }, 'acceleration'],
    [{ nStats: 2 }, 'nStats'],
    [{ nStates: 2, means: [[0], [1], [2]] }, 'means'],
    [
      {
        nStates: 2,
        covarianceType: 'full',
        means: [
          [0, 0],
          [1, 1],
        ],
        covars: [
          [
            [1, 0],
            [0, 1],
          ],
        ],
      },
      'covars',
    ],
    [{ nStates: 1, emission: 'poisson', lambdas: [[-1]] }, 'lambdas[0][0]'],
    [{ emission: 'categorical', lambdas: [[1]] }, 'lambdas'],
  ])('%j → %s', (options, option) => {
    const error = catch_(() => new HiddenMarkovModel(options as never));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
  });

  it('a covariance that is not positive definite is a NumericalError naming the state', () => {
    const error = catch_(
      () =>
        new HiddenMarkovModel({
          nStates: 2,
          covarianceType: 'full',
          startProb: [0.5, 0.5],
          transMat: [
            [0.5, 0.5],
            [0.5, 0.5],
          ],
          means: [
            [0, 0],
            [1, 1],
          ],
          covars: [
            [
              [1, 0],
              [0, 1],
            ],
            [
              [1, 2],
              [2, 1],
            ],
          ],
        }),
    );
    expect(error).toBeInstanceOf(NumericalError);
    expect((error as Error).message).toMatch(/State 1/);
  });
});

describe('bad sequences: typed errors naming the sequence and position', () => {
  const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'categorical', nFeatures: 6, randomState: 0 });

  it('a symbol outside the alphabet', () => {
    const error = catch_(() =>
      hmm.fit([
        [0, 1, 2],
        [3, 4, 5, 6, 1],
      ]),
    ) as SequenceInputError;
    expect(error).toBeInstanceOf(SequenceInputError);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect([error.sequence, error.position]).toEqual([1, 3]);
    expect(error.message).toBe(
      'Invalid sequences at sequence 1, position 3: expected a symbol in 0…5 (an integer; nFeatures is 6), received 6.',
    );
    expect(() => casino.score([0, 1, 1.5])).toThrow(/position 2/);
  });

  it('an empty sequence', () => {
    const error = catch_(() => hmm.fit([[0, 1], []])) as SequenceInputError;
    expect(error).toBeInstanceOf(SequenceInputError);
    expect(error.sequence).toBe(1);
    expect(error.message).toMatch(/at least one observation/);
    expect(() => hmm.fit([])).toThrow(InvalidInputError);
    expect(() => hmm.fit([0, 1, 2], [2, 0, 1])).toThrow(/sequence 1/);
  });

  it('NaN and Infinity', () => {
    const g = new HiddenMarkovModel({ nStates: 2, randomState: 0 });
    const error = catch_(() =>
      g.fit([
        [1, 2, 3],
        [4, 5, Number.NaN],
      ]),
    ) as SequenceInputError;
    expect([error.sequence, error.position]).toEqual([1, 2]);
    const inLengths = catch_(() =>
      g.fit([1, 2, 3, 4, Number.POSITIVE_INFINITY], [3, 2]),
    ) as SequenceInputError;
    expect([inLengths.sequence, inLengths.position]).toEqual([1, 1]);
    const multi = catch_(() =>
      g.fit([
        [
          [1, 2],
          [3, Number.NaN],
        ],
      ]),
    ) as SequenceInputError;
    expect([multi.sequence, multi.position, multi.feature]).toEqual([0, 1, 1]);
  });

  it('mismatched feature counts', () => {
    const g = new HiddenMarkovModel({ nStates: 2, randomState: 0 });
    const error = catch_(() =>
      g.fit([
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        [[1, 2, 3]],
      ]),
    ) as SequenceInputError;
    expect(error).toBeInstanceOf(SequenceInputError);
    expect(error.sequence).toBe(1);
    g.fit([
      [
        [1, 2],
        [3, 4],
        [5, 6],
        [0, 1],
      ],
    ]);
    expect(() => g.score([1, 2, 3])).toThrow(/2 features per observation/);
    expect(() => casino.score([[0, 1]])).toThrow(SequenceInputError);
  });

  it('counts that are not non-negative integers', () => {
    const p = new HiddenMarkovModel({ nStates: 2, emission: 'poisson', randomState: 0 });
    const error = catch_(() => p.fit([[1, 2, -1]])) as SequenceInputError;
    expect([error.sequence, error.position]).toEqual([0, 2]);
  });

  it('lengths that do not add up', () => {
    expect(() => casino.score([0, 1, 2], [2, 2])).toThrow(InvalidInputError);
    expect(() => casino.score([0, 1, 2], [3.5] as number[])).toThrow(/lengths/);
  });

  it('a sequence the model cannot emit: a NumericalError to score (and bic, aic) and to decode', () => {
    const strict = new HiddenMarkovModel({
      nStates: 2,
      emission: 'categorical',
      startProb: [1, 0],
      transMat: [
        [1, 0],
        [0, 1],
      ],
      emissionProb: [
        [1, 0],
        [0, 1],
      ],
    });
    for (const call of [
      () => strict.score([0, 0, 1]),
      () => strict.bic([0, 0, 1]),
      () => strict.aic([0, 0, 1]),
    ])
      expect(call).toThrow(/Sequence 0 has probability 0 at position 2/);
    const error = catch_(() => strict.predict([0, 0, 1]));
    expect(error).toBeInstanceOf(NumericalError);
    expect((error as Error).message).toMatch(/Sequence 0 has probability 0 at position 2/);
    expect(() => strict.predictProba([0, 0, 1])).toThrow(EMError);
    const fitError = catch_(() => new HiddenMarkovModel({ ...strictOptions(), params: 'e' }).fit([[0, 1]]));
    expect(fitError).toBeInstanceOf(NumericalError);
    expect((fitError as Error).message).toMatch(/Sequence 0 has probability 0 at position 1/);
  });
});

function strictOptions() {
  return {
    nStates: 2,
    emission: 'categorical' as const,
    startProb: [1, 0],
    transMat: [
      [1, 0],
      [0, 1],
    ],
    emissionProb: [
      [1, 0],
      [0, 1],
    ],
  };
}

const casino = new HiddenMarkovModel(CASINO);
