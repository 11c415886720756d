import type { EMResult } from '@em/core';
import { chunkedEStep, runEM } from '@em/core';
import type { Params } from './poisson-mixture.js';
import { algebra, calls, eStepChunk, mStep } from './poisson-mixture.js';

const start: Params = { weights: [0.5, 0.5], rates: [1, 5] };
const options = { tol: 1e-8 };

// The whole array at once…
const eStepWhole = (params: Params) => eStepChunk(params, calls);
const whole = runEM({ eStep: eStepWhole, mStep }, start, options);

// …and the same data as three chunks of 20 minutes.
// The loop cannot tell the difference.
const eStep = chunkedEStep({
  chunks: () => [calls.slice(0, 20), calls.slice(20, 40), calls.slice(40)],
  eStepChunk,
  ...algebra,
});
const chunked = runEM({ eStep, mStep }, start, options);

const round = (values: number[]) => values.map((v) => v.toFixed(3)).join(', ');
const show = ({ params, nIter }: EMResult<Params>) =>
  `rates ${round(params.rates)}; weights ${round(params.weights)} ` +
  `(${nIter} iterations)`;
console.log(`whole:   ${show(whole)}`);
console.log(`chunked: ${show(chunked)}`);
