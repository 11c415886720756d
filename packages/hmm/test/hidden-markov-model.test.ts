import { NotFittedError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { HiddenMarkovModel } from '../src/index.js';
import { CASINO } from './helpers.js';

const casino = new HiddenMarkovModel(CASINO);

describe('fit on many sequences', () => {
  const seqs = [1, 2, 3, 4].map((seed, i) =>
    casino.sample(200 + 150 * i, { randomState: seed }).X.map((r) => r[0]!),
  );

  it('a list of sequences equals hmmlearn-style concatenated X with lengths', () => {
    const options = { nStates: 2, emission: 'categorical' as const, randomState: 3, maxIter: 20, tol: 0 };
    const a = new HiddenMarkovModel(options).fit(seqs);
    const b = new HiddenMarkovModel(options).fit(
      seqs.flat(),
      seqs.map((s) => s.length),
    );
    expect(a.transMat).toEqual(b.transMat);
    expect(a.emissionProb).toEqual(b.emissionProb);
    expect(
      a.score(
        seqs.flat(),
        seqs.map((s) => s.length),
      ),
    ).toBeCloseTo(
      seqs.reduce((sum, s) => sum + a.score(s), 0),
      9,
    );
  });

  it('the log-likelihood never decreases (EM), and the start probabilities are the first-step posteriors', () => {
    const hmm = new HiddenMarkovModel({
      nStates: 2,
      emission: 'categorical',
      randomState: 5,
      maxIter: 50,
      tol: 0,
    }).fit(seqs);
    const h = hmm.history;
    for (let i = 1; i < h.length; i++)
      expect(h[i]!).toBeGreaterThanOrEqual(h[i - 1]! - 1e-9 * Math.abs(h[i - 1]!));
    expect(hmm.startProb.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });

  it('SQUAREM reaches the same optimum in fewer iterations', () => {
    const plain = new HiddenMarkovModel({
      nStates: 2,
      emission: 'categorical',
      randomState: 1,
      maxIter: 2000,
      tol: 1e-8,
    }).fit(seqs);
    const fast = new HiddenMarkovModel({
      nStates: 2,
      emission: 'categorical',
      randomState: 1,
      maxIter: 2000,
      tol: 1e-8,
      acceleration: 'squarem',
    }).fit(seqs);
    expect(
      fast.score(
        seqs.flat(),
        seqs.map((s) => s.length),
      ),
    ).toBeCloseTo(
      plain.score(
        seqs.flat(),
        seqs.map((s) => s.length),
      ),
      3,
    );
    expect(fast.nIter).toBeLessThan(plain.nIter);
  });
});

describe('structural zeros, fixed parameters and priors', () => {
  const leftRight = {
    nStates: 3,
    emission: 'categorical' as const,
    startProb: [1, 0, 0],
    transMat: [
      [0.5, 0.5, 0],
      [0, 0.5, 0.5],
      [0, 0, 1],
    ],
    emissionProb: [
      [0.6, 0.2, 0.2],
      [0.2, 0.6, 0.2],
      [0.2, 0.2, 0.6],
    ],
  };
  const seqs = [
    [0, 0, 0, 1, 1, 2, 2, 2],
    [0, 1, 1, 1, 2, 2],
    [0, 0, 1, 2, 2, 2, 2],
  ];

  it('a left–right model stays left–right, even with pseudo-counts', () => {
    for (const transMatPrior of [1, 2]) {
      const hmm = new HiddenMarkovModel({ ...leftRight, transMatPrior, startProbPrior: 3, maxIter: 30 }).fit(
        seqs,
      );
      expect(hmm.startProb.slice(1)).toEqual([0, 0]);
      expect(hmm.transMat[1]![0]).toBe(0);
      expect(hmm.transMat[2]).toEqual([0, 0, 1]);
      expect(hmm.transMat[0]![2]).toBe(0);
    }
  });

  it("parameters left out of params stay fixed; 'e' only learns emissions", () => {
    const hmm = new HiddenMarkovModel({ ...leftRight, params: 'e', maxIter: 10 }).fit(seqs);
    expect(hmm.transMat).toEqual(leftRight.transMat);
    expect(hmm.startProb).toEqual(leftRight.startProb);
    expect(hmm.emissionProb).not.toEqual(leftRight.emissionProb);
    expect(hmm.nParameters()).toBe(3 * 2);
  });

  it('Dirichlet pseudo-counts: prior − 1 added to the expected counts', () => {
    const options = { ...leftRight, params: 'e', maxIter: 1, tol: 0 };
    const ml = new HiddenMarkovModel(options).fit(seqs);
    const map = new HiddenMarkovModel({ ...options, emissionProbPrior: 11 }).fit(seqs);
    // With 10 pseudo-counts per symbol the rows move towards uniform.
    for (let j = 0; j < 3; j++) {
      const spread = (row: number[]) => Math.max(...row) - Math.min(...row);
      expect(spread(map.emissionProb[j]!)).toBeLessThan(spread(ml.emissionProb[j]!));
    }
    // Check the arithmetic on state 0 with the posteriors of the start.
    const counts = [0, 0, 0];
    const E = new HiddenMarkovModel({ ...leftRight });
    for (const s of seqs) {
      E.predictProba(s).forEach((row, t) => {
        counts[s[t]!]! += row[0]!;
      });
    }
    const total = counts.reduce((a, b) => a + b, 0) + 30;
    counts.forEach((c, o) => {
      expect(map.emissionProb[0]![o]).toBeCloseTo((c + 10) / total, 10);
    });
  });
});

describe('Gaussian, GMM and Poisson emissions', () => {
  const truth = new HiddenMarkovModel({
    nStates: 2,
    covarianceType: 'full',
    startProb: [0.5, 0.5],
    transMat: [
      [0.9, 0.1],
      [0.2, 0.8],
    ],
    means: [
      [0, 0],
      [4, 3],
    ],
    covars: [
      [
        [1, 0.3],
        [0.3, 0.5],
      ],
      [
        [0.6, -0.2],
        [-0.2, 0.9],
      ],
    ],
  });
  const { X, states } = truth.sample(3000, { randomState: 9 });

  it.each([
    'full',
    'diag',
    'spherical',
    'tied',
  ] as const)('covarianceType %s recovers two well-separated states', (covarianceType) => {
    const hmm = new HiddenMarkovModel({ nStates: 2, covarianceType, randomState: 0 }).fit([X]);
    const decoded = hmm.predict(X);
    const same = decoded.reduce((n, s, t) => n + (s === states[t] ? 1 : 0), 0) / X.length;
    expect(Math.max(same, 1 - same)).toBeGreaterThan(0.97);
    const means = hmm.means as number[][];
    const high = means[0]![0]! > means[1]![0]! ? 0 : 1;
    expect(means[high]![0]).toBeCloseTo(4, 0);
    expect(means[1 - high]![1]).toBeCloseTo(0, 0);
  });

  it('gmm with nMix 2 fits at least as well as one Gaussian per state', () => {
    const one = new HiddenMarkovModel({ nStates: 2, covarianceType: 'full', randomState: 0 }).fit([X]);
    const two = new HiddenMarkovModel({
      nStates: 2,
      emission: 'gmm',
      nMix: 2,
      covarianceType: 'full',
      randomState: 0,
    }).fit([X]);
    expect(two.score(X)).toBeGreaterThan(one.score(X) - 5);
    expect(two.weights[0]![0]! + two.weights[0]![1]!).toBeCloseTo(1, 12);
    expect(two.nParameters()).toBe(1 + 2 + 2 * 1 + 2 * 2 * 2 + 2 * 2 * 3);
  });

  it('poisson recovers the rates', () => {
    const counts = new HiddenMarkovModel({
      nStates: 2,
      emission: 'poisson',
      startProb: [1, 0],
      transMat: [
        [0.95, 0.05],
        [0.05, 0.95],
      ],
      lambdas: [[2], [12]],
    }).sample(4000, { randomState: 4 });
    const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'poisson', randomState: 0 }).fit([counts.X]);
    const rates = hmm.lambdas.map((r) => r[0]!).sort((a, b) => a - b);
    expect(rates[0]).toBeCloseTo(2, 0);
    expect(rates[1]).toBeCloseTo(12, 0);
  });
});

describe('decode, sample, bic', () => {
  it('MAP decoding maximises each posterior; Viterbi the joint path', () => {
    const rolls = casino.sample(300, { randomState: 8 }).X.map((r) => r[0]!);
    const map = casino.decode(rolls, { algorithm: 'map' });
    const probs = casino.predictProba(rolls);
    probs.forEach((row, t) => {
      expect(row[map.stateSequence[t]!]).toBe(Math.max(...row));
    });
    expect(map.logProb).toBeCloseTo(casino.score(rolls), 10);
    const vit = casino.decode(rolls);
    expect(vit.logProb).toBeLessThan(map.logProb);
  });

  it('sample is reproducible and follows the chain', () => {
    const a = casino.sample(50, { randomState: 1 });
    const b = casino.sample(50, { randomState: 1 });
    expect(a).toEqual(b);
    expect(casino.sample(5, { randomState: 2, currentState: 1 }).states[0]).toBe(1);
    const frozen = new HiddenMarkovModel({
      ...CASINO,
      transMat: [
        [1, 0],
        [0, 1],
      ],
    });
    const { states } = frozen.sample(100, { randomState: 3, currentState: 0 });
    expect(new Set(states)).toEqual(new Set([0]));
  });

  it('bic and aic follow their formulas', () => {
    const rolls = casino.sample(500, { randomState: 5 }).X.map((r) => r[0]!);
    const hmm = new HiddenMarkovModel({ nStates: 2, emission: 'categorical', randomState: 0 }).fit(rolls);
    const p = 1 + 2 + 2 * 5;
    expect(hmm.nParameters()).toBe(p);
    expect(hmm.bic(rolls)).toBeCloseTo(-2 * hmm.score(rolls) + p * Math.log(500), 8);
    expect(hmm.aic(rolls)).toBeCloseTo(-2 * hmm.score(rolls) + 2 * p, 8);
  });

  it('methods that need parameters throw NotFittedError before fit', () => {
    const hmm = new HiddenMarkovModel({ nStates: 2 });
    expect(() => hmm.score([1, 2])).toThrow(NotFittedError);
    expect(() => hmm.transMat).toThrow(NotFittedError);
    expect(() => hmm.sample(3)).toThrow(NotFittedError);
  });
});
