// `pnpm bench` (mclust's model family, issue 14): the whole BIC table of mclust's 14 covariance
// models × K = 1..9 and the selected model, hierarchical initialisation included, on mclust's data
// sets, against R's Mclust() (and mclustBIC()) on the same data in the same run, as ratios
// (target: at least 3× faster than Mclust()). Each data set runs ours, then R's, before the next.
//
//   node bench/mclust-table.mjs [--repeats 3]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MCLUST_MODELS, selectModel } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixturePath = join(here, '..', 'test', 'fixtures', 'mclust-models.json');
const { values: args } = parseArgs({ options: { repeats: { type: 'string', default: '3' } } });
const repeats = Number(args.repeats);
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8'));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function ours(ds) {
  const times = [];
  let selection;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    selection = selectModel(ds.X, { covarianceTypes: MCLUST_MODELS, nComponents: ds.nComponents });
    times.push((performance.now() - start) / 1000);
  }
  return { seconds: median(times), best: `${selection.best.covarianceType},${selection.best.nComponents}` };
}

function theirs(ds) {
  const r = spawnSync('Rscript', [join(here, 'mclust_table.R'), fixturePath, ds.name, String(repeats)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
  });
  if (r.status !== 0) return { skipped: r.error?.message ?? r.stderr.trim().split('\n').pop() };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

console.log(`14 models × K = 1..9 with hc initialisation, seconds (median of ${repeats} runs)`);
console.log('| data | n × d | ours | mclustBIC() | ratio | Mclust() | ratio | pick (ours / mclust) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
const fmt = (value) => (value === undefined ? '—' : value.toFixed(3));
for (const ds of fixture.datasets) {
  const row = ours(ds);
  const ref = theirs(ds);
  if (ref.skipped) console.log(`mclust skipped: ${ref.skipped}`);
  const ratio = (value) => (value === undefined ? '—' : `${(value / row.seconds).toFixed(1)}×`);
  console.log(
    `| ${ds.name} | ${ds.X.length} × ${ds.X[0].length} | ${fmt(row.seconds)} | ${fmt(ref.mclustBIC)} | ${ratio(ref.mclustBIC)} | ${fmt(ref.mclust)} | ${ratio(ref.mclust)} | ${row.best} / ${ref.best ?? '—'} |`,
  );
}
