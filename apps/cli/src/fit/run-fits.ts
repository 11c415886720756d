import { Worker } from 'node:worker_threads';
import type { CovarianceModel } from '@em/gaussian';
import { UsageError } from '../errors.js';
import { onFitInterrupt } from '../interrupt.js';
import type { Table } from '../io/read-table.js';
import { ProgressBar, type ProgressState } from '../progress.js';
import type { FitJob, FitResult, SharedFitOptions, WorkerFailure, WorkerMessage } from './protocol.js';

export interface FitRun extends FitResult {
  /** Ctrl-C was pressed: the outcomes are partial. */
  interrupted: boolean;
}

/** The grid: every covariance type × number of components, fitted type by type. */
export interface FitGrid {
  nComponents: number[];
  covarianceTypes: CovarianceModel[];
  criterion: 'bic' | 'aic';
}

export interface RunFitsOptions {
  /** Draw a progress bar on stderr: 'auto' once a fit has run for a second, 'always' at once. */
  progress: 'auto' | 'always' | 'never';
  /** Called on the first Ctrl-C (to tell the user it is stopping). */
  onInterrupt?: () => void;
}

/**
 * Runs `selectModel` of `@em/gaussian` over the grid in a worker thread and resolves with its table
 * and choice. The data's SharedArrayBuffer is shared, not copied. The first Ctrl-C stops after the
 * current iteration and resolves with what was fitted so far.
 */
export function runFits(
  table: Table,
  grid: FitGrid,
  options: SharedFitOptions,
  ui: RunFitsOptions,
): Promise<FitRun> {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const job: FitJob = { data: table.data, rows: table.rows, cols: table.cols, ...grid, options, stop };
  const worker = new Worker(new URL('./fit-worker.js', import.meta.url), { workerData: job });
  const bar = new ProgressBar(process.stderr, ui.progress !== 'never', ui.progress === 'always' ? 0 : 1000);
  let interrupted = false;
  const release = onFitInterrupt(() => {
    interrupted = true;
    Atomics.store(stop, 0, 1);
    bar.note('Stopping after the current iteration (press Ctrl-C again to quit now)…');
    ui.onInterrupt?.();
  });

  let state: ProgressState | undefined;

  return new Promise<FitRun>((resolve, reject) => {
    const finish = (result: FitResult | Error) => {
      release();
      bar.done();
      worker.removeAllListeners();
      void worker.terminate();
      if (result instanceof Error) reject(result);
      else resolve({ ...result, interrupted });
    };
    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'start':
          state = {
            model: message.index,
            models: message.total,
            label: `K=${message.nComponents} ${message.covarianceType}`,
            run: 0,
            runs: options.nInit,
            iteration: 0,
            maxIter: options.maxIter,
            logLikelihood: undefined,
          };
          bar.update(state);
          break;
        case 'iteration':
          if (state) {
            const { run, iteration, logLikelihood } = message;
            bar.update({ ...state, run, iteration, logLikelihood });
          }
          break;
        case 'failed':
          finish(rebuildError(message.failure));
          break;
        case 'end':
          finish(message.result);
          break;
      }
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) => finish(new Error(`the fitting worker exited early (code ${code})`)));
  });
}

/** A user error in the worker stays a user error here (exit code 2); anything else is a bug. */
function rebuildError(failure: WorkerFailure): Error {
  const error = failure.code !== undefined ? new UsageError(failure.message) : new Error(failure.message);
  error.stack = failure.stack;
  return error;
}
