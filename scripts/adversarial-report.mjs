#!/usr/bin/env node
// Runs every package's adversarial suites (test files named *adversarial*.test.ts) one package at a time
// with ADVERSARIAL_REPORT_DIR set, adds up what @em/testkit's recorder wrote, and puts the table between the
// markers of docs/guide/troubleshooting.md.
//
//   node scripts/adversarial-report.mjs              # every package and app with a suite, CI's fixed seed
//   node scripts/adversarial-report.mjs core plot    # only these (the table keeps the other rows)
//   node scripts/adversarial-report.mjs --explore    # fresh seeds and the local run counts (not for the docs)
//   node scripts/adversarial-report.mjs --check      # fail if the table has a non-zero defect column
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const guide = join(root, 'docs/guide/troubleshooting.md');
const START = '<!-- adversarial-report:start -->';
const END = '<!-- adversarial-report:end -->';
const vitest = join(root, 'node_modules/vitest/vitest.mjs');

const args = process.argv.slice(2);
const explore = args.includes('--explore');
const checkOnly = args.includes('--check');
const only = args.filter((a) => !a.startsWith('--'));

/** Test files whose name says adversarial, under test/ of a package or app. */
function suitesOf(dir) {
  const test = join(dir, 'test');
  if (!existsSync(test)) return [];
  return readdirSync(test, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /adversarial.*\.test\.ts$/.test(e.name))
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

const packages = ['packages', 'apps']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({
    dir,
    name: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name,
    suites: suitesOf(dir),
  }))
  .filter((p) => p.suites.length > 0 && p.name !== '@em/testkit')
  .filter(
    (p) =>
      only.length === 0 || only.some((o) => p.name === o || p.name === `@em/${o}` || p.dir.endsWith(`/${o}`)),
  );

const COLUMNS = [
  ['inputs', 'inputs tried'],
  ['typedErrors', 'typed errors'],
  ['finiteResults', 'finite results'],
  ['untypedErrors', 'untyped errors'],
  ['nonFinite', 'non-finite results'],
  ['hangs', 'hangs'],
  ['crashes', 'crashes'],
  ['contradictionsAccepted', 'contradictory models accepted'],
];
const DEFECTS = ['untypedErrors', 'nonFinite', 'hangs', 'crashes', 'contradictionsAccepted'];

const zero = () => Object.fromEntries(COLUMNS.map(([key]) => [key, 0]));

/** Rows already in the guide, so a partial run keeps the others. */
function existingRows(text) {
  const rows = new Map();
  const inside = text.slice(text.indexOf(START), text.indexOf(END));
  for (const line of inside.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (!cells[1]?.startsWith('`@em/')) continue;
    const counts = zero();
    COLUMNS.forEach(([key], i) => {
      counts[key] = Number(cells[i + 2].replace(/[^\d]/g, ''));
    });
    rows.set(cells[1].replaceAll('`', ''), counts);
  }
  rows.delete('all');
  return rows;
}

function run(pkg) {
  const dir = mkdtempSync(join(tmpdir(), 'em-adversarial-'));
  const env = { ...process.env, ADVERSARIAL_REPORT_DIR: dir };
  if (explore) delete env.CI;
  else env.CI = '1';
  process.stdout.write(`${pkg.name}: ${pkg.suites.join(', ')} … `);
  const result = spawnSync(process.execPath, [vitest, 'run', ...pkg.suites], {
    cwd: pkg.dir,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const counts = zero();
  for (const file of readdirSync(dir)) {
    const record = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    if (record.package !== pkg.name) continue;
    for (const [key] of COLUMNS) counts[key] += record.counts[key] ?? 0;
  }
  rmSync(dir, { recursive: true, force: true });
  const output = `${result.stdout}\n${result.stderr}`;
  // A process that died (a signal, V8 out of heap, a worker that vitest reports as crashed) is a crash;
  // failing assertions are already in the counts of the kind that failed them.
  const crashed =
    result.signal !== null ||
    /heap out of memory|Worker exited unexpectedly|Segmentation fault/i.test(output);
  if (crashed) counts.crashes++;
  const status = result.status === 0 ? 'passed' : `FAILED (exit ${result.status ?? result.signal})`;
  process.stdout.write(`${counts.inputs} inputs, ${status}\n`);
  if (result.status !== 0) process.stdout.write(`${output.split('\n').slice(-40).join('\n')}\n`);
  return { counts, ok: result.status === 0 };
}

function table(rows) {
  const total = zero();
  const lines = [
    `| package | ${COLUMNS.map(([, title]) => title).join(' | ')} |`,
    `| --- | ${COLUMNS.map(() => '---:').join(' | ')} |`,
  ];
  for (const [name, counts] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [key] of COLUMNS) total[key] += counts[key];
    lines.push(
      `| \`${name}\` | ${COLUMNS.map(([key]) => counts[key].toLocaleString('en-US')).join(' | ')} |`,
    );
  }
  lines.push(
    `| **all** | ${COLUMNS.map(([key]) => `**${total[key].toLocaleString('en-US')}**`).join(' | ')} |`,
  );
  return { text: lines.join('\n'), total };
}

const text = readFileSync(guide, 'utf8');
const hasMarkers = text.includes(START) && text.includes(END);
const rows = hasMarkers ? existingRows(text) : new Map();

if (checkOnly) {
  const { total } = table(rows);
  const bad = DEFECTS.filter((key) => total[key] > 0);
  if (bad.length) {
    console.error(`adversarial report: non-zero ${bad.join(', ')}`);
    process.exit(1);
  }
  console.log(`adversarial report: ${total.inputs} inputs, no defects`);
  process.exit(0);
}

if (packages.length === 0) {
  console.error('no adversarial suites found');
  process.exit(1);
}
let allPassed = true;
for (const pkg of packages) {
  const { counts, ok } = run(pkg);
  rows.set(pkg.name, counts);
  allPassed &&= ok;
}

const { text: markdown } = table(rows);
const block = `${START}\n${markdown}\n${END}`;
const section = `\n## Adversarial input\n\nEach package has an adversarial test suite (fast-check, in the one shape of the private \`@em/testkit\`):
arbitrary shapes, extreme finite values, NaN and ±Infinity, huge sizes, hostile strings and tampered JSON.
Every call must end in a typed \`EMError\` that names what was wrong, or in a finite, consistent result. The
table counts the outcomes of one run with CI's fixed seed (\`node scripts/adversarial-report.mjs\`
regenerates it); every column after "finite results" counts defects and must be 0.\n\n${block}\n`;
const updated = hasMarkers
  ? text.slice(0, text.indexOf(START)) + block + text.slice(text.indexOf(END) + END.length)
  : `${text.trimEnd()}\n${section}`;
if (explore) console.log(markdown);
else writeFileSync(guide, updated);
console.log(explore ? '(--explore: guide left unchanged)' : `wrote ${relative(root, guide)}`);
if (!allPassed) process.exit(1);
