// Speed of haplotypeEM against haplo.stats' haplo.em, in the same run on the same data:
// 2,000 persons × 15 SNPs drawn from a pool of haplotypes with strong LD, 1% missing.
// Reports the median time of each side and the ratio. Needs R with haplo.stats (Debian's
// r-cran-haplo.stats); prints "skipped: …" without it. Never part of CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceEnv } from '../../../scripts/reference-env.mjs';
import { haplotypeEM } from '../dist/index.js';

const N = 2000;
const L = 15;
const REPEATS = 3;

function mulberry32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 12 founder haplotypes with unequal frequencies, mutated at rate 0.5%: realistic LD blocks. */
function simulate(seed) {
  const random = mulberry32(seed);
  const pool = Array.from({ length: 12 }, () => Array.from({ length: L }, () => (random() < 0.4 ? 1 : 0)));
  const weights = pool.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const draw = () => {
    let u = random() * total;
    let i = 0;
    while (u >= weights[i]) u -= weights[i++];
    return pool[i].map((a) => (random() < 0.005 ? 1 - a : a));
  };
  return Array.from({ length: N }, () => {
    const [a, b] = [draw(), draw()];
    return a.map((x, l) => (random() < 0.01 ? null : x + b[l]));
  });
}

const genotypes = simulate(2024);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function ours(nInit) {
  const times = [];
  let fit;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    fit = haplotypeEM(genotypes, { nInit, seed: r + 1 });
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), lnlike: fit.logLikelihood, nHaplotypes: fit.haplotypes.length };
}

haplotypeEM(genotypes); // warm-up (JIT)
const rows = [1, 10].map((nInit) => ({ nInit, ...ours(nInit) }));

const dir = mkdtempSync(join(tmpdir(), 'em-genetics-bench-'));
const file = join(dir, 'snps.csv');
writeFileSync(
  file,
  `${genotypes.map((row) => row.map((g) => (g === null ? 'NA' : g)).join(',')).join('\n')}\n`,
);
const script = fileURLToPath(new URL('./haplo_em_bench.R', import.meta.url));
const r = spawnSync('Rscript', [script, file, String(REPEATS)], {
  encoding: 'utf8',
  env: referenceEnv(),
});
console.log(
  `haplotypeEM vs haplo.stats haplo.em: ${N} persons × ${L} SNPs, 1% missing, median of ${REPEATS}`,
);
if (r.error || r.status !== 0) {
  const why = r.error ? r.error.message : r.stderr.trim().split('\n').pop();
  console.log(`skipped: haplo.em not available (${why})`);
  for (const row of rows)
    console.log(
      `  ours nInit=${row.nInit}: ${row.seconds.toFixed(3)} s, log-likelihood ${row.lnlike.toFixed(4)}`,
    );
} else {
  const reference = r.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  console.log(
    '| starts | haplo.em (s) | haplotypeEM (s) | speed-up | log-likelihood haplo.em | haplotypeEM |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    const ref = reference.find((x) => x.nTry === row.nInit);
    console.log(
      `| ${row.nInit} | ${ref.seconds.toFixed(3)} | ${row.seconds.toFixed(3)} | ${(ref.seconds / row.seconds).toFixed(1)}× | ${ref.lnlike.toFixed(4)} | ${row.lnlike.toFixed(4)} |`,
    );
  }
}
