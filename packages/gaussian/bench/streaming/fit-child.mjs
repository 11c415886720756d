// One fit in a fresh process, so that its peak memory is its own: `memory` reads the whole file
// into memory and calls fit, `stream` calls fitStream on the file. Prints one JSON line.
//
//   node fit-child.mjs memory|stream FILE ROWS COLS ITERATIONS INIT.json
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { GaussianMixture } from '@em/gaussian';

const [mode, file, rowsArg, colsArg, iterationsArg, initFile] = process.argv.slice(2);
const rows = Number(rowsArg);
const cols = Number(colsArg);
const init = JSON.parse(readFileSync(initFile, 'utf8'));
const options = {
  nComponents: init.weights.length,
  covarianceType: 'full',
  maxIter: Number(iterationsArg),
  tol: 0,
  weightsInit: init.weights,
  meansInit: init.means,
  precisionsInit: init.precisions,
};
const peakMiB = () => {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
};
const rssBefore = peakMiB();
const gmm = new GaussianMixture(options);
let seconds;
let firstPassSeconds = 0;
if (mode === 'memory') {
  const data = new Float64Array(rows * cols);
  const handle = await open(file, 'r');
  await handle.read(new Uint8Array(data.buffer), 0, rows * cols * 8, 0);
  await handle.close();
  const start = performance.now();
  gmm.fit({ data, rows, cols });
  seconds = (performance.now() - start) / 1000;
} else {
  const start = performance.now();
  let pass = 1;
  await gmm.fitStream(file, {
    columns: cols,
    onProgress: (progress) => {
      if (progress.pass !== pass) {
        if (pass === 1) firstPassSeconds = (performance.now() - start) / 1000;
        pass = progress.pass;
      }
    },
  });
  seconds = (performance.now() - start) / 1000;
}
const iterSeconds = (seconds - firstPassSeconds) / gmm.nIter;
console.log(
  JSON.stringify({
    mode,
    file,
    rows: mode === 'memory' ? rows : undefined,
    nIter: gmm.nIter,
    seconds,
    firstPassSeconds,
    nsPerRowIteration:
      (iterSeconds * 1e9) / (mode === 'memory' ? rows : Number(process.env.STREAM_ROWS ?? rows)),
    peakRssMiB: peakMiB(),
    rssBeforeMiB: rssBefore,
    lowerBound: gmm.lowerBound,
    params: {
      weights: Array.from(gmm.params.weights),
      means: Array.from(gmm.params.means),
      covariances: Array.from(gmm.params.covariances),
    },
  }),
);
