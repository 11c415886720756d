import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EMResult, emSteps, emStepsAsync, type IterationInfo, runEM, runEMAsync } from '../src/index.js';
import { hasselblad, type PoissonPair } from './models/hasselblad.js';
import { HEADS, twoCoins } from './models/two-coins.js';

/** Drains a step generator: every yielded iteration and the returned result. */
function drain<P>(steps: Generator<IterationInfo<P>, EMResult<P>, void>) {
  const seen: IterationInfo<P>[] = [];
  for (;;) {
    const next = steps.next();
    if (next.done) return { seen, result: next.value };
    seen.push(next.value);
  }
}

// elapsedMs is wall-clock time; everything else must match to the bit.
const withoutTime = <P>(info: IterationInfo<P>) => ({ ...info, elapsedMs: 0 });

describe('emSteps', () => {
  it('gives the published two-coin iterates one at a time (Do & Batzoglou 2008)', () => {
    const steps = emSteps(twoCoins(HEADS), [0.6, 0.5], { maxIter: 10, tol: 0 });
    const first = steps.next();
    expect(first.done).toBe(false);
    const [a, b] = (first.value as IterationInfo<[number, number]>).params;
    expect(a).toBeCloseTo(0.71, 2);
    expect(b).toBeCloseTo(0.58, 2);
    const { result } = drain(steps);
    expect(result.params[0]).toBeCloseTo(0.8, 2);
    expect(result.params[1]).toBeCloseTo(0.52, 2);
  });

  it('run to the end equals runEM bit for bit, plain and SQUAREM, for any start and options', () => {
    const arb = fc.record({
      start: fc.tuple(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 0.2, max: 8, noNaN: true }),
        fc.double({ min: 0.2, max: 8, noNaN: true }),
      ),
      tol: fc.constantFrom(0, 1e-3, 1e-8),
      maxIter: fc.integer({ min: 1, max: 60 }),
      acceleration: fc.constantFrom('none' as const, 'squarem' as const),
      stopRule: fc.constantFrom('absolute' as const, 'relative' as const, 'aitken' as const),
    });
    fc.assert(
      fc.property(arb, ({ start, ...options }) => {
        const model = hasselblad();
        const viaRun: IterationInfo<PoissonPair>[] = [];
        const expected = runEM(model, start as PoissonPair, {
          ...options,
          onIteration: (i) => void viaRun.push(i),
        });
        const { seen, result } = drain(emSteps(model, start as PoissonPair, options));
        expect(result).toEqual(expected);
        expect(seen.map(withoutTime)).toEqual(viaRun.map(withoutTime));
        expect(seen.length).toBe(expected.nIter);
      }),
      { numRuns: 60 },
    );
  });

  it('can be paused and dropped: nothing runs past the last pulled iteration', () => {
    const model = hasselblad();
    let eSteps = 0;
    const counted = {
      ...model,
      eStep: (p: PoissonPair) => {
        eSteps++;
        return model.eStep(p);
      },
    };
    const steps = emSteps(counted, [0.3, 1, 5], { maxIter: 1000, tol: 0 });
    for (let i = 0; i < 5; i++) steps.next();
    expect(eSteps).toBe(5);
    steps.return(undefined as never);
    expect(steps.next().done).toBe(true);
    expect(eSteps).toBe(5);
  });

  it('has an asynchronous twin that equals runEMAsync', async () => {
    const model = hasselblad();
    const options = { tol: 1e-8, maxIter: 500, acceleration: 'squarem' as const };
    const steps = emStepsAsync(model, [0.3, 1, 5] as PoissonPair, options);
    const seen: number[] = [];
    let next = await steps.next();
    while (!next.done) {
      seen.push(next.value.logLikelihood);
      next = await steps.next();
    }
    const expected = await runEMAsync(model, [0.3, 1, 5] as PoissonPair, options);
    expect(next.value).toEqual(expected);
    expect(seen).toEqual(expected.history);
  });
});

describe('the M-step context', () => {
  it('numbers the iterations, one M-step each for plain EM, several per cycle for SQUAREM', () => {
    const model = hasselblad();
    const seen: number[] = [];
    const spy = {
      ...model,
      mStep: (s: never, p: PoissonPair, c: { iteration: number }) => {
        seen.push(c.iteration);
        return model.mStep(s, p, c);
      },
    };
    runEM(spy, [0.3, 1, 5], { maxIter: 4, tol: 0 });
    expect(seen).toEqual([1, 2, 3, 4]);
    seen.length = 0;
    const result = runEM(spy, [0.3, 1, 5], { maxIter: 3, tol: 0, acceleration: 'squarem' });
    expect(new Set(seen)).toEqual(new Set([1, 2, 3]));
    expect(seen.length).toBeGreaterThanOrEqual(2 * result.nIter);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
