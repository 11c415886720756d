import { InvalidInputError, InvalidOptionError } from '@em/core';
import { type DataInput, type FlatMatrix, toFlatMatrix } from '@em/core/numeric';

/**
 * Options of {@link noiseGuess}.
 *
 * @example
 * ```ts
 * import type { NoiseGuessOptions } from '@em/gaussian';
 * const options: NoiseGuessOptions = { fraction: 0.05, neighbours: 5 };
 * ```
 */
export interface NoiseGuessOptions {
  /**
   * Share of the rows to mark, in (0, 1): those farthest from their `neighbours`-th nearest
   * neighbour. Default: chosen from the data by Byers & Raftery's nearest-neighbour cleaning.
   */
  fraction?: number;
  /** Which nearest neighbour's distance measures sparseness. Default 5 (at most n − 1). */
  neighbours?: number;
}

/**
 * An initial noise guess for `GaussianMixture`'s `noise` option, from each row's distance to its
 * k-th nearest neighbour (Euclidean, on the data as given). With `fraction`, the rows with the
 * largest distances are marked. Without, Byers & Raftery's (1998) nearest-neighbour cleaning: in
 * d dimensions a Poisson process of intensity λ makes λ·vol(unit ball)·D_k^d a Gamma(k, 1)
 * variable, so the distances are fitted by EM as a mixture of a dense and a sparse process, and
 * the rows more likely from the sparse one are marked (possibly none). O(n² d) time.
 *
 * @param X Data, n × p (at least 2 rows).
 * @throws InvalidInputError for bad data; InvalidOptionError for a fraction outside (0, 1) or a
 *   `neighbours` that is not an integer >= 1.
 *
 * @example
 * ```ts
 * import { noiseGuess } from '@em/gaussian';
 * const X = [[0, 0], [0.1, 0], [0, 0.1], [0.1, 0.1], [0.05, 0.05], [0.02, 0.08], [9, 9]];
 * noiseGuess(X, { fraction: 0.1, neighbours: 3 }); // [false, false, false, false, false, false, true]
 * ```
 */
export function noiseGuess(X: DataInput, options: NoiseGuessOptions = {}): boolean[] {
  const data = toFlatMatrix(X, 'X');
  const n = data.rows;
  if (n < 2) throw new InvalidInputError('X', 'at least 2 rows', `${n} row${n === 1 ? '' : 's'}`);
  const { fraction, neighbours = 5 } = options;
  if (fraction !== undefined && !(typeof fraction === 'number' && fraction > 0 && fraction < 1))
    throw new InvalidOptionError('fraction', 'a number in (0, 1)', fraction);
  if (!Number.isInteger(neighbours) || neighbours < 1)
    throw new InvalidOptionError('neighbours', 'an integer >= 1', neighbours);
  const k = Math.min(neighbours, n - 1);
  const distances = kthNeighbourDistances(data, k);
  if (fraction !== undefined) {
    const count = Math.max(1, Math.round(fraction * n));
    const order = Array.from(distances.keys()).sort((a, b) => distances[b]! - distances[a]! || a - b);
    const marked = new Array<boolean>(n).fill(false);
    for (const i of order.slice(0, count)) marked[i] = true;
    return marked;
  }
  const sparse = sparseProcessPosterior(distances, k, data.cols);
  return Array.from(sparse, (p) => p > 0.5);
}

/** Each row's Euclidean distance to its k-th nearest other row. */
function kthNeighbourDistances(data: FlatMatrix, k: number): Float64Array {
  const { data: x, rows: n, cols: d } = data;
  const out = new Float64Array(n);
  const row = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0, t = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let a = 0; a < d; a++) s += (x[i * d + a]! - x[j * d + a]!) ** 2;
      row[t++] = s;
    }
    row.sort();
    out[i] = Math.sqrt(row[k - 1]!);
  }
  return out;
}

/**
 * EM for two Poisson processes on the k-th neighbour distances: with t = D^d, each process gives
 * t a Gamma(k, rate μ) law (μ = λ·vol(unit ball)), so the posterior needs only k log μ − μ t and
 * the M-step is μ = k Σ z / Σ z t. Returns each row's probability of the sparser process.
 */
function sparseProcessPosterior(distances: Float64Array, k: number, d: number): Float64Array {
  const n = distances.length;
  // Distances relative to their median keep t = D^d in range; the rates absorb the scale.
  const median = [...distances].sort((a, b) => a - b)[Math.floor(n / 2)]! || 1;
  const t = distances.map((x) => (x / median) ** d);
  const z = new Float64Array(n);
  // Start: the rows beyond the 90th percentile of t in the sparse process.
  const cut = [...t].sort((a, b) => a - b)[Math.floor(0.9 * n)]!;
  for (let i = 0; i < n; i++) z[i] = t[i]! > cut ? 1 : 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (let iteration = 0; iteration < 1000; iteration++) {
    let zs = 0;
    let zt = 0;
    let ds = 0;
    let dt = 0;
    for (let i = 0; i < n; i++) {
      zs += z[i]!;
      zt += z[i]! * t[i]!;
      ds += 1 - z[i]!;
      dt += (1 - z[i]!) * t[i]!;
    }
    if (zs < 1e-9 || ds < 1e-9 || !(zt > 0) || !(dt > 0)) return z.fill(0);
    const sparseRate = (k * zs) / zt;
    const denseRate = (k * ds) / dt;
    const logP = Math.log(zs / n);
    const logQ = Math.log(ds / n);
    let logLikelihood = 0;
    for (let i = 0; i < n; i++) {
      const a = logP + k * Math.log(sparseRate) - sparseRate * t[i]!;
      const b = logQ + k * Math.log(denseRate) - denseRate * t[i]!;
      const m = Math.max(a, b);
      const norm = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
      z[i] = Math.exp(a - norm);
      logLikelihood += norm;
    }
    if (Math.abs(logLikelihood - previous) <= 1e-10 * (1 + Math.abs(logLikelihood))) {
      // The labels follow the rates: the sparse process is the one with the lower intensity.
      if (sparseRate > denseRate) for (let i = 0; i < n; i++) z[i] = 1 - z[i]!;
      return z;
    }
    previous = logLikelihood;
  }
  return z;
}
