import { InvalidInputError } from '@em/core';
import { type DataInput, toFlatMatrix } from '@em/core/numeric';
import { isArrayLike } from './init.js';

/**
 * Counts stored sparsely, row by row (compressed sparse rows, as scipy's `csr_matrix`): row i's non-zero
 * counts are `values[indptr[i] … indptr[i+1])` in the columns `indices[…]`. A document × vocabulary
 * matrix of 100 000 documents with about 100 distinct words each takes 10 million entries, whatever the
 * size of the vocabulary.
 *
 * @example
 * ```ts
 * import type { SparseCountMatrix } from '@em/mixtures';
 * // two documents over a vocabulary of 5 words: "w0 w0 w3" and "w1"
 * const X: SparseCountMatrix = { rows: 2, cols: 5, indptr: [0, 2, 3], indices: [0, 3, 1], values: [2, 1, 1] };
 * ```
 */
export interface SparseCountMatrix {
  /** Number of rows (documents). */
  rows: number;
  /** Number of columns (vocabulary size). */
  cols: number;
  /** Row starts into `indices`/`values`, length `rows + 1`, from 0 to the number of entries. */
  indptr: ArrayLike<number>;
  /** Column of each entry. */
  indices: ArrayLike<number>;
  /** Count of each entry: an integer >= 0. */
  values: ArrayLike<number>;
}

/**
 * A document as (word index, count) pairs, such as `[[0, 2], [3, 1]]`.
 *
 * @example
 * ```ts
 * import type { IndexCountPairs } from '@em/mixtures';
 * const doc: IndexCountPairs = [[0, 2], [3, 1]];
 * ```
 */
export type IndexCountPairs = ReadonlyArray<readonly [index: number, count: number]>;

/**
 * What {@link MultinomialMixture} accepts: dense counts (any `@em/core` data shape), a
 * {@link SparseCountMatrix}, or documents as {@link IndexCountPairs} (then pass `nFeatures` to
 * {@link sparseCounts} first, or let the model use 1 + the largest index).
 *
 * @example
 * ```ts
 * import type { CountInput } from '@em/mixtures';
 * const dense: CountInput = [[2, 0, 0, 1, 0], [0, 1, 0, 0, 0]];
 * const pairs: CountInput = [[[0, 2], [3, 1]], [[1, 1]]];
 * ```
 */
export type CountInput = DataInput | SparseCountMatrix | readonly IndexCountPairs[];

/** Validated CSR with typed arrays. */
export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export const isSparse = (x: unknown): x is SparseCountMatrix =>
  typeof x === 'object' && x !== null && 'indptr' in x && 'indices' in x && 'values' in x;

const isPairs = (x: unknown): x is readonly IndexCountPairs[] =>
  Array.isArray(x) && x.length > 0 && Array.isArray(x[0]) && (x[0].length === 0 || Array.isArray(x[0][0]));

/**
 * A {@link SparseCountMatrix} from documents given as (word index, count) pairs; repeated indices in a
 * document are added up. Errors name the document (row) and the word index (column).
 *
 * @param documents One array of `[index, count]` pairs per document.
 * @param nFeatures Vocabulary size (default: 1 + the largest index).
 * @throws InvalidInputError on a negative or fractional count or an index outside [0, nFeatures).
 *
 * @example
 * ```ts
 * import { sparseCounts } from '@em/mixtures';
 * const X = sparseCounts([[[0, 2], [3, 1]], [[1, 1]]], 5);
 * X.indptr; // Int32Array [0, 2, 3]
 * ```
 */
export function sparseCounts(documents: readonly IndexCountPairs[], nFeatures?: number): SparseCountMatrix {
  if (nFeatures !== undefined && !(Number.isInteger(nFeatures) && nFeatures >= 1 && nFeatures <= 2 ** 31 - 1))
    throw new InvalidInputError('nFeatures', 'an integer in [1, 2^31 - 1]', nFeatures);
  if (!Array.isArray(documents) || documents.length === 0)
    throw new InvalidInputError('X', 'at least one document of [index, count] pairs', documents);
  let maxIndex = -1;
  let nnz = 0;
  documents.forEach((doc, row) => {
    if (!Array.isArray(doc))
      throw new InvalidInputError('X', 'a document: an array of [index, count] pairs', doc, { row });
    for (const pair of doc) {
      if (!Array.isArray(pair) || pair.length !== 2)
        throw new InvalidInputError('X', 'an [index, count] pair', pair, { row });
      const [index, count] = pair as [unknown, unknown];
      if (
        typeof index !== 'number' ||
        !Number.isInteger(index) ||
        index < 0 ||
        index >= (nFeatures ?? 2 ** 31 - 1)
      )
        throw new InvalidInputError(
          'X',
          `a word index: an integer in [0, ${(nFeatures ?? 2 ** 31 - 1) - 1}]`,
          index,
          { row },
        );
      checkCountValue(count, row, index);
      if (index > maxIndex) maxIndex = index;
      nnz++;
    }
  });
  const cols = nFeatures ?? maxIndex + 1;
  if (!(Number.isInteger(cols) && cols >= 1))
    throw new InvalidInputError('nFeatures', 'an integer >= 1', nFeatures);
  const indptr = new Int32Array(documents.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  const seen = new Map<number, number>();
  documents.forEach((doc, row) => {
    seen.clear();
    for (const [index, count] of doc) {
      const prev = seen.get(index);
      if (prev !== undefined) values[prev]! += count;
      else {
        seen.set(index, at);
        indices[at] = index;
        values[at] = count;
        at++;
      }
    }
    indptr[row + 1] = at;
  });
  return {
    rows: documents.length,
    cols,
    indptr,
    indices: indices.subarray(0, at),
    values: values.subarray(0, at),
  };
}

export function checkCountValue(count: unknown, row: number, column: number): number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 2 ** 52)
    throw new InvalidInputError('X', 'a count (an integer >= 0)', count, { row, column });
  return count;
}

/** Any {@link CountInput} as validated CSR (zeros dropped). */
export function toCsr(input: CountInput): Csr {
  if (isPairs(input)) return fromSparse(sparseCounts(input));
  if (isSparse(input)) return fromSparse(input);
  const m = toFlatMatrix(input as DataInput, 'X');
  let nnz = 0;
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i]!;
    checkCountValue(v, Math.floor(i / m.cols), i % m.cols);
    if (v !== 0) nnz++;
  }
  const indptr = new Int32Array(m.rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const v = m.data[i * m.cols + j]!;
      if (v !== 0) {
        indices[at] = j;
        values[at++] = v;
      }
    }
    indptr[i + 1] = at;
  }
  return { rows: m.rows, cols: m.cols, indptr, indices, values };
}

function fromSparse(x: SparseCountMatrix): Csr {
  const { rows, cols } = x;
  if (!(Number.isInteger(rows) && rows >= 1)) throw new InvalidInputError('X.rows', 'an integer >= 1', rows);
  if (!(Number.isInteger(cols) && cols >= 1 && cols < 2 ** 31))
    throw new InvalidInputError('X.cols', 'an integer >= 1', cols);
  if (!isArrayLike(x.indptr) || x.indptr.length !== rows + 1)
    throw new InvalidInputError('X.indptr', `an array of rows + 1 = ${rows + 1} offsets`, x.indptr);
  if (!isArrayLike(x.indices) || !isArrayLike(x.values) || x.indices.length !== x.values.length)
    throw new InvalidInputError('X.values', 'an array as long as X.indices', x.values);
  const nnz = x.indices.length;
  if (x.indptr[0] !== 0 || x.indptr[rows] !== nnz)
    throw new InvalidInputError('X.indptr', `offsets from 0 to the number of entries (${nnz})`, x.indptr);
  const indptr = Int32Array.from(x.indptr);
  for (let i = 0; i < rows; i++) {
    const a = x.indptr[i]!;
    const b = x.indptr[i + 1]!;
    if (!(Number.isInteger(b) && b >= a))
      throw new InvalidInputError('X.indptr', 'non-decreasing integer offsets', b, { row: i });
  }
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  for (let i = 0; i < rows; i++)
    for (let e = indptr[i]!; e < indptr[i + 1]!; e++) {
      const j = x.indices[e];
      if (typeof j !== 'number' || !Number.isInteger(j) || j < 0 || j >= cols)
        throw new InvalidInputError('X', `a column index in [0, ${cols - 1}]`, j, { row: i });
      indices[e] = j;
      values[e] = checkCountValue(x.values[e], i, j);
    }
  return { rows, cols, indptr, indices, values };
}
