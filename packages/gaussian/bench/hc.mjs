// `pnpm bench` (hierarchical agglomeration): hierarchicalClustering against mclust's hc() on the same
// data in the same run, as a ratio (mclust time / our time; above 1 means we are faster).
//
//   node bench/hc.mjs [--repeats 5]
//
// The data are mclust's own sets, read from the committed test fixtures; each side times hc() after
// a warm-up (ours: ≥ 1 s, for the JIT), each repeat looping for at least 0.2 s, and reports the median. R runs in its own
// process (Rscript bench/mclust_hc_bench.R); R's start-up is not timed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { referenceEnv } from '../../../scripts/reference-env.mjs';
import { hierarchicalClustering } from '../dist/index.js';

const { values: args } = parseArgs({ options: { repeats: { type: 'string', default: '5' } } });
const repeats = Number(args.repeats);
const here = fileURLToPath(new URL('.', import.meta.url));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A fixture's data as row-major float64 (the fixture stores R's column-major bytes). */
function load(name) {
  const fixture = JSON.parse(readFileSync(join(here, `../test/fixtures/mclust-hc/${name}.json`), 'utf8'));
  const bytes = Buffer.from(fixture.X, 'base64');
  const columnMajor = new Float64Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
  const { rows, cols } = fixture;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) data[i * cols + j] = columnMajor[j * rows + i];
  return { data, rows, cols };
}

function timeOurs(X, model, use) {
  // Warm-up: at least 3 runs and 1 s, so the JIT has compiled the hot loops before timing.
  for (let runs = 0, start = performance.now(); runs < 3 || performance.now() - start < 1000; runs++) {
    hierarchicalClustering(X, { model, use });
  }
  const times = [];
  for (let r = 0; r < repeats; r++) {
    let loops = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      hierarchicalClustering(X, { model, use });
      loops++;
      elapsed = performance.now() - start;
    } while (elapsed < 200);
    times.push(elapsed / loops / 1000);
  }
  return median(times);
}

const CASES = [
  ['faithful', 'VVV'],
  ['faithful', 'EII'],
  ['iris', 'VVV'],
  ['banknote', 'VVV'],
  ['thyroid', 'VVV'],
  ['wreath', 'VVV'],
  ['wreath', 'EII'],
  ['chevron', 'VVV'],
  ['acidity', 'V'],
];
const dir = mkdtempSync(join(tmpdir(), 'em-hc-bench-'));
const rows = [];
try {
  for (const [name, model] of CASES) {
    const X = load(name);
    const file = join(dir, `${name}.bin`);
    writeFileSync(file, Buffer.from(X.data.buffer));
    const ours = timeOurs(X, model, 'SVD');
    const r = spawnSync(
      'Rscript',
      [join(here, 'mclust_hc_bench.R'), file, String(X.rows), String(X.cols), model, 'SVD', String(repeats)],
      { encoding: 'utf8', env: referenceEnv() },
    );
    const out =
      r.error || r.status !== 0
        ? { skipped: String(r.error?.code ?? r.stderr) }
        : JSON.parse(r.stdout.trim().split('\n').at(-1));
    rows.push({
      data: `${name} (${X.rows}×${X.cols})`,
      model: `${model}/SVD`,
      'ours ms': (ours * 1000).toFixed(2),
      'mclust ms': out.seconds === undefined ? `skipped: ${out.skipped}` : (out.seconds * 1000).toFixed(2),
      'mclust / ours': out.seconds === undefined ? '' : `${(out.seconds / ours).toFixed(2)}×`,
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log('hierarchicalClustering vs mclust hc() (same data, same run; ratio > 1: ours faster)');
console.table(rows);
