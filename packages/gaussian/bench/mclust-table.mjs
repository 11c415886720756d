// `pnpm bench` (mclust's model family, issue 14): the whole BIC table of mclust's 14 covariance
// models × K = 1..9 and the selected model, on mclust's data sets, against R's Mclust() on the
// same data in the same run, as a ratio (target: at least 3× faster).
//
//   node bench/mclust-table.mjs [--repeats 3]
//
// Both sides fit every cell from mclust's hierarchical partitions. Ours starts from the
// partitions recorded in the fixture (test/fixtures/mclust-models.json), so the hierarchical
// clustering itself is not in our time: the fair comparison is the row "from hc" (mclustBIC with
// precomputed hc merges); "Mclust()" includes mclust's hc too.
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
    selection = selectModel(ds.X, {
      covarianceTypes: MCLUST_MODELS,
      nComponents: ds.nComponents,
      initialClasses: (k) => ds.hcClasses[k - 1],
    });
    times.push((performance.now() - start) / 1000);
  }
  return { seconds: median(times), best: `${selection.best.covarianceType},${selection.best.nComponents}` };
}

const rows = fixture.datasets.map((ds) => ({
  name: ds.name,
  n: ds.X.length,
  d: ds.X[0].length,
  ...ours(ds),
}));
const r = spawnSync('Rscript', [join(here, 'mclust_table.R'), fixturePath, String(repeats)], {
  encoding: 'utf8',
  env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
});
let reference = [];
if (r.status === 0) {
  const parsed = JSON.parse(r.stdout.trim().split('\n').pop());
  reference = Array.isArray(parsed) ? parsed : [];
  if (!Array.isArray(parsed)) console.log(`mclust skipped: ${parsed.skipped}`);
} else {
  console.log(`mclust skipped: Rscript failed (${r.error?.message ?? r.stderr.trim().split('\n').pop()})`);
}

console.log('14 models × K = 1..9 (BIC table + selection), seconds (median of', repeats, 'runs)');
console.log('| data | n × d | ours | mclustBIC from hc | ratio | Mclust() | ratio | pick |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  const ref = reference.find((x) => x.name === row.name);
  const ratio = (value) => (ref ? `${(value / row.seconds).toFixed(1)}×` : '—');
  const fmt = (value) => (value === undefined ? '—' : value.toFixed(3));
  console.log(
    `| ${row.name} | ${row.n} × ${row.d} | ${fmt(row.seconds)} | ${fmt(ref?.mclustBICFromHc)} | ${ratio(ref?.mclustBICFromHc)} | ${fmt(ref?.mclust)} | ${ratio(ref?.mclust)} | ${row.best} |`,
  );
}
