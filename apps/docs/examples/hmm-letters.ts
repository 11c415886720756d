import { readFileSync } from 'node:fs';
import { HiddenMarkovModel } from '@em/hmm';

// Cave & Neuwirth (1980), retold by Rabiner (1989, §IX): train a 2-state HMM on plain English with
// no labels and read its emission probabilities. The text: public-domain English (the Declaration of
// Independence, the Constitution's preamble, the Gettysburg Address, the opening of A Tale of Two
// Cities, Psalm 23 in the King James Version), lower-cased, letters and single spaces only.
const ALPHABET = ' abcdefghijklmnopqrstuvwxyz';
const text = readFileSync(
  new URL('../../../packages/hmm/test/fixtures/english.txt', import.meta.url),
  'utf8',
)
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
const groups: string[][] = [[], []];
for (let k = 0; k < ALPHABET.length; k++)
  groups[B[0]![k]! > B[1]![k]! ? 0 : 1]!.push(
    ALPHABET[k] === ' ' ? '␣' : ALPHABET[k]!,
  );
const vowelState = groups[0]!.includes('a') ? 0 : 1;
console.log(`${symbols.length} characters, ${hmm.nIter} iterations`);
console.log(`state A: ${groups[vowelState]!.join(' ')}`);
console.log(`state B: ${groups[1 - vowelState]!.join(' ')}`);
const top = (j: number) =>
  [...ALPHABET]
    .map((ch, k) => [ch === ' ' ? '␣' : ch, B[j]![k]!] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([ch, p]) => `${ch} ${p.toFixed(3)}`)
    .join(', ');
console.log(`most likely in A: ${top(vowelState)}`);
console.log(`most likely in B: ${top(1 - vowelState)}`);
const t = hmm.transMat;
console.log(
  `P(A → B) = ${t[vowelState]![1 - vowelState]!.toFixed(3)}, P(B → A) = ${t[1 - vowelState]![vowelState]!.toFixed(3)}`,
);
