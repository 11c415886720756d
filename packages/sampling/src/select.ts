import { InvalidInputError, InvalidOptionError } from '@em/core';
import { type FlatMatrix, isFlatMatrix } from '@em/core/numeric';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { aliasTable, fillAlias } from './categorical.js';
import type { Sample } from './matrix.js';
import type { Random } from './random.js';
import { shuffleInPlace } from './shuffle.js';
import { allocate, checkRandom, checkSize, checkWeights, INT32_MAX } from './validate.js';

/**
 * Options of {@link choice}.
 *
 * @example
 * ```ts
 * import type { ChoiceOptions } from '@em/sampling';
 * import { choice, createRandom } from '@em/sampling';
 * const options: ChoiceOptions = { size: 2, replace: false, p: [0.5, 0.3, 0.2] };
 * choice(createRandom(1), ['a', 'b', 'c'], options);
 * ```
 */
export interface ChoiceOptions {
  /** Number of items to draw. */
  size: number;
  /** Draw with replacement (default `true`). Without, `size` must not exceed the population. */
  replace?: boolean;
  /** Weights of the items: non-negative, summing to 1 (within 1e-8). Default: uniform. */
  p?: ArrayLike<number>;
}

/**
 * Draws `size` indices of 0..n-1 (see {@link choice}).
 *
 * @internal
 */
function chooseIndices(rng: Random, n: number, options: ChoiceOptions): Int32Array {
  const size = checkSize(options.size);
  const { replace = true, p } = options;
  const generator = rng.generator;
  const out = allocate(Int32Array, size);
  if (p !== undefined && (p as ArrayLike<number> | null)?.length !== n) {
    throw new InvalidOptionError('p', `${n} probabilities (one per item)`, p);
  }
  if (replace) {
    if (size > 0 && n === 0) throw new InvalidOptionError('size', '0 when the population is empty', size);
    if (p !== undefined) fillAlias(rng, aliasTable(p, 'p'), out);
    else for (let i = 0; i < size; i++) out[i] = uniformInt(generator, 0, n - 1);
    return out;
  }
  if (size > n) {
    throw new InvalidOptionError('size', `at most the population size ${n} when replace is false`, size);
  }
  if (p === undefined) {
    // Partial Fisher–Yates: the first `size` slots of a shuffle.
    const pool = allocate(Int32Array, n, 'population');
    for (let i = 0; i < n; i++) pool[i] = i;
    for (let i = 0; i < size; i++) {
      const j = uniformInt(generator, i, n - 1);
      out[i] = pool[j]!;
      pool[j] = pool[i]!;
    }
    return out;
  }
  // Efraimidis & Spirakis (2006): the `size` largest keys ln(U)/w give exactly successive weighted
  // draws without replacement (each next item chosen with probability proportional to its weight
  // among those left).
  const weights = checkWeights(p, 'p');
  let positive = 0;
  for (let i = 0; i < n; i++) if (weights[i]! > 0) positive++;
  if (size > positive) {
    throw new InvalidOptionError(
      'size',
      `at most the ${positive} items with non-zero p when replace is false`,
      size,
    );
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = weights[i]! > 0 ? Math.log(1 - uniformFloat64(generator)) / weights[i]! : -Infinity;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[b]! - keys[a]! || a - b);
  for (let i = 0; i < size; i++) out[i] = order[i]!;
  return out;
}

/**
 * Random choice, like numpy's `rng.choice`: `size` items of a population, with or without
 * replacement, uniform or weighted by `p` (the weighted choice). The population is either a count n
 * (the result is then an `Int32Array` of indices 0..n-1), a `Float64Array` (result: `Float64Array`)
 * or any array (result: a plain array).
 *
 * Weighted draws with replacement use the alias method; without replacement, Efraimidis–Spirakis
 * keys, which match drawing one item at a time in proportion to the weights left.
 *
 * @throws InvalidOptionError if `size` exceeds the population (or its non-zero-weight items) when
 * `replace` is false, or `p` is not a probability vector of the right length.
 * @example
 * ```ts
 * import { choice, createRandom } from '@em/sampling';
 * const rng = createRandom(42);
 * choice(rng, 10, { size: 3, replace: false });           // Int32Array [2, 7, 8]: 3 distinct indices
 * choice(rng, ['a', 'b', 'c'], { size: 5, p: [0.5, 0.3, 0.2] }); // ['a', 'c', 'a', 'a', 'c']
 * ```
 */
export function choice(rng: Random, population: number, options: ChoiceOptions): Int32Array;
export function choice(rng: Random, population: Float64Array, options: ChoiceOptions): Float64Array;
export function choice<T>(rng: Random, population: ArrayLike<T>, options: ChoiceOptions): T[];
export function choice<T>(
  rng: Random,
  population: number | ArrayLike<T>,
  options: ChoiceOptions,
): Int32Array | Float64Array | T[] {
  checkRandom(rng);
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', 'an options object for choice()', options);
  }
  if (typeof population === 'number') {
    // Indices are Int32: a population past 2^31 - 1 would wrap to negative indices.
    if (!Number.isInteger(population) || population < 0 || population > INT32_MAX)
      throw new InvalidOptionError(
        'population',
        `an integer from 0 to ${INT32_MAX} (indices are 32-bit)`,
        population,
      );
    return chooseIndices(rng, population, options);
  }
  if (!(Array.isArray(population) || ArrayBuffer.isView(population))) {
    throw new InvalidInputError(
      'population',
      'a non-negative integer, an array or a typed array',
      population,
    );
  }
  const indices = chooseIndices(rng, population.length, options);
  if (population instanceof Float64Array) return Float64Array.from(indices, (i) => population[i]!);
  return Array.from(indices, (i) => population[i]!);
}

/**
 * The rows of a sample at the given indices, in that order (a gather).
 *
 * @throws InvalidInputError if an index is out of range.
 * @example
 * ```ts
 * import { takeRows } from '@em/sampling';
 * takeRows(new Float64Array([10, 20, 30]), new Int32Array([2, 0])); // Float64Array [30, 10]
 * ```
 */
export function takeRows(X: Float64Array, indices: ArrayLike<number>): Float64Array;
export function takeRows(X: FlatMatrix, indices: ArrayLike<number>): FlatMatrix;
export function takeRows(X: Sample, indices: ArrayLike<number>): Sample;
export function takeRows(X: Sample, indices: ArrayLike<number>): Sample {
  const matrix = asMatrix(X, 'X');
  const { rows, cols } = matrix;
  if (!(Array.isArray(indices) || ArrayBuffer.isView(indices)))
    throw new InvalidInputError('indices', 'an array of row indices', indices);
  checkSize(indices.length, 'indices (their number)', cols);
  const data = allocate(Float64Array, indices.length * cols, 'indices');
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!;
    if (!Number.isInteger(row) || row < 0 || row >= rows) {
      throw new InvalidInputError('indices', `a row index in [0, ${rows})`, row, { row: i });
    }
    if (cols === 1) data[i] = matrix.data[row]!;
    else data.set(matrix.data.subarray(row * cols, (row + 1) * cols), i * cols);
  }
  return X instanceof Float64Array ? data : { data, rows: indices.length, cols };
}

function asMatrix(X: unknown, name: string): FlatMatrix {
  if (X instanceof Float64Array) return { data: X, rows: X.length, cols: 1 };
  if (isFlatMatrix(X)) return X;
  throw new InvalidInputError(name, 'a Float64Array or a { data, rows, cols } matrix', X);
}

/**
 * Result of {@link bootstrap}.
 *
 * @example
 * ```ts
 * import type { BootstrapSample } from '@em/sampling';
 * import { bootstrap, createRandom } from '@em/sampling';
 * const { X, indices }: BootstrapSample = bootstrap(createRandom(1), new Float64Array([5, 6, 7]));
 * ```
 */
export interface BootstrapSample<X extends Sample = Sample> {
  /** The resampled rows. */
  X: X;
  /** Which original row each resampled row is. */
  indices: Int32Array;
}

/**
 * A bootstrap resample: `size` rows (default: as many as `X` has) drawn uniformly with replacement.
 *
 * @throws InvalidInputError if `X` is not a `Float64Array` or a {@link FlatMatrix}, or is empty
 * while `size > 0`.
 * @example
 * ```ts
 * import { bootstrap, createRandom } from '@em/sampling';
 * const { X, indices } = bootstrap(createRandom(42), new Float64Array([1, 2, 3, 4]));
 * ```
 */
export function bootstrap(
  rng: Random,
  X: Float64Array,
  options?: { size?: number },
): BootstrapSample<Float64Array>;
export function bootstrap(
  rng: Random,
  X: FlatMatrix,
  options?: { size?: number },
): BootstrapSample<FlatMatrix>;
export function bootstrap(rng: Random, X: Sample, options: { size?: number } = {}): BootstrapSample {
  checkRandom(rng);
  const { rows } = asMatrix(X, 'X');
  const size = checkSize(options.size ?? rows);
  if (rows === 0 && size > 0) throw new InvalidInputError('X', 'at least one row to resample', X);
  const indices = chooseIndices(rng, rows, { size, replace: true });
  return { X: takeRows(X, indices), indices };
}

/**
 * Options of {@link trainTestSplit}.
 *
 * @example
 * ```ts
 * import type { TrainTestSplitOptions } from '@em/sampling';
 * import { createRandom, trainTestSplit } from '@em/sampling';
 * const options: TrainTestSplitOptions = { testSize: 0.2 };
 * trainTestSplit(createRandom(1), new Float64Array(10), options);
 * ```
 */
export interface TrainTestSplitOptions {
  /**
   * Size of the test set: a fraction in (0, 1) of the rows (rounded up, like scikit-learn) or a
   * row count. Default 0.25.
   */
  testSize?: number;
  /** Shuffle before splitting (default `true`); `false` takes the last rows as the test set. */
  shuffle?: boolean;
}

/**
 * Result of {@link trainTestSplit}.
 *
 * @example
 * ```ts
 * import type { TrainTestSplit } from '@em/sampling';
 * import { createRandom, trainTestSplit } from '@em/sampling';
 * const split: TrainTestSplit = trainTestSplit(createRandom(1), new Float64Array(8));
 * split.testIndices; // Int32Array [1, 0]: 2 of the 8 rows (a quarter, by default)
 * ```
 */
export interface TrainTestSplit<X extends Sample = Sample> {
  /** The training rows. */
  train: X;
  /** The held-out test rows. */
  test: X;
  /** Which original row each training row is. */
  trainIndices: Int32Array;
  /** Which original row each test row is. */
  testIndices: Int32Array;
}

/**
 * Splits rows into a random train set and test set, like scikit-learn's `train_test_split`; the
 * indices let you split labels or other arrays the same way.
 *
 * @throws InvalidOptionError if `testSize` is not a fraction in (0, 1) or a row count from 0 to the
 * number of rows.
 * @example
 * ```ts
 * import { createRandom, normal, trainTestSplit } from '@em/sampling';
 * const rng = createRandom(42);
 * const { train, test } = trainTestSplit(rng, normal(rng, { size: 100 }), { testSize: 0.2 });
 * [train.length, test.length]; // [80, 20]
 * ```
 */
export function trainTestSplit(
  rng: Random,
  X: Float64Array,
  options?: TrainTestSplitOptions,
): TrainTestSplit<Float64Array>;
export function trainTestSplit(
  rng: Random,
  X: FlatMatrix,
  options?: TrainTestSplitOptions,
): TrainTestSplit<FlatMatrix>;
export function trainTestSplit(rng: Random, X: Sample, options: TrainTestSplitOptions = {}): TrainTestSplit {
  checkRandom(rng);
  const { rows } = asMatrix(X, 'X');
  const { testSize = 0.25, shuffle = true } = options;
  let nTest: number;
  if (typeof testSize === 'number' && testSize > 0 && testSize < 1) nTest = Math.ceil(testSize * rows);
  else if (Number.isInteger(testSize) && testSize >= 0 && testSize <= rows) nTest = testSize;
  else {
    throw new InvalidOptionError(
      'testSize',
      `a fraction in (0, 1) or a row count from 0 to ${rows}`,
      testSize,
    );
  }
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  if (shuffle) shuffleInPlace(rng, order);
  const trainIndices = order.slice(0, rows - nTest);
  const testIndices = order.slice(rows - nTest);
  return { train: takeRows(X, trainIndices), test: takeRows(X, testIndices), trainIndices, testIndices };
}
