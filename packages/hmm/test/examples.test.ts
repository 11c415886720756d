// The README's and the TSDoc @examples' code, run, with the values their comments claim.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  HiddenMarkovModel,
  type HiddenMarkovModelJSON,
  HMM_FORMAT,
  HMM_SCHEMA_VERSION,
  SequenceInputError,
} from '../src/index.js';

describe('README: the dishonest casino', () => {
  it('learns the casino back from 10,000 rolls', () => {
    const casino = new HiddenMarkovModel({
      nStates: 2,
      emission: 'categorical',
      startProb: [0.5, 0.5],
      transMat: [
        [0.95, 0.05],
        [0.1, 0.9],
      ],
      emissionProb: [
        [1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6],
        [0.1, 0.1, 0.1, 0.1, 0.1, 0.5],
      ],
    });
    const { X, states } = casino.sample(10_000, { randomState: 2024 });
    const rolls = X.map((row) => row[0]!);
    const hmm = new HiddenMarkovModel({
      nStates: 2,
      emission: 'categorical',
      nInit: 3,
      randomState: 7,
      tol: 1e-6,
      maxIter: 1000,
    });
    expect(hmm.fit([rolls])).toBe(hmm);
    const loaded = hmm.emissionProb[0]![5]! > hmm.emissionProb[1]![5]! ? 0 : 1;
    const fair = 1 - loaded;
    expect(hmm.emissionProb[loaded]![5]).toBeCloseTo(0.47, 2);
    for (let face = 0; face < 5; face++) expect(hmm.emissionProb[loaded]![face]).toBeCloseTo(0.1, 1);
    expect(hmm.transMat[fair]![loaded]).toBeCloseTo(0.05, 2);
    expect(hmm.transMat[loaded]![fair]).toBeCloseTo(0.09, 2);
    const path = hmm.predict(rolls);
    const correct = path.filter((s, t) => (s === loaded ? 1 : 0) === states[t]).length / rolls.length;
    expect(correct).toBeCloseTo(0.78, 2);
    const truePath = casino.predict(rolls);
    const trueCorrect = truePath.filter((s, t) => s === states[t]).length / rolls.length;
    expect(Math.abs(correct - trueCorrect)).toBeLessThan(0.01);
    const probs = hmm.predictProba(rolls);
    expect(probs).toHaveLength(10_000);
  });
});

describe('TSDoc examples', () => {
  const casinoOptions = {
    nStates: 2,
    emission: 'categorical' as const,
    startProb: [1, 0],
    transMat: [
      [0.95, 0.05],
      [0.1, 0.9],
    ],
    emissionProb: [
      [1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6],
      [0.1, 0.1, 0.1, 0.1, 0.1, 0.5],
    ],
  };

  it('HiddenMarkovModel: the run of sixes is the loaded die', () => {
    const casino = new HiddenMarkovModel(casinoOptions);
    expect(Array.from(casino.predict([2, 0, 4, 1, 3, 5, 5, 5, 5, 5, 5, 5, 5, 1, 2, 0, 4, 3, 2]))).toEqual([
      0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it('getParameters', () => {
    const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'poisson', randomState: 0 }).fit([
      [0, 1, 0, 9, 11, 10, 0, 1],
    ]);
    expect(Object.keys(hmm.getParameters())).toEqual(['startProb', 'transMat', 'lambdas']);
  });

  it('fit', () => {
    const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'categorical', randomState: 1 });
    hmm.fit([
      [0, 0, 1, 0, 0, 2, 2, 2, 1, 2],
      [0, 1, 0, 2, 2],
    ]);
    expect(hmm.transMat.every((row) => Math.abs(row[0]! + row[1]! - 1) < 1e-12)).toBe(true);
  });

  it('score: 3 · log ½', () => {
    const coin = new HiddenMarkovModel({
      nStates: 1,
      emission: 'categorical',
      startProb: [1],
      transMat: [[1]],
      emissionProb: [[0.5, 0.5]],
    });
    expect(coin.score([0, 1, 1])).toBeCloseTo(3 * Math.log(0.5), 14);
    expect(coin.score([0, 1, 1])).toBeCloseTo(-2.0794, 4);
  });

  it('scoreSamples', () => {
    const hmm = new HiddenMarkovModel({
      nStates: 2,
      emission: 'gaussian',
      covarianceType: 'diag',
      randomState: 0,
    }).fit([0.1, -0.2, 0.05, 5.1, 4.9, 5.2, 0.0, -0.1]);
    const { logProb, posteriors } = hmm.scoreSamples([0, 5]);
    expect(Number.isFinite(logProb)).toBe(true);
    expect(posteriors[0]![0]! + posteriors[0]![1]!).toBeCloseTo(1, 14);
  });

  it('predictProba: 0.939…', () => {
    const hmm = new HiddenMarkovModel({
      nStates: 2,
      emission: 'categorical',
      startProb: [0.5, 0.5],
      transMat: [
        [0.9, 0.1],
        [0.1, 0.9],
      ],
      emissionProb: [
        [0.9, 0.1],
        [0.1, 0.9],
      ],
    });
    expect(hmm.predictProba([0, 0, 1])[0]![0]).toBeCloseTo(0.939, 3);
  });

  it('predict (poisson)', () => {
    const hmm = new HiddenMarkovModel({
      nStates: 2,
      emission: 'poisson',
      startProb: [0.5, 0.5],
      transMat: [
        [0.9, 0.1],
        [0.1, 0.9],
      ],
      lambdas: [[1], [10]],
    });
    expect(Array.from(hmm.predict([0, 1, 12, 9, 11, 0]))).toEqual([0, 0, 1, 1, 1, 0]);
  });

  it('decode', () => {
    const hmm = new HiddenMarkovModel({
      nStates: 2,
      emission: 'categorical',
      startProb: [1, 0],
      transMat: [
        [0.5, 0.5],
        [0, 1],
      ],
      emissionProb: [
        [0.8, 0.2],
        [0.2, 0.8],
      ],
    });
    const { logProb, stateSequence } = hmm.decode([0, 0, 1, 1], { algorithm: 'viterbi' });
    expect(Array.from(stateSequence)).toEqual([0, 0, 1, 1]);
    expect(logProb).toBeCloseTo(Math.log(0.8 * 0.5 * 0.8 * 0.5 * 0.8 * 1 * 0.8), 12);
  });

  it('sample', () => {
    const hmm = new HiddenMarkovModel({
      nStates: 2,
      emission: 'gaussian',
      covarianceType: 'spherical',
      startProb: [1, 0],
      transMat: [
        [0.9, 0.1],
        [0.2, 0.8],
      ],
      means: [[0], [10]],
      covars: [1, 1],
    });
    const { X, states } = hmm.sample(100, { randomState: 3 });
    expect(X.length).toBe(100);
    expect(states[0]).toBe(0);
  });

  it('nParameters, bic, aic', () => {
    const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'categorical', randomState: 0 }).fit([
      [0, 1, 2, 1, 0],
    ]);
    expect(hmm.nParameters()).toBe(7);
    const X = [0.1, 0.2, 0.1, 5.2, 5.1, 5.3, 0.2, 0.1, 5.0, 5.2];
    const one = new HiddenMarkovModel({ nStates: 1, randomState: 0 }).fit(X);
    const two = new HiddenMarkovModel({ nStates: 2, randomState: 0 }).fit(X);
    expect(two.bic(X)).toBeLessThan(one.bic(X));
    const h = new HiddenMarkovModel({ nStates: 2, randomState: 0 }).fit([0.1, 0.2, 5.2, 5.1, 0.1]);
    expect(Number.isFinite(h.aic([0.1, 0.2, 5.2, 5.1, 0.1]))).toBe(true);
  });

  it('toJSON, fromJSON, HMM_FORMAT, HMM_SCHEMA_VERSION, HiddenMarkovModelJSON', () => {
    const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'categorical', randomState: 0 }).fit([
      [0, 1, 1, 0, 2],
    ]);
    const copy = HiddenMarkovModel.fromJSON(JSON.stringify(hmm));
    expect(copy.score([0, 1])).toBe(hmm.score([0, 1]));
    const one = HiddenMarkovModel.fromJSON({
      format: 'em-hmm',
      version: 1,
      options: { nStates: 1, emission: 'categorical', nFeatures: 2 },
      parameters: { startProb: [1], transMat: [[1]], emissionProb: [[0.25, 0.75]] },
    });
    expect(one.score([1])).toBeCloseTo(Math.log(0.75), 15);
    expect(HMM_FORMAT).toBe('em-hmm');
    expect(HMM_SCHEMA_VERSION).toBe(1);
    const json: HiddenMarkovModelJSON = {
      format: 'em-hmm',
      version: 1,
      options: { nStates: 1, emission: 'poisson' },
      parameters: { startProb: [1], transMat: [[1]], lambdas: [[3]] },
    };
    expect(HiddenMarkovModel.fromJSON(json).lambdas).toEqual([[3]]);
  });

  it('SequenceInputError', () => {
    const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'categorical', nFeatures: 3, randomState: 0 });
    let error: unknown;
    try {
      hmm.fit([
        [0, 1, 2],
        [2, 7],
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SequenceInputError);
    expect([(error as SequenceInputError).sequence, (error as SequenceInputError).position]).toEqual([1, 1]);
  });
});

describe('toString and console.log: one line, not the internal state', () => {
  it('before fit, after fit, and built from given parameters (the TSDoc example)', () => {
    const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'categorical', randomState: 0 });
    expect(String(hmm)).toBe("HiddenMarkovModel { nStates: 2, emission: 'categorical', fitted: false }");
    hmm.fit([[0, 1, 1, 0, 2, 2, 2, 0, 1, 2]]);
    expect(inspect(hmm)).toBe(
      `HiddenMarkovModel { nStates: 2, emission: 'categorical', nFeatures: 3, fitted: true, converged: true, nIter: ${hmm.nIter}, logLikelihood: ${Number(hmm.logLikelihood.toPrecision(6))} }`,
    );
    expect([hmm.nIter, Number(hmm.logLikelihood.toPrecision(6))]).toEqual([21, -8.63893]);
    expect(`${new HiddenMarkovModel({ nStates: 3, emission: 'gaussian', covarianceType: 'diag' })}`).toBe(
      "HiddenMarkovModel { nStates: 3, emission: 'gaussian', covarianceType: 'diag', fitted: false }",
    );
    const given = new HiddenMarkovModel({
      nStates: 2,
      emission: 'categorical',
      startProb: [0.5, 0.5],
      transMat: [
        [0.95, 0.05],
        [0.1, 0.9],
      ],
      emissionProb: [
        [0.5, 0.5],
        [0.1, 0.9],
      ],
    });
    expect(inspect(given)).toBe(
      "HiddenMarkovModel { nStates: 2, emission: 'categorical', nFeatures: 2, parameters: 'given' }",
    );
  });
});
