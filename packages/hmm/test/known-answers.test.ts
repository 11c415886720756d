// Published known answers: the occasionally dishonest casino (Durbin, Eddy, Krogh & Mitchison 1998,
// §3.2) recovered from 10,000 rolls, and the letters experiment (Cave & Neuwirth 1980; Rabiner 1989,
// §IX): a 2-state HMM trained on English text, with no labels, separates vowels from consonants.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HiddenMarkovModel } from '../src/index.js';
import { CASINO } from './helpers.js';

describe('the dishonest casino (Durbin et al. 1998)', () => {
  const truth = new HiddenMarkovModel(CASINO);
  const { X, states } = truth.sample(10_000, { randomState: 2024 });
  const rolls = X.map((row) => row[0]!);
  const hmm = new HiddenMarkovModel({
    nStates: 2,
    emission: 'categorical',
    nInit: 3,
    randomState: 7,
    maxIter: 1000,
    tol: 1e-6,
  }).fit(rolls);
  // Which fitted state is the loaded die: the one that throws more sixes.
  const loaded = hmm.emissionProb[0]![5]! > hmm.emissionProb[1]![5]! ? 0 : 1;
  const fair = 1 - loaded;

  it('recovers the loaded die (P(six) = 0.5) and the fair one (1/6 each)', () => {
    expect(hmm.emissionProb[loaded]![5]).toBeCloseTo(0.5, 1);
    for (let face = 0; face < 5; face++)
      expect(Math.abs(hmm.emissionProb[loaded]![face]! - 0.1)).toBeLessThan(0.03);
    for (let face = 0; face < 6; face++)
      expect(Math.abs(hmm.emissionProb[fair]![face]! - 1 / 6)).toBeLessThan(0.03);
  });

  it('recovers the switching probabilities 0.05 (fair → loaded) and 0.1 (loaded → fair)', () => {
    expect(Math.abs(hmm.transMat[fair]![loaded]! - 0.05)).toBeLessThan(0.02);
    expect(Math.abs(hmm.transMat[loaded]![fair]! - 0.1)).toBeLessThan(0.04);
  });

  it('the fitted model explains the rolls at least as well as the true one, and Viterbi finds the loaded stretches', () => {
    expect(hmm.score(rolls)).toBeGreaterThanOrEqual(truth.score(rolls) - 1e-6);
    const accuracy = (decoded: Int32Array, loadedState: number) => {
      let agree = 0;
      for (let t = 0; t < rolls.length; t++) if ((decoded[t] === loadedState ? 1 : 0) === states[t]) agree++;
      return agree / rolls.length;
    };
    // Decoding with the fitted model is about as good as decoding with the true one (Durbin et al.'s
    // Figure 3.5 shows the true model's Viterbi path missing short loaded stretches), far above chance.
    const fitted = accuracy(hmm.predict(rolls), loaded);
    const reference = accuracy(truth.predict(rolls), 1);
    expect(fitted).toBeGreaterThan(0.75);
    expect(Math.abs(fitted - reference)).toBeLessThan(0.03);
  });
});

describe('the letters experiment (Cave & Neuwirth 1980; Rabiner 1989)', () => {
  // Public-domain English (Declaration of Independence, Constitution's preamble, Gettysburg
  // Address, the opening of A Tale of Two Cities, Psalm 23 KJV): letters and space, 27 symbols.
  const ALPHABET = ' abcdefghijklmnopqrstuvwxyz';
  const text = readFileSync(new URL('./fixtures/english.txt', import.meta.url), 'utf8')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
  const symbols = [...text].map((ch) => ALPHABET.indexOf(ch));
  const hmm = new HiddenMarkovModel({
    nStates: 2,
    emission: 'categorical',
    nFeatures: 27,
    nInit: 5,
    randomState: 0,
    maxIter: 500,
    tol: 1e-4,
  }).fit(symbols);
  const B = hmm.emissionProb;
  const stateOf = (ch: string) => (B[0]![ALPHABET.indexOf(ch)]! > B[1]![ALPHABET.indexOf(ch)]! ? 0 : 1);

  it('puts the five vowels in one state', () => {
    expect(symbols.length).toBeGreaterThan(5000);
    const vowel = stateOf('a');
    for (const ch of 'eiou') expect(stateOf(ch)).toBe(vowel);
  });

  it('and most consonants in the other', () => {
    const vowel = stateOf('a');
    const consonants = [...'bcdfghjklmnpqrstvwxyz'].filter((ch) => text.includes(ch));
    const other = consonants.filter((ch) => stateOf(ch) !== vowel);
    expect(other.length / consonants.length).toBeGreaterThan(0.8);
    // The common ones without exception.
    for (const ch of 'tnshrdl') expect(stateOf(ch)).not.toBe(vowel);
  });
});
