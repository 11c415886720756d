// pnpm --filter @em/imaging bench (after pnpm build). Ratios from one run on one machine:
//  1. one MLEM iteration at 128 × 128 × 180 angles against its floor, one forward plus one back
//     projection with the same sparse matrix;
//  2. OSEM: time per pass and speed-up per subset count, measured as the time to reach the
//     log-likelihood MLEM reaches in 30 iterations;
//  3. our FBP against scikit-image's iradon on the same sinogram (and our Siddon forward projection
//     against skimage's radon, a different discretisation);
//  4. segmentImage on a 1-megapixel image (the committed NASA photo upscaled 8×) against
//     scikit-learn's GaussianMixture fit on a sample of the same size plus predict of every pixel.
// The reference side is skipped with a message when /usr/bin/python3 with scikit-image is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceEnv } from '../../../scripts/reference-env.mjs';
import {
  fbp,
  mlem,
  mlemModel,
  mlemSteps,
  osem,
  parallelBeam,
  segmentImage,
  sheppLogan,
  simulateSinogram,
  systemMatrix,
} from '../dist/index.js';

const N = 128;
const ANGLES = 180;
const best = (f, repeat) => {
  if (repeat > 0) f();
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < Math.max(1, repeat); i++) {
    const start = performance.now();
    f();
    min = Math.min(min, performance.now() - start);
  }
  return min;
};
const fmt = (ms) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

const start = performance.now();
const A = systemMatrix(parallelBeam({ size: N, nAngles: ANGLES }));
const buildMs = performance.now() - start;
const phantom = sheppLogan(N);
const scan = simulateSinogram(phantom, A, { counts: 1e6, seed: 1 });
console.log(
  `system matrix ${N}×${N}×${ANGLES}: ${A.nnz} entries (${((A.nnz * 8) / 2 ** 20).toFixed(0)} MB), built in ${fmt(buildMs)}`,
);

// 1. MLEM iteration vs forward + back. Interleaved trials, best of each: the machine is shared.
// The floor: the matrix's own loops on preallocated arrays (no validation, no allocation).
const fwdOut = new Float64Array(A.nRays);
const backOut = new Float64Array(A.nPixels);
const floor = () => {
  A.forwardRange(phantom, fwdOut, 0, A.nRays);
  backOut.fill(0);
  A.backRange(fwdOut, backOut, 0, A.nRays);
};
const { model, initial } = mlemModel(scan.sinogram, A);
let x = initial;
const step = () => {
  x = model.mStep(model.eStep(x).stats, x, { iteration: 1 });
};
let floorMs = Number.POSITIVE_INFINITY;
let iterMs = Number.POSITIVE_INFINITY;
for (let trial = 0; trial < 15; trial++) {
  floorMs = Math.min(floorMs, best(floor, 0));
  iterMs = Math.min(iterMs, best(step, 0));
}
// The same through @em/core's loop (mlemSteps): the loop's own cost per iteration.
const gaps = [];
let last = performance.now();
for (const _ of mlemSteps(scan.sinogram, A, { iterations: 15 })) {
  const now = performance.now();
  gaps.push(now - last);
  last = now;
}
const loopMs = Math.min(...gaps.slice(1));
console.log(
  `\n1. one MLEM iteration (E-step + M-step): ${fmt(iterMs)}; through mlemSteps: ${fmt(loopMs)}; one forward + one back projection: ${fmt(floorMs)}`,
);
console.log(
  `   ratio to the floor: ${(iterMs / floorMs).toFixed(2)} (via the loop ${(loopMs / floorMs).toFixed(2)})`,
);

// 2. OSEM speed-up: passes needed to reach the log-likelihood of 30 MLEM iterations (deterministic),
// and the time that takes (passes × time per pass, per-run setup excluded) against 30 MLEM iterations.
const target = mlem(scan.sinogram, A, { iterations: 30 }).logLikelihood;
console.log(
  `\n2. OSEM: passes to reach the log-likelihood of 30 MLEM iterations (${target.toFixed(0)}), 30 × ${fmt(iterMs)} = ${fmt(30 * iterMs)}`,
);
console.log('   subsets  passes  ms/pass  time     speed-up');
for (const subsets of [1, 2, 3, 5, 6, 10, 15, 30]) {
  let passes = 0;
  osem(scan.sinogram, A, {
    subsets,
    iterations: 60,
    onIteration: (step) => {
      passes = step.iteration;
      return step.logLikelihood < target;
    },
  });
  // Per pass: 4 passes minus 1 pass, best of interleaved trials, so the per-run setup cancels.
  let four = Number.POSITIVE_INFINITY;
  let one = Number.POSITIVE_INFINITY;
  for (let trial = 0; trial < 3; trial++) {
    four = Math.min(
      four,
      best(() => osem(scan.sinogram, A, { subsets, iterations: 4, trackLikelihood: false }), 0),
    );
    one = Math.min(
      one,
      best(() => osem(scan.sinogram, A, { subsets, iterations: 1, trackLikelihood: false }), 0),
    );
  }
  const perPass = Math.max(0, (four - one) / 3);
  const elapsed = passes * perPass;
  console.log(
    `   ${String(subsets).padStart(7)}  ${String(passes).padStart(6)}  ${fmt(perPass).padStart(7)}  ${fmt(elapsed).padStart(7)}  ${((30 * iterMs) / elapsed).toFixed(1)}×`,
  );
}

// 3 and 4 against the references.
const fbpMs = best(() => fbp(scan.sinogram, A), 3);
const forwardMs = best(() => A.forward(phantom), 5);
const small = readFileSync(
  fileURLToPath(new URL('../test/fixtures/images/astronaut-128.rgb', import.meta.url)),
);
const W = 1024;
const big = new Uint8ClampedArray(W * W * 4);
for (let r = 0; r < W; r++) {
  for (let c = 0; c < W; c++) {
    // Bilinear upscaling of the 128 × 128 photo, 8× per side.
    const y = Math.min(127, Math.max(0, (r + 0.5) / 8 - 0.5));
    const x = Math.min(127, Math.max(0, (c + 0.5) / 8 - 0.5));
    const y0 = Math.floor(y);
    const x0 = Math.floor(x);
    const y1 = Math.min(127, y0 + 1);
    const x1 = Math.min(127, x0 + 1);
    for (let k = 0; k < 3; k++) {
      const v =
        (1 - (y - y0)) *
          ((1 - (x - x0)) * small[(y0 * 128 + x0) * 3 + k] + (x - x0) * small[(y0 * 128 + x1) * 3 + k]) +
        (y - y0) *
          ((1 - (x - x0)) * small[(y1 * 128 + x0) * 3 + k] + (x - x0) * small[(y1 * 128 + x1) * 3 + k]);
      big[(r * W + c) * 4 + k] = Math.round(v);
    }
    big[(r * W + c) * 4 + 3] = 255;
  }
}
const image = { data: big, width: W, height: W };
const segMs = best(() => segmentImage(image, { components: 4 }), 2);
const segSmoothMs = best(() => segmentImage(image, { components: 4, smoothing: true }), 1);

const dir = mkdtempSync(join(tmpdir(), 'em-imaging-bench-'));
const rgbPath = join(dir, 'image.rgb');
const rgb = new Uint8Array(W * W * 3);
for (let i = 0; i < W * W; i++) rgb.set(big.subarray(i * 4, i * 4 + 3), i * 3);
writeFileSync(rgbPath, rgb);
const specPath = join(dir, 'spec.json');
writeFileSync(
  specPath,
  JSON.stringify({
    size: N,
    nAngles: ANGLES,
    sinogram: Array.from(scan.sinogram),
    phantom: Array.from(phantom),
    imagePath: rgbPath,
  }),
);
const python = spawnSync(
  '/usr/bin/python3',
  [fileURLToPath(new URL('./reference.py', import.meta.url)), specPath],
  {
    encoding: 'utf8',
    env: referenceEnv(),
  },
);
const reference = python.status === 0 ? JSON.parse(python.stdout) : undefined;
const skipped = `skipped: ${python.error ? '/usr/bin/python3 not found' : (python.stderr || '').trim().split('\n').pop()}`;

console.log(`\n3. FBP (ramp), ${N}×${N}×${ANGLES}: ours ${fmt(fbpMs)}`);
console.log(
  reference
    ? `   scikit-image iradon ${fmt(reference.iradonMs)}: ours/skimage ${(fbpMs / reference.iradonMs).toFixed(2)}`
    : `   ${skipped}`,
);
console.log(`   forward projection (Siddon, sparse): ours ${fmt(forwardMs)}`);
console.log(
  reference
    ? `   scikit-image radon ${fmt(reference.radonMs)}: ours/skimage ${(forwardMs / reference.radonMs).toFixed(2)}`
    : `   ${skipped}`,
);
console.log(
  `\n4. segmentImage, ${W}×${W} (1 megapixel), 4 components: ${fmt(segMs)}; with ICM smoothing ${fmt(segSmoothMs)}`,
);
console.log(
  reference
    ? `   scikit-learn GaussianMixture fit (20 000 pixels) + predict (all): ${fmt(reference.gmmSegmentMs)}: ours/sklearn ${(segMs / reference.gmmSegmentMs).toFixed(2)}`
    : `   ${skipped}`,
);
