// The fitting worker: EM runs synchronously, so it runs here, leaving the main thread free to draw
// progress and to hear Ctrl-C (which sets a shared flag checked after every iteration).
import { parentPort, workerData } from 'node:worker_threads';
import { EMError } from '@em/core';
import { fitOne } from './fit-one.js';
import type { FitJob, FitOutcome, WorkerMessage } from './protocol.js';

const job = workerData as FitJob;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const stopRequested = () => Atomics.load(job.stop, 0) !== 0;

function skipped(index: number): FitOutcome {
  return {
    ...job.grid[index]!,
    skipped: true,
    interrupted: false,
    model: null,
    logLikelihood: null,
    bic: null,
    aic: null,
    nParameters: null,
    converged: false,
    nIter: 0,
    collapsed: null,
    error: null,
  };
}

try {
  const data = { data: job.data, rows: job.rows, cols: job.cols };
  job.grid.forEach((cell, index) => {
    if (stopRequested()) {
      post({ type: 'done', outcome: skipped(index) });
      return;
    }
    post({ type: 'start', index });
    let lastPost = 0;
    const outcome = fitOne(data, cell, job.options, (info) => {
      const now = Date.now();
      // Throttled: a small data set runs thousands of iterations a second.
      if (now - lastPost >= 50) {
        lastPost = now;
        post({
          type: 'iteration',
          index,
          run: info.run,
          iteration: info.iteration,
          logLikelihood: info.logLikelihood,
        });
      }
      return !stopRequested();
    });
    post({ type: 'done', outcome });
  });
  post({ type: 'end' });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  post({
    type: 'failed',
    failure: {
      name: e.name,
      message: e.message,
      stack: e.stack,
      code: error instanceof EMError ? error.code : undefined,
    },
  });
}
