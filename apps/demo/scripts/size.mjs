// Prints the size of the production build (dist/), raw and gzipped, file by file, then what each page
// makes a visitor download (the page, its scripts and styles, the chunks they import and the workers
// they start, followed transitively), and fails when any page goes over the budget: each page must
// stay small, however many pages the demo has.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 140; // raised from 100 when @em/gaussian grew (mclust models, streaming): split it into subpaths to come back down
const dist = new URL('../dist/', import.meta.url).pathname;
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (!name.endsWith('.map')) files.push(path);
  }
})(dist);
files.sort();

const sizes = new Map(
  files.map((file) => {
    const content = readFileSync(file);
    return [file, { raw: content.length, gzip: gzipSync(content, { level: 9 }).length }];
  }),
);
const kb = (bytes) => (bytes / 1024).toFixed(1);
const row = (name, raw, gzip) =>
  `${name.padEnd(36)} ${kb(raw).padStart(7)} kB  gzip ${kb(gzip).padStart(6)} kB`;

for (const file of files) console.log(row(relative(dist, file), sizes.get(file).raw, sizes.get(file).gzip));

// Hashed asset names are unique, so a file refers to another when the other's name appears in it
// (HTML src/href, static imports, `new URL('worker-….js', import.meta.url)`).
// @em/gaussian's parallel worker is emitted because the library names it, but a page downloads it
// only when a fit asks for `workers`, which no demo page does: listed, not counted.
const ON_DEMAND = /parallel-worker-/;
const assets = files.filter((file) => file.includes('/assets/') && !ON_DEMAND.test(basename(file)));
for (const file of files.filter((f) => ON_DEMAND.test(basename(f))))
  console.log(`${relative(dist, file)}: on demand only (fits with workers), not counted per page`);
function loadedBy(page) {
  const seen = new Set([page]);
  const queue = [page];
  while (queue.length > 0) {
    const text = readFileSync(queue.pop(), 'utf8');
    for (const asset of assets) {
      if (!seen.has(asset) && text.includes(basename(asset))) {
        seen.add(asset);
        if (/\.(js|css|html)$/.test(asset)) queue.push(asset);
      }
    }
  }
  return [...seen];
}

console.log('\nper page (everything a visitor downloads):');
let over = false;
for (const page of files.filter((file) => file.endsWith('.html'))) {
  const loaded = loadedBy(page);
  const raw = loaded.reduce((sum, file) => sum + sizes.get(file).raw, 0);
  const gzip = loaded.reduce((sum, file) => sum + sizes.get(file).gzip, 0);
  console.log(row(relative(dist, page), raw, gzip));
  if (gzip / 1024 > BUDGET_KB) {
    console.error(
      `${relative(dist, page)} loads ${kb(gzip)} kB gzipped, over the ${BUDGET_KB} kB budget per page.`,
    );
    over = true;
  }
}
if (over) process.exit(1);
