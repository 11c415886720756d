// `pnpm bench`, k-means initialisation alone: ours (before and after the pruning) against
// scikit-learn's KMeans(n_init=1, init="k-means++", algorithm="lloyd"), which is what
// GaussianMixture's default `initParams: 'kmeans'` runs, on the issue's three cases.
//
//   node bench/kmeans.mjs [--repeats 3] [--seeds 0,1,2] [--no-sklearn]
//
// Each repeat times, one after the other: the previous implementation (test/kmeans-reference.ts),
// the current one (src/init/kmeans.ts), both bundled from source with esbuild, and scikit-learn in
// a fresh single-threaded process (OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=1). A timing is all the
// seeds' fits together (the iteration count, and so the time, depends on the seeds drawn; the two
// libraries draw differently, so each fit's iteration count is printed). Best of the repeats, wall
// and CPU time; the ratios are scikit-learn's time over ours. The machine may be shared: compare
// ratios within one run, and prefer CPU time when the load average is high.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { mulberry32 } from '@em/core/numeric';
import { build } from 'esbuild';
import { referenceEnv } from '../../../scripts/reference-env.mjs';
import { CASES, generateData } from './cases.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    repeats: { type: 'string', default: '3' },
    seeds: { type: 'string', default: '0,1,2' },
    'no-sklearn': { type: 'boolean', default: false },
  },
});
const repeats = Number(args.repeats);
const seeds = args.seeds.split(',').map(Number);
const python = process.env.PYTHON ?? '/usr/bin/python3';
const singleThreadEnv = referenceEnv();
/** The issue's cases: 2-D K=5 200k, 8-D K=8 100k, 32-D K=8 50k (full; k-means ignores the type). */
const KMEANS_CASES = [CASES[1], CASES[2], CASES[4]];

const work = mkdtempSync(join(tmpdir(), 'em-kmeans-bench-'));
async function bundle(entry, name) {
  const outfile = join(work, `${name}.mjs`);
  await build({
    entryPoints: [join(here, entry)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}
const before = await bundle('../test/kmeans-reference.ts', 'before');
const after = await bundle('../src/init/kmeans.ts', 'after');

/** Wall and CPU milliseconds of fitting every seed, and each fit's iteration count. */
function timeOurs(implementation, X, c) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const iterations = seeds.map((seed) => implementation.kmeans(X, c.n, c.d, c.k, mulberry32(seed)).nIter);
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000, iterations };
}

function timeSklearn(dataFile, c) {
  const out = spawnSync(
    python,
    [join(here, 'sklearn_kmeans_bench.py'), dataFile, String(c.n), String(c.d), String(c.k), seeds.join(',')],
    { encoding: 'utf8', env: singleThreadEnv },
  );
  if (out.error || out.status !== 0)
    return { skipped: out.error?.message ?? out.stderr.trim().split('\n').at(-1) };
  return JSON.parse(out.stdout.trim().split('\n').at(-1));
}

const best = (runs, key) => Math.min(...runs.map((run) => run[key]));
const fmt = (ms) => `${ms.toFixed(0)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

console.log(
  `k-means initialisation alone (k-means++ then Lloyd, ${seeds.length} seeds per timing, best of ${repeats}); load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
/** One markdown row per case, printed at the end: the README's table is pasted from it. */
const markdown = [];
try {
  for (const c of KMEANS_CASES) {
    const X = generateData(c);
    const dataFile = join(work, 'data.bin');
    writeFileSync(dataFile, new Uint8Array(X.buffer, X.byteOffset, X.byteLength));
    // Warm-up: compile both implementations' hot loops on a slice.
    const slice = { ...c, n: Math.min(c.n, 5000) };
    timeOurs(before, X.subarray(0, slice.n * c.d), slice);
    timeOurs(after, X.subarray(0, slice.n * c.d), slice);
    const runs = { before: [], after: [], sklearn: [] };
    for (let r = 0; r < repeats; r++) {
      runs.before.push(timeOurs(before, X, c));
      runs.after.push(timeOurs(after, X, c));
      if (!args['no-sklearn']) {
        const sk = timeSklearn(dataFile, c);
        if (sk.skipped) console.log(`  scikit-learn skipped: ${sk.skipped}`);
        else runs.sklearn.push(sk);
      }
    }
    const label = `${c.d}-D, K=${c.k}, N=${c.n.toLocaleString('en')}`;
    console.log(`\n${label}`);
    const line = (name, list) =>
      console.log(
        `  ${name.padEnd(22)} wall ${fmt(best(list, 'wallMs')).padStart(8)}  cpu ${fmt(best(list, 'cpuMs')).padStart(8)}  iterations ${list[0].iterations.join(',')}`,
      );
    line('em before (plain)', runs.before);
    line('em after (pruned)', runs.after);
    const afterWall = best(runs.after, 'wallMs');
    const afterCpu = best(runs.after, 'cpuMs');
    console.log(
      `  after vs before        wall ${ratio(best(runs.before, 'wallMs'), afterWall)}  cpu ${ratio(best(runs.before, 'cpuMs'), afterCpu)}`,
    );
    if (runs.sklearn.length > 0) {
      line(`scikit-learn ${runs.sklearn[0].version}`, runs.sklearn);
      console.log(
        `  scikit-learn / after   wall ${ratio(best(runs.sklearn, 'wallMs'), afterWall)}  cpu ${ratio(best(runs.sklearn, 'cpuMs'), afterCpu)}`,
      );
    }
    const both = (list) => `${best(list, 'wallMs').toFixed(0)} / ${best(list, 'cpuMs').toFixed(0)}`;
    const ratios = (list) =>
      `${ratio(best(list, 'wallMs'), afterWall)} / ${ratio(best(list, 'cpuMs'), afterCpu)}`;
    const sk = runs.sklearn.length > 0;
    markdown.push(
      `| ${label} | ${both(runs.before)} | ${both(runs.after)} | ${ratios(runs.before)} | ${sk ? both(runs.sklearn) : '—'} | ${sk ? ratios(runs.sklearn) : '—'} | ${runs.after[0].iterations.join(', ')}${sk ? `; ${runs.sklearn[0].iterations.join(', ')}` : ''} |`,
    );
  }
  console.log(
    '\n| case | ours before, ms (wall / CPU) | ours now, ms (wall / CPU) | now vs before (wall / CPU) | scikit-learn, ms (wall / CPU) | scikit-learn / ours (wall / CPU) | iterations (ours; scikit-learn) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const row of markdown) console.log(row);
} finally {
  rmSync(work, { recursive: true, force: true });
}
