// Writes a large data set for the out-of-core benchmark without holding it: n rows from a fixed
// K-component, D-dimensional Gaussian mixture (full covariances), as raw little-endian float64 rows
// or as CSV. The rows depend only on the seed, so the first m rows of an n-row file are the rows of
// an m-row file: a 10⁷-row file is the prefix of the 10⁸-row one.
//
//   node bench/streaming/make-data.mjs --rows 100000000 --out /tmp/big.f64 [--format csv] [--cols 4] [--k 5]
import { closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mulberry32 } from '@em/core/numeric';

/** Rows generated and written at a time. */
const PIECE_ROWS = 1 << 18;

/** The mixture the rows come from: means in [−6, 6]^D, covariances L Lᵀ, weights in [0.5, 1.5] (normalised). */
export function mixture({ d, k, seed }) {
  const uniform = mulberry32(seed);
  const normal = normalSource(uniform);
  const means = Float64Array.from({ length: k * d }, () => 12 * uniform() - 6);
  const factors = new Float64Array(k * d * d);
  for (let c = 0; c < k; c++) {
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < a; b++) factors[c * d * d + a * d + b] = (0.4 * normal()) / Math.sqrt(d);
      factors[c * d * d + a * d + a] = 0.5 + 0.7 * uniform();
    }
  }
  const raw = Array.from({ length: k }, () => 0.5 + uniform());
  const total = raw.reduce((s, w) => s + w, 0);
  const cumulative = [];
  let acc = 0;
  for (const w of raw) {
    acc += w / total;
    cumulative.push(acc);
  }
  return { d, k, means, factors, cumulative, uniform, normal };
}

function normalSource(uniform) {
  // Box–Muller; 1 − u keeps the logarithm finite.
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Fills `out` with the next `rows` rows of the mixture's stream. */
export function nextRows(m, out, rows) {
  const { d, k, means, factors, cumulative, uniform, normal } = m;
  const z = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    const u = uniform();
    let comp = 0;
    while (comp < k - 1 && u >= cumulative[comp]) comp++;
    for (let a = 0; a < d; a++) z[a] = normal();
    for (let a = 0; a < d; a++) {
      let v = means[comp * d + a];
      for (let b = 0; b <= a; b++) v += factors[comp * d * d + a * d + b] * z[b];
      out[i * d + a] = v;
    }
  }
}

/** Writes `rows` rows to `path`; returns the number of bytes written. */
export function writeData({ path, rows, d = 4, k = 5, seed = 2026, format = 'float64' }) {
  const m = mixture({ d, k, seed });
  const fd = openSync(path, 'w');
  const piece = new Float64Array(PIECE_ROWS * d);
  let bytes = 0;
  try {
    for (let start = 0; start < rows; start += PIECE_ROWS) {
      const count = Math.min(PIECE_ROWS, rows - start);
      nextRows(m, piece, count);
      if (format === 'float64') {
        bytes += writeSync(fd, new Uint8Array(piece.buffer, 0, count * d * 8));
      } else {
        let text = '';
        for (let i = 0; i < count; i++) text += `${Array.from(piece.subarray(i * d, i * d + d)).join(',')}\n`;
        bytes += writeSync(fd, text);
      }
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string', default: 'float64' },
      cols: { type: 'string', default: '4' },
      k: { type: 'string', default: '5' },
      seed: { type: 'string', default: '2026' },
    },
  });
  if (!values.rows || !values.out)
    throw new Error('usage: make-data.mjs --rows N --out FILE [--format float64|csv]');
  const bytes = writeData({
    path: values.out,
    rows: Number(values.rows),
    d: Number(values.cols),
    k: Number(values.k),
    seed: Number(values.seed),
    format: values.format,
  });
  console.log(`${values.out}: ${Number(values.rows)} rows, ${(bytes / 2 ** 20).toFixed(0)} MiB`);
}
