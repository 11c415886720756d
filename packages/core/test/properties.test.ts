import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunkedEStep,
  chunkedEStepAsync,
  LikelihoodDecreaseError,
  runEM,
  runEMAsync,
  runEMWithRestarts,
  runEMWithRestartsAsync,
} from '../src/index.js';
import { mulberry32 } from '../src/numeric/index.js';
import {
  type PoissonParams,
  poissonAlgebra,
  poissonEStep,
  poissonMixture,
  poissonMStep,
  samplePoissonMixture,
} from './models/poisson-mixture.js';

const paramsArb = fc
  .tuple(
    fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    fc.double({ min: 0.5, max: 30, noNaN: true }),
    fc.double({ min: 0.5, max: 30, noNaN: true }),
  )
  .map(([w, a, b]): PoissonParams => ({ weights: [w, 1 - w], rates: [a, b] }));
const dataArb = fc
  .integer({ min: 1, max: 10_000 })
  .map((seed) => samplePoissonMixture({ weights: [0.4, 0.6], rates: [3, 9] }, 300, seed));

describe('properties of the EM loop', () => {
  it('never decreases the log-likelihood for a correct model', () => {
    fc.assert(
      fc.property(dataArb, paramsArb, (data, init) => {
        const result = runEM(poissonMixture(data), init, { maxIter: 30, tol: 0, strict: true });
        expect(result.decreases).toEqual([]);
        for (let i = 1; i < result.history.length; i++) {
          expect(result.history[i]!).toBeGreaterThanOrEqual(
            result.history[i - 1]! - 1e-9 * Math.abs(result.history[i]!),
          );
        }
      }),
      { numRuns: 40 },
    );
  });

  it('catches a deliberately wrong M-step', () => {
    const data = samplePoissonMixture({ weights: [0.4, 0.6], rates: [3, 9] }, 500, 1);
    // Every other M-step triples the rates: the next E-step must see a lower likelihood.
    let calls = 0;
    const wrong = {
      eStep: (params: PoissonParams) => poissonEStep(params, data),
      mStep: (stats: Parameters<typeof poissonMStep>[0]) => {
        const right = poissonMStep(stats);
        const factor = ++calls % 2 === 0 ? 3 : 1;
        return { weights: right.weights, rates: right.rates.map((rate) => rate * factor) };
      },
    };
    const init = { weights: [0.5, 0.5], rates: [2, 10] };
    const recorded = runEM(wrong, init, { maxIter: 6, tol: 0 });
    expect(recorded.decreases.length).toBeGreaterThan(0);
    expect(recorded.decreases[0]!.amount).toBeGreaterThan(0);
    expect(recorded.decreases.map((d) => d.iteration)).toEqual([3, 5]);
    calls = 0;
    expect(() => runEM(wrong, init, { maxIter: 6, tol: 0, strict: true })).toThrow(LikelihoodDecreaseError);
  });

  it('reports callback and abort stops', async () => {
    const data = samplePoissonMixture({ weights: [0.4, 0.6], rates: [3, 9] }, 200, 2);
    const init = { weights: [0.5, 0.5], rates: [1, 2] };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 15 }), async (stopAt) => {
        const byCallback = runEM(poissonMixture(data), init, {
          tol: 0,
          onIteration: (info) => info.iteration < stopAt,
        });
        expect(byCallback.stopReason).toBe('callback');
        expect(byCallback.nIter).toBe(stopAt);
        expect(byCallback.converged).toBe(false);

        const controller = new AbortController();
        const aborted = await runEMAsync(poissonMixture(data), init, {
          tol: 0,
          signal: controller.signal,
          onIteration: (info) => {
            if (info.iteration === stopAt) controller.abort();
          },
        });
        expect(aborted.stopReason).toBe('aborted');
        expect(aborted.nIter).toBe(stopAt);
      }),
      { numRuns: 10 },
    );
  });

  it('gives the same result over chunks as over the whole array, sync and async', async () => {
    await fc.assert(
      fc.asyncProperty(
        dataArb,
        fc.array(fc.integer({ min: 1, max: 299 }), { maxLength: 5 }),
        async (data, cuts) => {
          const bounds = [0, ...new Set(cuts)].sort((a, b) => a - b).concat(data.length);
          const chunks = () => bounds.slice(1).map((end, i) => data.subarray(bounds[i], end));
          const init = { weights: [0.5, 0.5], rates: [2, 6] };
          const whole = runEM(poissonMixture(data), init, { tol: 0, maxIter: 10 });
          const spec = { chunks, eStepChunk: poissonEStep, ...poissonAlgebra(2) };
          const sync = runEM({ eStep: chunkedEStep(spec), mStep: poissonMStep }, init, {
            tol: 0,
            maxIter: 10,
          });
          const async = await runEMAsync({ eStep: chunkedEStepAsync(spec), mStep: poissonMStep }, init, {
            tol: 0,
            maxIter: 10,
          });
          for (const result of [sync, async]) {
            for (const [j, rate] of result.params.rates.entries())
              expect(rate).toBeCloseTo(whole.params.rates[j]!, 9);
            for (const [i, ll] of result.history.entries()) expect(ll).toBeCloseTo(whole.history[i]!, 8);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('is deterministic for a seed with restarts, sync and async alike', async () => {
    const data = samplePoissonMixture({ weights: [0.4, 0.6], rates: [3, 9] }, 300, 5);
    const init = (random: () => number) => ({
      weights: [0.5, 0.5],
      rates: [0.5 + 20 * random(), 0.5 + 20 * random()],
    });
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 1, max: 5 }), async (seed, nInit) => {
        const options = { nInit, tol: 1e-6 };
        const first = runEMWithRestarts(poissonMixture(data), init, { ...options, random: mulberry32(seed) });
        const second = runEMWithRestarts(poissonMixture(data), init, {
          ...options,
          random: mulberry32(seed),
        });
        const async = await runEMWithRestartsAsync(poissonMixture(data), init, {
          ...options,
          random: mulberry32(seed),
        });
        expect(second).toEqual(first);
        expect(async).toEqual(first);
        expect(first.runs).toHaveLength(nInit);
      }),
      { numRuns: 15 },
    );
  });
});
