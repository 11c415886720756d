// Writes the performance tables of `pnpm bench` into README.md, between the markers
// <!-- bench:per-iteration:start/end --> and <!-- bench:end-to-end:start/end -->, from the JSON that
// `node bench/run.mjs --json results.json` saves. The README keeps only what was measured: whether
// the targets were met is the bench report's business (bench/run.mjs prints it).
//
//   node bench/run.mjs --json results.json && node bench/workers.mjs --cases 2,3,5 --json workers.json
//   node scripts/readme-table.mjs results.json ["measured on …"] [--workers workers.json ["measured on …"]]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { endToEndTable, perIterationTable, workersTable } from '../bench/tables.mjs';

const argv = process.argv.slice(2);
const workersAt = argv.indexOf('--workers');
const [workersPath, workersNote] = workersAt < 0 ? [] : argv.splice(workersAt, 3).slice(1);
const [resultsPath, note] = argv;
if (!resultsPath) {
  console.error('usage: node scripts/readme-table.mjs results.json ["measured on …"]');
  process.exit(2);
}
const { perIteration, endToEnd, workers } = JSON.parse(readFileSync(resultsPath, 'utf8'));
const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
let readme = readFileSync(readmePath, 'utf8');

/** Replaces what lies between the two markers of `name` (which must exist) by `lines`. */
function fill(name, lines, text = note) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} section`);
  const body = [...(text ? [text, ''] : []), ...lines].join('\n');
  readme = `${readme.slice(0, from + start.length)}\n${body}\n${readme.slice(to)}`;
}

if (perIteration?.length > 0) {
  const has = (side) => perIteration.some((row) => row[side] && !row[side].skipped);
  fill(
    'per-iteration',
    perIterationTable(perIteration, { workers, js: has('generated'), mclust: has('mclust'), targets: false }),
  );
}
if (endToEnd?.length > 0) fill('end-to-end', endToEndTable(endToEnd, workers));
if (workersPath) {
  const scaling = JSON.parse(readFileSync(workersPath, 'utf8'));
  fill('workers', workersTable(scaling.rows, scaling.workers), workersNote);
}
writeFileSync(readmePath, readme);
console.log(
  `README.md: ${perIteration?.length ?? 0} per-iteration rows, ${endToEnd?.length ?? 0} end-to-end rows`,
);
