// Parquet readers side by side (issue 22: "measure before choosing"): hyparquet (what `em` uses),
// hyparquet with hyparquet-compressors, DuckDB's Node API and parquet-wasm + apache-arrow, each
// reading the same files — DOUBLE columns, snappy and uncompressed, several row-group sizes, written by
// DuckDB — into row-major Float64Array chunks, in a fresh process per read (peak RSS is the reader's),
// interleaved, best of --repeats. Every read's checksum is compared with the raw float64 file's.
//
//   npm i --prefix /tmp/pq-deps @duckdb/node-api parquet-wasm apache-arrow hyparquet hyparquet-compressors
//   node bench/parquet-readers.mjs --deps /tmp/pq-deps [--rows 1000000] [--row-groups 122880,1000000]
//        [--codecs snappy,uncompressed] [--repeats 3] [--dir /tmp] [--keep]
//
// The libraries come from --deps (default: this package's own node_modules, which has hyparquet only;
// readers whose library is missing are skipped), so the comparison costs the CLI no dependency.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeData } from '../../../packages/gaussian/bench/streaming/make-data.mjs';
import { checksum } from './parquet-readers/checksum.mjs';
import { makeParquetFiles } from './parquet-readers/make-files.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'row-groups': { type: 'string', default: '122880,1000000' },
    codecs: { type: 'string', default: 'snappy,uncompressed' },
    readers: {
      type: 'string',
      default: 'hyparquet,hyparquet+compressors,duckdb,duckdb-1-thread,parquet-wasm',
    },
    repeats: { type: 'string', default: '3' },
    deps: { type: 'string', default: join(here, '..') },
    dir: { type: 'string', default: '/tmp' },
    keep: { type: 'boolean', default: false },
  },
});
const rows = Number(args.rows);
const cols = 4;
const from = args.deps;
const dir = args.keep ? args.dir : mkdtempSync(join(args.dir, 'em-parquet-bench-'));
const require = createRequire(join(from, 'noop.js'));

/** The package directory of `name` as resolved from --deps, or undefined when it is not installed. */
function packageDir(name) {
  try {
    let path = dirname(require.resolve(name));
    while (!existsSync(join(path, 'package.json')) || !path.endsWith(name.split('/').at(-1)))
      path = dirname(path);
    return path;
  } catch {
    return undefined;
  }
}

function sizeOf(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + sizeOf(join(path, entry)), 0);
}

/** Installed size of each reader: its packages' directories (dependencies included, as npm installs them). */
const libraries = {
  hyparquet: ['hyparquet'],
  'hyparquet+compressors': ['hyparquet', 'hyparquet-compressors', 'hysnappy', 'fzstd'],
  duckdb: [
    '@duckdb/node-api',
    '@duckdb/node-bindings',
    `@duckdb/node-bindings-${process.platform}-${process.arch}`,
    'detect-libc',
  ],
  'parquet-wasm': ['parquet-wasm', 'apache-arrow', 'flatbuffers', 'tslib', 'json-with-bigint'],
};
libraries['duckdb-1-thread'] = libraries.duckdb;
const installedMiB = (reader) => {
  let total = 0;
  for (const name of libraries[reader]) {
    const path = packageDir(name) ?? join(from, 'node_modules', name);
    if (existsSync(path)) total += sizeOf(path);
  }
  return total / 2 ** 20;
};
const available = (reader) =>
  packageDir(libraries[reader][libraries[reader].length > 1 && reader.startsWith('hyparquet+') ? 1 : 0]) !==
  undefined;

function read(reader, path) {
  const [name, threads] = reader === 'duckdb-1-thread' ? ['duckdb', '1'] : [reader, ''];
  const out = spawnSync(
    process.execPath,
    [join(here, 'parquet-readers/read-child.mjs'), name, path, from, threads],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  if (out.status !== 0) return { error: out.stderr.trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(out.stdout.trim().split('\n').at(-1));
}

/** The checksum of the raw float64 file: what every reader must reproduce. */
function expectedSum(f64) {
  const state = { rows: 0, sum: 0 };
  const piece = 1 << 16;
  const bytes = new Uint8Array(piece * cols * 8);
  const fd = openSync(f64, 'r');
  for (let start = 0; start < rows; start += piece) {
    const n = Math.min(piece, rows - start);
    readSync(fd, bytes, 0, n * cols * 8, start * cols * 8);
    checksum(state, new Float64Array(bytes.buffer, 0, n * cols), n);
  }
  closeSync(fd);
  return state.sum;
}

try {
  const f64 = join(dir, `rows-${rows}.f64`);
  if (!existsSync(f64)) writeData({ path: f64, rows, d: cols, k: 5 });
  const expected = expectedSum(f64);
  const files = await makeParquetFiles({
    f64,
    cols,
    dir,
    codecs: args.codecs.split(','),
    rowGroups: args['row-groups'].split(',').map(Number),
    from,
  });
  const readerNames = args.readers.split(',').filter((reader) => {
    if (available(reader)) return true;
    console.error(`${reader}: not installed in ${from}, skipped`);
    return false;
  });
  const results = new Map();
  for (let r = 0; r < Number(args.repeats); r++) {
    for (const file of files) {
      for (const reader of readerNames) {
        const run = read(reader, file.path);
        const key = `${reader} ${file.path}`;
        const best = results.get(key);
        if (run.error) {
          results.set(key, run);
          continue;
        }
        if (run.sum !== expected || run.rows !== rows)
          run.error = `wrong values (${run.rows} rows, checksum ${run.sum} vs ${expected})`;
        if (!best || best.error || run.seconds < best.seconds)
          results.set(key, { ...run, peakRssMiB: Math.max(run.peakRssMiB, best?.peakRssMiB ?? 0) });
      }
    }
  }
  console.log(
    `Parquet → row-major Float64Array, ${rows} rows × ${cols} DOUBLE, best of ${args.repeats} (peak RSS: worst)`,
  );
  console.log('| file | size (MiB) | reader | Mrows/s | CPU s | peak RSS (MiB) | installed (MiB) | values |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const file of files) {
    for (const reader of readerNames) {
      const run = results.get(`${reader} ${file.path}`);
      const label = `${file.codec}, row groups of ${file.rowGroup}`;
      if (run.error) {
        console.log(
          `| ${label} | ${(file.bytes / 2 ** 20).toFixed(0)} | ${reader} | — | — | — | ${installedMiB(reader).toFixed(1)} | ${run.error} |`,
        );
        continue;
      }
      console.log(
        `| ${label} | ${(file.bytes / 2 ** 20).toFixed(0)} | ${reader} | ${(rows / run.seconds / 1e6).toFixed(2)} | ${run.cpuSeconds.toFixed(1)} | ${run.peakRssMiB.toFixed(0)} | ${installedMiB(reader).toFixed(1)} | identical |`,
      );
    }
  }
} finally {
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}
