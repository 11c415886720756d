// Measures what the README reports: `em fit` on a 1,000,000 × 8 CSV file (about 70 MB), streamed.
//   node bench/large-file.mjs [rows] [path]     (after `pnpm build`; the file is written first)
// Prints em's own --timing line (load time, fit time, peak resident memory of the process).
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom, normal } from '@em/sampling';

const rows = Number(process.argv[2] ?? 1_000_000);
const path = process.argv[3] ?? join(tmpdir(), `em-large-${rows}x8.csv`);
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

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const args = [cli, 'fit', path, '-k', '3', '-c', 'full', '--n-init', '1', '--timing', '--no-progress'];
console.log(`$ node ${args.join(' ')}`);
const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
console.log(run.stdout.split('\n').slice(0, 4).join('\n'));
console.log(run.stderr.trim());
