// The scaled forward–backward against brute-force enumeration of every path (closed form on small
// problems) and against a plain log-space forward on a sequence of a million steps.
import { describe, expect, it } from 'vitest';
import { HiddenMarkovModel } from '../src/index.js';
import { enumerate, logForward } from './helpers.js';

const start = [0.6, 0.3, 0.1];
const trans = [
  [0.7, 0.2, 0.1],
  [0.3, 0.5, 0.2],
  [0.25, 0.25, 0.5],
];
const emissionProb = [
  [0.5, 0.3, 0.2],
  [0.1, 0.6, 0.3],
  [0.2, 0.2, 0.6],
];
const categorical = new HiddenMarkovModel({
  nStates: 3,
  emission: 'categorical',
  startProb: start,
  transMat: trans,
  emissionProb,
});
const X = [0, 2, 1, 1, 2, 0, 2];
const logEmit = (j: number, t: number) => Math.log(emissionProb[j]![X[t]!]!);

describe('forward–backward equals enumeration of all 3^7 paths', () => {
  const exact = enumerate(start, trans, logEmit, X.length);

  it('log-likelihood', () => {
    expect(categorical.score(X)).toBeCloseTo(exact.logProb, 12);
  });

  it('posteriors (and each row sums to 1)', () => {
    const { logProb, posteriors } = categorical.scoreSamples(X);
    expect(logProb).toBeCloseTo(exact.logProb, 12);
    posteriors.forEach((row, t) => {
      row.forEach((p, j) => {
        expect(p).toBeCloseTo(exact.posteriors[t]![j]!, 12);
      });
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    });
  });

  it('one Baum–Welch step equals the M-step on enumerated expected counts', () => {
    const hmm = new HiddenMarkovModel({
      nStates: 3,
      emission: 'categorical',
      startProb: start,
      transMat: trans,
      emissionProb,
      maxIter: 1,
      tol: 0,
    }).fit([X]);
    exact.transCounts.forEach((row, i) => {
      const total = row.reduce((a, b) => a + b, 0);
      row.forEach((c, j) => {
        expect(hmm.transMat[i]![j]).toBeCloseTo(c / total, 12);
      });
    });
    exact.posteriors[0]!.forEach((p, j) => {
      expect(hmm.startProb[j]).toBeCloseTo(p, 12);
    });
    for (let j = 0; j < 3; j++) {
      const totals = [0, 0, 0];
      X.forEach((o, t) => {
        totals[o]! += exact.posteriors[t]![j]!;
      });
      const n = totals.reduce((a, b) => a + b, 0);
      totals.forEach((c, o) => {
        expect(hmm.emissionProb[j]![o]).toBeCloseTo(c / n, 12);
      });
    }
  });

  it('Viterbi returns the best enumerated path and its log-probability', () => {
    let best = Number.NEGATIVE_INFINITY;
    let bestPath: number[] = [];
    for (const path of (function* () {
      const s = 3;
      const t = X.length;
      const p = new Array<number>(t).fill(0);
      while (true) {
        yield [...p];
        let k = t - 1;
        while (k >= 0 && p[k] === s - 1) p[k--] = 0;
        if (k < 0) return;
        p[k]!++;
      }
    })()) {
      let lp = Math.log(start[path[0]!]!) + logEmit(path[0]!, 0);
      for (let k = 1; k < X.length; k++)
        lp += Math.log(trans[path[k - 1]!]![path[k]!]!) + logEmit(path[k]!, k);
      if (lp > best) [best, bestPath] = [lp, path];
    }
    const { logProb, stateSequence } = categorical.decode(X);
    expect(Array.from(stateSequence)).toEqual(bestPath);
    expect(logProb).toBeCloseTo(best, 12);
  });

  it('Gaussian emissions: log-likelihood and posteriors by enumeration', () => {
    const means = [-1, 0.5, 2];
    const variances = [0.5, 1, 2];
    const gaussian = new HiddenMarkovModel({
      nStates: 3,
      covarianceType: 'diag',
      startProb: start,
      transMat: trans,
      means: means.map((m) => [m]),
      covars: variances.map((v) => [v]),
    });
    const Y = [-1.2, 0.3, 2.5, 1.9, -0.4, 0.8];
    const emit = (j: number, t: number) =>
      -0.5 * Math.log(2 * Math.PI * variances[j]!) - (Y[t]! - means[j]!) ** 2 / (2 * variances[j]!);
    const ref = enumerate(start, trans, emit, Y.length);
    const { logProb, posteriors } = gaussian.scoreSamples(Y);
    expect(logProb).toBeCloseTo(ref.logProb, 12);
    posteriors.forEach((row, t) => {
      row.forEach((p, j) => {
        expect(p).toBeCloseTo(ref.posteriors[t]![j]!, 12);
      });
    });
  });
});

describe('a sequence of 10⁶ steps', () => {
  const { X: sample } = categorical.sample(1_000_000, { randomState: 11 });
  const seq = Float64Array.from(sample, (row) => row[0]!);

  it('does not underflow: the scaled forward equals a plain log-space forward', { timeout: 60_000 }, () => {
    const ours = categorical.score(seq);
    expect(Number.isFinite(ours)).toBe(true);
    expect(ours).toBeLessThan(-900_000); // about −1.05 nats per step: far below the smallest double's log
    // The log-space reference is slow: compare on a 20,000-step prefix.
    const prefix = Array.from(seq.subarray(0, 20_000));
    const ref = logForward(start, trans, (j, t) => Math.log(emissionProb[j]![prefix[t]!]!), prefix.length);
    expect(Math.abs(categorical.score(prefix) - ref) / Math.abs(ref)).toBeLessThan(1e-12);
  });

  it('Baum–Welch on it stays finite and increases the likelihood', { timeout: 60_000 }, () => {
    const hmm = new HiddenMarkovModel({
      nStates: 3,
      emission: 'categorical',
      randomState: 0,
      maxIter: 2,
      tol: 0,
    }).fit(seq);
    const h = hmm.history;
    expect(h.every(Number.isFinite)).toBe(true);
    expect(h[1]!).toBeGreaterThan(h[0]!);
    const last = hmm.predictProba(seq.subarray(0, 100_000)).at(-1)!;
    expect(last[0]! + last[1]! + last[2]!).toBeCloseTo(1, 12);
  });
});
