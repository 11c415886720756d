import { runEMWithRestarts } from '@em/core';
import { calls, eStepChunk, mStep, type Params } from './poisson-mixture.js';

const model = { eStep: (params: Params) => eStepChunk(params, calls), mStep };
const largest = Math.max(...calls);

// Each run starts from two random rates. `random` is a seeded generator,
// so the whole procedure is reproducible.
const best = runEMWithRestarts(
  model,
  (random): Params => ({
    weights: [0.5, 0.5],
    rates: [random() * largest, random() * largest],
  }),
  { nInit: 5, tol: 1e-8 },
);
for (const [run, { logLikelihood, nIter }] of best.runs.entries()) {
  const ll = logLikelihood.toFixed(4);
  console.log(`run ${run}: log-likelihood ${ll} (${nIter} iterations)`);
}
const rates = best.params.rates
  .map((r) => r.toFixed(3))
  .sort((a, b) => Number(a) - Number(b));
console.log(`kept run ${best.bestRun}: rates ${rates.join(', ')}`);
