// Writes the benchmark's Parquet files with DuckDB (COPY … TO, FORMAT parquet): the rows of a raw
// float64 file (written by packages/gaussian/bench/streaming/make-data.mjs) as DOUBLE columns x1…xD,
// one file per codec × row-group size. Returns the files' paths.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function makeParquetFiles({ f64, cols, dir, codecs, rowGroups, from }) {
  const require = createRequire(join(from, 'noop.js'));
  const { DuckDBInstance, DuckDBDataChunk, DOUBLE } = await import(
    pathToFileURL(require.resolve('@duckdb/node-api')).href
  );
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const names = Array.from({ length: cols }, (_, j) => `x${j + 1}`);
  await connection.run(`CREATE TABLE t (${names.map((n) => `${n} DOUBLE`).join(', ')})`);
  const appender = await connection.createAppender('t');
  // Appended 2048 rows (one DuckDB vector) at a time, in file order.
  const piece = 2048;
  const bytes = new Uint8Array(piece * cols * 8);
  const values = new Float64Array(bytes.buffer);
  const fd = openSync(f64, 'r');
  const total = statSync(f64).size / 8 / cols;
  for (let start = 0; start < total; start += piece) {
    const rows = Math.min(piece, total - start);
    readSync(fd, bytes, 0, rows * cols * 8, start * cols * 8);
    const chunk = DuckDBDataChunk.create(
      names.map(() => DOUBLE),
      rows,
    );
    for (let j = 0; j < cols; j++) {
      const column = new Array(rows);
      for (let i = 0; i < rows; i++) column[i] = values[i * cols + j];
      chunk.setColumnValues(j, column);
    }
    appender.appendDataChunk(chunk);
  }
  closeSync(fd);
  appender.closeSync();
  const files = [];
  for (const codec of codecs) {
    for (const rowGroup of rowGroups) {
      const path = join(dir, `rows-${total}-${codec}-rg${rowGroup}.parquet`);
      // One thread: otherwise DuckDB may write row groups smaller than asked for (one per thread).
      await connection.run('SET threads = 1');
      await connection.run(
        `COPY t TO '${path}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${rowGroup})`,
      );
      files.push({ path, codec, rowGroup, bytes: statSync(path).size });
    }
  }
  connection.closeSync();
  instance.closeSync();
  return files;
}
