// The Parquet readers compared by bench/parquet-readers.mjs. Each turns a file of DOUBLE columns into
// row-major Float64Array chunks (what `fitStream` consumes), one pass, and calls `onChunk(data, rows)`.
// Libraries are imported from `from` (a directory whose node_modules holds them), so the comparison can
// use libraries the CLI does not depend on.
import { openAsBlob } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Imports `name` as resolved from `dir` (ESM entry when the package has one). */
async function load(dir, name) {
  const require = createRequire(join(dir, 'noop.js'));
  return import(pathToFileURL(require.resolve(name)).href);
}

/** Copies `cols` column arrays (or getters) into one row-major block. */
function interleave(columns, rows, into) {
  const cols = columns.length;
  for (let j = 0; j < cols; j++) {
    const column = columns[j];
    for (let i = 0; i < rows; i++) into[i * cols + j] = column[i];
  }
  return into;
}

async function hyparquetRead(path, onChunk, from, compressors) {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead } = await load(from, 'hyparquet');
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const columns = metadata.schema.slice(1).map((element) => element.name);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    const parts = [];
    await parquetRead({
      file,
      metadata,
      rowStart,
      rowEnd: rowStart + rows,
      columns,
      compressors,
      onChunk: ({ columnName, columnData, rowStart: first, rowEnd: last }) => {
        parts.push({ j: columns.indexOf(columnName), columnData, first, last });
      },
    });
    const block = new Float64Array(rows * columns.length);
    for (const { j, columnData, first } of parts) {
      for (let i = 0; i < columnData.length; i++) {
        const row = first + i - rowStart;
        if (row >= 0 && row < rows) block[row * columns.length + j] = columnData[i];
      }
    }
    onChunk(block, rows);
    rowStart += rows;
  }
}

export const readers = {
  /** hyparquet alone (its own pure-JS snappy). */
  async hyparquet(path, onChunk, from) {
    await hyparquetRead(path, onChunk, from, undefined);
  },
  /** hyparquet with hyparquet-compressors (snappy in WebAssembly). */
  async 'hyparquet+compressors'(path, onChunk, from) {
    const { compressors } = await load(from, 'hyparquet-compressors');
    await hyparquetRead(path, onChunk, from, compressors);
  },
  /** DuckDB's Node API, a streamed SELECT: 2048-row vectors, copied into row-major blocks. */
  async duckdb(path, onChunk, from, { threads } = {}) {
    const { DuckDBInstance } = await load(from, '@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
    const connection = await instance.connect();
    const result = await connection.stream(`SELECT * FROM read_parquet('${path.replaceAll("'", "''")}')`);
    const cols = result.columnCount;
    for (
      let chunk = await result.fetchChunk();
      chunk && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      const rows = chunk.rowCount;
      const block = new Float64Array(rows * cols);
      for (let j = 0; j < cols; j++) {
        const vector = chunk.getColumnVector(j);
        for (let i = 0; i < rows; i++) block[i * cols + j] = vector.getItem(i) ?? Number.NaN;
      }
      onChunk(block, rows);
    }
    connection.closeSync();
    instance.closeSync();
  },
  /** parquet-wasm (Rust's parquet crate in WebAssembly) to Arrow IPC, read with apache-arrow. */
  async 'parquet-wasm'(path, onChunk, from) {
    const wasm = await load(from, 'parquet-wasm');
    const { tableFromIPC } = await load(from, 'apache-arrow');
    const file = await wasm.ParquetFile.fromFile(await openAsBlob(path));
    const groups = file.metadata().numRowGroups();
    for (let g = 0; g < groups; g++) {
      const wasmTable = await file.read({ rowGroups: [g] });
      const table = tableFromIPC(wasmTable.intoIPCStream());
      const rows = table.numRows;
      const columns = table.schema.fields.map((_, j) => table.getChildAt(j).toArray());
      onChunk(interleave(columns, rows, new Float64Array(rows * columns.length)), rows);
    }
    file.free();
  },
};
