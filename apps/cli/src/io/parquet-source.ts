import type { FlatMatrix } from '@em/core/numeric';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet';
import { UsageError } from '../errors.js';

/** A Parquet file as `fitStream` chunks: one chunk per row group, so memory is one row group. */
export interface ParquetSource {
  rows: number;
  columns: string[];
  /** A fresh pass over the file's rows, in order (each pass re-reads the file). */
  chunks: () => AsyncGenerator<FlatMatrix>;
  /** Releases the reader (DuckDB's database instance); absent when there is nothing to release. */
  close?: () => void;
}

/**
 * Opens a Parquet file with hyparquet (pure JavaScript, no native code): its numeric columns, read a
 * row group at a time, converted to row-major float64 (INT64 to the nearest double; a null becomes
 * NaN, which `fitStream` then names by row and column).
 */
export async function openParquet(path: string): Promise<ParquetSource> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const columns = metadata.schema
    .slice(1)
    .filter((element) => element.num_children === undefined)
    .map((element) => element.name);
  if (columns.length === 0) throw new UsageError(`${path} has no columns`);
  const groups: [number, number][] = [];
  let start = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    groups.push([start, start + rows]);
    start += rows;
  }
  return {
    rows: start,
    columns,
    async *chunks() {
      for (const [rowStart, rowEnd] of groups) {
        const rows = rowEnd - rowStart;
        const data = new Float64Array(rows * columns.length);
        await parquetRead({
          file,
          metadata,
          rowStart,
          rowEnd,
          columns,
          onChunk: ({ columnName, columnData, rowStart: first }) => {
            const j = columns.indexOf(columnName);
            for (let i = 0; i < columnData.length; i++) {
              const row = first + i - rowStart;
              if (row < 0 || row >= rows) continue;
              const value = columnData[i];
              data[row * columns.length + j] =
                value === null || value === undefined ? Number.NaN : Number(value);
            }
          },
        });
        yield { data, rows, cols: columns.length };
      }
    },
  };
}
