/**
 * Distances and rounding-safe bounds for the pruned k-means (`kmeans.ts`, `kmeans-plusplus.ts`).
 *
 * Pruning must never change a result, so it reasons about the exact Euclidean distance ρ between
 * two floating-point vectors, for which the triangle inequality holds, and about the computed
 * squared distance δ = fl(Σⱼ (xⱼ − cⱼ)²), summed in feature order, which is what every comparison
 * of the unpruned algorithm uses. Each of the d subtractions, d squares and d − 1 additions of
 * non-negative terms adds one rounding of relative size ≤ u = 2⁻⁵³, so
 * |δ − ρ²| ≤ γ ρ² with γ = (2d + 1) u / (1 − (2d + 1) u), plus at most d · 2⁻¹⁰⁷⁴ from underflow.
 * The bounds below carry a relative slack {@link slack} many times γ (it also covers the roundings
 * of the bound arithmetic itself) and an absolute {@link TINY} far above the underflow error, so a
 * test that passes in floating point also holds for the exact quantities. The slack is ~1e-14
 * relative: it costs no measurable pruning.
 */

/** Far above any underflow error of a squared distance (d · 2⁻¹⁰⁷⁴), far below any real distance. */
export const TINY = 2 ** -500;

/** Relative slack for d features: 16 (d + 4) u ≥ 8 γ with room for the bounds' own roundings. */
export function slack(d: number): number {
  return (d + 4) * 2 ** -49;
}

/** 1 + 4u: after one rounded operation, multiplying by this rounds an upper bound up. */
const UP = 1 + 2 ** -51;
/** 1 − 4u: the same for a lower bound. */
const DOWN = 1 - 2 ** -51;

/** An upper bound on ρ from a computed squared distance δ. */
export function upperFromSquared(squared: number, eta: number): number {
  return Math.sqrt(squared) * (1 + eta) + TINY;
}

/** A lower bound on ρ from a computed squared distance δ. */
export function lowerFromSquared(squared: number, eta: number): number {
  return Math.sqrt(squared) * (1 - eta) - TINY;
}

/** An upper bound on a + b for upper bounds a, b. */
export function addUp(a: number, b: number): number {
  return (a + b) * UP;
}

/**
 * A lower bound on a − b for a lower bound a and an upper bound b, when it is positive; when it is
 * not, the result is ≤ 0 (pruning tests treat any bound below {@link TINY} as no information).
 */
export function subtractDown(a: number, b: number): number {
  return (a - b) * DOWN;
}

/**
 * Whether every other centre is provably farther than the assigned one, for an upper bound on the
 * assigned centre's distance and a lower bound on the others': then each other centre's computed
 * squared distance exceeds the assigned one's, so the unpruned argmin keeps the label. False for
 * NaN or infinite bounds (overflowing data is never pruned).
 */
export function provablyCloser(upper: number, lowerOthers: number, eta: number): boolean {
  return upper * (1 + 2 * eta) + TINY < lowerOthers;
}

/** δ between rows `a` of `A` and `b` of `B` (d features each), summed in feature order. */
export function squaredDistance(A: Float64Array, a: number, B: Float64Array, b: number, d: number): number {
  let sum = 0;
  for (let j = 0, ia = a * d, ib = b * d; j < d; j++) {
    const v = A[ia + j]! - B[ib + j]!;
    sum += v * v;
  }
  return sum;
}
