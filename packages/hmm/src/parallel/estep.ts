import { type EStepResult, NumericalError, sumEStepResults } from '@em/core';
import { addCounts, blockBounds, type Params, zeroCounts } from '../baum-welch.js';
import { type AnyEmission, emissionSpec } from '../emissions/spec.js';
import { type CountStats, finishTransitions } from '../forward-backward.js';
import { type Sequences, sequenceCount } from '../sequences.js';
import { type Endpoint, WorkerFailedError, type WorkerPool } from './pool.js';
import type { Part, Request, Response } from './protocol.js';

let nextFitId = 1;

type LoadFields = Omit<Extract<Request, { type: 'load' }>, 'type' | 'id' | 'emission'>;

/** An E-step spread over a pool's workers, and how to free the workers' copy of the sequences. */
export interface ParallelEStep {
  eStep(params: Params<unknown>): Promise<EStepResult<CountStats<unknown>>>;
  release(): Promise<void>;
}

/** A reply, or the error it carries: a NumericalError as `fit` would throw it, else a WorkerFailedError. */
function check(reply: Response): Response & { ok: true } {
  if (reply.ok) return reply;
  if (reply.name === 'NumericalError') {
    const { message, suggestion } = reply;
    const base =
      suggestion && message.endsWith(` ${suggestion}`) ? message.slice(0, -suggestion.length - 1) : message;
    throw new NumericalError(base, suggestion);
  }
  throw new WorkerFailedError('error', `${reply.name}: ${reply.message}`);
}

/** Whether this environment can post a SharedArrayBuffer to workers (browsers: cross-origin isolated). */
function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated === undefined || isolated;
}

/**
 * Spreads Baum–Welch's E-step over at most `count` of a pool's workers. The jobs are the E-step's
 * blocks of whole sequences ({@link blockBounds}), so there are never more workers than blocks. The
 * sequences go to the workers once, here; each E-step then sends only the parameters. Where memory
 * can be shared (Node; browsers when the page is cross-origin isolated) the observations are copied
 * once into a SharedArrayBuffer that every worker reads, and the workers take blocks from a shared
 * counter until none is left, so a worker slowed down by other load on its core takes fewer.
 * Elsewhere each worker gets a copy of a fixed share of the blocks. Either way the counts of the
 * blocks are added in block order with @em/core's `sumEStepResults` — the additions `fit` makes — so
 * the result does not depend on which worker did what, and is `fit`'s, bit for bit.
 */
export async function loadParallelEStep(
  pool: WorkerPool,
  seqs: Sequences,
  emission: AnyEmission,
  count: number,
): Promise<ParallelEStep> {
  const nSeq = sequenceCount(seqs);
  const blocks = blockBounds(seqs.offsets);
  const jobs = blocks.length - 1;
  const workers = await pool.endpoints(Math.min(count, jobs));
  const id = nextFitId++;
  const spec = emissionSpec(emission);
  const d = seqs.columns;
  let jobCounter: Int32Array | undefined;
  const loads: Promise<unknown>[] = [];
  const load = (worker: Endpoint, fields: LoadFields, transfer: ArrayBuffer[]) =>
    worker.request({ type: 'load', id, emission: spec, ...fields }, transfer).then(check);
  if (canShareMemory()) {
    const total = seqs.offsets[nSeq]!;
    const data = new Float64Array(new SharedArrayBuffer(total * d * 8));
    data.set(seqs.data.subarray(0, total * d));
    const offsets = new Int32Array(new SharedArrayBuffer(seqs.offsets.length * 4));
    offsets.set(seqs.offsets);
    jobCounter = new Int32Array(new SharedArrayBuffer(4));
    for (const worker of workers)
      loads.push(load(worker, { data, offsets, base: 0, bounds: blocks, firstJob: 0, jobCounter }, []));
  } else {
    // Worker w: blocks ⌊w·jobs/W⌋ … ⌊(w+1)·jobs/W⌋ − 1, a copy of their sequences only.
    workers.forEach((worker, w) => {
      const firstJob = Math.floor((w * jobs) / workers.length);
      const lastJob = Math.floor(((w + 1) * jobs) / workers.length);
      const first = blocks[firstJob]!;
      const last = blocks[lastJob]!;
      const t0 = seqs.offsets[first]!;
      const data = seqs.data.slice(t0 * d, seqs.offsets[last]! * d);
      const offsets = seqs.offsets.slice(first, last + 1).map((o) => o - t0);
      const bounds = blocks.slice(firstJob, lastJob + 1).map((q) => q - first);
      const transfer = [data.buffer, offsets.buffer];
      loads.push(load(worker, { data, offsets, base: first, bounds, firstJob }, transfer));
    });
  }
  const release = async () => {
    await Promise.allSettled(workers.map((worker) => worker.request({ type: 'release', id })));
  };
  try {
    await Promise.all(loads);
  } catch (error) {
    await release();
    throw error;
  }
  const algebra = {
    zero: () => zeroCounts(emission),
    add: (into: CountStats<unknown>, other: CountStats<unknown>) => addCounts(emission, into, other),
  };

  return {
    async eStep(params) {
      if (jobCounter) Atomics.store(jobCounter, 0, 0);
      const replies = await Promise.all(
        workers.map((worker) => worker.request({ type: 'eStep', id, params }).then(check)),
      );
      const byJob: (Part | undefined)[] = Array.from({ length: jobs }, () => undefined);
      for (const reply of replies) for (const part of reply.parts ?? []) byJob[part.job] = part;
      if (byJob.some((part) => part === undefined))
        throw new WorkerFailedError('error', `the workers returned the counts of only some of ${jobs} jobs`);
      const total = sumEStepResults(byJob as Part[], algebra);
      finishTransitions(total.stats.trans, params.transMat);
      return total;
    },
    release,
  };
}
