import { InvalidInputError } from '@em/core';
import { type DataInput, toFlatMatrix } from '@em/core/numeric';
import { symmetricEigen } from '../eigen.js';

/** Σ log(range) over the columns of an n × q row-major matrix. */
function logRangeVolume(data: ArrayLike<number>, n: number, q: number): number {
  let total = 0;
  for (let j = 0; j < q; j++) {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const x = data[i * q + j]!;
      if (x < low) low = x;
      if (x > high) high = x;
    }
    total += Math.log(high - low);
  }
  return total;
}

/**
 * The power of two at or below the largest |x| (1 for all-zero data). Dividing by it is exact and brings
 * every value into [-2, 2], so neither subnormal data (whose products underflow to 0) nor data near the
 * largest doubles (whose ranges, means and products overflow) reach the eigen-decomposition.
 */
function powerOfTwoScale(data: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < data.length; i++) largest = Math.max(largest, Math.abs(data[i]!));
  if (largest === 0) return 1;
  // log2 rounds up just below a power of two (to 1024 near the largest double, whose 2^1024 is Infinity).
  const exponent = Math.min(Math.floor(Math.log2(largest)), 1023);
  return 2 ** exponent > largest ? 2 ** (exponent - 1) : 2 ** exponent;
}

/** log of the smaller of the two bounding boxes of the n × p data, both in the data's scaled units. */
function logScaledVolume(scaled: Float64Array, n: number, p: number): number {
  const box = logRangeVolume(scaled, n, p);
  if (p === 1) return box;
  // Principal components of the centred data (princomp: eigenvectors of the ML covariance), by the
  // Jacobi rotations of the M-steps: ml-matrix's tql2 indexes past its arrays on subnormal entries.
  const centred = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += scaled[i * p + j]!;
    mean /= n;
    for (let i = 0; i < n; i++) centred[i * p + j] = scaled[i * p + j]! - mean;
  }
  const covariance = new Float64Array(p * p);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < p; a++)
      for (let b = 0; b < p; b++) covariance[a * p + b]! += (centred[i * p + a]! * centred[i * p + b]!) / n;
  const { vectors } = symmetricEigen(covariance, p);
  const scores = new Float64Array(n * p);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < p; c++) {
      let score = 0;
      for (let a = 0; a < p; a++) score += centred[i * p + a]! * vectors[a * p + c]!;
      scores[i * p + c] = score;
    }
  return Math.min(box, logRangeVolume(scores, n, p));
}

/**
 * The volume of the region the data occupy, as mclust's `hypvol`: the smaller of the bounding box of
 * the variables and the bounding box of the principal components (one column: the range). The noise
 * component's density is its reciprocal. Data that span no volume (constant or collinear rows, or a
 * volume below the smallest double) give 0.
 *
 * @param X Data, n × p.
 * @throws InvalidInputError for fewer than 2 rows, non-finite values, or a volume beyond the largest
 * double (pass `noiseVolume` to a fit on such data).
 *
 * @example
 * ```ts
 * import { hypervolume } from '@em/gaussian';
 * hypervolume([[0, 0], [2, 0], [0, 3], [2, 3]]); // 6
 * hypervolume([1, 4, 2]); // 3
 * ```
 */
export function hypervolume(X: DataInput): number {
  const data = toFlatMatrix(X, 'X');
  const { rows: n, cols: p } = data;
  if (n < 2) throw new InvalidInputError('X', 'at least 2 rows', `${n} row${n === 1 ? '' : 's'}`);
  // The volume is scale^p times the scaled data's (at most 4^p): multiplying by the power of two p
  // times is exact, and overflows only when the volume itself does.
  const scale = powerOfTwoScale(data.data);
  const logScaled = logScaledVolume(
    data.data.map((x) => x / scale),
    n,
    p,
  );
  let volume = Math.exp(logScaled);
  for (let j = 0; j < p; j++) volume *= scale;
  if (volume === Number.POSITIVE_INFINITY) {
    const log10 = (logScaled + p * Math.log(scale)) / Math.LN10;
    throw new InvalidInputError(
      'X',
      'data whose hypervolume is below the largest double, 1.8e308 (or pass noiseVolume)',
      `data spanning a volume of about 10^${Math.round(log10)}`,
    );
  }
  return volume;
}
