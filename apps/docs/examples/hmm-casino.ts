import { writeFileSync } from 'node:fs';
import { HiddenMarkovModel } from '@em/hmm';
import { stateSequenceSvg } from '@em/plot';

// The occasionally dishonest casino (Durbin, Eddy, Krogh & Mitchison 1998, §3.2): a fair die, and a
// loaded one that shows six half the time; the casino switches dice with probability 0.05 and 0.1.
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
const rolls = X.map((row) => row[0]!); // faces 1–6 as symbols 0–5

// Learn it back from the rolls alone.
const hmm = new HiddenMarkovModel({
  nStates: 2,
  emission: 'categorical',
  nInit: 3,
  randomState: 7,
  maxIter: 1000,
  tol: 1e-6,
}).fit([rolls]);
const loaded = hmm.emissionProb[0]![5]! > hmm.emissionProb[1]![5]! ? 0 : 1;
const fair = 1 - loaded;
const f = (v: number) => v.toFixed(3);
console.log(
  `converged after ${hmm.nIter} iterations, log-likelihood ${hmm.logLikelihood.toFixed(2)}`,
);
console.log(`fair die:   ${hmm.emissionProb[fair]!.map(f).join(' ')}`);
console.log(`loaded die: ${hmm.emissionProb[loaded]!.map(f).join(' ')}`);
console.log(
  `P(fair → loaded) = ${f(hmm.transMat[fair]![loaded]!)}, P(loaded → fair) = ${f(hmm.transMat[loaded]![fair]!)}`,
);

// Which die was in play? Viterbi with the fitted model and with the true one.
const accuracy = (path: Int32Array, loadedState: number) =>
  path.filter((s, t) => (s === loadedState ? 1 : 0) === states[t]).length /
  rolls.length;
console.log(
  `Viterbi names the die of ${(100 * accuracy(hmm.predict(rolls), loaded)).toFixed(1)}% of the rolls (true model: ${(100 * accuracy(casino.predict(rolls), 1)).toFixed(1)}%)`,
);
console.log(
  `log-likelihood of the rolls: fitted ${hmm.score(rolls).toFixed(2)}, true ${casino.score(rolls).toFixed(2)}`,
);

// The first 300 rolls: each coloured by its decoded die, the posterior P(die | rolls) above.
const first = rolls.slice(0, 300);
const posteriors = hmm.predictProba(first);
const order = loaded === 1 ? [0, 1] : [1, 0]; // fair first, loaded second
const svg = stateSequenceSvg(
  {
    observations: first.map((s) => s + 1),
    states: Array.from(hmm.predict(first), (s) => order.indexOf(s)),
    posteriors: posteriors.map((row) => order.map((j) => row[j]!)),
  },
  {
    title: 'The dishonest casino: 300 rolls, decoded',
    stateLabels: ['fair', 'loaded'],
    yLabel: 'face',
    xLabel: 'roll',
    height: 320,
  },
);
writeFileSync('hmm-casino.svg', svg);
console.log(`wrote hmm-casino.svg (${svg.length} bytes)`);
