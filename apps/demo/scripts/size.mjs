// Prints the size of the production build (dist/), raw and gzipped, file by file and in total, and
// fails when the gzipped total goes over the budget (the demo must stay small).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (!name.endsWith('.map')) files.push(path);
  }
})(dist);

let raw = 0;
let gzip = 0;
for (const file of files.sort()) {
  const content = readFileSync(file);
  const zipped = gzipSync(content, { level: 9 }).length;
  raw += content.length;
  gzip += zipped;
  console.log(
    `${relative(dist, file).padEnd(36)} ${(content.length / 1024).toFixed(1).padStart(7)} kB  gzip ${(zipped / 1024).toFixed(1).padStart(6)} kB`,
  );
}
console.log(
  `${'total'.padEnd(36)} ${(raw / 1024).toFixed(1).padStart(7)} kB  gzip ${(gzip / 1024).toFixed(1).padStart(6)} kB`,
);
const BUDGET_KB = 100;
if (gzip / 1024 > BUDGET_KB) {
  console.error(`The build is ${(gzip / 1024).toFixed(1)} kB gzipped, over the ${BUDGET_KB} kB budget.`);
  process.exit(1);
}
