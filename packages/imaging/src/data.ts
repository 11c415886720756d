import { InvalidInputError } from '@em/core';
import { logFactorialSum } from './likelihood.js';
import { checkSystem, type SystemMatrix } from './system-matrix.js';
import { type Grid, readGrid } from './validate.js';

/**
 * The physics of a measured sinogram besides the image: the expected counts of bin i are
 * ȳᵢ = aᵢ·(A x)ᵢ + rᵢ, with attenuation factors aᵢ ∈ (0, 1] (the survival probability along the
 * ray, exp(−∫μ), see {@link attenuationFactors}) and expected background counts rᵢ ≥ 0 (randoms
 * and scatter, known from a separate estimate). Both default to "none" (aᵢ = 1, rᵢ = 0).
 *
 * @example
 * ```ts
 * import type { ScanPhysics } from '@em/imaging';
 * const physics: ScanPhysics = { background: new Float64Array(90 * 64).fill(0.5) };
 * ```
 */
export interface ScanPhysics {
  /** Attenuation factor of every bin (nAngles × nDetectors, each in (0, 1]). */
  attenuation?: Grid;
  /** Expected background counts of every bin (nAngles × nDetectors, each ≥ 0). */
  background?: Grid;
}

/** @internal A validated sinogram with its physics, ready for reconstruction. */
export interface ScanData {
  system: SystemMatrix;
  counts: Float64Array;
  attenuation: Float64Array | undefined;
  background: Float64Array | undefined;
  /** Σ log(yᵢ!). */
  logFactorials: number;
}

/** @internal Validates a sinogram and its physics against the system's geometry. */
export function readScan(sinogram: Grid, system: SystemMatrix, physics: ScanPhysics): ScanData {
  checkSystem(system);
  const { nAngles, nDetectors } = system.geometry;
  const shape = `a sinogram of ${nAngles} angles × ${nDetectors} detectors (the system's geometry)`;
  const counts = readGrid(sinogram, 'sinogram', nAngles, nDetectors, shape, { nonNegative: true });
  let attenuation: Float64Array | undefined;
  if (physics.attenuation !== undefined) {
    attenuation = readGrid(physics.attenuation, 'attenuation', nAngles, nDetectors, shape);
    for (let i = 0; i < attenuation.length; i++) {
      const a = attenuation[i]!;
      if (!(a > 0 && a <= 1))
        throw new InvalidInputError('attenuation', 'a factor in (0, 1]', a, {
          row: Math.floor(i / nDetectors),
          column: i % nDetectors,
        });
    }
  }
  let background: Float64Array | undefined;
  if (physics.background !== undefined)
    background = readGrid(physics.background, 'background', nAngles, nDetectors, shape, {
      nonNegative: true,
    });
  // A count on a ray that crosses no pixel and has no background cannot be explained by any image.
  const { rowStart } = system;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i]! > 0 && rowStart[i + 1] === rowStart[i] && !(background && background[i]! > 0))
      throw new InvalidInputError(
        'sinogram',
        'zero counts on a ray that misses the image (and has no background)',
        counts[i],
        { row: Math.floor(i / nDetectors), column: i % nDetectors },
      );
  }
  return { system, counts, attenuation, background, logFactorials: logFactorialSum(counts) };
}

/**
 * Expected counts ȳ = a·(A x) + r over rays [from, to) into `out`, and the Poisson log-likelihood
 * contribution Σ yᵢ log ȳᵢ − ȳᵢ of those rays (without the log yᵢ! constant).
 *
 * @internal
 */
export function expectedCounts(
  data: ScanData,
  image: Float64Array,
  out: Float64Array,
  from: number,
  to: number,
): number {
  data.system.forwardRange(image, out, from, to);
  const { counts, attenuation, background } = data;
  let ll = 0;
  for (let i = from; i < to; i++) {
    let mean = out[i]!;
    if (attenuation) mean *= attenuation[i]!;
    if (background) mean += background[i]!;
    out[i] = mean;
    const y = counts[i]!;
    if (y > 0) ll += y * Math.log(mean);
    ll -= mean;
  }
  return ll;
}

/**
 * Turns expected counts into the back-projection weights aᵢ·yᵢ/ȳᵢ (in place) over rays [from, to).
 *
 * @internal
 */
export function ratioInPlace(data: ScanData, expected: Float64Array, from: number, to: number): void {
  const { counts, attenuation } = data;
  for (let i = from; i < to; i++) {
    const y = counts[i]!;
    const mean = expected[i]!;
    // ȳ = 0 with y > 0 is excluded by readScan for rays that miss the image; elsewhere it means a
    // zero image along the ray, where the multiplicative update keeps zero anyway.
    let w = y > 0 && mean > 0 ? y / mean : 0;
    if (attenuation) w *= attenuation[i]!;
    expected[i] = w;
  }
}

/** @internal Aᵀa over rays [from, to): the sensitivity of a subset. */
export function subsetSensitivity(data: ScanData, from: number, to: number): Float64Array {
  const { system, attenuation } = data;
  const out = new Float64Array(system.nPixels);
  if (!attenuation && from === 0 && to === system.nRays) return system.sensitivity();
  const weights = new Float64Array(system.nRays);
  for (let i = from; i < to; i++) weights[i] = attenuation ? attenuation[i]! : 1;
  system.backRange(weights, out, from, to);
  return out;
}

/** @internal A flat starting image: every sensitive pixel equal, its expected total matching the counts. */
export function uniformStart(data: ScanData, sensitivity: Float64Array): Float64Array {
  let net = 0;
  for (let i = 0; i < data.counts.length; i++) net += data.counts[i]! - (data.background?.[i] ?? 0);
  let sens = 0;
  for (let j = 0; j < sensitivity.length; j++) sens += sensitivity[j]!;
  const level = net > 0 && sens > 0 ? net / sens : 1;
  const out = new Float64Array(sensitivity.length);
  for (let j = 0; j < out.length; j++) out[j] = sensitivity[j]! > 0 ? level : 0;
  return out;
}
