// The CSV reader of fitStream (src/streaming/csv.ts: numbers scanned in place) against the plain way
// (lines by split, fields by split, Number — what it did before), side by side in one run, on the same
// text: full-precision numbers (shortest round-trip, 16–17 digits: about 40 % need Number's slow path)
// and numbers with 4 decimals. CPU time per row (steadier than wall time on a shared machine), best of
// --repeats, in this process; both give the same values (checked).
//
//   node bench/streaming-csv.mjs [--rows 1000000] [--repeats 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { mixture, nextRows } from './streaming/make-data.mjs';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, repeats: { type: 'string', default: '3' } },
});
const rows = Number(args.rows);
const d = 4;

// csvPass is internal: bundled from the source for this run.
const dir = mkdtempSync(join(tmpdir(), 'em-csv-bench-'));
const outfile = join(dir, 'csv.mjs');
await build({
  entryPoints: [fileURLToPath(new URL('../src/streaming/csv.ts', import.meta.url))],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile,
  logLevel: 'error',
});
const { csvPass } = await import(outfile);
rmSync(dir, { recursive: true, force: true });

const values = new Float64Array(rows * d);
nextRows(mixture({ d, k: 5, seed: 2026 }), values, rows);
/** The text in 1 MiB pieces, as fitStream's file reader hands it over. */
function pieces(write) {
  let text = '';
  for (let i = 0; i < rows; i++)
    text += `${Array.from(values.subarray(i * d, i * d + d), write).join(',')}\n`;
  const out = [];
  for (let start = 0; start < text.length; start += 1 << 20) out.push(text.slice(start, start + (1 << 20)));
  return out;
}

async function scanned(texts) {
  const out = new Float64Array(rows * d);
  let offset = 0;
  async function* source() {
    yield* texts;
  }
  for await (const block of csvPass(source(), { delimiter: ',', header: false })) {
    out.set(block.data, offset);
    offset += block.data.length;
  }
  return out;
}

async function plain(texts) {
  const out = new Float64Array(rows * d);
  let offset = 0;
  let carry = '';
  for (const text of texts) {
    const lines = (carry + text).split('\n');
    carry = lines.pop();
    for (const line of lines) for (const field of line.split(',')) out[offset++] = Number(field);
  }
  return out;
}

const cpuSeconds = async (parse, texts) => {
  const start = process.cpuUsage();
  const out = await parse(texts);
  const used = process.cpuUsage(start);
  return { seconds: (used.user + used.system) / 1e6, out };
};

console.log(`CSV → Float64Array, ${rows} rows × ${d}, CPU ns per row, best of ${args.repeats}`);
console.log('| numbers | split + Number | scanner (fitStream) | speed-up | values |');
console.log('| --- | --- | --- | --- | --- |');
for (const [label, write] of [
  ['full precision (String(x))', (x) => String(x)],
  ['4 decimals (x.toFixed(4))', (x) => x.toFixed(4)],
]) {
  const texts = pieces(write);
  let bestPlain = Number.POSITIVE_INFINITY;
  let bestScan = Number.POSITIVE_INFINITY;
  let same = true;
  for (let r = 0; r < Number(args.repeats); r++) {
    const a = await cpuSeconds(plain, texts);
    const b = await cpuSeconds(scanned, texts);
    bestPlain = Math.min(bestPlain, a.seconds);
    bestScan = Math.min(bestScan, b.seconds);
    same &&= a.out.every((v, i) => Object.is(v, b.out[i]));
  }
  const ns = (s) => ((s * 1e9) / rows).toFixed(0);
  console.log(
    `| ${label} | ${ns(bestPlain)} | ${ns(bestScan)} | ${(bestPlain / bestScan).toFixed(2)} | ${same ? 'identical' : 'DIFFERENT'} |`,
  );
}
