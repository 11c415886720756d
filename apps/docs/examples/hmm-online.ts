import { HiddenMarkovModel } from '@em/hmm';

// 1000 training and 200 held-out sequences of 200 steps from a two-state Poisson chain.
const truth = new HiddenMarkovModel({
  nStates: 2,
  emission: 'poisson',
  startProb: [0.5, 0.5],
  transMat: [
    [0.95, 0.05],
    [0.1, 0.9],
  ],
  lambdas: [[1], [8]],
});
const draw = (count: number, seed: number) =>
  Array.from({ length: count }, (_, i) =>
    truth.sample(200, { randomState: seed + i }).X.map((row) => row[0]!),
  );
const train = draw(1000, 1000);
const heldOut = draw(200, 500_000);
const perStep = (model: HiddenMarkovModel) =>
  heldOut.reduce((sum, sequence) => sum + model.score(sequence), 0) /
  (200 * 200);

const batch = new HiddenMarkovModel({
  nStates: 2,
  emission: 'poisson',
  randomState: 0,
}).fit(train);
const target = perStep(batch);
console.log(
  `batch Baum–Welch (${batch.nIter} iterations): held-out ${target.toFixed(6)} nats/step`,
);

// Online EM: batches of 50 sequences, passes over the same sequences in the same order.
const online = new HiddenMarkovModel({
  nStates: 2,
  emission: 'poisson',
  randomState: 0,
});
for (let pass = 1; pass <= 5; pass++) {
  for (let start = 0; start < train.length; start += 50)
    online.partialFit(train.slice(start, start + 50));
  if (pass === 1 || pass === 2 || pass === 5) {
    const score = perStep(online);
    console.log(
      `online EM, ${pass} pass${pass > 1 ? 'es' : ''}: held-out ${score.toFixed(6)} nats/step ` +
        `(online − batch: ${score >= target ? '+' : ''}${(score - target).toExponential(1)})`,
    );
  }
}
