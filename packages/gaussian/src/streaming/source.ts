import { InvalidInputError, InvalidOptionError } from '@em/core';
import { type DataInput, type FlatMatrix, toFlatMatrix } from '@em/core/numeric';
import { RowBlocks } from './blocks.js';
import { csvPass } from './csv.js';
import { float64Pass } from './float64.js';
import { type ByteMeter, fileText, openFile } from './node-file.js';

/**
 * Data that {@link GaussianMixture.fitStream} can read once per EM iteration without holding it:
 *
 * - a function returning a fresh (async) iterable of chunks, called once per pass — the general
 *   form (a database cursor, an HTTP range reader, a generator function);
 * - an array (or any re-iterable object) of chunks;
 * - in Node, the path of a CSV/TSV file or of raw little-endian float64 rows (`format`, `columns`);
 * - a `Blob` or browser `File`, CSV or raw float64, read with `slice`/`stream`.
 *
 * A chunk is anything `fit` accepts (`number[][]`, a flat matrix, a column of numbers), of any
 * number of rows; all chunks have the same number of columns.
 *
 * @example
 * ```ts
 * import { type ChunkSource, GaussianMixture } from '@em/gaussian';
 * const fromArrays: ChunkSource = [[[0, 1], [1, 1]], [[9, 8], [10, 9]]];
 * const fromFactory: ChunkSource = async function* () { yield [[0, 1], [1, 1]]; yield [[9, 8], [10, 9]]; };
 * const fromFile: ChunkSource = 'telemetry.csv'; // Node
 * const fit = (source: ChunkSource) => new GaussianMixture({ nComponents: 2, randomState: 0 }).fitStream(source);
 * (await fit(fromArrays)).means; // [[0.5, 1], [9.5, 8.5]]
 * (await fit(fromFactory)).means; // [[0.5, 1], [9.5, 8.5]]: the same rows, the same fit
 * ```
 */
export type ChunkSource =
  | string
  | Blob
  | Iterable<DataInput>
  | AsyncIterable<DataInput>
  | (() => Iterable<DataInput> | AsyncIterable<DataInput>);

/**
 * How {@link ChunkSource} files and Blobs are read (ignored for chunks).
 *
 * @example
 * ```ts
 * import type { SourceFormatOptions } from '@em/gaussian';
 * const raw: SourceFormatOptions = { format: 'float64', columns: 4 };
 * const tsv: SourceFormatOptions = { format: 'csv', delimiter: '\t', header: true };
 * ```
 */
export interface SourceFormatOptions {
  /**
   * `'csv'` (text, one row per line) or `'float64'` (raw little-endian doubles, row after row).
   * Default: `'float64'` for names ending `.f64` or `.bin`, otherwise `'csv'`.
   */
  format?: 'csv' | 'float64';
  /** Values per row of a `'float64'` source (required there: raw doubles do not say it). */
  columns?: number;
  /** CSV field separator. Default `'\t'` for `.tsv` names, otherwise `','`. */
  delimiter?: string;
  /** Whether a CSV's first line names the columns. Default `'auto'`: when a field of it is not a number. */
  header?: boolean | 'auto';
}

/** A source opened for reading: one pass yields `CHUNK_ROWS`-row blocks. */
export interface OpenedSource {
  pass(): AsyncIterable<FlatMatrix>;
  /** Bytes read in the current pass (files and Blobs). */
  meter: ByteMeter;
}

const FORMAT_KEYS = ['format', 'columns', 'delimiter', 'header'];

/**
 * Validates `source` and `options` and returns a re-readable pass over it. With `allowMissing`
 * (`missing: 'em'`), NaN in chunks and raw float64 files marks a missing value; CSV fields must
 * still be finite numbers.
 */
export function openSource(
  source: ChunkSource,
  options: SourceFormatOptions = {},
  allowMissing = false,
): OpenedSource {
  const meter: ByteMeter = { bytes: 0, totalBytes: undefined };
  if (typeof source === 'string' || isBlob(source)) {
    const name = typeof source === 'string' ? source : ((source as { name?: string }).name ?? '');
    const format = readFormat(options, name);
    if (format.kind === 'float64') {
      const { columns } = format;
      if (typeof source === 'string') {
        return {
          meter,
          async *pass() {
            const file = await openFile(source);
            meter.totalBytes = file.size;
            const buffers = [new Uint8Array(0), new Uint8Array(0)];
            try {
              yield* float64Pass(
                file.size,
                columns,
                async (slot, position, bytes) => {
                  if (buffers[slot]!.length < bytes) buffers[slot] = new Uint8Array(bytes);
                  const into = buffers[slot]!.subarray(0, bytes);
                  const read = await file.readAt(into, position);
                  if (read !== bytes)
                    throw new InvalidInputError(
                      'source',
                      `${bytes} bytes at ${position}`,
                      `${read} (the file shrank)`,
                    );
                  return new Float64Array(into.buffer, 0, bytes / 8);
                },
                meter,
                allowMissing,
              );
            } finally {
              await file.close();
            }
          },
        };
      }
      const blob = source as Blob;
      return {
        meter,
        pass() {
          meter.totalBytes = blob.size;
          return float64Pass(
            blob.size,
            columns,
            async (_slot, position, bytes) =>
              new Float64Array(await blob.slice(position, position + bytes).arrayBuffer()),
            meter,
            allowMissing,
          );
        },
      };
    }
    const layout = { delimiter: format.delimiter, header: format.header };
    if (typeof source === 'string') {
      return {
        meter,
        async *pass() {
          const file = await openFile(source);
          meter.totalBytes = file.size;
          try {
            yield* csvPass(fileText(file, meter), layout);
          } finally {
            await file.close();
          }
        },
      };
    }
    const blob = source as Blob;
    return {
      meter,
      pass() {
        meter.totalBytes = blob.size;
        return csvPass(blobText(blob, meter), layout);
      },
    };
  }
  if (
    Object.keys(options).some(
      (key) => FORMAT_KEYS.includes(key) && options[key as keyof SourceFormatOptions] !== undefined,
    )
  ) {
    const key = Object.keys(options).find((k) => FORMAT_KEYS.includes(k))!;
    throw new InvalidOptionError(
      key,
      'undefined for a source of chunks (it only applies to files and Blobs)',
      options[key as keyof SourceFormatOptions],
    );
  }
  const chunks = chunkFactory(source);
  return { meter, pass: () => chunkPass(chunks(), allowMissing) };
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob === 'function' && value instanceof Blob;
}

type Format =
  | { kind: 'float64'; columns: number }
  | { kind: 'csv'; delimiter: string; header: boolean | 'auto' };

function readFormat(options: SourceFormatOptions, name: string): Format {
  const lower = name.toLowerCase();
  const format = options.format ?? (lower.endsWith('.f64') || lower.endsWith('.bin') ? 'float64' : 'csv');
  if (format === 'float64') {
    const { columns } = options;
    if (!Number.isInteger(columns) || (columns as number) < 1) {
      throw new InvalidOptionError(
        'columns',
        'an integer >= 1 (values per row of a raw float64 source)',
        columns,
      );
    }
    return { kind: 'float64', columns: columns as number };
  }
  if (format !== 'csv') throw new InvalidOptionError('format', "'csv' or 'float64'", format);
  const delimiter = options.delimiter ?? (lower.endsWith('.tsv') ? '\t' : ',');
  if (typeof delimiter !== 'string' || delimiter.length === 0 || delimiter === '\n') {
    throw new InvalidOptionError('delimiter', 'a non-empty string other than a newline', delimiter);
  }
  const header = options.header ?? 'auto';
  if (header !== true && header !== false && header !== 'auto') {
    throw new InvalidOptionError('header', "true, false or 'auto'", header);
  }
  return { kind: 'csv', delimiter, header };
}

/** A function giving a fresh iterable of chunks per pass, from whichever form the caller used. */
function chunkFactory(source: ChunkSource): () => Iterable<DataInput> | AsyncIterable<DataInput> {
  if (typeof source === 'function') {
    return () => {
      const chunks = source();
      if (
        chunks === null ||
        typeof chunks !== 'object' ||
        !(Symbol.iterator in chunks || Symbol.asyncIterator in chunks)
      ) {
        throw new InvalidInputError(
          'source',
          'a function returning an iterable or async iterable of chunks',
          chunks,
        );
      }
      return chunks;
    };
  }
  if (
    source !== null &&
    typeof source === 'object' &&
    (Symbol.iterator in source || Symbol.asyncIterator in source)
  ) {
    return () => source as Iterable<DataInput> | AsyncIterable<DataInput>;
  }
  throw new InvalidInputError(
    'source',
    'a function returning chunks, an (async) iterable of chunks, a file path or a Blob',
    source,
  );
}

/** One pass over chunks of any size: validated, regrouped into `CHUNK_ROWS`-row blocks. */
async function* chunkPass(
  chunks: Iterable<DataInput> | AsyncIterable<DataInput>,
  allowMissing: boolean,
): AsyncGenerator<FlatMatrix> {
  let blocks: RowBlocks | undefined;
  let index = 0;
  let row = 0;
  for await (const chunk of chunks) {
    const name = `source chunk ${index}`;
    if (isEmpty(chunk)) {
      index++;
      continue;
    }
    let matrix: FlatMatrix;
    try {
      matrix = toFlatMatrix(chunk, name, allowMissing ? { missing: 'allow' } : undefined);
    } catch (error) {
      // Name the row of the whole source, not of the chunk.
      if (error instanceof InvalidInputError && error.row !== undefined) {
        throw new InvalidInputError(name, error.expected, error.received, {
          row: row + error.row,
          column: error.column,
        });
      }
      throw error;
    }
    blocks ??= new RowBlocks(matrix.cols);
    if (matrix.cols !== blocks.cols) {
      throw new InvalidInputError(
        name,
        `rows of ${blocks.cols} values, as in the chunks before`,
        `rows of ${matrix.cols} values`,
        { row },
      );
    }
    yield* blocks.append(matrix.data, matrix.rows);
    row += matrix.rows;
    index++;
  }
  if (blocks) yield* blocks.flush();
}

function isEmpty(chunk: DataInput): boolean {
  if (Array.isArray(chunk) || ArrayBuffer.isView(chunk)) return (chunk as ArrayLike<unknown>).length === 0;
  const flat = chunk as { rows?: unknown };
  return typeof flat === 'object' && flat !== null && flat.rows === 0;
}

async function* blobText(blob: Blob, meter: ByteMeter): AsyncGenerator<string> {
  const reader = blob.stream().getReader();
  const decoder = new TextDecoder();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      meter.bytes += next.value.byteLength;
      yield decoder.decode(next.value, { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    // Stopped early (an error downstream): let the Blob's stream go.
    await reader.cancel().catch(() => undefined);
  }
}
