import { InvalidOptionError, NumericalError, requireIterations, type StopReason } from '@em/core';
import {
  expectedCounts,
  ratioInPlace,
  readScan,
  type ScanData,
  type ScanPhysics,
  subsetSensitivity,
  uniformStart,
} from './data.js';
import type { Reconstruction } from './mlem.js';
import type { SystemMatrix } from './system-matrix.js';
import { type Grid, integerOption, optionsObject, readGrid } from './validate.js';

/**
 * Options of {@link osem} and {@link osemSteps}.
 *
 * @example
 * ```ts
 * import type { OsemOptions } from '@em/imaging';
 * const options: OsemOptions = { subsets: 10, iterations: 4 };
 * ```
 */
export interface OsemOptions extends ScanPhysics {
  /**
   * Number of ordered subsets: the angles are split into `subsets` interleaved groups (angle a goes to
   * subset a mod subsets) and the image is updated after each group. Must divide the number of
   * angles. Default 10 (1 is MLEM).
   */
  subsets?: number;
  /** Number of iterations (full passes over the subsets), an integer ≥ 1 (default 4). */
  iterations?: number;
  /** Starting image (N × N, non-negative); default uniform, its expected total equal to the counts. */
  initial?: Grid;
  /**
   * Compute the log-likelihood of every iteration's image (one extra forward projection per
   * iteration). Default true; false reports only the final image's.
   */
  trackLikelihood?: boolean;
  /** Called after every iteration; return `false` to stop. */
  onIteration?: (info: OsemStep) => boolean | void;
  /** Stops the run between iterations. */
  signal?: AbortSignal;
}

/**
 * What {@link osemSteps} yields and {@link OsemOptions.onIteration} receives after each iteration.
 *
 * @example
 * ```ts
 * import type { OsemStep } from '@em/imaging';
 * const log = (step: OsemStep) => console.log(step.iteration, step.logLikelihood);
 * ```
 */
export interface OsemStep {
  /** 1-based iteration (a full pass over the subsets). */
  iteration: number;
  /** The image after this iteration (a fresh array). */
  image: Float64Array;
  /** Log-likelihood of `image` (NaN when `trackLikelihood` is false). */
  logLikelihood: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
}

function prepare(sinogram: Grid, system: SystemMatrix, options: OsemOptions | undefined) {
  const opts = optionsObject(options, 'osem');
  const iterations = integerOption('iterations', opts.iterations ?? 4, 1, 1_000_000);
  const data = readScan(sinogram, system, opts);
  const { nAngles } = system.geometry;
  const subsets = opts.subsets ?? Math.min(10, nAngles);
  if (typeof subsets !== 'number' || !Number.isInteger(subsets) || subsets < 1 || subsets > nAngles)
    throw new InvalidOptionError('subsets', `an integer in 1…${nAngles} (the number of angles)`, subsets);
  if (nAngles % subsets !== 0) {
    const divisors: number[] = [];
    for (let d = 1; d <= nAngles && divisors.length < 12; d++) if (nAngles % d === 0) divisors.push(d);
    throw new InvalidOptionError(
      'subsets',
      `a divisor of the number of angles (${nAngles})`,
      subsets,
      `Subsets must have equal sizes; try one of ${divisors.join(', ')}.`,
    );
  }
  const trackLikelihood = opts.trackLikelihood ?? true;
  if (typeof trackLikelihood !== 'boolean')
    throw new InvalidOptionError('trackLikelihood', 'a boolean', trackLikelihood);
  if (opts.onIteration !== undefined && typeof opts.onIteration !== 'function')
    throw new InvalidOptionError('onIteration', 'a function', opts.onIteration);
  const full = subsetSensitivity(data, 0, system.nRays);
  const initial =
    opts.initial === undefined
      ? uniformStart(data, full)
      : readGrid(opts.initial, 'initial', system.geometry.size, system.geometry.size, 'an N × N image', {
          nonNegative: true,
        });
  return { opts, data, iterations, subsets, trackLikelihood, initial };
}

/** Angle indices of each subset, interleaved: subset b holds angles b, b + S, b + 2S, … */
function subsetAngles(nAngles: number, subsets: number): Int32Array[] {
  return Array.from({ length: subsets }, (_, b) => {
    const angles = new Int32Array(nAngles / subsets);
    for (let k = 0; k < angles.length; k++) angles[k] = b + k * subsets;
    return angles;
  });
}

function* run(
  data: ScanData,
  image: Float64Array,
  iterations: number,
  subsets: number,
  trackLikelihood: boolean,
  signal: AbortSignal | undefined,
): Generator<
  OsemStep,
  { image: Float64Array; history: number[]; iterations: number; stopReason: StopReason },
  boolean | undefined
> {
  const { system } = data;
  const { nAngles, nDetectors } = system.geometry;
  const groups = subsetAngles(nAngles, subsets);
  // Per-subset sensitivities Σ_{i ∈ subset} aᵢAᵢⱼ, once per run.
  const weights = data.attenuation ?? new Float64Array(system.nRays).fill(1);
  const sensitivities = groups.map((angles) => {
    const s = new Float64Array(system.nPixels);
    for (const a of angles) system.backRange(weights, s, a * nDetectors, (a + 1) * nDetectors);
    return s;
  });
  const expected = new Float64Array(system.nRays);
  const back = new Float64Array(system.nPixels);
  const start = Date.now();
  const x = image;
  const history: number[] = [];
  const logLikelihood = (img: Float64Array) => checkedLogLikelihood(data, img, expected, subsets);
  if (trackLikelihood) history.push(logLikelihood(x));
  let stopReason: StopReason = 'maxIter';
  let done = 0;
  for (let it = 1; it <= iterations; it++) {
    if (signal?.aborted) {
      stopReason = 'aborted';
      break;
    }
    for (let b = 0; b < subsets; b++) {
      back.fill(0);
      for (const a of groups[b]!) {
        const from = a * nDetectors;
        const to = from + nDetectors;
        expectedCounts(data, x, expected, from, to);
        ratioInPlace(data, expected, from, to);
        system.backRange(expected, back, from, to);
      }
      const s = sensitivities[b]!;
      for (let j = 0; j < x.length; j++) {
        const sj = s[j]!;
        x[j] = sj > 0 ? (x[j]! * back[j]!) / sj : 0;
      }
    }
    done = it;
    const ll = trackLikelihood ? logLikelihood(x) : Number.NaN;
    if (trackLikelihood) history.push(ll);
    const keepGoing = yield { iteration: it, image: x, logLikelihood: ll, elapsedMs: Date.now() - start };
    if (keepGoing === false) {
      stopReason = 'callback';
      break;
    }
  }
  return { image: x, history, iterations: done, stopReason };
}

/**
 * The log-likelihood of an OSEM image. A subset with no counts along some pixels' rays zeroes those
 * pixels, and another subset's counts may then be unexplainable (ȳ = 0 where y > 0): say so.
 */
function checkedLogLikelihood(
  data: ScanData,
  image: Float64Array,
  expected: Float64Array,
  subsets: number,
): number {
  const ll = expectedCounts(data, image, expected, 0, data.system.nRays) - data.logFactorials;
  if (!Number.isFinite(ll))
    throw new NumericalError(
      `OSEM with ${subsets} subsets zeroed the image along a ray with counts (log-likelihood ${ll}): the counts are too sparse for that many subsets.`,
      'Use fewer subsets, or MLEM (subsets: 1).',
    );
  return ll;
}

function toReconstruction(
  data: ScanData,
  out: { image: Float64Array; history: number[]; iterations: number; stopReason: StopReason },
  trackLikelihood: boolean,
  subsets: number,
): Reconstruction {
  requireIterations({ nIter: out.iterations }, 'osem');
  const history = out.history;
  let logLikelihood = history[history.length - 1];
  if (!trackLikelihood || logLikelihood === undefined) {
    logLikelihood = checkedLogLikelihood(data, out.image, new Float64Array(data.system.nRays), subsets);
    history.push(logLikelihood);
  }
  return {
    image: out.image,
    logLikelihood,
    history,
    iterations: out.iterations,
    projections: out.iterations,
    stopReason: out.stopReason,
  };
}

/**
 * Ordered-subsets EM (Hudson & Larkin 1994): the MLEM update applied to one subset of the angles at a
 * time, so one pass over S subsets makes about S MLEM iterations' progress for the cost of one
 * (early on; OSEM does not converge to the ML image and its log-likelihood need not increase
 * monotonically, but it is what clinical scanners run). With `subsets: 1` it is MLEM.
 *
 * @throws InvalidOptionError if `subsets` does not divide the number of angles, or `iterations` < 1.
 * @throws InvalidInputError for a sinogram whose shape does not match the geometry or negative counts.
 * @throws NumericalError when the counts are so sparse that a subset zeroes the image along a ray
 * with counts of another subset (the log-likelihood becomes −∞): use fewer subsets.
 * @example
 * ```ts
 * import { osem, parallelBeam, sheppLogan, simulateSinogram, systemMatrix } from '@em/imaging';
 * const A = systemMatrix(parallelBeam({ size: 64, nAngles: 90 }));
 * const scan = simulateSinogram(sheppLogan(64), A, { counts: 1e5, seed: 1 });
 * const result = osem(scan.sinogram, A, { subsets: 10, iterations: 2 });
 * result.history.length; // 3: start, after iteration 1, after iteration 2
 * ```
 */
export function osem(sinogram: Grid, system: SystemMatrix, options?: OsemOptions): Reconstruction {
  const { opts, data, iterations, subsets, trackLikelihood, initial } = prepare(sinogram, system, options);
  const steps = run(data, initial, iterations, subsets, trackLikelihood, opts.signal);
  let next = steps.next();
  while (!next.done) {
    const keep = opts.onIteration?.({ ...next.value, image: next.value.image.slice() });
    next = steps.next(keep !== false);
  }
  return toReconstruction(data, next.value, trackLikelihood, subsets);
}

/**
 * OSEM one iteration at a time: yields an {@link OsemStep} after every pass over the subsets and
 * returns the {@link Reconstruction}. For animations.
 *
 * @throws As {@link osem}, when called.
 * @example
 * ```ts
 * import { osemSteps, parallelBeam, sheppLogan, simulateSinogram, systemMatrix } from '@em/imaging';
 * const A = systemMatrix(parallelBeam({ size: 32, nAngles: 30 }));
 * const { sinogram } = simulateSinogram(sheppLogan(32), A, { counts: 1e4, seed: 1 });
 * const lls: number[] = [];
 * for (const step of osemSteps(sinogram, A, { subsets: 6, iterations: 5 })) lls.push(step.logLikelihood); // draw step.image
 * lls.length; // 5
 * ```
 */
export function osemSteps(
  sinogram: Grid,
  system: SystemMatrix,
  options?: Omit<OsemOptions, 'onIteration'>,
): Generator<OsemStep, Reconstruction, void> {
  const { opts, data, iterations, subsets, trackLikelihood, initial } = prepare(sinogram, system, options);
  return (function* () {
    const steps = run(data, initial, iterations, subsets, trackLikelihood, opts.signal);
    let next = steps.next();
    while (!next.done) {
      yield { ...next.value, image: next.value.image.slice() };
      next = steps.next(true);
    }
    return toReconstruction(data, next.value, trackLikelihood, subsets);
  })();
}
