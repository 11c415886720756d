/**
 * The worker side of the parallel E-step, for Node's `worker_threads` and browsers' Web Workers:
 * it keeps the rows of each fit (all of them, shared, or its own share) and answers each E-step
 * with statistics — of the jobs it took from the shared counter, or of its share — which add up on
 * the main thread, as @em/core's chunked E-steps do.
 */
import { EMError, NumericalError } from '@em/core';
import { CHUNK_ROWS } from '../estep.js';
import { GaussianMixture } from '../gaussian-mixture.js';
import { type KmeansShard, kmeansShard } from '../init/kmeans-shard.js';
import { kernelFor } from '../kernels/index.js';
import { createFusedEStep, type FusedEStep } from '../kernels/specialized/index.js';
import type { CovarianceKernel } from '../kernels/types.js';
import type { Request, Response, StatsMessage } from './protocol.js';

interface Loaded {
  data: Float64Array;
  jobCounter: Int32Array | undefined;
  jobBounds: number[] | undefined;
  rows: number;
  cols: number;
  k: number;
  kernel: CovarianceKernel;
  eStep: FusedEStep;
}

interface Port {
  postMessage(message: Response, transfer?: ArrayBuffer[]): void;
}

const fits = new Map<number, Loaded>();
/** The k-means initialisation running over a fit's rows, by fit id (see `kmeans.ts`). */
const kmeansRuns = new Map<number, KmeansShard>();

function dropKmeans(id: number): void {
  kmeansRuns.get(id)?.close();
  kmeansRuns.delete(id);
}

/** Answers a `kmeans` request: its steps over this worker's blocks of the fit's shared rows. */
function kmeansSteps(request: Extract<Request, { type: 'kmeans' }>, port: Port): void {
  const fit = fits.get(request.id);
  if (!fit?.jobBounds) throw new Error(`no shared rows loaded for fit ${request.id}`);
  if (request.shard) {
    dropKmeans(request.id);
    const { firstRow, firstBlock, rows, k, trials, blockRows } = request.shard;
    const X = fit.data.subarray(firstRow * fit.cols, (firstRow + rows) * fit.cols);
    kmeansRuns.set(
      request.id,
      kmeansShard(X, rows, fit.cols, k, trials, blockRows, { firstRow, firstBlock }),
    );
  }
  const shard = kmeansRuns.get(request.id);
  if (!shard) throw new Error(`no k-means running for fit ${request.id}`);
  const replies = shard.run(request.ops);
  if (request.ops.some((op) => op.op === 'end')) dropKmeans(request.id);
  const labels = replies.flatMap((reply) =>
    [reply.labels, reply.moments].flatMap((array) => (array ? [array.buffer as ArrayBuffer] : [])),
  );
  port.postMessage({ ok: true, kmeans: replies }, labels);
}

/** The statistics of rows [first, last) under the request's parameters. */
function statistics(
  fit: Loaded,
  first: number,
  last: number,
  parameters: { weights: Float64Array; means: Float64Array; precisionsCholesky: Float64Array },
): StatsMessage {
  // Arrays with buffers of their own (not zeroStats' shared slab): they are transferred.
  const stats = {
    n: 0,
    logLikelihood: 0,
    nk: new Float64Array(fit.k),
    s1: new Float64Array(fit.k * fit.cols),
    s2: new Float64Array(fit.kernel.statsSize(fit.k, fit.cols)),
  };
  // In chunks, as on the main thread: many short calls get the kernel optimised at once, where
  // one long call would run for a while in unoptimised code.
  for (let start = first; start < last; start += CHUNK_ROWS) {
    const end = Math.min(last, start + CHUNK_ROWS);
    fit.eStep.run(
      fit.data,
      start,
      end,
      parameters.weights,
      parameters.means,
      parameters.precisionsCholesky,
      stats,
    );
  }
  return stats;
}

function handle(request: Request, port: Port): void {
  try {
    if (request.type === 'load') {
      const { data, jobCounter, jobBounds, rows, cols, covarianceType, nComponents: k, kernels } = request;
      const kernel = kernelFor(covarianceType, cols);
      // The number of rows chooses the kernel as on the calling thread, and lets the WebAssembly
      // kernels keep the rows this worker reads in their memory for the fit.
      const eStep = createFusedEStep(covarianceType, cols, k, kernels, undefined, undefined, rows);
      fits.set(request.id, { data, jobCounter, jobBounds, rows, cols, k, kernel, eStep });
      port.postMessage({ ok: true });
    } else if (request.type === 'eStep') {
      const fit = fits.get(request.id);
      if (!fit) throw new Error(`no data loaded for fit ${request.id}`);
      const buffers = (stats: StatsMessage) =>
        [stats.nk.buffer, stats.s1.buffer, stats.s2.buffer] as ArrayBuffer[];
      const { jobs } = request;
      if (jobs === undefined || !fit.jobCounter || !fit.jobBounds) {
        const stats = statistics(fit, 0, fit.rows, request);
        port.postMessage({ ok: true, stats }, buffers(stats));
        return;
      }
      const parts: { job: number; stats: StatsMessage }[] = [];
      for (let job = Atomics.add(fit.jobCounter, 0, 1); job < jobs; job = Atomics.add(fit.jobCounter, 0, 1)) {
        parts.push({ job, stats: statistics(fit, fit.jobBounds[job]!, fit.jobBounds[job + 1]!, request) });
      }
      port.postMessage(
        { ok: true, parts },
        parts.flatMap((part) => buffers(part.stats)),
      );
    } else if (request.type === 'kmeans') {
      kmeansSteps(request, port);
    } else if (request.type === 'fit') {
      const X = { data: request.data, rows: request.rows, cols: request.cols };
      const model = new GaussianMixture(request.options);
      if (request.from) port.postMessage({ ok: true, run: model.runFrom(X, request.from) });
      else port.postMessage({ ok: true, state: model.fit(X).fittedState });
    } else {
      fits.delete(request.id);
      dropKmeans(request.id);
      port.postMessage({ ok: true });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof EMError) {
      const numerical = error instanceof NumericalError;
      port.postMessage({ ok: false, message, error: { name: error.name, code: error.code, numerical } });
    } else port.postMessage({ ok: false, message });
  }
}

interface NodeWorkerThreads {
  parentPort: (Port & { on(event: 'message', listener: (request: Request) => void): void }) | null;
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
if (isNode) {
  const listen = ({ parentPort }: NodeWorkerThreads) => {
    const port = parentPort;
    port?.on('message', (request) => handle(request, port));
  };
  // No top-level await: bundlers may re-bundle this file as a classic (IIFE) worker, as Vite's
  // `?worker&url` does by default. Node ≥ 20.16 loads the built-in synchronously; before, messages
  // wait in the port until the listener is attached. (A variable specifier keeps browser bundlers
  // from resolving a Node built-in.)
  const specifier = 'node:worker_threads';
  const builtin = (
    process as { getBuiltinModule?: (id: string) => NodeWorkerThreads | undefined }
  ).getBuiltinModule?.(specifier);
  if (builtin) listen(builtin);
  else void (import(/* @vite-ignore */ specifier) as Promise<NodeWorkerThreads>).then(listen);
} else {
  const scope = globalThis as unknown as Port & { onmessage: (event: { data: Request }) => void };
  scope.onmessage = (event) => handle(event.data, scope);
}
