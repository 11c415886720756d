import { InvalidOptionError } from '@em/core';
import { MAX_ANGLES, MAX_DETECTORS, MAX_SIZE } from './check-geometry.js';

/** Largest |angle| in degrees (some 2,800 turns): beyond it an angle is a mistake, not a scan. */
const MAX_DEGREES = 1e6;

/**
 * A 2-D parallel-beam scan: an N × N image of unit pixels, `nAngles` projection angles and
 * `nDetectors` detector bins of unit width. The coordinates are scikit-image's (`radon`/`iradon`
 * with `circle=True`), so sinograms move between the two without shifts: the rotation centre is
 * pixel (⌊N/2⌋, ⌊N/2⌋), detector bin j sits at s = j − ⌊nDetectors/2⌋, and the ray of angle θ
 * and bin j is the line x·cos θ − y·sin θ = s, where x is the column offset and y the row offset
 * (rows downward) from the centre.
 *
 * @example
 * ```ts
 * import { parallelBeam, type ParallelBeamGeometry } from '@em/imaging';
 * const geometry: ParallelBeamGeometry = parallelBeam({ size: 64, nAngles: 90 });
 * geometry.nDetectors; // 64
 * geometry.angles[1];  // ≈ 0.0349 (2 degrees in radians)
 * ```
 */
export interface ParallelBeamGeometry {
  /** Image side N in pixels (the image is N × N, stored row-major). */
  readonly size: number;
  /** Number of projection angles. */
  readonly nAngles: number;
  /** Number of detector bins per angle. */
  readonly nDetectors: number;
  /** Projection angles in radians, one per sinogram row. */
  readonly angles: Float64Array;
}

/**
 * Options of {@link parallelBeam}.
 *
 * @example
 * ```ts
 * import type { ParallelBeamOptions } from '@em/imaging';
 * const options: ParallelBeamOptions = { size: 128, nAngles: 180 };
 * ```
 */
export interface ParallelBeamOptions {
  /** Image side N in pixels, an integer in 2…1024. */
  size: number;
  /**
   * Number of angles spread evenly over [0°, 180°) (numpy's `linspace(0, 180, nAngles,
   * endpoint=False)`, scikit-image's default). Ignored when `angles` is given.
   */
  nAngles?: number;
  /** Explicit angles in degrees (finite numbers); overrides `nAngles`. */
  angles?: ArrayLike<number>;
  /** Detector bins per angle; default N, which covers the inscribed circle (`circle=True`). */
  nDetectors?: number;
}

/**
 * Describes a parallel-beam scan (see {@link ParallelBeamGeometry} for the coordinates).
 *
 * @throws InvalidOptionError for a size, angle count, angle or detector count out of range.
 * @example
 * ```ts
 * import { parallelBeam } from '@em/imaging';
 * const geometry = parallelBeam({ size: 128, nAngles: 180 });
 * geometry.angles.length; // 180
 * ```
 */
export function parallelBeam(options: ParallelBeamOptions): ParallelBeamGeometry {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object { size, nAngles | angles }', options);
  const { size } = options;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 2 || size > MAX_SIZE)
    throw new InvalidOptionError('size', `an integer in 2…${MAX_SIZE}`, size);
  let angles: Float64Array;
  if (options.angles !== undefined) {
    const given = options.angles;
    if (
      given === null ||
      typeof given !== 'object' ||
      typeof given.length !== 'number' ||
      given.length < 1 ||
      given.length > MAX_ANGLES
    )
      throw new InvalidOptionError('angles', `an array of 1…${MAX_ANGLES} angles in degrees`, given);
    angles = new Float64Array(given.length);
    for (let i = 0; i < given.length; i++) {
      const a = given[i];
      if (typeof a !== 'number' || !(Math.abs(a) <= MAX_DEGREES))
        throw new InvalidOptionError(`angles[${i}]`, `an angle in degrees within ±${MAX_DEGREES}`, a);
      angles[i] = (a * Math.PI) / 180;
    }
  } else {
    const n = options.nAngles;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_ANGLES)
      throw new InvalidOptionError('nAngles', `an integer in 1…${MAX_ANGLES}`, n);
    angles = new Float64Array(n);
    for (let i = 0; i < n; i++) angles[i] = (((180 * i) / n) * Math.PI) / 180;
  }
  const nDetectors = options.nDetectors ?? size;
  if (
    typeof nDetectors !== 'number' ||
    !Number.isInteger(nDetectors) ||
    nDetectors < 1 ||
    nDetectors > MAX_DETECTORS
  )
    throw new InvalidOptionError('nDetectors', `an integer in 1…${MAX_DETECTORS}`, nDetectors);
  return { size, nAngles: angles.length, nDetectors, angles };
}
