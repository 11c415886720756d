// The data every consumer fits: three well-separated 2-D groups, and die rolls from the dishonest
// casino (Durbin et al., 1998) long enough for both workers to get sequences.
import { HiddenMarkovModel } from '@em/hmm';

export function gaussianData() {
  return Array.from({ length: 3000 }, (_, i) => [
    (i % 3) * 6 + Math.sin(i * 12.9898) * 2,
    (i % 3) * -4 + Math.cos(i * 78.233) * 2,
  ]);
}

const FAIR = [1, 1, 1, 1, 1, 1].map((p) => p / 6);
const LOADED = [0.1, 0.1, 0.1, 0.1, 0.1, 0.5];
const casino = {
  nStates: 2,
  emission: 'categorical',
  startProb: [0.5, 0.5],
  transMat: [
    [0.95, 0.05],
    [0.1, 0.9],
  ],
  emissionProb: [FAIR, LOADED],
};

export function hmmSequences() {
  const model = new HiddenMarkovModel(casino);
  return Array.from({ length: 8 }, (_, i) =>
    model.sample(1500, { randomState: i + 1 }).X.map((row) => row[0]),
  );
}

export const hmmOptions = { nStates: 2, emission: 'categorical', randomState: 0, maxIter: 30 };
