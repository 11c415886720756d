import { InvalidInputError } from '@em/core';
import { type DataInput, type FlatMatrix, toFlatMatrix } from '@em/core/numeric';
import { symmetricEigen } from '../eigen.js';

/** Σ log(high − low) over the columns. */
function logRangeVolume(low: Float64Array, high: Float64Array): number {
  let total = 0;
  for (let j = 0; j < low.length; j++) total += Math.log(high[j]! - low[j]!);
  return total;
}

function widen(low: Float64Array, high: Float64Array, j: number, x: number): void {
  if (x < low[j]!) low[j] = x;
  if (x > high[j]!) high[j] = x;
}

/** The power of two at or below |x| (Infinity-safe: at most 2^1023), for x > 0. */
function powerOfTwoBelow(x: number): number {
  // log2 rounds up just below a power of two (to 1024 near the largest double).
  const exponent = Math.min(Math.floor(Math.log2(x)), 1023);
  return 2 ** exponent > x ? 2 ** (exponent - 1) : 2 ** exponent;
}

/**
 * mclust's `hypvol` from rows read in passes, for data that is never in memory at once: pass 1
 * the columns' ranges and sums (so their mean), pass 2 the centred cross-products (so the
 * principal axes), pass 3 the ranges of the rows on those axes; one pass for one column. Each sum
 * runs over the rows in order, the arithmetic of {@link hypervolume} on the whole matrix, so any
 * split of the rows into blocks gives the same volume to the bit.
 *
 * Everything after the ranges is computed on the data divided by `scale`, the power of two at or
 * below the largest |x| (exact, and it brings every value into [-2, 2]): neither subnormal data
 * (whose products underflow to 0) nor data near the largest doubles (whose ranges, means and
 * products overflow) reach the eigen-decomposition. Pass 1 does not know the final scale yet, so
 * its sums are kept in units of the largest power of two seen so far and shifted (exactly) when
 * a larger one comes.
 */
export class HypervolumeSums {
  /** Rows added in pass 1. */
  rows = 0;
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  /** Column sums in units of `scale`. */
  private readonly sums: Float64Array;
  private scale = 0;
  private readonly cross: Float64Array;
  private mean: Float64Array | undefined;
  private axes: Float64Array | undefined;
  private readonly scoreLow: Float64Array;
  private readonly scoreHigh: Float64Array;

  constructor(readonly cols: number) {
    this.low = new Float64Array(cols).fill(Number.POSITIVE_INFINITY);
    this.high = new Float64Array(cols).fill(Number.NEGATIVE_INFINITY);
    this.sums = new Float64Array(cols);
    this.cross = new Float64Array(cols * cols);
    this.scoreLow = new Float64Array(cols).fill(Number.POSITIVE_INFINITY);
    this.scoreHigh = new Float64Array(cols).fill(Number.NEGATIVE_INFINITY);
  }

  /** Passes over the rows the volume needs: 1 for one column, 3 otherwise. */
  get passes(): number {
    return this.cols === 1 ? 1 : 3;
  }

  /** Adds a block of rows to pass `pass` (1-based; every row once per pass, in the same order). */
  add(block: FlatMatrix, pass: number): void {
    const { data, rows } = block;
    const d = this.cols;
    if (pass === 1) {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < d; j++) {
          const x = data[i * d + j]!;
          widen(this.low, this.high, j, x);
          const size = Math.abs(x);
          if (size >= 2 * this.scale && size > 0) this.rescale(powerOfTwoBelow(size));
          if (this.scale > 0) this.sums[j]! += x / this.scale;
        }
      }
      this.rows += rows;
      return;
    }
    const scale = this.scale || 1;
    this.mean ??= this.sums.map((s) => s / this.rows);
    const mean = this.mean;
    const centred = new Float64Array(d);
    if (pass === 2) {
      for (let i = 0; i < rows; i++) {
        for (let a = 0; a < d; a++) centred[a] = data[i * d + a]! / scale - mean[a]!;
        for (let a = 0; a < d; a++)
          for (let b = 0; b < d; b++) this.cross[a * d + b]! += centred[a]! * centred[b]!;
      }
      return;
    }
    this.axes ??= this.principalAxes();
    const axes = this.axes;
    for (let i = 0; i < rows; i++) {
      for (let a = 0; a < d; a++) centred[a] = data[i * d + a]! / scale - mean[a]!;
      for (let j = 0; j < d; j++) {
        let score = 0;
        for (let a = 0; a < d; a++) score += centred[a]! * axes[a * d + j]!;
        widen(this.scoreLow, this.scoreHigh, j, score);
      }
    }
  }

  /**
   * The volume, after the {@link passes}: the smaller of the two bounding boxes (0 for data that
   * span none).
   * @throws InvalidInputError when the volume is beyond the largest double (pass `noiseVolume`).
   */
  volume(): number {
    const scale = this.scale || 1;
    const p = this.cols;
    const low = this.low.map((x) => x / scale);
    const high = this.high.map((x) => x / scale);
    const box = logRangeVolume(low, high);
    const logScaled = p === 1 ? box : Math.min(box, logRangeVolume(this.scoreLow, this.scoreHigh));
    // scale^p times the scaled volume: multiplying by the power of two p times is exact, and
    // overflows only when the volume itself does.
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

  /** Pass 1's sums in units of a larger power of two (an exact shift but for negligible bits). */
  private rescale(scale: number): void {
    if (this.scale > 0) {
      const shift = this.scale / scale;
      for (let j = 0; j < this.cols; j++) this.sums[j]! *= shift;
    }
    this.scale = scale;
  }

  /**
   * Eigenvectors of the (n-normalised) covariance of the scaled data, as princomp's loadings,
   * row-major: by the Jacobi rotations of the M-steps (ml-matrix's tql2 indexes past its arrays
   * on subnormal entries).
   */
  private principalAxes(): Float64Array {
    const d = this.cols;
    const covariance = this.cross.map((c) => c / this.rows);
    return symmetricEigen(covariance, d).vectors;
  }
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
  const n = data.rows;
  if (n < 2) throw new InvalidInputError('X', 'at least 2 rows', `${n} row${n === 1 ? '' : 's'}`);
  const sums = new HypervolumeSums(data.cols);
  for (let pass = 1; pass <= sums.passes; pass++) sums.add(data, pass);
  return sums.volume();
}
