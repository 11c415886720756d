import { InvalidInputError, InvalidOptionError, NumericalError } from '@em/core';
import { MAX_VALUE, numberOption, optionsObject } from './validate.js';

function pair(a: ArrayLike<number>, b: ArrayLike<number>): void {
  const ok = (v: unknown) => Array.isArray(v) || ArrayBuffer.isView(v);
  if (!ok(a)) throw new InvalidInputError('image', 'an array of pixel values', a);
  if (!ok(b) || b.length !== a.length)
    throw new InvalidInputError('reference', `an array of ${a.length} pixel values (as image)`, b);
  const expected = `a finite number with |x| <= ${MAX_VALUE} (squares must not overflow)`;
  const fits = (v: unknown) => typeof v === 'number' && Math.abs(v) <= MAX_VALUE;
  for (let i = 0; i < a.length; i++) {
    if (!fits(a[i])) throw new InvalidInputError('image', expected, a[i], { row: i });
    if (!fits(b[i])) throw new InvalidInputError('reference', expected, b[i], { row: i });
  }
}

/**
 * Root-mean-square error between an image and a reference of the same size: √(mean (xᵢ − yᵢ)²).
 *
 * @throws InvalidInputError for arrays of different lengths or non-finite values.
 * @example
 * ```ts
 * import { rmse } from '@em/imaging';
 * rmse([1, 2, 3, 4], [1, 2, 3, 6]); // 1
 * ```
 */
export function rmse(image: ArrayLike<number>, reference: ArrayLike<number>): number {
  pair(image, reference);
  if (image.length === 0) throw new InvalidInputError('image', 'a non-empty image', image);
  // Halves and a max-scaled sum, so differences near the largest doubles neither overflow nor underflow.
  let largest = 0;
  for (let i = 0; i < image.length; i++)
    largest = Math.max(largest, Math.abs(image[i]! / 2 - reference[i]! / 2));
  if (largest === 0) return 0;
  let sum = 0;
  for (let i = 0; i < image.length; i++) sum += ((image[i]! / 2 - reference[i]! / 2) / largest) ** 2;
  const value = 2 * largest * Math.sqrt(sum / image.length);
  if (!Number.isFinite(value))
    throw new NumericalError('The RMSE overflows a double.', 'Rescale the images.');
  return value;
}

/**
 * Options of {@link ssim}.
 *
 * @example
 * ```ts
 * import type { SsimOptions } from '@em/imaging';
 * const options: SsimOptions = { dataRange: 1 };
 * ```
 */
export interface SsimOptions {
  /** Image width; default √length (square images). */
  width?: number;
  /** The value range L in the constants C₁ = (0.01 L)², C₂ = (0.03 L)²; default max − min of the reference. */
  dataRange?: number;
}

/**
 * Mean structural similarity (Wang, Bovik, Sheikh & Simoncelli 2004) with scikit-image's defaults
 * (`structural_similarity(image, reference, data_range=L)`): 7 × 7 uniform windows, sample
 * covariances, K₁ = 0.01, K₂ = 0.03, averaged over the windows that fit inside the image. 1 for
 * identical images.
 *
 * @throws InvalidInputError for images of different sizes, smaller than 7 × 7, or non-finite values.
 * @example
 * ```ts
 * import { ssim } from '@em/imaging';
 * const a = Array.from({ length: 100 }, (_, i) => (i % 10) / 10);
 * ssim(a, a, { dataRange: 1 }); // 1
 * ```
 */
export function ssim(image: ArrayLike<number>, reference: ArrayLike<number>, options?: SsimOptions): number {
  pair(image, reference);
  const opts = optionsObject(options, 'ssim');
  const n = image.length;
  const width = opts.width ?? Math.round(Math.sqrt(n));
  if (!Number.isInteger(width) || width < 7 || n % width !== 0 || n / width < 7)
    throw new InvalidOptionError(
      'width',
      `the width of an image of at least 7 × 7 pixels (${n} values)`,
      width,
    );
  const height = n / width;
  let range = opts.dataRange;
  if (range === undefined) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, reference[i]!);
      hi = Math.max(hi, reference[i]!);
    }
    range = hi - lo;
  }
  numberOption('dataRange', range, Number.MIN_VALUE, 2 * MAX_VALUE);
  const c1 = (0.01 * range) ** 2;
  const c2 = (0.03 * range) ** 2;
  const win = 7;
  const np = win * win;
  const covNorm = np / (np - 1);
  let total = 0;
  let count = 0;
  for (let r = 3; r < height - 3; r++) {
    for (let c = 3; c < width - 3; c++) {
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (let i = r - 3; i <= r + 3; i++) {
        for (let j = c - 3; j <= c + 3; j++) {
          const x = image[i * width + j]!;
          const y = reference[i * width + j]!;
          sx += x;
          sy += y;
          sxx += x * x;
          syy += y * y;
          sxy += x * y;
        }
      }
      const ux = sx / np;
      const uy = sy / np;
      const vx = covNorm * (sxx / np - ux * ux);
      const vy = covNorm * (syy / np - uy * uy);
      const vxy = covNorm * (sxy / np - ux * uy);
      total += ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
      count++;
    }
  }
  return total / count;
}
