// toString and console.log of the models: one readable line (not the internal state).
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HiddenMarkovModel } from '../src/index.js';

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
