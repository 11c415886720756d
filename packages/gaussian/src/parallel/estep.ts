import { chunkedEStepAsync, type EStepResult } from '@em/core';
import type { FlatMatrix } from '@em/core/numeric';
import { addStats, zeroStats } from '../estep.js';
import { kernelFor } from '../kernels/index.js';
import type { KernelMode } from '../kernels/specialized/types.js';
import type { GaussianStats } from '../kernels/types.js';
import type { CovarianceType, MixtureParams } from '../types.js';
import { jobBounds, minJobRows } from './jobs.js';
import type { ResidentRows } from './kmeans.js';
import type { WorkerPool } from './pool.js';
import type { Request, Response } from './protocol.js';
import { returnSharedRows, takeSharedRows } from './shared-rows.js';
import { WorkerError } from './worker-error.js';

let nextFitId = 1;

/** An E-step spread over a pool's workers, and how to free the workers' copy of the data. */
export interface ParallelEStep {
  /** Worker threads the rows were spread over. */
  workers: number;
  /** Where every worker holds all the rows (shared memory): the k-means initialisation can run there. */
  resident?: ResidentRows;
  eStep(params: MixtureParams): Promise<EStepResult<GaussianStats>>;
  release(): Promise<void>;
}

function check(reply: Response): Response & { ok: true } {
  if (!reply.ok) throw new WorkerError('failed', reply.message);
  return reply;
}

type Endpoint = Awaited<ReturnType<WorkerPool['endpoints']>>[number];
type LoadFields = Pick<Extract<Request, { type: 'load' }>, 'data' | 'rows' | 'jobCounter' | 'jobBounds'>;
type Load = (worker: Endpoint, fields: LoadFields, transfer: ArrayBuffer[]) => Promise<Response>;
type Parameters_ = Pick<MixtureParams, 'weights' | 'means' | 'precisionsCholesky'>;

/** How a fit's rows were handed to the workers. */
interface Share {
  /** Statistics per E-step, added in this order: jobs or workers' shares, in row order. */
  parts: number;
  statistics(params: Parameters_, part: number): Promise<GaussianStats>;
  /** The shared copy of the rows the workers read, if any. */
  rows?: Float64Array;
}

/** Whether this environment can post a SharedArrayBuffer to workers (browsers: cross-origin isolated). */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated === undefined || isolated;
}

/**
 * Spreads the E-step over a pool's workers. Where memory can be shared (Node; browsers when the
 * page is cross-origin isolated), the rows are copied once into a SharedArrayBuffer that every
 * worker reads, and each E-step is cut into jobs of contiguous rows that the workers take from a
 * shared counter until none is left (large jobs first, smaller ones at the end: see `jobs.ts`): a
 * worker slowed down by other load on its core takes fewer, and each E-step still costs one message
 * to and from each worker. Elsewhere each worker receives
 * a copy of a fixed, contiguous share. Either way the statistics of the jobs (or shares) are added
 * in row order with @em/core's `chunkedEStepAsync`, so the result does not depend on which worker
 * did what and equals the single-threaded E-step up to the grouping of sums. The reported
 * log-likelihood is the mean per sample (scikit-learn's `lower_bound_`), as in `gaussianModel`.
 */
export async function loadParallelEStep(
  pool: WorkerPool,
  X: FlatMatrix,
  covarianceType: CovarianceType,
  k: number,
  kernels: KernelMode,
  whileLoading?: (resident?: ResidentRows) => void,
): Promise<ParallelEStep> {
  // No more workers than rows: the others would have nothing to do.
  const workers = await pool.endpoints(X.rows);
  const id = nextFitId++;
  const d = X.cols;
  const load: Load = (worker, fields, transfer) =>
    worker
      .request({ type: 'load', id, cols: d, covarianceType, nComponents: k, kernels, ...fields }, transfer)
      .then(check);
  const eStepOf = (worker: Endpoint, params: Parameters_, jobs?: number) => {
    const { weights, means, precisionsCholesky } = params;
    const message: Request = { type: 'eStep', id, weights, means, precisionsCholesky };
    if (jobs !== undefined) message.jobs = jobs;
    return worker.request(message).then(check);
  };
  // The shared rows, once the workers read them (returned for the next fit after the release).
  let rows: Float64Array | undefined;
  const release = async () => {
    // A worker that failed has nothing to release; its failure is the fit's error, not this.
    await Promise.allSettled(workers.map((worker) => worker.request({ type: 'release', id })));
    if (rows) returnSharedRows(pool, rows);
    rows = undefined;
  };
  const shared = canShareMemory();
  // Called once the loads are posted: with shared rows, work for the workers posted from it (the
  // k-means) reaches each of them right behind its load, without waiting for the load's answer.
  const bounds = jobBounds(X.rows, workers.length, minJobRows(covarianceType, d, k));
  const resident: ResidentRows | undefined = shared
    ? { id, endpoints: workers, jobs: bounds.length - 1 }
    : undefined;
  const loaded = (loads: Promise<Response>[]) =>
    awaitLoads(loads, whileLoading && (() => whileLoading(resident)), release);
  const share = shared
    ? await loadShared(workers, takeSharedRows(pool, X.rows * X.cols), X, bounds, load, loaded, eStepOf)
    : await loadCopies(workers, X, load, loaded, eStepOf);
  rows = share.rows;

  const kernel = kernelFor(covarianceType, d);
  const eStep = chunkedEStepAsync<MixtureParams, GaussianStats, number>({
    chunks: () => Array.from({ length: share.parts }, (_, part) => part),
    eStepChunk: async (params, part) => {
      const stats = await share.statistics(params, part);
      return { stats, logLikelihood: stats.logLikelihood / X.rows };
    },
    zero: () => zeroStats(kernel, k, d),
    add: addStats,
  });
  return {
    workers: workers.length,
    ...(resident ? { resident } : {}),
    eStep,
    release,
  };
}

/**
 * Waits for the workers to take the rows, running `whileLoading` on this thread meanwhile (the
 * initial parameters here, overlapping the workers' copies, or the k-means posted to them). When it
 * throws, the workers' copies are released once loaded, and the error goes on.
 */
async function awaitLoads(
  loads: Promise<Response>[],
  whileLoading: (() => void) | undefined,
  release: () => Promise<void>,
): Promise<void> {
  try {
    whileLoading?.();
  } catch (error) {
    await Promise.allSettled(loads);
    await release();
    throw error;
  }
  await Promise.all(loads);
}

/** Waits as {@link awaitLoads} for loads already posted. */
type Loaded = (loads: Promise<Response>[]) => Promise<void>;

type EStepOf = (worker: Endpoint, params: Parameters_, jobs?: number) => Promise<Response & { ok: true }>;

/** Every worker gets a copy of its own contiguous share; part w is worker w's share. */
async function loadCopies(
  workers: Endpoint[],
  X: FlatMatrix,
  load: Load,
  loaded: Loaded,
  eStepOf: EStepOf,
): Promise<Share> {
  const d = X.cols;
  await loaded(
    workers.map((worker, w) => {
      const start = Math.floor((w * X.rows) / workers.length);
      const end = Math.floor(((w + 1) * X.rows) / workers.length);
      const data = X.data.slice(start * d, end * d);
      return load(worker, { data, rows: end - start }, [data.buffer]);
    }),
  );
  return {
    parts: workers.length,
    async statistics(params, part) {
      return (await eStepOf(workers[part]!, params)).stats as GaussianStats;
    },
  };
}

/**
 * All rows copied into `data` (shared memory) read by every worker; each E-step, one message to each worker
 * starts a round in which they take job numbers (rows cut at `bounds`) from a shared counter. Part j is job j, whoever
 * did it. The round starts with the first part asked for and ends when every part was handed out.
 */
async function loadShared(
  workers: Endpoint[],
  data: Float64Array,
  X: FlatMatrix,
  bounds: number[],
  load: Load,
  loaded: Loaded,
  eStepOf: EStepOf,
): Promise<Share> {
  data.set(X.data.subarray(0, X.rows * X.cols));
  const jobCounter = new Int32Array(new SharedArrayBuffer(4));
  const jobs = bounds.length - 1;
  await loaded(
    workers.map((worker) => load(worker, { data, rows: X.rows, jobCounter, jobBounds: bounds }, [])),
  );

  let round: Promise<Map<number, GaussianStats>> | undefined;
  let handedOut = 0;
  const startRound = async (params: Parameters_) => {
    Atomics.store(jobCounter, 0, 0);
    const replies = await Promise.all(workers.map((worker) => eStepOf(worker, params, jobs)));
    const byJob = new Map<number, GaussianStats>();
    for (const reply of replies) for (const part of reply.parts ?? []) byJob.set(part.job, part.stats);
    if (byJob.size !== jobs)
      throw new WorkerError('failed', `workers returned ${byJob.size} of ${jobs} jobs`);
    return byJob;
  };
  return {
    parts: jobs,
    rows: data,
    async statistics(params, part) {
      if (!round) round = startRound(params);
      const current = round;
      if (++handedOut === jobs) {
        round = undefined;
        handedOut = 0;
      }
      return (await current).get(part)!;
    },
  };
}
