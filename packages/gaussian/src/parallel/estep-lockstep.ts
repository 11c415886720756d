/**
 * The E-step of a fit that its workers run together, in lockstep (`fit-in-lockstep.ts`): each
 * takes jobs from a shared counter, as for the calling thread's E-steps (`estep.ts`), and writes
 * their statistics to a shared area; past the barrier, each reads every job's and adds them in job
 * order with @em/core's `chunkedEStep` — what the calling thread adds with `chunkedEStepAsync`, to
 * the bit, and the same in every worker, so that each takes the same M-step next.
 */
import { chunkedEStep, type EStepResult } from '@em/core';
import { addStats, zeroStats } from '../estep.js';
import type { CovarianceKernel, GaussianStats } from '../kernels/types.js';
import type { MixtureParams } from '../types.js';
import type { ReplyExchange } from './reply-exchange.js';

/** What the workers of a fit in lockstep share for its E-steps (plain data: it crosses as a message). */
export interface LockstepEStepMemory {
  /** Two rounds (even and odd E-steps) of every job's statistics: {@link lockstepStatsDoubles} each. */
  area: SharedArrayBuffer;
  /** The next job of the even and of the odd E-steps. */
  counters: Int32Array;
}

/** Doubles of one job's statistics in the shared area: n, the log-likelihood, nk, s1, s2. */
export function lockstepStatsDoubles(kernel: CovarianceKernel, k: number, d: number): number {
  return 2 + k + k * d + kernel.statsSize(k, d);
}

/** The rows of a fit as its workers hold them, and how they are cut into jobs. */
export interface LockstepRows {
  rows: number;
  /** Job j covers rows `jobBounds[j]` … `jobBounds[j + 1]`. */
  jobBounds: number[];
}

/**
 * An E-step for `runEM` over the rows, run by this worker together with the others of `exchange`
 * (each calls it with the same parameters). `statistics` adds the statistics of rows [first,
 * last) under the parameters into zero statistics.
 */
export function lockstepEStep(
  exchange: ReplyExchange,
  memory: LockstepEStepMemory,
  { rows, jobBounds }: LockstepRows,
  kernel: CovarianceKernel,
  k: number,
  d: number,
  statistics: (first: number, last: number, params: MixtureParams, stats: GaussianStats) => void,
): (params: MixtureParams) => EStepResult<GaussianStats> {
  const jobs = jobBounds.length - 1;
  const size = lockstepStatsDoubles(kernel, k, d);
  const area = new Float64Array(memory.area);
  const { counters } = memory;
  let round = 0;
  /** Where job `job`'s statistics of this round start in the shared area. */
  const offsetOf = (job: number) => ((round & 1) * jobs + job) * size;
  /** Job `job`'s statistics of this round, as views of the shared area. */
  const statsOf = (job: number): GaussianStats => {
    const at = offsetOf(job);
    const s1 = at + 2 + k;
    const s2 = s1 + k * d;
    return {
      n: area[at]!,
      logLikelihood: area[at + 1]!,
      nk: area.subarray(at + 2, s1),
      s1: area.subarray(s1, s2),
      s2: area.subarray(s2, at + size),
    };
  };
  const jobNumbers = Array.from({ length: jobs }, (_, job) => job);
  const addJobs = chunkedEStep<MixtureParams, GaussianStats, number>({
    chunks: () => jobNumbers,
    eStepChunk: (_params, job) => {
      const stats = statsOf(job);
      return { stats, logLikelihood: stats.logLikelihood / rows };
    },
    zero: () => zeroStats(kernel, k, d),
    add: addStats,
  });
  return (params) => {
    const parity = round & 1;
    for (let job = Atomics.add(counters, parity, 1); job < jobs; job = Atomics.add(counters, parity, 1)) {
      const at = offsetOf(job);
      area.fill(0, at, at + size);
      const stats = statsOf(job);
      statistics(jobBounds[job]!, jobBounds[job + 1]!, params, stats);
      area[at] = stats.n;
      area[at + 1] = stats.logLikelihood;
    }
    // The last to arrive readies the other round's counter: everyone took its last job from it
    // before the previous barrier. (This round's area is rewritten two rounds on, after everyone
    // has passed the next barrier, so done reading it.)
    exchange.arrive(() => Atomics.store(counters, 1 - parity, 0));
    const total = addJobs(params);
    round++;
    return total;
  };
}
