import { chunkedEStepAsync, runEMAsync } from '@em/core';
import { algebra, calls, eStepChunk, mStep } from './poisson-mixture.js';

// Stands in for reading a large file piece by piece:
// chunks arrive one at a time, asynchronously.
async function* readChunks(size: number) {
  for (let start = 0; start < calls.length; start += size) {
    await new Promise((resolve) => setTimeout(resolve, 1)); // I/O happens here
    yield calls.slice(start, start + size);
  }
}

// controller.abort() would stop the run between two iterations.
const controller = new AbortController();
const eStep = chunkedEStepAsync({
  chunks: () => readChunks(16),
  eStepChunk,
  ...algebra,
});
const result = await runEMAsync(
  { eStep, mStep },
  { weights: [0.5, 0.5], rates: [1, 5] },
  { tol: 1e-8, signal: controller.signal },
);
const rates = result.params.rates.map((r) => r.toFixed(3));
console.log(`rates ${rates.join(', ')}`);
console.log(`stopped: ${result.stopReason} after ${result.nIter} iterations`);
