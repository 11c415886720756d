import type { Random } from '@em/sampling';
import type { EmissionType } from '../types.js';

/**
 * What the forward–backward, Viterbi and M-step code needs from an emission family. `E` is its
 * parameters, `Pr` what one E-step precomputes from them, `St` its expected sufficient statistics
 * (which add across sequences).
 */
export interface Emission<E, Pr, St> {
  readonly kind: EmissionType;
  readonly nStates: number;
  /** Columns of an observation row (1 for categorical). */
  readonly columns: number;
  /** Parameter letters this family fits (besides `s` and `t`). */
  readonly letters: string;
  /**
   * `true`: `fill` writes probabilities b_j(x_t) directly (categorical: a table lookup); `false`: it
   * writes log-probabilities, which the forward pass shifts and exponentiates.
   */
  readonly direct: boolean;
  /** Precomputes what `fill` and `accumulate` need; throws a NumericalError when impossible. */
  prepare(params: E): Pr;
  /** b_j(x_t) or log b_j(x_t) for rows t in [t0, t1): `out[(t − t0) × nStates + j]`. */
  fill(prep: Pr, data: Float64Array, t0: number, t1: number, out: Float64Array): void;
  zeroStats(): St;
  addStats(into: St, other: St): void;
  /** Adds row t with state posteriors `gamma[g0 … g0 + nStates)`. */
  accumulate(prep: Pr, stats: St, data: Float64Array, t: number, gamma: Float64Array, g0: number): void;
  /** New parameters from the statistics; only the letters in `fit` change. */
  mStep(stats: St, params: E, fit: string, iteration: number): E;
  /** Parameters as numbers (for SQUAREM); `unpack` returns undefined for infeasible vectors. */
  pack(params: E, out: number[]): void;
  unpack(vector: Float64Array, offset: number, like: E): E | undefined;
  /** Free parameters among the given letters. */
  nParameters(letters: string): number;
  /** One draw from state j into `out[offset…]`. */
  sample(prep: Pr, state: number, rng: Random, out: Float64Array, offset: number): void;
}

/** Dirichlet MAP update of probability rows with structural zeros kept: max(counts + prior − 1, 0). */
export function normalizeRows(
  counts: Float64Array,
  prior: Float64Array | undefined,
  previous: Float64Array,
  rows: number,
  cols: number,
): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      // A probability that is exactly zero is structural: no count or pseudo-count revives it.
      const v = previous[k] === 0 ? 0 : Math.max(counts[k]! + (prior ? prior[k]! - 1 : 0), 0);
      out[k] = v;
      sum += v;
    }
    if (sum > 0 && Number.isFinite(sum)) for (let j = 0; j < cols; j++) out[i * cols + j]! /= sum;
    else for (let j = 0; j < cols; j++) out[i * cols + j] = previous[i * cols + j]!;
  }
  return out;
}

/** Probability rows from an extrapolated vector: non-negative (else undefined), renormalised. */
export function unpackRows(
  vector: Float64Array,
  offset: number,
  like: Float64Array,
  rows: number,
  cols: number,
): Float64Array | undefined {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      const v = like[k] === 0 ? 0 : vector[offset + k]!;
      if (!(v >= 0) || !Number.isFinite(v)) return undefined;
      out[k] = v;
      sum += v;
    }
    if (!(sum > 0)) return undefined;
    for (let j = 0; j < cols; j++) out[i * cols + j]! /= sum;
  }
  return out;
}

/** Draws an index from probabilities `p[offset … offset + n)` with one uniform. */
export function drawIndex(p: Float64Array, offset: number, n: number, u: number): number {
  let acc = 0;
  for (let j = 0; j < n; j++) {
    acc += p[offset + j]!;
    if (u < acc) return j;
  }
  // Rounding left the cumulative sum just below 1: take the last state with positive probability.
  for (let j = n - 1; j >= 0; j--) if (p[offset + j]! > 0) return j;
  return n - 1;
}
