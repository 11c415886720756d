// pnpm --filter @em/imaging bench (after pnpm build): memory and time of MLEM with the whole system
// matrix in memory (mlem) against StreamingMlem reading the sinogram from a file in chunks of angle
// rows and tracing the matrix rows on the fly. Each side runs in its own process so its peak RSS is
// its own; the images are compared bit for bit. Usage: node bench/stream-memory.mjs [size] [angles].
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  mlem,
  parallelBeam,
  StreamingMlem,
  sheppLogan,
  simulateSinogram,
  systemMatrix,
} from '../dist/index.js';

const ITERATIONS = 3;
const CHUNK_ANGLES = 8;
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const peakRss = () => process.resourceUsage().maxRSS * 1024;

const [, , role, dir, sizeArg, anglesArg] = process.argv;

if (role === 'in-memory') {
  const size = Number(sizeArg);
  const geometry = parallelBeam({ size, nAngles: Number(anglesArg) });
  const A = systemMatrix(geometry);
  const { sinogram } = simulateSinogram(sheppLogan(size), A, { counts: 1e7, seed: 1 });
  writeFileSync(join(dir, 'sinogram.f64'), new Uint8Array(sinogram.buffer));
  const start = performance.now();
  const result = mlem(sinogram, A, { iterations: ITERATIONS });
  const perIteration = (performance.now() - start) / ITERATIONS;
  writeFileSync(join(dir, 'image.f64'), new Uint8Array(result.image.buffer));
  console.log(JSON.stringify({ rss: peakRss(), perIteration, matrix: A.nnz * 8, rays: A.nRays }));
} else if (role === 'streamed') {
  const size = Number(sizeArg);
  const geometry = parallelBeam({ size, nAngles: Number(anglesArg) });
  const rowBytes = geometry.nDetectors * 8;
  // A fresh reader per pass: CHUNK_ANGLES rows at a time from the file, never the whole sinogram.
  const chunks = function* () {
    const fd = openSync(join(dir, 'sinogram.f64'), 'r');
    try {
      for (let a = 0; a < geometry.nAngles; a += CHUNK_ANGLES) {
        const rows = Math.min(CHUNK_ANGLES, geometry.nAngles - a);
        const bytes = new Uint8Array(rows * rowBytes);
        readSync(fd, bytes, 0, bytes.length, a * rowBytes);
        yield new Float64Array(bytes.buffer);
      }
    } finally {
      closeSync(fd);
    }
  };
  const start = performance.now();
  const result = await new StreamingMlem(geometry, { iterations: ITERATIONS }).fitStream(chunks);
  // ITERATIONS E-steps plus the first (sensitivity) and last (final likelihood) passes.
  const perIteration = (performance.now() - start) / (ITERATIONS + 2);
  const inMemory = new Float64Array(readFileSync(join(dir, 'image.f64')).buffer.slice(0));
  const identical = result.image.every((v, j) => v === inMemory[j]);
  console.log(JSON.stringify({ rss: peakRss(), perIteration, identical }));
} else {
  const size = Number(role ?? 256);
  const angles = Number(dir ?? 360);
  const work = mkdtempSync(join(tmpdir(), 'em-imaging-stream-'));
  const self = fileURLToPath(import.meta.url);
  const run = (side) => {
    const out = spawnSync(process.execPath, [self, side, work, String(size), String(angles)], {
      encoding: 'utf8',
    });
    if (out.status !== 0) throw new Error(out.stderr);
    return JSON.parse(out.stdout);
  };
  try {
    const memory = run('in-memory');
    const streamed = run('streamed');
    console.log(
      `MLEM ${size}×${size}, ${angles} angles (${memory.rays} rays), ${ITERATIONS} iterations, one process each:\n` +
        `  in memory (mlem):        peak RSS ${mb(memory.rss)} (system matrix ${mb(memory.matrix)}), ${memory.perIteration.toFixed(0)} ms per iteration\n` +
        `  streamed (fitStream, ${CHUNK_ANGLES} angles per chunk from a file): peak RSS ${mb(streamed.rss)}, ${streamed.perIteration.toFixed(0)} ms per pass ` +
        `(${(streamed.perIteration / memory.perIteration).toFixed(2)}× mlem's iteration: every ray traced again)\n` +
        `  images bit-identical: ${streamed.identical}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
