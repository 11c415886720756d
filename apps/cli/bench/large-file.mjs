// Measures what the README reports: `em fit` on a 1,000,000 × 8 CSV file (about 70 MB), streamed,
// with papaparse (what `em` uses) and with csv-parse (what it used before) side by side in one run.
//   node bench/large-file.mjs [rows] [path] [rounds]     (after `pnpm build`; the file is written first)
// The csv-parse variant is a second build of the same sources in which bench/csv-parse-records.ts
// replaces src/io/csv-records.ts: the same reader, number conversion and column store around each
// parser. Every run reads the file from disk and from stdin (`cat FILE | em fit - …`), alternating,
// and reports em's own --timing line (load time, fit time, peak resident memory of the process).
import { spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom, normal } from '@em/sampling';
import { build } from 'tsup';

const rows = Number(process.argv[2] ?? 1_000_000);
const path = process.argv[3] ?? join(tmpdir(), `em-large-${rows}x8.csv`);
const rounds = Number(process.argv[4] ?? 2);
const cols = 8;

// Three clusters in 8 dimensions, weights 0.5, 0.3, 0.2.
const centres = [
  Array(cols).fill(0),
  Array(cols).fill(5),
  Array.from({ length: cols }, (_, j) => (j % 2 ? 4 : -4)),
];
const rng = createRandom(1);
const out = createWriteStream(path);
const batch = 10_000;
out.write(`${Array.from({ length: cols }, (_, j) => `x${j + 1}`).join(',')}\n`);
for (let start = 0; start < rows; start += batch) {
  const n = Math.min(batch, rows - start);
  const noise = normal(rng, { size: n * cols });
  let text = '';
  for (let i = 0; i < n; i++) {
    const u = (start + i) % 10;
    const centre = centres[u < 5 ? 0 : u < 8 ? 1 : 2];
    const row = centre.map((c, j) => (c + noise[i * cols + j] * (j % 2 ? 2 : 1)).toPrecision(6));
    text += `${row.join(',')}\n`;
  }
  if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
}
await new Promise((resolve) => out.end(resolve));
console.log(`wrote ${rows} rows × ${cols} columns to ${path}`);

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const { version } = JSON.parse(readFileSync(here('../package.json'), 'utf8'));
const csvParseOut = here('../node_modules/.cache/em-bench-csv-parse');
await build({
  config: false,
  silent: true,
  entry: { cli: here('../src/cli.ts'), 'fit-worker': here('../src/fit/worker.ts') },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: csvParseOut,
  clean: true,
  define: { __EM_CLI_VERSION__: JSON.stringify(version) },
  esbuildPlugins: [
    {
      name: 'csv-parse-records',
      setup(esbuild) {
        esbuild.onResolve({ filter: /\/csv-records\.js$/ }, (args) =>
          args.importer.endsWith('read-table.ts') ? { path: here('./csv-parse-records.ts') } : undefined,
        );
      },
    },
  ],
});

const builds = { papaparse: here('../dist/cli.js'), 'csv-parse': join(csvParseOut, 'cli.js') };
const options = ['-k', '3', '-c', 'full', '--n-init', '1', '--timing', '--no-progress'];
console.log(`em fit FILE ${options.join(' ')}, ${rounds} rounds\n`);
const results = [];
for (let round = 1; round <= rounds; round++) {
  for (const [parser, cli] of Object.entries(builds)) {
    for (const input of ['file', 'stdin']) {
      const command =
        input === 'file'
          ? `"${process.execPath}" "${cli}" fit "${path}" ${options.join(' ')}`
          : `cat "${path}" | "${process.execPath}" "${cli}" fit - ${options.join(' ')}`;
      const run = spawnSync('sh', ['-c', command], { encoding: 'utf8' });
      const timing = /loaded .* in ([\d.]+) s, fitted in ([\d.]+) s, peak memory (\d+) MB/.exec(run.stderr);
      if (run.status !== 0 || !timing) throw new Error(`${parser} ${input} failed: ${run.stderr}`);
      const [, load, fit, peak] = timing;
      results.push({ parser, input, load, fit, peak });
      console.log(`${parser.padEnd(9)} ${input.padEnd(5)}  load ${load} s  fit ${fit} s  peak ${peak} MB`);
    }
  }
}

console.log('\n| parser | input | load time | fit time | peak memory |\n| --- | --- | --- | --- | --- |');
for (const parser of Object.keys(builds)) {
  for (const input of ['file', 'stdin']) {
    const mine = results.filter((r) => r.parser === parser && r.input === input);
    const list = (key, unit) => mine.map((r) => `${r[key]} ${unit}`).join(', ');
    console.log(
      `| ${parser} | ${input} | ${list('load', 's')} | ${list('fit', 's')} | ${list('peak', 'MB')} |`,
    );
  }
}
