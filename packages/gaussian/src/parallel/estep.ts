import { chunkedEStepAsync, EMError, type EStepResult } from '@em/core';
import { addStats, zeroStats } from '../estep.js';
import { kernelFor } from '../kernels/index.js';
import type { KernelMode } from '../kernels/specialized/types.js';
import type { GaussianStats } from '../kernels/types.js';
import type { CovarianceType, FlatMatrix, MixtureParams } from '../types.js';
import type { WorkerPool } from './pool.js';
import type { Request, Response } from './protocol.js';

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

/**
 * Gives each worker of `pool` a contiguous share of the rows of `X` (copied once, for the whole
 * fit); each E-step then sends only the parameters and gets back each share's statistics, which
 * are added in row order with @em/core's `chunkedEStepAsync`, so the result does not depend on
 * which worker answers first and equals the single-threaded E-step up to the grouping of sums.
 * The reported log-likelihood is the mean per sample (scikit-learn's `lower_bound_`), as in
 * `gaussianModel`.
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
  await Promise.all(
    workers.map((worker, w) => {
      const start = Math.floor((w * X.rows) / workers.length);
      const end = Math.floor(((w + 1) * X.rows) / workers.length);
      const data = X.data.slice(start * d, end * d);
      const message: Request = {
        type: 'load',
        id,
        data,
        rows: end - start,
        cols: d,
        covarianceType,
        nComponents: k,
        kernels,
      };
      return worker.request(message, [data.buffer]).then(check);
    }),
  );
  const kernel = kernelFor(covarianceType, d);
  const eStep = chunkedEStepAsync<MixtureParams, GaussianStats, (typeof workers)[number]>({
    chunks: () => workers,
    eStepChunk: async (params, worker) => {
      const { weights, means, precisionsCholesky } = params;
      const reply = check(await worker.request({ type: 'eStep', id, weights, means, precisionsCholesky }));
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
