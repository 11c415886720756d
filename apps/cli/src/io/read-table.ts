import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { describeFsError, UsageError } from '../errors.js';
import { describeJsonValue } from '../safe-text.js';
import { createColumnStore } from './column-store.js';
import { readCsvRecords } from './csv-records.js';
import {
  jsonTooLarge,
  limitLineLength,
  lineTooLong,
  MAX_JSON_LENGTH,
  MAX_LINE_LENGTH,
} from './line-limit.js';
import { parseNumber } from './numbers.js';

/** How to read a data file. */
export interface TableOptions {
  /** `--columns`: names or 1-based indices, comma-separated; ranges of indices as `2..4`. */
  columns?: string | undefined;
  /** `--delimiter`: one character, or `tab`; by default from the extension or the first line. */
  delimiter?: string | undefined;
  /** `--header` (true) / `--no-header` (false); by default a first row with any non-number is a header. */
  header?: boolean | undefined;
  /**
   * `--missing em`: empty cells and `NA` (and JSON `null`) are missing values, read as NaN.
   * Otherwise they are errors that point to `--missing em`.
   */
  missing?: boolean | undefined;
  /**
   * Without `columns`: the columns to take, by name, when the header holds every one of them (em
   * predict passes the names the model was fitted on, so extra columns in the file are left out).
   */
  preferredNames?: readonly string[] | undefined;
}

/** A cell that stands for a missing value with `--missing em`: empty, or NA (any case). */
export function isMissingCell(cell: string): boolean {
  const trimmed = cell.trim();
  return trimmed === '' || trimmed.toUpperCase() === 'NA';
}

/**
 * Numeric data read from a file: one flat row-major `Float64Array` (backed by a `SharedArrayBuffer`
 * so a worker thread can fit it without a copy) plus the column names.
 */
export interface Table {
  data: Float64Array;
  rows: number;
  cols: number;
  /** Header names of the selected columns, or `x1`, `x2`, … (by position in the file) without a header. */
  names: string[];
  /** What to call the input in messages: the path, or "stdin". */
  source: string;
}

/**
 * Reads CSV/TSV (streamed through papaparse, so a large file never sits in memory as text) or a
 * JSON array of numbers or of rows. `path` `-` reads stdin. Every problem is a {@link UsageError}
 * naming the line, the column and the text found.
 */
export async function readTable(path: string, options: TableOptions = {}): Promise<Table> {
  const source = path === '-' ? 'stdin' : path;
  const input = path === '-' ? process.stdin : await openFile(path);
  // Decoded here, so a character split between two chunks is not garbled.
  input.setEncoding('utf8');
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<string>;
  const head = (await readHead(chunks, source)).replace(/^\uFEFF/, ''); // a byte-order mark
  const destroy = () => input.destroy();
  if (head.trim() === '') throw new UsageError(`${source} is empty: expected rows of numbers`);

  try {
    if (head.trimStart().startsWith('[') || /\.json$/i.test(path)) {
      return tableFromJson(await readRest(head, chunks, source), source, options);
    }
    const delimiter = chooseDelimiter(path, head, options.delimiter);
    return await readCsv(limitLineLength(prepend(head, chunks), source), source, delimiter, options);
  } finally {
    // An endless input (a device) stops being read once its first error is known.
    destroy();
  }
}

async function openFile(path: string): Promise<Readable> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${describeFsError(error)}`);
  }
  // 64 KB chunks (Node's default): each chunk's parsed records die young, which the garbage collector
  // handles cheaply; with 1 MB chunks loading was about 30% slower and peak memory higher.
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(new UsageError(`cannot read ${path}: ${describeFsError(error)}`)));
  });
  return stream;
}

/** Reads until the first line break (or the end), to sniff the format and the delimiter. */
async function readHead(chunks: AsyncIterator<string>, source: string): Promise<string> {
  const parts: string[] = [];
  let length = 0;
  let lineBreak = false;
  let firstText: string | undefined;
  try {
    // Each chunk is looked at once: an endless line costs linear time up to the limit.
    while (!lineBreak || firstText === undefined) {
      const next = await chunks.next();
      if (next.done) break;
      const chunk = next.value;
      parts.push(chunk);
      length += chunk.length;
      lineBreak ||= /[\r\n]/.test(chunk);
      firstText ??= /\S/.exec(chunk)?.[0];
      // Up to the limit, a long first line may still be JSON (read whole) or a wide CSV row.
      if (length > MAX_LINE_LENGTH && firstText !== '[') throw lineTooLong(source, 1, MAX_LINE_LENGTH);
      if (length > MAX_JSON_LENGTH) throw jsonTooLarge(source, MAX_JSON_LENGTH);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${source}: ${describeFsError(error)}`);
  }
  return parts.join('');
}

async function readRest(head: string, chunks: AsyncIterator<string>, source: string): Promise<string> {
  const parts = [head];
  let length = head.length;
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
    length += next.value.length;
    if (length > MAX_JSON_LENGTH) throw jsonTooLarge(source, MAX_JSON_LENGTH);
    parts.push(next.value);
  }
  return parts.join('');
}

async function* prepend(head: string, chunks: AsyncIterator<string>): AsyncGenerator<string> {
  yield head;
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
}

const DELIMITER_NAMES: Record<string, string> = {
  tab: '\t',
  '\\t': '\t',
  comma: ',',
  semicolon: ';',
  space: ' ',
};

export function chooseDelimiter(path: string, head: string, option: string | undefined): string {
  if (option !== undefined) {
    const delimiter = DELIMITER_NAMES[option] ?? option;
    if (delimiter.length !== 1 || /[\r\n"0-9.+-]/.test(delimiter)) {
      throw new UsageError(
        `invalid value for --delimiter: expected one character other than a digit, sign, point or quote, or tab, received ${JSON.stringify(option)}`,
      );
    }
    return delimiter;
  }
  if (/\.(tsv|tab)$/i.test(path)) return '\t';
  // The most frequent candidate on the first line; a single column has none of them.
  const firstLine = head.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', '\t', ';', '|']) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}

/** Resolves `--columns` against the header (names) or the width (1-based indices). */
function selectColumns(
  spec: string | undefined,
  header: string[] | undefined,
  width: number,
  source: string,
  preferred?: readonly string[],
) {
  if (spec === undefined) {
    if (preferred && header && preferred.every((name) => header.includes(name)))
      return preferred.map((name) => header.indexOf(name));
    return Array.from({ length: width }, (_, i) => i);
  }
  const available = header ? ` (columns: ${header.join(', ')})` : ` (${width} columns)`;
  const picked: number[] = [];
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    const byName = header?.indexOf(item) ?? -1;
    const range = /^(\d+)\.\.(\d+)$/.exec(item);
    if (byName >= 0) picked.push(byName);
    else if (/^\d+$/.test(item) && Number(item) >= 1 && Number(item) <= width) picked.push(Number(item) - 1);
    else if (
      range &&
      Number(range[1]) >= 1 &&
      Number(range[2]) <= width &&
      Number(range[1]) <= Number(range[2])
    ) {
      for (let i = Number(range[1]); i <= Number(range[2]); i++) picked.push(i - 1);
    } else {
      throw new UsageError(
        `invalid value for --columns: ${JSON.stringify(item)} is neither a column name nor an index from 1 to ${width} in ${source}${available}`,
      );
    }
  }
  if (new Set(picked).size !== picked.length) {
    throw new UsageError(`invalid value for --columns: ${JSON.stringify(spec)} names a column twice`);
  }
  return picked;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

async function readCsv(
  chunks: AsyncIterable<string>,
  source: string,
  delimiter: string,
  options: TableOptions,
): Promise<Table> {
  let width = -1;
  let columns: number[] = [];
  let names: string[] = [];
  let headerLine = 0;
  let store = createColumnStore(1);

  const onRecord = (record: string[], line: number) => {
    if (width < 0) {
      width = record.length;
      const cells = record.map((cell) => cell.trim());
      const isHeader =
        options.header ??
        cells.some((cell) => Number.isNaN(parseNumber(cell)) && !(options.missing && isMissingCell(cell)));
      const header = isHeader ? cells : undefined;
      columns = selectColumns(options.columns, header, width, source, options.preferredNames);
      names = columns.map((c) => (header ? header[c]! : `x${c + 1}`));
      store = createColumnStore(columns.length);
      if (isHeader) {
        headerLine = line;
        return;
      }
    }
    if (record.length !== width) {
      throw new UsageError(
        `${source}, line ${line}: expected ${width} fields as on line ${headerLine || 1}, found ${record.length}`,
      );
    }
    for (let j = 0; j < columns.length; j++) {
      const value = parseNumber(record[columns[j]!]!);
      if (Number.isNaN(value)) {
        const cell = record[columns[j]!]!.trim();
        if (options.missing && isMissingCell(cell)) {
          store.push(Number.NaN);
          continue;
        }
        const what = cell === '' ? 'an empty cell' : quote(cell);
        const hint =
          !options.missing && isMissingCell(cell)
            ? ' (--missing em reads empty cells and NA as missing values)'
            : '';
        throw new UsageError(
          `${source}, line ${line}, column ${columns[j]! + 1} (${names[j]}): expected a number, found ${what}${hint}`,
        );
      }
      store.push(value);
    }
  };

  await readCsvRecords(chunks, source, delimiter, onRecord);
  if (store.rows === 0) {
    throw new UsageError(
      width < 0
        ? `${source} is empty: expected rows of numbers`
        : `${source} has a header but no rows of data`,
    );
  }
  return { ...store.finish(), names, source };
}

function tableFromJson(text: string, source: string, options: TableOptions): Table {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new UsageError(`${source}: expected a non-empty JSON array of numbers or of rows of numbers`);
  }
  const nested = Array.isArray(value[0]);
  const width = nested ? (value[0] as unknown[]).length : 1;
  if (width === 0) throw new UsageError(`${source}, row 1: expected at least one number, found an empty row`);
  const columns = selectColumns(options.columns, undefined, width, source);
  const store = createColumnStore(columns.length);
  value.forEach((item, i) => {
    const cells = nested ? item : [item];
    if (!Array.isArray(cells) || cells.length !== width) {
      const found = Array.isArray(cells) ? `${cells.length} values` : describeJsonValue(item);
      throw new UsageError(
        `${source}, row ${i + 1}: expected ${nested ? `a row of ${width} numbers` : 'a number'}, found ${found}`,
      );
    }
    for (const c of columns) {
      const cell = cells[c];
      if (options.missing && cell === null) {
        store.push(Number.NaN);
        continue;
      }
      if (typeof cell !== 'number' || !Number.isFinite(cell)) {
        throw new UsageError(
          `${source}, row ${i + 1}${nested ? `, column ${c + 1}` : ''}: expected a number, found ${describeJsonValue(cell)}`,
        );
      }
      store.push(cell);
    }
  });
  return { ...store.finish(), names: columns.map((c) => `x${c + 1}`), source };
}
