import {
  type Acceleration,
  type EMModel,
  type EMResult,
  emSteps,
  InvalidInputError,
  type IterationInfo,
  requireIterations,
  runEM,
  type StopReason,
} from '@em/core';
import {
  expectedCounts,
  ratioInPlace,
  readScan,
  type ScanData,
  type ScanPhysics,
  subsetSensitivity,
  uniformStart,
} from './data.js';
import type { SystemMatrix } from './system-matrix.js';
import { type Grid, integerOption, numberOption, optionsObject, readGrid } from './validate.js';

/**
 * Options of {@link mlem} and {@link mlemSteps}.
 *
 * @example
 * ```ts
 * import type { MlemOptions } from '@em/imaging';
 * const options: MlemOptions = { iterations: 50, onIteration: (info) => console.log(info.logLikelihood) };
 * ```
 */
export interface MlemOptions extends ScanPhysics {
  /** Number of iterations, an integer ≥ 1 (default 20). */
  iterations?: number;
  /**
   * Stop early when the log-likelihood changes by less than this (absolute). Default 0: always run
   * `iterations` iterations, as reconstructions are usually stopped early on purpose (the ML image
   * of noisy data is itself noisy).
   */
  tol?: number;
  /** Starting image (N × N, non-negative); default uniform, its expected total equal to the counts. */
  initial?: Grid;
  /** `'squarem'` to accelerate with SQUAREM (extrapolations leaving the non-negative orthant are discarded). */
  acceleration?: Acceleration;
  /** Called after every iteration with the new image; return `false` to stop. */
  onIteration?: (info: IterationInfo<Float64Array>) => boolean | void;
  /** Stops the run between iterations. */
  signal?: AbortSignal;
}

/**
 * A reconstruction: the image and its Poisson log-likelihood history.
 *
 * @example
 * ```ts
 * import { mlem, parallelBeam, type Reconstruction, sheppLogan, simulateSinogram, systemMatrix } from '@em/imaging';
 * const A = systemMatrix(parallelBeam({ size: 32, nAngles: 30 }));
 * const { sinogram } = simulateSinogram(sheppLogan(32), A, { counts: 1e4, seed: 1 });
 * const result: Reconstruction = mlem(sinogram, A, { iterations: 20 });
 * result.history.length; // 21
 * ```
 */
export interface Reconstruction {
  /** The image after the last iteration, N × N row-major, non-negative. */
  image: Float64Array;
  /** Poisson log-likelihood (with the log y! constant) of `image`. */
  logLikelihood: number;
  /**
   * Log-likelihood of the start image and of the image after each iteration: `iterations + 1`
   * values (one per SQUAREM cycle with acceleration). Non-decreasing for MLEM.
   */
  history: number[];
  /** Iterations run. */
  iterations: number;
  /** E-steps run, each one forward and one back projection of the whole sinogram (1 per MLEM iteration). */
  projections: number;
  /** Why the run stopped: `'maxIter'` after all iterations, or `'converged'`, `'aborted'`, `'callback'`. */
  stopReason: StopReason;
}

/**
 * MLEM (Shepp & Vardi 1982) as an `@em/core` model: the image x is the parameter; the E-step's
 * expected complete data — how many of bin i's counts came from pixel j, yᵢ·aᵢAᵢⱼxⱼ/ȳᵢ — summed
 * over bins gives the statistic xⱼ·[Aᵀ(a·y/ȳ)]ⱼ, the back-projected ratio; the M-step divides by the
 * sensitivity sⱼ = [Aᵀa]ⱼ. Its log-likelihood is the Poisson one, Σ yᵢ log ȳᵢ − ȳᵢ − log yᵢ!, of the
 * image the E-step was given. Run it with `runEM`, `emSteps` or `runEMAsync` like any model.
 *
 * @throws InvalidInputError for a sinogram whose shape does not match the system, negative or
 * non-finite counts, or bad attenuation/background.
 * @example
 * ```ts
 * import { runEM } from '@em/core';
 * import { mlemModel, parallelBeam, sheppLogan, simulateSinogram, systemMatrix } from '@em/imaging';
 * const A = systemMatrix(parallelBeam({ size: 32, nAngles: 30 }));
 * const { sinogram } = simulateSinogram(sheppLogan(32), A, { counts: 1e4, seed: 1 });
 * const { model, initial } = mlemModel(sinogram, A);
 * const result = runEM(model, initial, { maxIter: 30, tol: 0 });
 * result.history.every((ll, i) => i === 0 || ll >= result.history[i - 1]!); // true
 * ```
 */
export function mlemModel(
  sinogram: Grid,
  system: SystemMatrix,
  physics: ScanPhysics = {},
): { model: EMModel<Float64Array, Float64Array>; initial: Float64Array } {
  const data = readScan(sinogram, system, optionsObject(physics, 'mlemModel'));
  const sensitivity = subsetSensitivity(data, 0, system.nRays);
  return { model: buildModel(data, sensitivity), initial: uniformStart(data, sensitivity) };
}

function buildModel(data: ScanData, sensitivity: Float64Array): EMModel<Float64Array, Float64Array> {
  const { system } = data;
  const nRays = system.nRays;
  const nPixels = system.nPixels;
  const expected = new Float64Array(nRays);
  return {
    eStep(image) {
      const ll = expectedCounts(data, image, expected, 0, nRays) - data.logFactorials;
      ratioInPlace(data, expected, 0, nRays);
      const stats = new Float64Array(nPixels);
      system.backRange(expected, stats, 0, nRays);
      for (let j = 0; j < nPixels; j++) stats[j] = stats[j]! * image[j]!;
      return { stats, logLikelihood: ll };
    },
    mStep(stats) {
      const next = new Float64Array(nPixels);
      for (let j = 0; j < nPixels; j++) {
        const s = sensitivity[j]!;
        next[j] = s > 0 ? stats[j]! / s : 0;
      }
      return next;
    },
    pack: (image) => image.slice(),
    unpack(vector) {
      for (let j = 0; j < vector.length; j++) if (!(vector[j]! >= 0)) return undefined;
      return vector.slice();
    },
  };
}

function prepare(sinogram: Grid, system: SystemMatrix, options: MlemOptions | undefined) {
  const opts = optionsObject(options, 'mlem');
  const iterations = integerOption('iterations', opts.iterations ?? 20, 1, 1_000_000);
  const tol = numberOption('tol', opts.tol ?? 0, 0, Number.MAX_VALUE);
  const data = readScan(sinogram, system, opts);
  const sensitivity = subsetSensitivity(data, 0, system.nRays);
  const initial =
    opts.initial === undefined
      ? uniformStart(data, sensitivity)
      : readGrid(opts.initial, 'initial', system.geometry.size, system.geometry.size, 'an N × N image', {
          nonNegative: true,
        });
  if (opts.initial !== undefined && !initial.some((v) => v > 0))
    throw new InvalidInputError('initial', 'an image with at least one positive pixel', 'all zeros');
  const model = buildModel(data, sensitivity);
  const emOptions = {
    maxIter: iterations,
    tol,
    acceleration: opts.acceleration ?? 'none',
    onIteration: opts.onIteration,
    signal: opts.signal,
  };
  return { data, model, initial, emOptions };
}

function finish(data: ScanData, result: EMResult<Float64Array>): Reconstruction {
  requireIterations(result, 'mlem');
  const expected = new Float64Array(data.system.nRays);
  const logLikelihood =
    expectedCounts(data, result.params, expected, 0, data.system.nRays) - data.logFactorials;
  return {
    image: result.params,
    logLikelihood,
    history: [...result.history, logLikelihood],
    iterations: result.nIter,
    projections: result.nEStep,
    stopReason: result.stopReason,
  };
}

/**
 * Maximum-likelihood expectation–maximization reconstruction (Shepp & Vardi 1982) of a Poisson
 * sinogram: xⱼ ← xⱼ / sⱼ · [Aᵀ(a·y / ȳ)]ⱼ with ȳ = a·(A x) + r. Each iteration costs one forward and
 * one back projection, keeps the image non-negative, never lowers the log-likelihood and (without
 * background) makes the image's expected total counts, Σⱼ sⱼxⱼ, equal the measured total. Runs on
 * `@em/core`'s loop ({@link mlemModel}), so `onIteration`, `signal` and SQUAREM work as everywhere.
 *
 * The image is in the units of the system: expected counts per unit length. To compare with a
 * simulated phantom divide by the simulation's `scale`.
 *
 * @throws InvalidInputError for a sinogram whose shape does not match the system's geometry, negative
 * counts, or bad attenuation/background/initial image.
 * @throws InvalidOptionError for `iterations` < 1 or a bad `tol`.
 * @example
 * ```ts
 * import { mlem, parallelBeam, sheppLogan, simulateSinogram, systemMatrix } from '@em/imaging';
 * const A = systemMatrix(parallelBeam({ size: 64, nAngles: 90 }));
 * const scan = simulateSinogram(sheppLogan(64), A, { counts: 1e5, seed: 1 });
 * const result = mlem(scan.sinogram, A, { iterations: 20 });
 * result.history.every((ll, i) => i === 0 || ll >= result.history[i - 1]!); // true
 * ```
 */
export function mlem(sinogram: Grid, system: SystemMatrix, options?: MlemOptions): Reconstruction {
  const { data, model, initial, emOptions } = prepare(sinogram, system, options);
  return finish(data, runEM(model, initial, emOptions));
}

/**
 * MLEM one iteration at a time (`@em/core`'s `emSteps`): yields after every iteration with the new
 * image (`info.params`) and the log-likelihood of the image that iteration started from
 * (`info.logLikelihood`, the `@em/core` convention), and returns the {@link Reconstruction}. For
 * animations: draw `info.params` each frame.
 *
 * @throws As {@link mlem}, when called (not at the first `next()`).
 * @example
 * ```ts
 * import { mlemSteps, parallelBeam, sheppLogan, simulateSinogram, systemMatrix } from '@em/imaging';
 * const A = systemMatrix(parallelBeam({ size: 32, nAngles: 30 }));
 * const { sinogram } = simulateSinogram(sheppLogan(32), A, { counts: 1e4, seed: 1 });
 * const frames: Float64Array[] = [];
 * for (const info of mlemSteps(sinogram, A, { iterations: 30 })) frames.push(info.params); // draw each
 * frames.length; // 30
 * ```
 */
export function mlemSteps(
  sinogram: Grid,
  system: SystemMatrix,
  options?: MlemOptions,
): Generator<IterationInfo<Float64Array>, Reconstruction, void> {
  // Validate now, not at the first next(), so bad input fails where the call is.
  const prepared = prepare(sinogram, system, options);
  return (function* () {
    const steps = emSteps(prepared.model, prepared.initial, prepared.emOptions);
    let next = steps.next();
    while (!next.done) {
      yield next.value;
      next = steps.next();
    }
    return finish(prepared.data, next.value);
  })();
}
