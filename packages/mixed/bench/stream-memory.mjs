// node bench/stream-memory.mjs stream|memory [rows]: peak RSS of fitStream over rows generated on the
// fly (never held: chunks of 10 000 rows made anew on every pass) against fitMatrices on the same rows
// held in arrays. Run under /usr/bin/time -v and read "Maximum resident set size". REML, plain EM
// without the polish (so the pass count stays small). y = 5 + 0.8x + b₀ + b₁x + e, 100 rows per group.
import { LinearMixedModel } from '../dist/index.js';

const [mode = 'stream', rowsArg = '1000000'] = process.argv.slice(2);
const N = Number(rowsArg);
const PER_GROUP = 100;
const CHUNK = 10_000;
/** Rows [from, to) as a chunk: a fixed pseudo-random function of the row index. */
function rows(from, to) {
  const y = [];
  const X = [];
  const groups = [];
  for (let i = from; i < to; i++) {
    const g = Math.floor(i / PER_GROUP);
    const h = (k) => {
      const s = Math.sin(k * 12.9898 + 78.233) * 43758.5453;
      return s - Math.floor(s);
    };
    const gauss = (k) => Math.sqrt(-2 * Math.log(1 - h(k))) * Math.cos(2 * Math.PI * h(k + 0.5));
    const x = 10 * h(i + 0.25);
    y.push(5 + 0.8 * x + 2 * gauss(g + 1e7) + 0.5 * gauss(g + 2e7) * x + gauss(i));
    X.push([1, x]);
    groups.push(`g${String(g).padStart(6, '0')}`);
  }
  return { y, X, Z: X, groups };
}
const options = { acceleration: 'none', polish: false, maxIter: 50 };
const start = performance.now();
let fit;
if (mode === 'stream') {
  fit = await new LinearMixedModel(options).fitStream(function* () {
    for (let i = 0; i < N; i += CHUNK) yield rows(i, Math.min(i + CHUNK, N));
  });
} else {
  const all = rows(0, N);
  fit = new LinearMixedModel(options).fitMatrices({
    y: all.y,
    X: all.X,
    random: [{ groups: all.groups, Z: all.X }],
  });
}
console.log(
  `${mode}: ${N} rows, ${fit.optimizer.description}, ${((performance.now() - start) / 1000).toFixed(1)} s, β = ${fit
    .fixedEffects()
    .map((f) => f.estimate.toFixed(6))
    .join(', ')}`,
);
