// The reading side of MixtureModel.fitStream: chunks as matrices with their place in the source, errors
// that name the chunk and the row of the whole source, and the first pass (count, layout, sample).
import { InvalidInputError, InvalidOptionError } from '@em/core';
import { type DataInput, type FlatMatrix, toFlatMatrix } from '@em/core/numeric';
import {
  type ChunkPasses,
  type ChunkStream,
  checkOnProgress,
  checkOptionKeys,
  chunkFactory,
  inSourceChunk,
  ReservoirSample,
  type StreamSource,
} from '@em/core/stream';
import { createRandom } from '@em/sampling';
import { type Csr, isSparse, toCsr } from './sparse.js';

/**
 * Options of `fitStream` on the mixtures of this package.
 *
 * @example
 * ```ts
 * import type { MixtureStreamOptions } from '@em/mixtures';
 * const options: MixtureStreamOptions = { initSample: 50_000, onProgress: (pass, rows) => console.log(pass, rows) };
 * ```
 */
export interface MixtureStreamOptions {
  /**
   * Rows drawn uniformly (reservoir sampling, seeded by `randomState`) in the first pass for the
   * random starts. A source of no more rows than this is used whole, exactly as `fit` does.
   * Default 100 000.
   */
  initSample?: number;
  /** Called after each chunk: the pass (1-based), the rows read in it, and the source's rows once known. */
  onProgress?: (pass: number, rows: number, totalRows: number | undefined) => void;
}

/**
 * A chunk as the passes read it: its rows as a matrix (dense, or compressed sparse rows for a model
 * that reads sparse chunks), its index and its first row in the source.
 */
export interface SourceChunk {
  matrix: FlatMatrix | Csr;
  index: number;
  row: number;
}

/** A sampled row: dense values, or a sparse row's columns and values. */
type SampledRow = Float64Array | { indices: Int32Array; values: Float64Array };

const KEYS = ['initSample', 'onProgress'];

export function readStreamOptions(
  options: MixtureStreamOptions,
): Required<Pick<MixtureStreamOptions, 'initSample'>> & MixtureStreamOptions {
  checkOptionKeys(options, KEYS, 'fitStream');
  const initSample = options.initSample ?? 100_000;
  if (!Number.isSafeInteger(initSample) || initSample < 1)
    throw new InvalidOptionError('initSample', 'an integer >= 1', initSample);
  checkOnProgress(options.onProgress);
  return { ...options, initSample };
}

/** The source's chunks as matrices (a bad value named by chunk and row of the whole source). */
export function matrixChunks(
  source: StreamSource<unknown>,
  onProgress: MixtureStreamOptions['onProgress'],
  sparse = false,
): ChunkStream<SourceChunk> {
  const chunks = chunkFactory(source);
  return {
    chunks: async function* () {
      let index = 0;
      let row = 0;
      for await (const chunk of chunks()) {
        // An empty batch (a cursor's last page) holds no rows: nothing to read.
        if (Array.isArray(chunk) && chunk.length === 0) {
          index++;
          continue;
        }
        // A SparseCountMatrix chunk stays sparse (its cols: the vocabulary), for models that read it.
        const matrix = inSourceChunk(index, row, () =>
          sparse && isSparse(chunk) ? toCsr(chunk) : toFlatMatrix(chunk as DataInput, 'X'),
        );
        yield { matrix, index, row };
        row += matrix.rows;
        index++;
      }
    },
    shape: ({ matrix }) => ({ rows: matrix.rows, cols: matrix.cols }),
    onChunk: onProgress,
  };
}

/**
 * Pass 1: every chunk handed to `visit` (which checks and prepares it), the rows counted, and a
 * uniform sample of `size` rows (all rows, in order, when there are no more).
 */
export async function scanChunks(
  passes: ChunkPasses<SourceChunk>,
  size: number,
  seed: number,
  visit: (chunk: SourceChunk) => void,
): Promise<{ rows: number; sample: FlatMatrix | Csr }> {
  const reservoir = new ReservoirSample<SampledRow>(size, createRandom(BigInt(seed) + 1n).random);
  let cols = 0;
  for await (const { chunk } of passes.next()) {
    visit(chunk);
    const { matrix } = chunk;
    cols = matrix.cols;
    if ('indptr' in matrix) {
      const { indptr, indices, values } = matrix;
      for (let i = 0; i < matrix.rows; i++) {
        const [a, b] = [indptr[i]!, indptr[i + 1]!];
        reservoir.offer({ indices: indices.slice(a, b), values: values.slice(a, b) });
      }
    } else {
      for (let i = 0; i < matrix.rows; i++) reservoir.offer(matrix.data.slice(i * cols, (i + 1) * cols));
    }
  }
  const rows = reservoir.items;
  if (rows.length === 0) throw new InvalidInputError('source', 'at least one row', 'no rows');
  if (rows.every((row) => row instanceof Float64Array)) {
    const data = new Float64Array(rows.length * cols);
    rows.forEach((row, i) => {
      data.set(row, i * cols);
    });
    return { rows: reservoir.seen, sample: { data, rows: rows.length, cols } };
  }
  return { rows: reservoir.seen, sample: sparseSample(rows, cols) };
}

/** Sampled rows (some sparse) as compressed sparse rows: the sample's memory is its non-zeros. */
function sparseSample(rows: SampledRow[], cols: number): Csr {
  const sparse = rows.map((row) => {
    if (!(row instanceof Float64Array)) return row;
    const at = [...row.keys()].filter((j) => row[j] !== 0);
    return { indices: Int32Array.from(at), values: Float64Array.from(at, (j) => row[j]!) };
  });
  const indptr = new Int32Array(rows.length + 1);
  sparse.forEach((row, i) => {
    indptr[i + 1] = indptr[i]! + row.indices.length;
  });
  const indices = new Int32Array(indptr[rows.length]!);
  const values = new Float64Array(indices.length);
  sparse.forEach((row, i) => {
    indices.set(row.indices, indptr[i]!);
    values.set(row.values, indptr[i]!);
  });
  return { rows: rows.length, cols, indptr, indices, values };
}

/** A sample as dense rows, row-major (what travels to a coordinator). */
export function denseRows(sample: FlatMatrix | Csr): number[] {
  if (!('indptr' in sample)) return Array.from(sample.data);
  const out = new Array<number>(sample.rows * sample.cols).fill(0);
  for (let i = 0; i < sample.rows; i++)
    for (let e = sample.indptr[i]!; e < sample.indptr[i + 1]!; e++)
      out[i * sample.cols + sample.indices[e]!] = sample.values[e]!;
  return out;
}
