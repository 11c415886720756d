import { EMError } from '@em/core';

/** A problem with a CSV file, located by 1-based line and by column name, ready to show in the page. */
export class CsvError extends EMError {
  override name = 'CsvError';
  readonly line: number | undefined;
  readonly column: string | undefined;

  constructor(message: string, location: { line?: number; column?: string } = {}) {
    super('INVALID_INPUT', message);
    this.line = location.line;
    this.column = location.column;
  }
}

/** A parsed CSV table: header names and the cells of each data row (as text). */
export interface CsvTable {
  columns: string[];
  rows: string[][];
  /** 1-based line of each row in the file, for error messages. */
  lines: number[];
  delimiter: string;
}

/** Files larger than this are refused: the page holds the whole table in memory. */
export const MAX_CSV_BYTES = 50 * 1024 * 1024;

/**
 * Parses CSV text (RFC 4180 quoting; comma, semicolon or tab delimited, detected from the header).
 * A first row where every cell is a number is data, and the columns get generated names.
 *
 * @example
 * ```ts
 * parseCsv('x,y\n1,2\n3,4').rows; // [['1', '2'], ['3', '4']]
 * ```
 */
export function parseCsv(text: string): CsvTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000'))
    throw new CsvError('This is not a text file (it contains binary data). Choose a .csv file.');
  if (text.trim() === '') throw new CsvError('The file is empty.');

  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = detectDelimiter(firstLine);
  const records = splitRecords(text, delimiter);
  if (records.length === 0) throw new CsvError('The file has no rows.');

  const first = records[0]!;
  const headerIsData = first.cells.every((cell) => isNumber(cell));
  const columns = headerIsData
    ? first.cells.map((_, index) => `column ${index + 1}`)
    : first.cells.map((cell, index) => cell.trim() || `column ${index + 1}`);
  const body = headerIsData ? records : records.slice(1);
  if (body.length === 0) throw new CsvError('The file has a header but no data rows.');

  const rows: string[][] = [];
  const lines: number[] = [];
  for (const record of body) {
    if (record.cells.length !== columns.length)
      throw new CsvError(
        `Line ${record.line} has ${record.cells.length} fields but the header has ${columns.length}.`,
        { line: record.line },
      );
    rows.push(record.cells);
    lines.push(record.line);
  }
  return { columns, rows, lines, delimiter };
}

/**
 * Columns that look numeric: at least 80% of their non-empty cells are numbers. A column with a few
 * stray words is still offered, so fitting it names the bad cell instead of hiding the column.
 */
export function numericColumns(table: CsvTable): number[] {
  const result: number[] = [];
  for (let column = 0; column < table.columns.length; column++) {
    let numbers = 0;
    let filled = 0;
    for (const row of table.rows) {
      const cell = row[column]?.trim() ?? '';
      if (cell === '') continue;
      filled++;
      if (isNumber(cell)) numbers++;
    }
    if (numbers > 0 && numbers >= 0.8 * filled) result.push(column);
  }
  return result;
}

/** The chosen columns as a flat row-major matrix, plus how many rows were skipped for missing values. */
export interface NumericData {
  data: Float64Array;
  rows: number;
  cols: number;
  /** Index into the table's rows of each matrix row. */
  sourceRows: number[];
  skipped: number;
  /** Rows kept with some (not all) cells missing, as NaN: only with `missing: 'em'`. */
  incomplete: number;
}

/**
 * What to do with empty cells: `'skip'` drops the row; `'em'` keeps it with NaN in those cells (for
 * `GaussianMixture({ missing: 'em' })`), dropping only rows with every chosen cell empty.
 */
export type MissingCells = 'skip' | 'em';

/**
 * Extracts the chosen columns as numbers. Rows with an empty cell in a chosen column are skipped (and
 * counted), or with `missing: 'em'` kept with NaN there; any other cell that is not a finite number is
 * an error naming its line and column.
 *
 * @example
 * ```ts
 * toMatrix(parseCsv('x,y\n1,2\n3,4'), [0, 1]).data; // Float64Array [1, 2, 3, 4]
 * ```
 */
export function toMatrix(table: CsvTable, chosen: number[], missing: MissingCells = 'skip'): NumericData {
  if (chosen.length === 0) throw new CsvError('Choose at least one column to fit.');
  const data = new Float64Array(table.rows.length * chosen.length);
  const sourceRows: number[] = [];
  let rows = 0;
  let skipped = 0;
  let incomplete = 0;
  table.rows.forEach((row, index) => {
    const cells = chosen.map((column) => row[column]!.trim());
    const empty = cells.filter((cell) => cell === '').length;
    if (empty === cells.length || (empty > 0 && missing === 'skip')) {
      skipped++;
      return;
    }
    if (empty > 0) incomplete++;
    cells.forEach((cell, j) => {
      if (cell === '') {
        data[rows * chosen.length + j] = Number.NaN;
        return;
      }
      const value = isNumber(cell) ? Number(cell) : Number.NaN;
      if (!Number.isFinite(value)) {
        const line = table.lines[index] ?? index + 2;
        const column = table.columns[chosen[j] ?? 0] ?? '';
        throw new CsvError(
          `Line ${line}, column "${column}": expected a number, found "${truncate(cell)}".`,
          {
            line,
            column,
          },
        );
      }
      data[rows * chosen.length + j] = value;
    });
    sourceRows.push(index);
    rows++;
  });
  if (rows === 0) throw new CsvError('Every row has a missing value in the chosen columns.');
  return {
    data: data.subarray(0, rows * chosen.length),
    rows,
    cols: chosen.length,
    sourceRows,
    skipped,
    incomplete,
  };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isNumber(cell: string): boolean {
  return NUMBER.test(cell.trim());
}

function truncate(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

function detectDelimiter(line: string): string {
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t']) {
    const count = line.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

interface CsvRecord {
  cells: string[];
  line: number;
}

/** Splits text into records, honouring quotes (which may hold delimiters, newlines and "" escapes). */
function splitRecords(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 0;
  const endRecord = () => {
    cells.push(cell);
    // Blank lines are ignored, not read as a one-field row.
    if (!(cells.length === 1 && cells[0]!.trim() === '')) records.push({ cells, line: recordLine });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (char === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += char;
  }
  if (quoted)
    throw new CsvError(`A quoted field opened on line ${quoteLine} is never closed.`, { line: quoteLine });
  endRecord();
  return records;
}
