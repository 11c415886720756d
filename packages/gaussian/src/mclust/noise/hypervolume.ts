import { InvalidInputError } from '@em/core';
import { type DataInput, type FlatMatrix, toFlatMatrix } from '@em/core/numeric';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

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

/**
 * mclust's `hypvol` from rows read in passes, for data that is never in memory at once: pass 1
 * the columns' ranges and sums (so their mean), pass 2 the centred cross-products (so the
 * principal axes), pass 3 the ranges of the rows on those axes; one pass for one column. Each sum
 * runs over the rows in order, the arithmetic of {@link hypervolume} on the whole matrix, so any
 * split of the rows into blocks gives the same volume to the bit.
 */
export class HypervolumeSums {
  /** Rows added in pass 1. */
  rows = 0;
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private readonly sums: Float64Array;
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
          this.sums[j]! += x;
        }
      }
      this.rows += rows;
      return;
    }
    this.mean ??= this.sums.map((s) => s / this.rows);
    const mean = this.mean;
    const centred = new Float64Array(d);
    if (pass === 2) {
      for (let i = 0; i < rows; i++) {
        for (let a = 0; a < d; a++) centred[a] = data[i * d + a]! - mean[a]!;
        for (let a = 0; a < d; a++)
          for (let b = 0; b < d; b++) this.cross[a * d + b]! += centred[a]! * centred[b]!;
      }
      return;
    }
    this.axes ??= this.principalAxes();
    const axes = this.axes;
    for (let i = 0; i < rows; i++) {
      for (let a = 0; a < d; a++) centred[a] = data[i * d + a]! - mean[a]!;
      for (let j = 0; j < d; j++) {
        let score = 0;
        for (let a = 0; a < d; a++) score += centred[a]! * axes[a * d + j]!;
        widen(this.scoreLow, this.scoreHigh, j, score);
      }
    }
  }

  /** The volume, after the {@link passes}: the smaller of the two bounding boxes. */
  volume(): number {
    if (this.cols === 1) return this.high[0]! - this.low[0]!;
    const box = logRangeVolume(this.low, this.high);
    const components = logRangeVolume(this.scoreLow, this.scoreHigh);
    return Math.exp(Math.min(box, components));
  }

  /** Eigenvectors of the (n-normalised) covariance, as princomp's loadings, row-major. */
  private principalAxes(): Float64Array {
    const d = this.cols;
    const covariance = new Matrix(d, d);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) covariance.set(a, b, this.cross[a * d + b]!);
    const vectors = new EigenvalueDecomposition(covariance.div(this.rows), { assumeSymmetric: true })
      .eigenvectorMatrix;
    return Float64Array.from(vectors.to1DArray());
  }
}

/**
 * The volume of the region the data occupy, as mclust's `hypvol`: the smaller of the bounding box of
 * the variables and the bounding box of the principal components (one column: the range). The noise
 * component's density is its reciprocal.
 *
 * @param X Data, n × p.
 * @throws InvalidInputError for fewer than 2 rows or non-finite values.
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
