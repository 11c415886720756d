import { HiddenMarkovModel } from '@em/hmm';

// hmmlearn's tutorial, ported: a 3-state Gaussian HMM, sampled, then fitted on several sequences.
//
//   model = hmm.GaussianHMM(n_components=3, covariance_type="full")
//   model.startprob_ = np.array([0.6, 0.3, 0.1])
//   model.transmat_ = np.array([[0.7, 0.2, 0.1], [0.3, 0.5, 0.2], [0.3, 0.3, 0.4]])
//   model.means_ = np.array([[0.0, 0.0], [3.0, -3.0], [5.0, 10.0]])
//   model.covars_ = np.tile(np.identity(2), (3, 1, 1))
//   X, Z = model.sample(100)
const identity = [
  [1, 0],
  [0, 1],
];
const model = new HiddenMarkovModel({
  nStates: 3,
  covarianceType: 'full',
  startProb: [0.6, 0.3, 0.1],
  transMat: [
    [0.7, 0.2, 0.1],
    [0.3, 0.5, 0.2],
    [0.3, 0.3, 0.4],
  ],
  means: [
    [0, 0],
    [3, -3],
    [5, 10],
  ],
  covars: [identity, identity, identity],
});

// Three sequences of different lengths; hmmlearn would concatenate them and pass lengths.
const sequences = [1, 2, 3].map((seed, i) =>
  model.sample(100 + 50 * i, { randomState: seed }),
);
const X = sequences.map((s) => s.X);

//   remodel = hmm.GaussianHMM(n_components=3, covariance_type="full", n_iter=100).fit(X, lengths)
const remodel = new HiddenMarkovModel({
  nStates: 3,
  covarianceType: 'full',
  maxIter: 100,
  randomState: 0,
}).fit(X);
console.log(
  `converged: ${remodel.converged} after ${remodel.nIter} iterations`,
);
const order = (remodel.means as number[][])
  .map((m, j) => [m[0]!, j] as const)
  .sort((a, b) => a[0] - b[0])
  .map(([, j]) => j);
for (const j of order) {
  const m = (remodel.means as number[][])[j]!;
  console.log(
    `state with mean [${m.map((v) => v.toFixed(2)).join(', ')}], start ${remodel.startProb[j]!.toFixed(2)}`,
  );
}

//   Z2 = remodel.predict(X[0]);  logprob, Z3 = remodel.decode(X[0], algorithm="map")
const Z2 = remodel.predict(X[0]!);
const Z3 = remodel.decode(X[0]!, { algorithm: 'map' }).stateSequence;
// The true states are numbered by the generating model, whose means are in increasing x order too.
const hits = Z2.filter((s, t) => s === order[sequences[0]!.states[t]!]).length;
console.log(
  `Viterbi recovers ${hits} of ${Z2.length} hidden states; MAP decoding agrees with Viterbi at ${Z3.filter((s, t) => s === Z2[t]).length}`,
);
console.log(`score(X[0]) = ${remodel.score(X[0]!).toFixed(3)}`);
//   remodel.bic(np.concatenate(X), lengths)
console.log(
  `bic = ${remodel
    .bic(
      X.flat(),
      X.map((x) => x.length),
    )
    .toFixed(1)} with ${remodel.nParameters()} free parameters`,
);
