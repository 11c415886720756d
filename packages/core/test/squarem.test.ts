import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runEM, runEMAsync, runEMWithRestarts } from '../src/index.js';
import { hasselblad, type PoissonPair, squaremFixture as reference } from './models/hasselblad.js';

const START: PoissonPair = [0.3, 1, 5];
const model = hasselblad();
const logLikelihoodOf = (params: PoissonPair) => model.eStep(params).logLikelihood;
const emStep = (params: PoissonPair) => model.mStep(model.eStep(params).stats, params, { iteration: 1 });

describe("SQUAREM on Hasselblad's Poisson mixture (Varadhan & Roland 2008; R's SQUAREM)", () => {
  const plain = runEM(model, START, { tol: 1e-8, maxIter: 100_000 });
  const squarem = runEM(model, START, { tol: 1e-8, maxIter: 1000, acceleration: 'squarem' });

  it('plain EM needs over a thousand E-steps at tol 1e-8 (R fpiter: 2696 on parameter change)', () => {
    expect(plain.acceleration).toBe('none');
    expect(plain.nEStep).toBe(plain.nIter);
    expect(plain.nEStep).toBeGreaterThan(1000);
    expect(reference.em.fpevals).toBeGreaterThan(1000);
  });

  it('reaches the same optimum within 1e-6 in under 100 E-steps', () => {
    expect(squarem.acceleration).toBe('squarem');
    expect(squarem.converged).toBe(true);
    expect(squarem.nEStep).toBeLessThan(100);
    // R's SQUAREM: 54 EM steps and 19 objective evaluations.
    expect(reference.squarem.fpevals).toBeLessThan(100);
    expect(Math.abs(-squarem.logLikelihood - 1989.945859883)).toBeLessThan(1e-6);
    expect(Math.abs(-logLikelihoodOf(squarem.params) - reference.squarem.negLogLik)).toBeLessThan(1e-6);
    // The optimum is flat: the parameters agree to about 1e-4 where the objective agrees to 1e-8.
    for (const [i, value] of squarem.params.entries()) {
      expect(value).toBeCloseTo(reference.squarem.par[i]!, 3);
    }
  });

  it('never lets the log-likelihood decrease and counts E-steps', () => {
    expect(squarem.decreases).toEqual([]);
    for (let i = 1; i < squarem.history.length; i++) {
      expect(squarem.history[i]!).toBeGreaterThanOrEqual(squarem.history[i - 1]!);
    }
    // A cycle costs 3 E-steps (4 when an extrapolation is rejected), plus the first evaluation.
    expect(squarem.nEStep).toBeGreaterThanOrEqual(1 + 3 * squarem.nIter - 1);
    expect(squarem.nEStep).toBeLessThanOrEqual(1 + 4 * squarem.nIter);
  });

  it('runs the same asynchronously and with restarts', async () => {
    const options = { tol: 1e-8, maxIter: 1000, acceleration: 'squarem' as const };
    expect(await runEMAsync(model, START, options)).toEqual(squarem);
    const restarts = runEMWithRestarts(model, () => [...START] as PoissonPair, { ...options, nInit: 2 });
    expect(restarts.params).toEqual(squarem.params);
    expect(restarts.runs.map((run) => run.nEStep)).toEqual([squarem.nEStep, squarem.nEStep]);
  });

  it('accepts the step-length controls of R (step.min0, step.max0, mstep)', () => {
    const bolder = runEM(model, START, {
      tol: 1e-8,
      maxIter: 1000,
      acceleration: { method: 'squarem', stepMax: 4, stepFactor: 2 },
    });
    expect(bolder.converged).toBe(true);
    expect(Math.abs(-bolder.logLikelihood - 1989.945859883)).toBeLessThan(1e-6);
  });

  it('runs plain EM for a model without pack/unpack', () => {
    const { pack: _, unpack: __, ...bare } = model;
    const result = runEM(bare, START, { tol: 1e-8, maxIter: 100_000, acceleration: 'squarem' });
    expect(result.acceleration).toBe('none');
    expect(result).toEqual(plain);
  });
});

const pointArb = fc.tuple(
  fc.double({ min: 0.02, max: 0.98, noNaN: true }),
  fc.double({ min: 0.05, max: 12, noNaN: true }),
  fc.double({ min: 0.05, max: 12, noNaN: true }),
);
const countsArb = fc
  .array(fc.integer({ min: 0, max: 300 }), { minLength: 10, maxLength: 10 }) // Some days with deaths, so that no rate collapses to 0.
  .filter((f) => f.slice(1).some((n) => n > 0));
const deaths = Array.from({ length: 10 }, (_, i) => i);

describe('the safeguard', () => {
  it('never returns a lower log-likelihood than the plain EM step from the same point', () => {
    fc.assert(
      fc.property(pointArb, countsArb, (start, frequencies) => {
        const data = hasselblad(deaths, frequencies);
        const plainStep = data.mStep(data.eStep(start).stats, start, { iteration: 1 });
        const cycle = runEM(data, start, { maxIter: 1, tol: 0, acceleration: 'squarem' });
        expect(data.eStep(cycle.params).logLikelihood).toBeGreaterThanOrEqual(
          data.eStep(plainStep).logLikelihood,
        );
        const run = runEM(data, start, { maxIter: 30, tol: 0, acceleration: 'squarem', strict: true });
        expect(run.decreases).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('falls back to two plain EM steps when every extrapolation is infeasible', () => {
    const infeasible = { ...model, unpack: () => undefined };
    const cycle = runEM(infeasible, START, { maxIter: 1, tol: 0, acceleration: 'squarem' });
    expect(cycle.params).toEqual(emStep(emStep(START)));
    // E-steps: p, p₁, then p₂ for the fallback (the rejected point never reached an E-step).
    expect(cycle.nEStep).toBe(3);
  });

  it('treats a step that throws at the extrapolated point as infeasible (R: try(fixptfn(p.new)))', () => {
    const extrapolated = new WeakSet<object>();
    const fragile = {
      ...model,
      unpack(vector: Float64Array) {
        const params = Array.from(vector) as PoissonPair;
        extrapolated.add(params);
        return params;
      },
      eStep(params: PoissonPair) {
        if (extrapolated.has(params)) throw new Error('singular at the extrapolated point');
        return model.eStep(params);
      },
    };
    const result = runEM(fragile, START, { maxIter: 10, tol: 0, acceleration: 'squarem' });
    let expected = START;
    for (let i = 0; i < 20; i++) expected = emStep(expected);
    expect(result.params).toEqual(expected);
  });

  it('still reports an error of the model at a point plain EM reaches', () => {
    const broken = {
      ...model,
      mStep: () => {
        throw new RangeError('broken M-step');
      },
    };
    expect(() => runEM(broken, START, { acceleration: 'squarem' })).toThrow('broken M-step');
  });

  it('rejects an extrapolation that lowers the log-likelihood', () => {
    // An "unpack" that moves every extrapolated point far away: always worse than EM's step.
    const misleading = { ...model, unpack: () => [0.5, 20, 30] as PoissonPair };
    const result = runEM(misleading, START, { maxIter: 40, tol: 0, acceleration: 'squarem', strict: true });
    let expected = START;
    for (let i = 0; i < 80; i++) expected = emStep(expected);
    for (const [i, value] of result.params.entries()) expect(value).toBeCloseTo(expected[i]!, 12);
  });
});
