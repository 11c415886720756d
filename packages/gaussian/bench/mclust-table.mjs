// `pnpm bench` (mclust's model family, issue 14): the whole BIC table of mclust's 14 covariance
// models × K = 1..9 and the selected model, hierarchical initialisation included, on mclust's data
// sets, against R's Mclust() (and mclustBIC()) on the same data in the same run, as ratios
// (target: at least 3× faster than Mclust()). Each data set runs ours, then R's, before the next.
// Each side reports its best of `repeats` runs after one untimed run on the same data (R's side
// fits Mclust() once before timing it; ours lets the JIT compile the code for that data's
// dimension), in elapsed seconds and in CPU seconds (user + system of the process: on a loaded
// machine the elapsed time says more about the other processes than about either side). The load
// average is printed before and after.
//
//   node bench/mclust-table.mjs [--repeats 3]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { referenceEnv } from '../../../scripts/reference-env.mjs';
import { MCLUST_MODELS, selectModel } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixturePath = join(here, '..', 'test', 'fixtures', 'mclust-models.json');
const { values: args } = parseArgs({ options: { repeats: { type: 'string', default: '3' } } });
const repeats = Number(args.repeats);
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8'));

function ours(ds) {
  // Untimed, as mclust_table.R's first Mclust(): the JIT compiles the code for this dimension.
  selectModel(ds.X, { covarianceTypes: MCLUST_MODELS, nComponents: ds.nComponents });
  let seconds = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  let selection;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    selection = selectModel(ds.X, { covarianceTypes: MCLUST_MODELS, nComponents: ds.nComponents });
    const used = process.cpuUsage(startCpu);
    cpu = Math.min(cpu, (used.user + used.system) / 1e6);
    seconds = Math.min(seconds, (performance.now() - start) / 1000);
  }
  return { seconds, cpu, best: `${selection.best.covarianceType},${selection.best.nComponents}` };
}

function theirs(ds) {
  const r = spawnSync('Rscript', [join(here, 'mclust_table.R'), fixturePath, ds.name, String(repeats)], {
    encoding: 'utf8',
    env: referenceEnv(),
  });
  if (r.status !== 0) return { skipped: r.error?.message ?? r.stderr.trim().split('\n').pop() };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
console.log(`14 models × K = 1..9 with hc initialisation, seconds (best of ${repeats} runs each)`);
console.log(`load average before: ${load()}`);
console.log(
  '| data | n × d | ours | mclustBIC() | ratio | Mclust() | ratio | ours CPU | Mclust() CPU | CPU ratio | pick (ours / mclust) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
const fmt = (value) => (value === undefined ? '—' : value.toFixed(3));
for (const ds of fixture.datasets) {
  const row = ours(ds);
  const ref = theirs(ds);
  if (ref.skipped) console.log(`mclust skipped: ${ref.skipped}`);
  const ratio = (value, mine) => (value === undefined ? '—' : `${(value / mine).toFixed(1)}×`);
  console.log(
    `| ${ds.name} | ${ds.X.length} × ${ds.X[0].length} | ${fmt(row.seconds)} | ${fmt(ref.mclustBIC)} | ${ratio(ref.mclustBIC, row.seconds)} | ${fmt(ref.mclust)} | ${ratio(ref.mclust, row.seconds)} | ${fmt(row.cpu)} | ${fmt(ref.mclustCpu)} | ${ratio(ref.mclustCpu, row.cpu)} | ${row.best} / ${ref.best ?? '—'} |`,
  );
}
console.log(`load average after: ${load()}`);
