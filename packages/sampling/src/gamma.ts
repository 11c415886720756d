import { InvalidOptionError } from '@em/core';
import { type FlatMatrix, normalizeLogRows } from '@em/core/numeric';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { Random } from './random.js';
import { allocate, checkOptions, checkPositive, checkRandom, checkSize } from './validate.js';
import { standardNormal } from './ziggurat.js';

/** The smallest Dirichlet concentration whose log-space draws stay finite. */
const MIN_ALPHA = 1e-300;

/** @internal One Gamma(shape, 1) draw for shape >= 1: Marsaglia & Tsang (2000), squeeze first. */
function gammaAtLeastOne(generator: RandomGenerator, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(generator);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = uniformFloat64(generator);
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * @internal ln of one Gamma(shape, 1) draw. For shape < 1 it uses Gamma(shape) = Gamma(shape + 1)·U^(1/shape)
 * in log space, so tiny shapes (whose draws underflow to 0) still give usable Dirichlet weights.
 */
export function logGammaDraw(generator: RandomGenerator, shape: number): number {
  if (shape >= 1) return Math.log(gammaAtLeastOne(generator, shape));
  return Math.log(gammaAtLeastOne(generator, shape + 1)) + Math.log(1 - uniformFloat64(generator)) / shape;
}

/** @internal One Gamma(shape, 1) draw, shape > 0. */
export function gammaDraw(generator: RandomGenerator, shape: number): number {
  if (shape >= 1) return gammaAtLeastOne(generator, shape);
  return gammaAtLeastOne(generator, shape + 1) * (1 - uniformFloat64(generator)) ** (1 / shape);
}

/**
 * Options of {@link gamma}.
 *
 * @example
 * ```ts
 * import type { GammaOptions } from '@em/sampling';
 * import { createRandom, gamma } from '@em/sampling';
 * const options: GammaOptions = { shape: 2, scale: 1.5, size: 100 };
 * gamma(createRandom(1), options);
 * ```
 */
export interface GammaOptions {
  /** Shape k > 0. */
  shape: number;
  /** Scale θ >= 0 (the mean is k·θ). Default 1, numpy's parameterisation. */
  scale?: number;
  /** Number of draws. */
  size: number;
}

/**
 * `size` draws from the gamma distribution with shape k and scale θ (density ∝ x^(k−1) e^(−x/θ)),
 * by Marsaglia & Tsang's method (boosted for k < 1).
 *
 * @throws InvalidOptionError if `shape` is not > 0, `scale` is negative, either is not finite, or
 * `size` is invalid.
 * @example
 * ```ts
 * import { createRandom, gamma } from '@em/sampling';
 * const x = gamma(createRandom(42), { shape: 2, scale: 3, size: 1000 });
 * x.reduce((a, b) => a + b) / x.length; // ≈ 5.80: the mean, shape × scale = 6 up to sampling error
 * ```
 */
export function gamma(rng: Random, options: GammaOptions): Float64Array {
  checkRandom(rng);
  checkOptions(options, 'gamma');
  const shape = checkPositive(options.shape, 'shape');
  const scale = checkPositive(options.scale ?? 1, 'scale', true);
  // A Marsaglia–Tsang draw is d·v ≤ (shape + 1)·300 (|z| < 14): bound shape × scale so none overflows.
  if ((shape + 1) * 300 * scale > Number.MAX_VALUE)
    throw new InvalidOptionError(
      'scale',
      'a number with (shape + 1)·300·scale finite (draws must not overflow)',
      scale,
    );
  const out = allocate(Float64Array, checkSize(options.size));
  const generator = rng.generator;
  for (let i = 0; i < out.length; i++) out[i] = scale * gammaDraw(generator, shape);
  return out;
}

/**
 * Options of {@link dirichlet}.
 *
 * @example
 * ```ts
 * import type { DirichletOptions } from '@em/sampling';
 * import { createRandom, dirichlet } from '@em/sampling';
 * const options: DirichletOptions = { alpha: [1, 1, 1], size: 10 };
 * dirichlet(createRandom(1), options);
 * ```
 */
export interface DirichletOptions {
  /** Concentrations α, each > 0; at least one. */
  alpha: ArrayLike<number>;
  /** Number of draws (rows of the result). */
  size: number;
}

/**
 * `size` draws from the Dirichlet distribution Dir(α): each row is a probability vector (non-negative,
 * summing to 1) with mean α / Σα. Rows are normalised gamma draws, computed in log space so that
 * very small α still give valid vectors.
 *
 * @throws InvalidOptionError if `alpha` is empty or has an entry that is not a finite number > 0,
 * or `size` is invalid.
 * @example
 * ```ts
 * import { createRandom, dirichlet } from '@em/sampling';
 * const { data, rows, cols } = dirichlet(createRandom(42), { alpha: [1, 2, 3], size: 100 });
 * [rows, cols]; // [100, 3]
 * data[0]! + data[1]! + data[2]!; // ≈ 1.000000000000: each row sums to 1
 * ```
 */
export function dirichlet(rng: Random, options: DirichletOptions): FlatMatrix {
  checkRandom(rng);
  checkOptions(options, 'dirichlet');
  const { alpha } = options;
  if (!(Array.isArray(alpha) || ArrayBuffer.isView(alpha)) || (alpha as ArrayLike<number>).length === 0) {
    throw new InvalidOptionError('alpha', 'a non-empty array of numbers > 0', alpha);
  }
  const k = alpha.length;
  for (let j = 0; j < k; j++) {
    // Log-space draws add ln(U)/α (ln U ≥ −36.8): below 1e-300 that is −Infinity and the row is NaN.
    if (checkPositive(alpha[j], `alpha[${j}]`) < MIN_ALPHA)
      throw new InvalidOptionError(`alpha[${j}]`, `a number >= ${MIN_ALPHA}`, alpha[j]);
  }
  const size = checkSize(options.size, 'size', k);
  const data = allocate(Float64Array, size * k);
  const generator = rng.generator;
  for (let r = 0, base = 0; r < size; r++, base += k) {
    for (let j = 0; j < k; j++) data[base + j] = logGammaDraw(generator, alpha[j]!);
  }
  // Normalised in log space, so rows whose gamma draws all underflow still sum to 1.
  const matrix = { data, rows: size, cols: k };
  normalizeLogRows(matrix);
  return matrix;
}
