import { Worker } from 'node:worker_threads';
import { UsageError } from '../errors.js';
import { onFitInterrupt } from '../interrupt.js';
import type { Table } from '../io/read-table.js';
import { ProgressBar } from '../progress.js';
import type {
  FitJob,
  FitOutcome,
  GridCell,
  SharedFitOptions,
  WorkerFailure,
  WorkerMessage,
} from './protocol.js';

export interface FitRun {
  outcomes: FitOutcome[];
  /** Ctrl-C was pressed: the outcomes are partial. */
  interrupted: boolean;
}

export interface RunFitsOptions {
  /** Draw a progress bar on stderr: 'auto' once a fit has run for a second, 'always' at once. */
  progress: 'auto' | 'always' | 'never';
  /** Called on the first Ctrl-C (to tell the user it is stopping). */
  onInterrupt?: () => void;
}

/**
 * Fits every cell of the grid in a worker thread (in order) and collects the outcomes. The data's
 * SharedArrayBuffer is shared, not copied. The first Ctrl-C stops after the current iteration and
 * resolves with what was fitted so far.
 */
export function runFits(
  table: Table,
  grid: GridCell[],
  options: SharedFitOptions,
  ui: RunFitsOptions,
): Promise<FitRun> {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const job: FitJob = { data: table.data, rows: table.rows, cols: table.cols, grid, options, stop };
  const worker = new Worker(new URL('./fit-worker.js', import.meta.url), { workerData: job });
  const bar = new ProgressBar(process.stderr, ui.progress !== 'never', ui.progress === 'always' ? 0 : 1000);
  const outcomes: FitOutcome[] = [];
  let interrupted = false;
  const release = onFitInterrupt(() => {
    interrupted = true;
    Atomics.store(stop, 0, 1);
    bar.note('Stopping after the current iteration (press Ctrl-C again to quit now)…');
    ui.onInterrupt?.();
  });

  const label = (index: number) => `K=${grid[index]!.nComponents} ${grid[index]!.covarianceType}`;
  const state = (index: number, run = 0, iteration = 0, logLikelihood?: number) => ({
    model: index,
    models: grid.length,
    label: label(index),
    run,
    runs: options.nInit,
    iteration,
    maxIter: options.maxIter,
    logLikelihood,
  });

  return new Promise<FitRun>((resolve, reject) => {
    const finish = (error?: Error) => {
      release();
      bar.done();
      worker.removeAllListeners();
      void worker.terminate();
      if (error) reject(error);
      else resolve({ outcomes, interrupted });
    };
    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'start':
          bar.update(state(message.index));
          break;
        case 'iteration':
          bar.update(state(message.index, message.run, message.iteration, message.logLikelihood));
          break;
        case 'done':
          outcomes.push(message.outcome);
          break;
        case 'failed':
          finish(rebuildError(message.failure));
          break;
        case 'end':
          finish();
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
