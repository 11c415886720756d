import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { describeFsError, UsageError } from '../errors.js';

/**
 * Receives each record of a CSV stream: its cells as parsed (possibly with spaces around them) and
 * the line it starts on (1-based, counting blank lines). Throwing stops the parse.
 */
export type RecordHandler = (cells: string[], line: number) => void;

/**
 * Streams CSV text through papaparse, calling `onRecord` for every record that is not a blank line.
 * The text is parsed chunk by chunk as it arrives and each chunk's records are dropped once handled,
 * so memory stays bounded whatever the size of the input. Rejects with the handler's error, or with
 * a {@link UsageError} for malformed CSV (an unterminated or misplaced quote).
 */
export function readCsvRecords(
  chunks: AsyncIterable<string>,
  source: string,
  delimiter: string,
  onRecord: RecordHandler,
): Promise<void> {
  // Once a quote has been seen, a record may span lines (a quoted cell with a line break): count them.
  let quoted = false;
  const input = Readable.from(
    (async function* () {
      for await (const chunk of chunks) {
        if (!quoted && chunk.includes('"')) quoted = true;
        yield chunk;
      }
    })(),
    // One chunk at a time: papaparse parses each synchronously as it arrives.
    { highWaterMark: 1 },
  );
  let line = 0;
  return new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      input.destroy();
      reject(error);
    };
    Papa.parse<string[]>(input, {
      delimiter,
      quoteChar: '"',
      header: false,
      dynamicTyping: false,
      skipEmptyLines: false, // blank lines are skipped below, after counting them
      chunk(results, parser) {
        if (failed) return;
        try {
          const rows = results.data;
          const malformed = new Map<number, string>();
          for (const error of results.errors) {
            const row = error.row;
            if (error.type === 'Quotes' && row !== undefined && !malformed.has(row))
              malformed.set(row, error.message);
          }
          const linebreak = results.meta.linebreak;
          for (let i = 0; i < rows.length; i++) {
            const cells = rows[i]!;
            line++;
            const problem = malformed.get(i);
            if (problem !== undefined)
              throw new UsageError(`${source} is not valid CSV: line ${line}: ${problem.toLowerCase()}`);
            if (cells.length === 1 && cells[0]!.trim() === '') continue;
            onRecord(cells, line);
            if (quoted) for (const cell of cells) line += count(cell, linebreak);
          }
        } catch (error) {
          fail(error); // first: abort() calls complete
          parser.abort();
        }
      },
      complete: () => {
        if (!failed) resolve();
      },
      error: (error: Error) => fail(new UsageError(`cannot read ${source}: ${describeFsError(error)}`)),
    });
  });
}

function count(text: string, part: string): number {
  let n = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length)) n++;
  return n;
}
