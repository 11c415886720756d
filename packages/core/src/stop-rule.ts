import type { StopRule } from './types.js';

/**
 * Whether the run has converged after the newest log-likelihood in `history`; `previous` is the
 * value before it (the last history entry, or the warm start's initial log-likelihood).
 */
export function hasConverged(
  rule: StopRule,
  tol: number,
  history: readonly number[],
  previous: number,
): boolean {
  const current = history[history.length - 1]!;
  const change = Math.abs(current - previous);
  if (rule === 'absolute') return change < tol;
  if (rule === 'relative') return change < tol * Math.abs(current);
  return aitkenDistance(history, previous) < tol;
}

/**
 * |ℓ∞ − ℓₖ|, with ℓ∞ Aitken's Δ² estimate of the limit of a linearly converging sequence
 * (Böhning et al. 1994): with rate a = (ℓₖ − ℓₖ₋₁)/(ℓₖ₋₁ − ℓₖ₋₂), ℓ∞ = ℓₖ₋₁ + (ℓₖ − ℓₖ₋₁)/(1 − a).
 * Infinite until three values exist or while the sequence does not (yet) converge linearly.
 */
function aitkenDistance(history: readonly number[], previous: number): number {
  const n = history.length;
  const latest = history[n - 1]! - previous;
  if (latest === 0) return 0;
  if (n < 3) return Number.POSITIVE_INFINITY;
  const before = previous - history[n - 3]!;
  const rate = latest / before;
  if (!(rate >= 0 && rate < 1)) return Number.POSITIVE_INFINITY;
  return Math.abs(latest / (1 - rate) - latest);
}
