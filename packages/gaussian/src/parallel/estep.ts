import { chunkedEStepAsync, EMError, type EStepResult } from '@em/core';
import { addStats, zeroStats } from '../estep.js';
import { kernelFor } from '../kernels/index.js';
import type { KernelMode } from '../kernels/specialized/types.js';
import type { GaussianStats } from '../kernels/types.js';
import type { CovarianceType, FlatMatrix, MixtureParams } from '../types.js';
import type { WorkerPool } from './pool.js';
import type { Response } from './protocol.js';
import { createScheduler } from './schedule.js';

let nextFitId = 1;

/** An E-step spread over a pool's workers, and how to free the workers' copy of the data. */
export interface ParallelEStep {
  eStep(params: MixtureParams): Promise<EStepResult<GaussianStats>>;
  release(): Promise<void>;
}

function check(reply: Response): Response & { ok: true } {
  if (!reply.ok) throw new EMError('NUMERICAL', `worker failed: ${reply.message}`);
  return reply;
}

/** Jobs per worker and E-step when the rows are shared: enough to even out unequal workers. */
const JOBS_PER_WORKER = 4;
/** …but no job smaller than this many rows (each costs a round trip of messages). */
const MIN_JOB_ROWS = 4096;

/** Whether this environment can post a SharedArrayBuffer to workers (browsers: cross-origin isolated). */
function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated === undefined || isolated;
}

/**
 * Spreads the E-step over a pool's workers. Where memory can be shared (Node; browsers when the
 * page is cross-origin isolated), the rows are copied once into a SharedArrayBuffer that every
 * worker reads, and each E-step is cut into jobs of contiguous rows handed to whichever worker is
 * free (see `schedule.ts`); elsewhere each worker receives a copy of a fixed, contiguous share.
 * Either way the jobs' statistics are added in row order with @em/core's `chunkedEStepAsync`, so
 * the result does not depend on which worker did which job and equals the single-threaded E-step
 * up to the grouping of sums. The reported log-likelihood is the mean per sample (scikit-learn's
 * `lower_bound_`), as in `gaussianModel`.
 */
export async function loadParallelEStep(
  pool: WorkerPool,
  X: FlatMatrix,
  covarianceType: CovarianceType,
  k: number,
  kernels: KernelMode,
): Promise<ParallelEStep> {
  const workers = (await pool.endpoints()).slice(0, Math.max(1, Math.min(pool.size, X.rows)));
  const id = nextFitId++;
  const d = X.cols;
  const load = (
    worker: (typeof workers)[number],
    data: Float64Array,
    rows: number,
    transfer: ArrayBuffer[],
  ) =>
    worker
      .request({ type: 'load', id, data, rows, cols: d, covarianceType, nComponents: k, kernels }, transfer)
      .then(check);

  type Job = { worker?: (typeof workers)[number]; start: number; end: number };
  let jobs: Job[];
  let run: (job: Job, send: (worker: (typeof workers)[number]) => Promise<Response>) => Promise<Response>;
  if (canShareMemory()) {
    const shared = new Float64Array(new SharedArrayBuffer(X.rows * d * 8));
    shared.set(X.data.subarray(0, X.rows * d));
    await Promise.all(workers.map((worker) => load(worker, shared, X.rows, [])));
    const count = Math.max(1, Math.min(workers.length * JOBS_PER_WORKER, Math.floor(X.rows / MIN_JOB_ROWS)));
    jobs = Array.from({ length: count }, (_, j) => ({
      start: Math.floor((j * X.rows) / count),
      end: Math.floor(((j + 1) * X.rows) / count),
    }));
    const schedule = createScheduler(workers);
    run = (_job, send) => schedule(send);
  } else {
    jobs = workers.map((worker, w) => ({
      worker,
      start: Math.floor((w * X.rows) / workers.length),
      end: Math.floor(((w + 1) * X.rows) / workers.length),
    }));
    await Promise.all(
      jobs.map(({ worker, start, end }) => {
        const data = X.data.slice(start * d, end * d);
        return load(worker!, data, end - start, [data.buffer]);
      }),
    );
    // Each worker holds only its share: the job is all of it.
    jobs = jobs.map(({ worker, start, end }) => ({ worker, start: 0, end: end - start }));
    run = (job, send) => send(job.worker!);
  }

  const kernel = kernelFor(covarianceType, d);
  const eStep = chunkedEStepAsync<MixtureParams, GaussianStats, Job>({
    chunks: () => jobs,
    eStepChunk: async (params, job) => {
      const { weights, means, precisionsCholesky } = params;
      const { start, end } = job;
      const reply = check(
        await run(job, (worker) =>
          worker.request({ type: 'eStep', id, start, end, weights, means, precisionsCholesky }),
        ),
      );
      const stats = reply.stats as GaussianStats;
      return { stats, logLikelihood: stats.logLikelihood / X.rows };
    },
    zero: () => zeroStats(kernel, k, d),
    add: addStats,
  });
  return {
    eStep,
    async release() {
      await Promise.all(workers.map((worker) => worker.request({ type: 'release', id })));
    },
  };
}
