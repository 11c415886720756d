// pnpm --filter @em/genetics bench: peak RSS and time of haplotypeEM on 10⁶ persons × 5 SNPs held as
// rows against haplotypeEMStream over the same rows generated chunk by chunk (10⁴ per chunk); each
// side in its own process, the frequencies compared bit for bit.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { haplotypeEM, haplotypeEMStream } from '../dist/index.js';

const PERSONS = 1_000_000;
const LOCI = 5;
const CHUNK = 10_000;
/** Rows [from, to) of a fixed pseudo-random data set: two haplotype blocks, 2% missing. */
function rows(from, to) {
  const out = [];
  for (let i = from; i < to; i++) {
    let state = (i * 2654435761 + 12345) % 2147483647 || 1;
    const u = () => {
      state = (state * 16807) % 2147483647;
      return state / 2147483647;
    };
    const hap = () => (u() < 0.6 ? [0, 0, 0, 1, 1] : u() < 0.5 ? [1, 1, 1, 0, 0] : [0, 1, 0, 1, 0]);
    const a = hap();
    const b = hap();
    out.push(a.map((x, l) => (u() < 0.02 ? null : x + b[l])));
  }
  return out;
}
const [, , role] = process.argv;
const peak = () => process.resourceUsage().maxRSS * 1024;
if (role === 'in-memory') {
  const start = performance.now();
  const fit = haplotypeEM(rows(0, PERSONS));
  console.log(JSON.stringify({ ms: performance.now() - start, rss: peak(), f: fit.frequencies }));
} else if (role === 'streamed') {
  const start = performance.now();
  const fit = await haplotypeEMStream(function* () {
    for (let i = 0; i < PERSONS; i += CHUNK) yield rows(i, i + CHUNK);
  });
  console.log(
    JSON.stringify({
      ms: performance.now() - start,
      rss: peak(),
      f: fit.frequencies,
      table: fit.genotypes.length,
    }),
  );
} else {
  const run = (side) =>
    JSON.parse(
      spawnSync(process.execPath, [fileURLToPath(import.meta.url), side], { encoding: 'utf8' }).stdout,
    );
  const memory = run('in-memory');
  const streamed = run('streamed');
  const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MB`;
  console.log(
    `haplotypeEM, ${PERSONS} persons × ${LOCI} SNPs (one process each):\n` +
      `  rows in memory:            peak RSS ${mb(memory.rss)}, ${(memory.ms / 1000).toFixed(1)} s\n` +
      `  haplotypeEMStream (${CHUNK} rows a chunk, one pass to a table of ${streamed.table} rows): peak RSS ${mb(streamed.rss)}, ${(streamed.ms / 1000).toFixed(1)} s\n` +
      `  frequencies bit-identical: ${JSON.stringify(memory.f) === JSON.stringify(streamed.f)}`,
  );
}
