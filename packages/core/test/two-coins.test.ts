import { describe, expect, it } from 'vitest';
import { runEM, runEMAsync } from '../src/index.js';
import { twoCoins } from './models/two-coins.js';

// Do & Batzoglou (2008), Figure 1b: from θA = 0.60, θB = 0.50, ten iterations give θA ≈ 0.80, θB ≈ 0.52.
describe('two-coin example (Do & Batzoglou 2008)', () => {
  it('reaches θA ≈ 0.80 and θB ≈ 0.52 after ten iterations', () => {
    const result = runEM(twoCoins(), [0.6, 0.5], { maxIter: 10, tol: 0 });
    expect(result.nIter).toBe(10);
    expect(result.stopReason).toBe('maxIter');
    expect(result.params[0]).toBeCloseTo(0.8, 2);
    expect(result.params[1]).toBeCloseTo(0.52, 2);
  });

  it('matches the first iteration printed in the paper (0.71, 0.58)', () => {
    const result = runEM(twoCoins(), [0.6, 0.5], { maxIter: 1 });
    expect(result.params[0]).toBeCloseTo(0.71, 2);
    expect(result.params[1]).toBeCloseTo(0.58, 2);
  });

  it('gives the same answer asynchronously', async () => {
    const sync = runEM(twoCoins(), [0.6, 0.5], { maxIter: 10, tol: 0 });
    const async = await runEMAsync(twoCoins(), [0.6, 0.5], { maxIter: 10, tol: 0 });
    expect(async).toEqual(sync);
  });

  it('converges with the default tolerance and records no decrease', () => {
    const result = runEM(twoCoins(), [0.6, 0.5]);
    expect(result.converged).toBe(true);
    expect(result.stopReason).toBe('converged');
    expect(result.decreases).toEqual([]);
    expect(result.history).toHaveLength(result.nIter);
  });
});
