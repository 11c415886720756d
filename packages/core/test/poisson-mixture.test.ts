import { describe, expect, it } from 'vitest';
import { chunkedEStep, runEM, runEMWithRestarts } from '../src/index.js';
import { mulberry32 } from '../src/numeric/index.js';
import {
  poissonAlgebra,
  poissonEStep,
  poissonMixture,
  poissonMStep,
  samplePoissonMixture,
} from './models/poisson-mixture.js';

const truth = { weights: [0.3, 0.7], rates: [2, 12] };
const data = samplePoissonMixture(truth, 20_000, 7);

describe('a Poisson mixture written against the contract', () => {
  it('recovers the rates and weights it was sampled from', () => {
    const result = runEM(
      poissonMixture(data),
      { weights: [0.5, 0.5], rates: [1, 5] },
      { tol: 1e-8, maxIter: 500 },
    );
    expect(result.converged).toBe(true);
    // Standard error of a rate estimate is about sqrt(rate / n_k): < 0.05 here.
    expect(result.params.rates[0]).toBeCloseTo(2, 0);
    expect(Math.abs(result.params.rates[0]! - 2)).toBeLessThan(0.15);
    expect(Math.abs(result.params.rates[1]! - 12)).toBeLessThan(0.15);
    expect(Math.abs(result.params.weights[0]! - 0.3)).toBeLessThan(0.02);
  });

  it('finds a fixed point: one more EM step changes nothing at convergence', () => {
    const result = runEM(
      poissonMixture(data),
      { weights: [0.5, 0.5], rates: [1, 5] },
      { tol: 1e-10, maxIter: 1000 },
    );
    const again = poissonMStep(poissonEStep(result.params, data).stats);
    expect(again.rates[0]).toBeCloseTo(result.params.rates[0]!, 6);
    expect(again.rates[1]).toBeCloseTo(result.params.rates[1]!, 6);
  });

  it('runs over chunks with the same result as over the whole array', () => {
    const whole = runEM(
      poissonMixture(data),
      { weights: [0.5, 0.5], rates: [1, 5] },
      { tol: 0, maxIter: 20 },
    );
    const eStep = chunkedEStep({
      chunks: () => [data.subarray(0, 7000), data.subarray(7000, 13_001), data.subarray(13_001)],
      eStepChunk: poissonEStep,
      ...poissonAlgebra(2),
    });
    const chunked = runEM(
      { eStep, mStep: poissonMStep },
      { weights: [0.5, 0.5], rates: [1, 5] },
      { tol: 0, maxIter: 20 },
    );
    expect(chunked.params.rates[0]).toBeCloseTo(whole.params.rates[0]!, 10);
    expect(chunked.params.rates[1]).toBeCloseTo(whole.params.rates[1]!, 10);
    expect(chunked.history.at(-1)).toBeCloseTo(whole.history.at(-1)!, 6);
  });

  it('keeps the best of several random restarts', () => {
    const init = (random: () => number) => ({
      weights: [0.5, 0.5],
      rates: [1 + 20 * random(), 1 + 20 * random()],
    });
    const best = runEMWithRestarts(poissonMixture(data), init, {
      nInit: 4,
      random: mulberry32(3),
      tol: 1e-6,
    });
    expect(best.runs).toHaveLength(4);
    expect(best.logLikelihood).toBe(Math.max(...best.runs.map((run) => run.logLikelihood)));
    expect(best.runs[best.bestRun]!.logLikelihood).toBe(best.logLikelihood);
  });
});
