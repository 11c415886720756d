import { InvalidInputError, InvalidOptionError } from '@em/core';
import { GaussianMixture } from '@em/gaussian';
import { createRandom } from '@em/sampling';
import { labToRgb, rgbToLab } from './color.js';
import { integerOption, numberOption, optionsObject } from './validate.js';

/**
 * Pixels as a canvas gives them (`ImageData`): `width × height` pixels of 4 (RGBA) or 3 (RGB)
 * channels, row-major, each 0–255.
 *
 * @example
 * ```ts
 * import type { RgbImage } from '@em/imaging';
 * const image: RgbImage = { data: new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 255]), width: 2, height: 1 };
 * ```
 */
export interface RgbImage {
  /** Channel values 0–255: RGBA (4 per pixel; alpha is ignored) or RGB (3 per pixel). */
  data: ArrayLike<number>;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/**
 * Options of {@link segmentImage}.
 *
 * @example
 * ```ts
 * import type { SegmentOptions } from '@em/imaging';
 * const options: SegmentOptions = { components: 4, colorSpace: 'lab', smoothing: { beta: 1, iterations: 3 } };
 * ```
 */
export interface SegmentOptions {
  /** Number of mixture components (segments), 1…64. Default 3. */
  components?: number;
  /**
   * Colour space the mixture is fitted in: `'rgb'` (default) or `'lab'` (CIELAB, D65), where
   * Euclidean distances follow perceived colour differences better.
   */
  colorSpace?: 'rgb' | 'lab';
  /**
   * The mixture is fitted to at most this many pixels drawn at random (default 20 000; all of them
   * if the image is smaller): EM's cost grows with the sample, the fitted colours hardly change.
   * Every pixel is then labelled.
   */
  sampleSize?: number;
  /** Seed of the pixel sample and of the mixture's k-means start. Default 0. */
  seed?: number;
  /** Covariance of each colour cluster (`@em/gaussian`'s `covarianceType`). Default `'full'`. */
  covarianceType?: 'full' | 'diag' | 'spherical' | 'tied';
  /**
   * Spatial smoothing of the labels by iterated conditional modes (Besag 1986) on a Potts Markov
   * random field: each pixel in turn takes the label maximising log(wₖ·N(colour | k)) + β × (number of
   * its 4 neighbours labelled k), for `iterations` sweeps. Removes speckle; it is a post-processing
   * step on the fitted mixture, not part of EM. Default none; `true` means `{ beta: 1, iterations: 5 }`.
   */
  smoothing?: boolean | { beta?: number; iterations?: number };
  /** Regularisation added to the covariance diagonals (colour units²). Default 0.01. */
  regCovar?: number;
  /** EM iterations of the mixture fit. Default 200. */
  maxIter?: number;
}

/**
 * What {@link segmentImage} returns.
 *
 * @example
 * ```ts
 * import type { Segmentation } from '@em/imaging';
 * const share = (s: Segmentation, k: number) => s.counts[k]! / s.labels.length;
 * ```
 */
export interface Segmentation {
  /** The mask: the segment (component) of every pixel, row-major, 0…components − 1. */
  labels: Uint8Array;
  /** Mean colour of every component in RGB 0–255 (components ordered from darkest to lightest). */
  colors: [number, number, number][];
  /** The image repainted with each pixel's component colour: RGBA, as `ImageData.data`. */
  segmented: Uint8ClampedArray;
  /** Number of pixels in every component. */
  counts: number[];
  /** The mixture weights, in the same order as `colors`. */
  weights: number[];
  /** The fitted `@em/gaussian` mixture (its component order is its own, not sorted). */
  model: GaussianMixture;
  /** Pixels of the image whose labels ICM changed (0 without smoothing). */
  smoothedPixels: number;
  /** Image width. */
  width: number;
  /** Image height. */
  height: number;
}

/** Pixel features (RGB or Lab), n × 3 flat. */
function features(image: RgbImage, channels: number, space: 'rgb' | 'lab'): Float64Array {
  const n = image.width * image.height;
  const out = new Float64Array(n * 3);
  const { data } = image;
  for (let i = 0; i < n; i++) {
    const r = data[i * channels]!;
    const g = data[i * channels + 1]!;
    const b = data[i * channels + 2]!;
    if (space === 'lab') rgbToLab(r, g, b, out, i * 3);
    else {
      out[i * 3] = r;
      out[i * 3 + 1] = g;
      out[i * 3 + 2] = b;
    }
  }
  return out;
}

/** log(wₖ) + log N(x | μₖ, Σₖ) for every pixel and component, from the mixture's public parameters. */
function logJoint(model: GaussianMixture, X: Float64Array, n: number, type: string): Float64Array {
  const k = model.nComponents;
  const d = 3;
  const means = model.means;
  const weights = model.weights;
  // Every covariance type as a per-component upper-triangular factor U with precision U·Uᵀ.
  const pc = model.precisionsCholesky;
  const factors: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    const u = new Float64Array(9);
    if (type === 'full' || type === 'tied') {
      const matrix = type === 'full' ? (pc as number[][][])[c]! : (pc as number[][]);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) u[i * 3 + j] = matrix[i]![j]!;
    } else if (type === 'diag') for (let i = 0; i < d; i++) u[i * 4] = (pc as number[][])[c]![i]!;
    else for (let i = 0; i < d; i++) u[i * 4] = (pc as number[])[c]!;
    factors.push(u);
  }
  const constant = -0.5 * d * Math.log(2 * Math.PI);
  const offsets = factors.map(
    (u, c) => Math.log(weights[c]!) + constant + Math.log(u[0]!) + Math.log(u[4]!) + Math.log(u[8]!),
  );
  const out = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    const u = factors[c]!;
    const [m0, m1, m2] = means[c] as [number, number, number];
    const off = offsets[c]!;
    for (let i = 0; i < n; i++) {
      const x0 = X[i * 3]! - m0;
      const x1 = X[i * 3 + 1]! - m1;
      const x2 = X[i * 3 + 2]! - m2;
      const y0 = x0 * u[0]! + x1 * u[3]! + x2 * u[6]!;
      const y1 = x0 * u[1]! + x1 * u[4]! + x2 * u[7]!;
      const y2 = x0 * u[2]! + x1 * u[5]! + x2 * u[8]!;
      out[i * k + c] = off - 0.5 * (y0 * y0 + y1 * y1 + y2 * y2);
    }
  }
  return out;
}

/** One ICM sweep in raster order; returns how many labels changed. */
function icmSweep(
  labels: Uint8Array,
  scores: Float64Array,
  width: number,
  height: number,
  k: number,
  beta: number,
  votes: Float64Array,
): number {
  let changed = 0;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      votes.fill(0);
      if (r > 0) votes[labels[i - width]!]! += beta;
      if (r < height - 1) votes[labels[i + width]!]! += beta;
      if (c > 0) votes[labels[i - 1]!]! += beta;
      if (c < width - 1) votes[labels[i + 1]!]! += beta;
      const current = labels[i]!;
      let best = current;
      let bestScore = scores[i * k + current]! + votes[current]!;
      for (let j = 0; j < k; j++) {
        const s = scores[i * k + j]! + votes[j]!;
        if (s > bestScore) {
          bestScore = s;
          best = j;
        }
      }
      if (best !== current) {
        labels[i] = best;
        changed++;
      }
    }
  }
  return changed;
}

/**
 * The objective ICM climbs: Σᵢ log(w·N)(xᵢ | labelᵢ) + β × (number of 4-neighbour pairs with equal
 * labels). Exposed for tests and for choosing β.
 *
 * @internal
 */
export function potts(
  labels: Uint8Array,
  scores: Float64Array,
  width: number,
  height: number,
  k: number,
  beta: number,
): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) total += scores[i * k + labels[i]!]!;
  let same = 0;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      if (c + 1 < width && labels[i] === labels[i + 1]) same++;
      if (r + 1 < height && labels[i] === labels[i + width]) same++;
    }
  }
  return total + beta * same;
}

/** @internal Validates an RGB(A) image and returns its channel count. */
export function imageChannels(image: RgbImage): number {
  if (typeof image !== 'object' || image === null)
    throw new InvalidInputError('pixels', 'an ImageData-like object { data, width, height }', image);
  const { width, height, data } = image;
  if (typeof width !== 'number' || !Number.isInteger(width) || width < 1 || width > 65_536)
    throw new InvalidInputError('pixels.width', 'an integer in 1…65536', width);
  if (typeof height !== 'number' || !Number.isInteger(height) || height < 1 || height > 65_536)
    throw new InvalidInputError('pixels.height', 'an integer in 1…65536', height);
  if (!(Array.isArray(data) || (ArrayBuffer.isView(data) && !(data instanceof DataView))))
    throw new InvalidInputError('pixels.data', 'a typed array of RGB(A) values 0–255', data);
  const n = width * height;
  const channels = data.length / n;
  if (channels !== 3 && channels !== 4)
    throw new InvalidInputError(
      'pixels.data',
      `3 (RGB) or 4 (RGBA) channels per pixel: ${3 * n} or ${4 * n} values for ${width} × ${height}`,
      `${data.length} values (${Number.isInteger(channels) ? channels : channels.toFixed(2)} per pixel)`,
    );
  if (!(data instanceof Uint8ClampedArray || data instanceof Uint8Array)) {
    for (let i = 0; i < data.length; i++) {
      const v = (data as ArrayLike<number>)[i];
      if (typeof v !== 'number' || !(v >= 0 && v <= 255))
        throw new InvalidInputError('pixels.data', 'a channel value in [0, 255]', v, {
          row: Math.floor(i / channels),
          column: i % channels,
        });
    }
  }
  return channels;
}

/**
 * Segments a colour image with a Gaussian mixture fitted by EM to its pixel colours (`@em/gaussian`):
 * the textbook EM segmentation. Each pixel gets the component with the highest posterior
 * probability — optionally smoothed spatially by ICM on a Potts Markov random field (see
 * {@link SegmentOptions.smoothing}) — and the result carries the label mask, the component colours
 * and the repainted image. Components are ordered from darkest to lightest.
 *
 * @throws InvalidInputError for an image that is not ImageData-like, or whose data has a channel
 * count other than 3 or 4.
 * @throws InvalidOptionError for bad options.
 * @example
 * ```ts
 * import { segmentImage } from '@em/imaging';
 * // A 2 × 2 image: two dark pixels, two light ones.
 * const pixels = { data: new Uint8ClampedArray([10, 10, 10, 255, 12, 12, 12, 255, 240, 240, 240, 255, 238, 238, 238, 255]), width: 2, height: 2 };
 * const result = segmentImage(pixels, { components: 2 });
 * Array.from(result.labels); // [0, 0, 1, 1]
 * result.colors[1];          // ≈ [239, 239, 239]
 * ```
 */
export function segmentImage(pixels: RgbImage, options?: SegmentOptions): Segmentation {
  const channels = imageChannels(pixels);
  const opts = optionsObject(options, 'segmentImage');
  const { width, height } = pixels;
  const n = width * height;
  const k = integerOption('components', opts.components ?? 3, 1, 64);
  const space = opts.colorSpace ?? 'rgb';
  if (space !== 'rgb' && space !== 'lab') throw new InvalidOptionError('colorSpace', "'rgb' or 'lab'", space);
  const sampleSize = integerOption('sampleSize', opts.sampleSize ?? 20_000, 1, 100_000_000);
  const seed = integerOption('seed', opts.seed ?? 0, 0, 2 ** 32 - 1);
  const type = opts.covarianceType ?? 'full';
  if (!['full', 'diag', 'spherical', 'tied'].includes(type))
    throw new InvalidOptionError('covarianceType', "'full', 'diag', 'spherical' or 'tied'", type);
  const regCovar = numberOption('regCovar', opts.regCovar ?? 0.01, 0, 1e6);
  const maxIter = integerOption('maxIter', opts.maxIter ?? 200, 1, 100_000);
  let smoothing: { beta: number; iterations: number } | undefined;
  if (opts.smoothing === true) smoothing = { beta: 1, iterations: 5 };
  else if (typeof opts.smoothing === 'object' && opts.smoothing !== null)
    smoothing = {
      beta: numberOption('smoothing.beta', opts.smoothing.beta ?? 1, 0, 1e6),
      iterations: integerOption('smoothing.iterations', opts.smoothing.iterations ?? 5, 1, 1000),
    };
  else if (opts.smoothing !== undefined && opts.smoothing !== false)
    throw new InvalidOptionError('smoothing', 'a boolean or { beta, iterations }', opts.smoothing);
  if (k > n) throw new InvalidOptionError('components', `at most the number of pixels (${n})`, k);

  const X = features(pixels, channels, space);
  // Fit on a seeded sample of pixels (Floyd's algorithm: distinct indices without a shuffle of n).
  let sample = X;
  let m = n;
  if (n > sampleSize) {
    const rng = createRandom(seed);
    const chosen = new Set<number>();
    for (let j = n - sampleSize; j < n; j++) {
      const t = rng.integer(0, j + 1);
      chosen.add(chosen.has(t) ? j : t);
    }
    m = sampleSize;
    sample = new Float64Array(m * 3);
    let row = 0;
    for (const i of [...chosen].sort((a, b) => a - b)) {
      sample.set(X.subarray(i * 3, i * 3 + 3), row * 3);
      row++;
    }
  }
  const model = new GaussianMixture({
    nComponents: k,
    covarianceType: type,
    randomState: seed,
    regCovar,
    maxIter,
  }).fit({ data: sample, rows: m, cols: 3 });

  const scores = logJoint(model, X, n, type);
  // Order components darkest → lightest by their mean colour's luminance.
  const rgbMeans = model.means.map((mean) =>
    space === 'lab'
      ? labToRgb(mean[0]!, mean[1]!, mean[2]!)
      : (mean.map((v) => Math.min(255, Math.max(0, v))) as [number, number, number]),
  );
  const luminance = rgbMeans.map(([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b);
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => luminance[a]! - luminance[b]!);
  const rank = new Uint8Array(k);
  for (let position = 0; position < k; position++) rank[order[position]!] = position;
  const sorted = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) sorted[i * k + rank[c]!] = scores[i * k + c]!;

  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (sorted[i * k + c]! > sorted[i * k + best]!) best = c;
    labels[i] = best;
  }
  let smoothedPixels = 0;
  if (smoothing && k > 1) {
    const before = labels.slice();
    const votes = new Float64Array(k);
    for (let s = 0; s < smoothing.iterations; s++) {
      if (icmSweep(labels, sorted, width, height, k, smoothing.beta, votes) === 0) break;
    }
    for (let i = 0; i < n; i++) if (labels[i] !== before[i]) smoothedPixels++;
  }
  const colors = order.map((c) => rgbMeans[c]!.map((v) => Math.round(v)) as [number, number, number]);
  const counts = new Array<number>(k).fill(0);
  const segmented = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    counts[label]!++;
    const colour = colors[label]!;
    segmented[i * 4] = colour[0];
    segmented[i * 4 + 1] = colour[1];
    segmented[i * 4 + 2] = colour[2];
    segmented[i * 4 + 3] = 255;
  }
  return {
    labels,
    colors,
    segmented,
    counts,
    weights: order.map((c) => model.weights[c]!),
    model,
    smoothedPixels,
    width,
    height,
  };
}
