import { createWorkerPool, HiddenMarkovModel } from '@em/hmm';

// Many sequences: 30 sessions of 1,000 rolls at the dishonest casino (Durbin et al. 1998).
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
const sessions = Array.from({ length: 30 }, (_, i) =>
  casino.sample(1000, { randomState: i }).X.map((row) => row[0]!),
);

const options = {
  nStates: 2,
  emission: 'categorical' as const,
  nInit: 3,
  randomState: 0,
  maxIter: 1000,
  tol: 1e-6,
  acceleration: 'squarem', // works on worker threads too
} as const;

// On one thread…
const single = new HiddenMarkovModel(options).fit(sessions);

// …and on two worker threads: the sessions are sent to the workers once, each iteration sends
// them the parameters and adds up the expected counts they return.
const pool = createWorkerPool(2);
const parallel = await new HiddenMarkovModel({
  ...options,
  workers: pool,
}).fitAsync(sessions);
await pool.close();

console.log(
  `${parallel.nIter} iterations, log-likelihood ${parallel.logLikelihood.toFixed(3)}`,
);
const sixes = parallel.emissionProb.map((row) => row[5]!.toFixed(3));
console.log(`P(six) in each state: ${sixes.join(', ')}`);
console.log(
  `the same fit as on one thread, bit for bit: ${
    parallel.logLikelihood === single.logLikelihood &&
    JSON.stringify(parallel.getParameters()) ===
      JSON.stringify(single.getParameters())
  }`,
);
