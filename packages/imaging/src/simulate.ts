import { InvalidInputError } from '@em/core';
import { createRandom, poisson, Random } from '@em/sampling';
import { checkSystem, type SystemMatrix } from './system-matrix.js';
import { type Grid, numberOption, optionsObject, readGrid } from './validate.js';

/**
 * Options of {@link simulateSinogram}.
 *
 * @example
 * ```ts
 * import type { SimulateOptions } from '@em/imaging';
 * const options: SimulateOptions = { counts: 1e5, seed: 7, backgroundFraction: 0.1 };
 * ```
 */
export interface SimulateOptions {
  /** Expected total counts of the sinogram (the count level: lower is noisier). A number > 0. */
  counts: number;
  /** Seed of the Poisson draws (`@em/sampling`'s `createRandom`), or a `Random` to draw from. */
  seed?: number | Random;
  /**
   * Attenuation map μ (N × N, per pixel length, ≥ 0): bin i's counts are multiplied by
   * exp(−(A μ)ᵢ). Default none.
   */
  attenuationMap?: Grid;
  /**
   * Share of the expected counts that are uniform background (randoms/scatter), in [0, 1). Default 0.
   */
  backgroundFraction?: number;
}

/**
 * A simulated scan: the Poisson counts, their means, and the physics to pass to the reconstruction.
 *
 * @example
 * ```ts
 * import type { SimulatedScan } from '@em/imaging';
 * const show = (scan: SimulatedScan) => console.log(scan.sinogram.reduce((a, b) => a + b, 0), scan.scale);
 * ```
 */
export interface SimulatedScan {
  /** Poisson counts, nAngles × nDetectors, flat angle-major. */
  sinogram: Float64Array;
  /** Their means ȳ = scale·a·(A image) + r. */
  expected: Float64Array;
  /**
   * Counts per unit of image × length: reconstructions estimate scale × image, so divide them by
   * `scale` to compare with the phantom.
   */
  scale: number;
  /** Attenuation factors a (when an attenuation map was given), to pass to `mlem`/`osem`/`fbp`. */
  attenuation?: Float64Array;
  /** Expected background counts r per bin (when `backgroundFraction` > 0), to pass on likewise. */
  background?: Float64Array;
}

/**
 * Attenuation factors exp(−(A μ)ᵢ) of every bin for an attenuation map μ (per pixel length).
 *
 * @throws InvalidInputError if `mu` is not an N × N non-negative image.
 * @example
 * ```ts
 * import { attenuationFactors, disc, parallelBeam, systemMatrix } from '@em/imaging';
 * const A = systemMatrix(parallelBeam({ size: 32, nAngles: 30 }));
 * const mu = disc(32, 14).map((v) => 0.02 * v);
 * const a = attenuationFactors(mu, A);
 * a[16]; // ≈ 0.572 (exp(−0.02 · 28) through the centre)
 * ```
 */
export function attenuationFactors(mu: Grid, system: SystemMatrix): Float64Array {
  checkSystem(system);
  const { size } = system.geometry;
  const map = readGrid(mu, 'mu', size, size, 'an N × N attenuation map', { nonNegative: true });
  const out = new Float64Array(system.nRays);
  system.forwardRange(map, out, 0, system.nRays);
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(-out[i]!);
  return out;
}

/**
 * Simulates an emission scan of `image` (activity, N × N, ≥ 0): expected counts
 * ȳ = scale·a·(A image) + r scaled so that they total `counts`, then independent Poisson draws per
 * bin, seeded (same seed, same sinogram on every platform).
 *
 * @throws InvalidInputError for an image that does not match the system or has negative values, or
 * whose projection is zero.
 * @throws InvalidOptionError for counts ≤ 0 or a background fraction outside [0, 1).
 * @example
 * ```ts
 * import { parallelBeam, sheppLogan, simulateSinogram, systemMatrix } from '@em/imaging';
 * const A = systemMatrix(parallelBeam({ size: 64, nAngles: 90 }));
 * const scan = simulateSinogram(sheppLogan(64), A, { counts: 1e5, seed: 1 });
 * scan.sinogram.reduce((a, b) => a + b, 0); // 100437 (Poisson around 100 000)
 * ```
 */
export function simulateSinogram(image: Grid, system: SystemMatrix, options: SimulateOptions): SimulatedScan {
  checkSystem(system);
  const opts = optionsObject(options, 'simulateSinogram');
  const counts = numberOption('counts', opts.counts, Number.MIN_VALUE, 1e15);
  const fraction = numberOption('backgroundFraction', opts.backgroundFraction ?? 0, 0, 0.999999);
  const { size } = system.geometry;
  const x = readGrid(image, 'image', size, size, 'an N × N image', { nonNegative: true });
  const rng = opts.seed instanceof Random ? opts.seed : createRandom(opts.seed as number | undefined);
  const attenuation =
    opts.attenuationMap === undefined ? undefined : attenuationFactors(opts.attenuationMap, system);
  const expected = new Float64Array(system.nRays);
  system.forwardRange(x, expected, 0, system.nRays);
  let total = 0;
  for (let i = 0; i < expected.length; i++) {
    if (attenuation) expected[i]! *= attenuation[i]!;
    total += expected[i]!;
  }
  if (!(total > 0)) throw new InvalidInputError('image', 'an image with a non-zero projection', 'all zeros');
  const scale = ((1 - fraction) * counts) / total;
  // Background counts spread over the bins whose rays cross the image.
  let nHit = 0;
  for (let i = 0; i < system.nRays; i++) if (system.rowStart[i + 1]! > system.rowStart[i]!) nHit++;
  const level = (fraction * counts) / Math.max(1, nHit);
  const background = fraction > 0 ? new Float64Array(system.nRays) : undefined;
  const sinogram = new Float64Array(system.nRays);
  for (let i = 0; i < expected.length; i++) {
    let mean = expected[i]! * scale;
    if (background && system.rowStart[i + 1]! > system.rowStart[i]!) {
      background[i] = level;
      mean += level;
    }
    expected[i] = mean;
    sinogram[i] = poisson(rng, { lam: mean, size: 1 })[0]!;
  }
  const scan: SimulatedScan = { sinogram, expected, scale };
  if (attenuation) scan.attenuation = attenuation;
  if (background) scan.background = background;
  return scan;
}
