// The csv-parse driver that `em` used before papaparse, kept for bench/large-file.mjs: it replaces
// src/io/csv-records.ts in a second build, so both parsers feed the same reader and column store.
import { parse } from 'csv-parse';
import { UsageError } from '../src/errors.js';
import type { RecordHandler } from '../src/io/csv-records.js';

export type { RecordHandler };

export async function readCsvRecords(
  chunks: AsyncIterable<string>,
  source: string,
  delimiter: string,
  onRecord: RecordHandler,
): Promise<void> {
  let failure: unknown;
  const parser = parse({
    delimiter,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    // Records are consumed here and dropped, so the parser never queues millions of small arrays.
    on_record: (record: string[], context) => {
      if (failure) return null;
      try {
        onRecord(record, context.lines);
      } catch (error) {
        failure = error;
      }
      return null;
    },
  });
  try {
    const pump = (async () => {
      for await (const chunk of chunks) {
        if (failure) break;
        if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
      }
      parser.end();
    })();
    for await (const _ of parser) {
      // on_record returns null: nothing is emitted.
    }
    await pump;
  } catch (error) {
    if (failure) throw failure;
    throw new UsageError(`${source} is not valid CSV: ${(error as Error).message.split('\n')[0]}`);
  }
  if (failure) throw failure;
}
