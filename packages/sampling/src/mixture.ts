import { InvalidInputError, InvalidOptionError } from '@em/core';
import { type FlatMatrix, isFlatMatrix } from '@em/core/numeric';
import { aliasTable, fillAlias } from './categorical.js';
import type { Sample } from './matrix.js';
import type { Random } from './random.js';
import { shuffleInPlace } from './shuffle.js';
import { allocate, checkOptions, checkRandom, checkSize } from './validate.js';

/**
 * Draws `size` points of one mixture component. Return a `Float64Array` (one value per point,
 * univariate) or a {@link FlatMatrix} with `rows === size`.
 *
 * @example
 * ```ts
 * import type { ComponentSampler } from '@em/sampling';
 * import { normal } from '@em/sampling';
 * const component: ComponentSampler = (rng, size) => normal(rng, { loc: 20, scale: 5, size });
 * ```
 */
export type ComponentSampler<S extends Sample = Sample> = (rng: Random, size: number) => S;

/**
 * Options of {@link sampleMixture}. Give either `n` and `weights`, or `counts`.
 *
 * @example
 * ```ts
 * import type { SampleMixtureOptions } from '@em/sampling';
 * import { createRandom, normal, sampleMixture } from '@em/sampling';
 * const options: SampleMixtureOptions = {
 *   n: 100,
 *   weights: [0.5, 0.5],
 *   components: [(r, size) => normal(r, { size }), (r, size) => normal(r, { loc: 5, size })],
 * };
 * sampleMixture(createRandom(1), options);
 * ```
 */
export interface SampleMixtureOptions<S extends Sample = Sample> {
  /** Component samplers, one per component. */
  components: ComponentSampler<S>[];
  /** Total number of points, each drawn from component k with probability `weights[k]`. */
  n?: number;
  /** Mixing weights: non-negative, summing to 1 (within 1e-8). */
  weights?: ArrayLike<number>;
  /** Exact number of points per component, instead of `n` and `weights`. */
  counts?: ArrayLike<number>;
  /**
   * Order of the rows. `true` (default): random order, as if each point were drawn in turn.
   * `false`: grouped by component (all of component 0, then component 1…), like concatenating.
   */
  shuffle?: boolean;
}

/**
 * Result of {@link sampleMixture}.
 *
 * @example
 * ```ts
 * import type { MixtureSample } from '@em/sampling';
 * import { createRandom, normal, sampleMixture } from '@em/sampling';
 * const { X, labels }: MixtureSample = sampleMixture(createRandom(1), {
 *   counts: [2, 3],
 *   components: [(r, size) => normal(r, { size }), (r, size) => normal(r, { loc: 9, size })],
 * });
 * ```
 */
export interface MixtureSample<X extends Sample = Sample> {
  /**
   * The points: a `Float64Array` if every component returned one, otherwise a {@link FlatMatrix}
   * (a `Float64Array` component then counts as one column). Row i came from component `labels[i]`.
   */
  X: X;
  /** The latent component of each row. */
  labels: Int32Array;
}

/**
 * Draws from a mixture: the latent labels and the points. With `n` and `weights` each point's
 * component is drawn independently (so the counts are multinomial); with `counts` they are fixed.
 * Each component sampler is called exactly once, in component order, with its count (possibly 0),
 * and receives the same `rng`, so results are reproducible from the seed. The type of `X` follows
 * the components: `Float64Array` when they all return one, {@link FlatMatrix} otherwise.
 *
 * @throws InvalidOptionError for missing or invalid `components`, `n`, `weights` or `counts`
 * (weights negative or not summing to 1).
 * @throws InvalidInputError if a component returns the wrong number of rows or columns.
 * @example
 * ```ts
 * import { createRandom, normal, sampleMixture } from '@em/sampling';
 * const rng = createRandom(42);
 * // The two processes: 4000 points from N(20, 5²) and 8000 from N(40, 5²).
 * const { X, labels } = sampleMixture(rng, {
 *   counts: [4000, 8000],
 *   components: [
 *     (r, size) => normal(r, { loc: 20, scale: 5, size }),
 *     (r, size) => normal(r, { loc: 40, scale: 5, size }),
 *   ],
 * });
 * X; // Float64Array(12000)
 * labels; // Int32Array(12000)
 * ```
 */
export function sampleMixture<S extends Sample>(
  rng: Random,
  options: SampleMixtureOptions<S>,
): MixtureSample<[S] extends [Float64Array] ? Float64Array : FlatMatrix>;
export function sampleMixture(rng: Random, options: SampleMixtureOptions): MixtureSample {
  checkRandom(rng);
  checkOptions(options, 'sampleMixture');
  const { components, shuffle = true } = options;
  if (
    !Array.isArray(components) ||
    components.length === 0 ||
    components.some((c) => typeof c !== 'function')
  ) {
    throw new InvalidOptionError(
      'components',
      'a non-empty array of functions (rng, size) => sample',
      components,
    );
  }
  const k = components.length;
  const labels = drawLabels(rng, options, k);
  const counts = new Int32Array(k);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  if (shuffle && options.counts !== undefined) shuffleInPlace(rng, labels);
  else if (!shuffle && options.counts === undefined) labels.sort();

  const parts: FlatMatrix[] = [];
  let allVectors = true;
  for (let c = 0; c < k; c++) {
    const sample = components[c]!(rng, counts[c]!);
    if (sample instanceof Float64Array) {
      parts.push({ data: sample, rows: sample.length, cols: 1 });
    } else if (isFlatMatrix(sample)) {
      allVectors = false;
      parts.push(sample);
    } else {
      throw new InvalidInputError(
        `components[${c}] result`,
        'a Float64Array or a { data, rows, cols } matrix',
        sample,
      );
    }
    if (parts[c]!.rows !== counts[c]) {
      throw new InvalidInputError(
        `components[${c}] result`,
        `${counts[c]} rows (the size it was asked for)`,
        parts[c]!.rows,
      );
    }
  }
  // Components with no points say nothing reliable about their columns; the others must agree.
  const cols = parts.find((p) => p.rows > 0)?.cols ?? parts[0]!.cols;
  parts.forEach((part, c) => {
    if (part.rows > 0 && part.cols !== cols) {
      throw new InvalidInputError(
        `components[${c}] result`,
        `${cols} columns like the other components`,
        part.cols,
      );
    }
  });

  checkSize(labels.length, 'the number of draws', cols);
  const data = allocate(Float64Array, labels.length * cols);
  const next = new Int32Array(k);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    const part = parts[c]!;
    const from = next[c]! * cols;
    next[c]!++;
    if (cols === 1) data[i] = part.data[from]!;
    else data.set(part.data.subarray(from, from + cols), i * cols);
  }
  const X = allVectors ? data : { data, rows: labels.length, cols };
  return { X, labels };
}

function drawLabels(rng: Random, options: SampleMixtureOptions, k: number): Int32Array {
  if (options.counts !== undefined) {
    if (options.n !== undefined || options.weights !== undefined) {
      throw new InvalidOptionError('counts', 'either counts, or n with weights, not both', options.counts);
    }
    const counts = options.counts;
    if (!(Array.isArray(counts) || ArrayBuffer.isView(counts)) || counts.length !== k) {
      throw new InvalidOptionError(
        'counts',
        `an array of ${k} non-negative integers (one per component)`,
        counts,
      );
    }
    let n = 0;
    for (let c = 0; c < k; c++) n += checkSize(counts[c], `counts[${c}]`);
    const labels = allocate(Int32Array, checkSize(n, 'counts (their sum)'), 'counts');
    for (let c = 0, offset = 0; c < k; offset += counts[c]!, c++) labels.fill(c, offset, offset + counts[c]!);
    return labels;
  }
  const n = checkSize(options.n, 'n');
  const { weights } = options;
  // null has no length to read: the same error as missing weights, not a TypeError.
  if (weights === undefined || weights === null || weights.length !== k) {
    throw new InvalidOptionError('weights', `${k} probabilities (one per component)`, weights);
  }
  const labels = allocate(Int32Array, n, 'n');
  fillAlias(rng, aliasTable(weights, 'weights'), labels);
  return labels;
}
