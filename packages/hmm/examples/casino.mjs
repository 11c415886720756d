// The README's example: the occasionally dishonest casino (Durbin et al. 1998). Run after building:
//   node examples/casino.mjs
import { HiddenMarkovModel } from '@em/hmm';

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
const rolls = X.map((row) => row[0]);

const hmm = new HiddenMarkovModel({
  nStates: 2,
  emission: 'categorical',
  nInit: 3,
  randomState: 7,
  tol: 1e-6,
  maxIter: 1000,
});
hmm.fit([rolls]);
const loaded = hmm.emissionProb[0][5] > hmm.emissionProb[1][5] ? 0 : 1;
console.log('P(six | loaded die):', hmm.emissionProb[loaded][5].toFixed(3));
console.log(
  'P(fair → loaded), P(loaded → fair):',
  hmm.transMat[1 - loaded][loaded].toFixed(3),
  hmm.transMat[loaded][1 - loaded].toFixed(3),
);
const path = hmm.predict(rolls);
const correct = path.filter((s, t) => (s === loaded ? 1 : 0) === states[t]).length;
console.log('rolls whose die Viterbi names correctly:', correct / rolls.length);
