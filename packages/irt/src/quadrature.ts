import { InvalidOptionError } from '@em/core';
import type { QuadratureRule } from './types.js';

/**
 * Quadrature over a standard normal ability: `Σ_q weights[q] f(nodes[q]) ≈ E f(θ)`, θ ~ N(0, 1).
 *
 * @example
 * ```ts
 * import { gaussHermite, type Quadrature } from '@em/irt';
 * const { nodes, weights }: Quadrature = gaussHermite(21);
 * ```
 */
export interface Quadrature {
  /** Ability values θ_q, increasing. */
  nodes: Float64Array;
  /** Weights summing to 1. */
  weights: Float64Array;
}

/**
 * Gauss–Hermite quadrature for N(0, 1): the n-point rule that integrates polynomials up to degree
 * 2n − 1 exactly against the normal density (nodes √2·x_i, weights w_i/√π of the physicists' rule,
 * found by Newton's method on the Hermite recurrence, as in Numerical Recipes' `gauher`). This is the
 * rule ltm uses (`GHk = 21`).
 *
 * @param n Number of points, an integer from 1 to 200.
 *
 * @example
 * ```ts
 * import { gaussHermite } from '@em/irt';
 * const { nodes, weights } = gaussHermite(3);
 * // nodes ≈ [-1.7320508, 0, 1.7320508], weights ≈ [1/6, 2/3, 1/6]
 * nodes.reduce((s, x, i) => s + weights[i]! * x ** 4, 0); // 3 = E θ⁴
 * ```
 */
export function gaussHermite(n: number): Quadrature {
  if (!Number.isInteger(n) || n < 1 || n > 200)
    throw new InvalidOptionError('quadraturePoints', 'an integer from 1 to 200', n);
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const m = (n + 1) >> 1;
  const pim4 = Math.PI ** -0.25;
  let z = 0;
  for (let i = 0; i < m; i++) {
    // Initial guesses of the largest roots first (Numerical Recipes, 2nd ed., §4.5).
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * x[1]!;
    else z = 2 * z - x[i - 2]!;
    let pp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = pim4;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[n - 1 - i] = w[i]!;
  }
  if (n % 2 === 1) x[m - 1] = 0;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    nodes[i] = Math.SQRT2 * x[n - 1 - i]!;
    weights[i] = w[n - 1 - i]! / Math.sqrt(Math.PI);
    total += weights[i]!;
  }
  // The weights sum to 1 up to rounding; make it exact so the prior is a distribution.
  for (let i = 0; i < n; i++) weights[i]! /= total;
  return { nodes, weights };
}

/** Widest rectangular grid: beyond ±30 SD every weight but the centre's underflows to 0. */
const MAX_RANGE = 30;

/**
 * Rectangular quadrature for N(0, 1): `n` equally spaced points on [−range, range] weighted by the
 * normal density and normalised (mirt's default rule, with 61 points on [−6, 6]).
 *
 * @param n Number of points, an integer from 2 to 1000.
 * @param range Half-width of the grid in standard deviations (default 6, at most 30).
 *
 * @example
 * ```ts
 * import { rectangularQuadrature } from '@em/irt';
 * const { nodes, weights } = rectangularQuadrature(61);
 * nodes[0]; // -6
 * ```
 */
export function rectangularQuadrature(n: number, range = 6): Quadrature {
  if (!Number.isInteger(n) || n < 2 || n > 1000)
    throw new InvalidOptionError('quadraturePoints', 'an integer from 2 to 1000', n);
  if (typeof range !== 'number' || !(range > 0) || range > MAX_RANGE)
    throw new InvalidOptionError('range', `a number of standard deviations in (0, ${MAX_RANGE}]`, range);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    nodes[i] = -range + (2 * range * i) / (n - 1);
    weights[i] = Math.exp(-0.5 * nodes[i]! ** 2);
    total += weights[i]!;
  }
  for (let i = 0; i < n; i++) weights[i]! /= total;
  return { nodes, weights };
}

/** The quadrature of a rule and a number of points. */
export function makeQuadrature(rule: QuadratureRule, n: number): Quadrature {
  return rule === 'rectangular' ? rectangularQuadrature(n) : gaussHermite(n);
}
