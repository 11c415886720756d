// Agreement with pomegranate 0.14.8 (fixtures made by test/fixtures/pomegranate_fixtures.py): the
// log-probability and Viterbi path of every sequence under given parameters, and Baum–Welch from the
// same initial parameters, run for the same number of iterations as plain maximum likelihood.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HiddenMarkovModel, type HiddenMarkovModelOptions } from '../src/index.js';

interface Case {
  name: string;
  kind: 'categorical' | 'normal' | 'full' | 'diag' | 'poisson' | 'gmm';
  iterations: number;
  updates: number;
  sequences: (number[] | number[][])[];
  init: Record<string, unknown>;
  logProbs: number[];
  viterbiLogProbs: number[];
  viterbiPaths: number[][];
  fitted: Record<string, unknown>;
  fittedLogProb: number;
}

const fixtures: { cases: Case[] } = JSON.parse(
  readFileSync(new URL('./fixtures/pomegranate.json', import.meta.url), 'utf8'),
);

function optionsFor(c: Case, params: Record<string, unknown>): HiddenMarkovModelOptions {
  const nStates = (params.startProb as number[]).length;
  const base = { nStates, minCovar: 0, ...params } as HiddenMarkovModelOptions;
  switch (c.kind) {
    case 'categorical':
      return { ...base, emission: 'categorical' };
    case 'normal':
    case 'diag':
      return { ...base, emission: 'gaussian', covarianceType: 'diag' };
    case 'full':
      return { ...base, emission: 'gaussian', covarianceType: 'full' };
    case 'poisson':
      return { ...base, emission: 'poisson' };
    case 'gmm':
      return {
        ...base,
        emission: 'gmm',
        covarianceType: 'spherical',
        nMix: (params.weights as number[][])[0]!.length,
      };
  }
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function expectClose(actual: unknown, expected: unknown, tol: number, path: string): void {
  if (typeof expected === 'number') {
    const a = actual as number;
    const err = Math.abs(a - expected) / Math.max(Math.abs(expected), 1);
    if (!(err <= tol)) throw new Error(`${path}: ${a} vs ${expected} (error ${err})`);
    return;
  }
  const e = expected as unknown[];
  const a = actual as unknown[];
  expect(a.length, path).toBe(e.length);
  e.forEach((v, i) => {
    expectClose(a[i], v, tol, `${path}[${i}]`);
  });
}

describe.each(fixtures.cases)('pomegranate 0.14.8: $name', (c) => {
  const model = new HiddenMarkovModel(optionsFor(c, c.init));

  it('log-probability of every sequence to 1e-9 relative', () => {
    c.sequences.forEach((seq, i) => {
      expect(relative(model.score(seq), c.logProbs[i]!)).toBeLessThan(1e-9);
    });
  });

  it('identical Viterbi paths, and their log-probabilities to 1e-9 relative', () => {
    c.sequences.forEach((seq, i) => {
      const { logProb, stateSequence } = model.decode(seq, { algorithm: 'viterbi' });
      expect(Array.from(stateSequence)).toEqual(c.viterbiPaths[i]);
      expect(relative(logProb, c.viterbiLogProbs[i]!)).toBeLessThan(1e-9);
    });
  });

  it(`Baum–Welch from the same start reaches the same parameters and log-likelihood (${c.updates} updates)`, () => {
    const hmm = new HiddenMarkovModel({ ...optionsFor(c, c.init), maxIter: c.updates, tol: 0 }).fit(
      c.sequences,
    );
    expect(hmm.nIter).toBe(c.updates);
    const ours = hmm.getParameters() as unknown as Record<string, unknown>;
    for (const key of Object.keys(c.fitted)) expectClose(ours[key], c.fitted[key], 1e-8, key);
    expect(
      relative(
        hmm.score(
          c.sequences.flat() as never,
          c.sequences.map((s) => s.length),
        ),
        c.fittedLogProb,
      ),
    ).toBeLessThan(1e-9);
    // Structural zeros of the initial transition matrix stay exactly zero.
    const init = c.init.transMat as number[][];
    init.forEach((row, i) => {
      row.forEach((p, j) => {
        if (p === 0) expect(hmm.transMat[i]![j]).toBe(0);
      });
    });
  });
});
