// The fitting worker: EM runs synchronously, so it runs here, leaving the main thread free to draw
// progress and to hear Ctrl-C (which sets a shared flag checked after every iteration).
import { parentPort, workerData } from 'node:worker_threads';
import { EMError } from '@em/core';
import { type GaussianMixtureJSON, type ModelScore, ModelSelectionError, selectModel } from '@em/gaussian';
import type { FitJob, FitOutcome, FitResult, WorkerMessage } from './protocol.js';

const job = workerData as FitJob;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

// Ctrl-C sets the shared flag; aborting the grid's signal stops the fit under way before its next
// iteration (it is then 'interrupted') and leaves the remaining cells 'notFitted'.
const controller = new AbortController();
const checkStop = () => {
  if (Atomics.load(job.stop, 0) !== 0) controller.abort();
};

/** The fitted models, serialised as each cell finishes (`undefined` for failed cells). */
const fits: ({ model: GaussianMixtureJSON; nIter: number } | undefined)[] = [];

function outcome(row: ModelScore, index: number): FitOutcome {
  const fit = fits[index];
  return {
    ...row,
    logLikelihood: row.logLikelihood === null ? null : row.logLikelihood * job.rows,
    model: fit?.model ?? null,
    nIter: fit?.nIter ?? 0,
  };
}

try {
  let lastPost = 0;
  let result: FitResult;
  try {
    const selection = selectModel(
      { data: job.data, rows: job.rows, cols: job.cols },
      {
        ...job.options,
        nComponents: job.nComponents,
        covarianceTypes: job.covarianceTypes,
        criterion: job.criterion,
        signal: controller.signal,
        onModelStart: (cell) => post({ type: 'start', ...cell }),
        onIteration: (info) => {
          const now = Date.now();
          // Throttled: a small data set runs thousands of iterations a second.
          if (now - lastPost >= 50) {
            lastPost = now;
            post({
              type: 'iteration',
              run: info.run,
              iteration: info.iteration,
              logLikelihood: info.logLikelihood,
            });
          }
          checkStop();
          return true;
        },
        onModel: ({ index, model }) => {
          if (model) fits[index] = { model: model.toJSON(), nIter: model.nIter };
          // Ctrl-C after a fit's last iteration still stops the grid before the next model starts.
          checkStop();
        },
      },
    );
    result = { outcomes: selection.table.map(outcome), best: selection.best.index, failure: undefined };
  } catch (error) {
    // No cell could be chosen; the table still says why, and the command decides what to show.
    if (!(error instanceof ModelSelectionError)) throw error;
    result = {
      outcomes: error.table.map(outcome),
      best: undefined,
      failure: { reason: error.reason, message: error.message },
    };
  }
  post({ type: 'end', result });
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
