import { describe, expect, it } from 'vitest';
import { type EMModel, runEM } from '../src/index.js';

/**
 * A model whose log-likelihood after k M-steps is L − c·aᵏ: a linearly converging sequence with
 * rate a, so every stop rule's iteration count is a closed form.
 */
function geometric(limit: number, c: number, rate: number): EMModel<number, number> {
  return { eStep: (k) => ({ stats: k, logLikelihood: limit - c * rate ** k }), mStep: (k) => k + 1 };
}

/** First iteration i (1-based, ℓᵢ = L − c·a^(i−1)) at which `stops(i)` holds. */
function firstIteration(stops: (i: number) => boolean): number {
  let i = 1;
  while (!stops(i)) i++;
  return i;
}

describe('stop rules', () => {
  const [L, c, a] = [-1000, 50, 0.9];
  const ell = (i: number) => L - c * a ** (i - 1);

  it("'absolute' stops at the first |ℓᵢ − ℓᵢ₋₁| < tol", () => {
    const tol = 1e-4;
    const expected = firstIteration((i) => i > 1 && Math.abs(ell(i) - ell(i - 1)) < tol);
    const result = runEM(geometric(L, c, a), 0, { tol, maxIter: 10_000 });
    expect(result.converged).toBe(true);
    expect(result.nIter).toBe(expected);
  });

  it("'relative' stops at the first |ℓᵢ − ℓᵢ₋₁| < tol·|ℓᵢ|", () => {
    const tol = 1e-7;
    const expected = firstIteration((i) => i > 1 && Math.abs(ell(i) - ell(i - 1)) < tol * Math.abs(ell(i)));
    const result = runEM(geometric(L, c, a), 0, { tol, stopRule: 'relative', maxIter: 10_000 });
    expect(result.nIter).toBe(expected);
  });

  it("'aitken' stops once the extrapolated limit is within tol, long before the change is", () => {
    // For an exactly geometric sequence Aitken's limit is exact: ℓ∞ − ℓᵢ = c·a^(i−1).
    const tol = 1e-4;
    const expected = firstIteration((i) => i >= 3 && c * a ** (i - 1) < tol);
    const aitken = runEM(geometric(L, c, a), 0, { tol, stopRule: 'aitken', maxIter: 10_000 });
    expect(aitken.nIter).toBe(expected);
    // The absolute rule stops earlier, while ℓ is still c·a^(i−1) short of its limit: it is
    // fooled by slow convergence, Aitken's rule is not.
    const absolute = runEM(geometric(L, c, a), 0, { tol, maxIter: 10_000 });
    expect(L - absolute.logLikelihood).toBeGreaterThan(tol);
    expect(L - aitken.logLikelihood).toBeLessThan(tol);
  });

  it("'aitken' does not stop while the sequence is not converging linearly", () => {
    // Accelerating increments (rate > 1) give no limit estimate: run to maxIter.
    const result = runEM(geometric(0, -1, 1.01), 0, { tol: 1e6, stopRule: 'aitken', maxIter: 25 });
    expect(result.stopReason).toBe('maxIter');
  });
});

describe('initialLogLikelihood (warm starts)', () => {
  it('measures the first change against it, so a converged warm start stops after one iteration', () => {
    const model = geometric(-10, 1e-9, 0.5);
    const result = runEM(model, 40, { tol: 1e-3, initialLogLikelihood: -10 });
    expect(result.nIter).toBe(1);
    expect(result.converged).toBe(true);
  });

  it('is not a decrease when the warm start continues on data with a lower likelihood', () => {
    const result = runEM(geometric(-10, 1, 0.5), 0, { tol: 1e-6, initialLogLikelihood: 0, strict: true });
    expect(result.decreases).toEqual([]);
    expect(result.converged).toBe(true);
  });
});
