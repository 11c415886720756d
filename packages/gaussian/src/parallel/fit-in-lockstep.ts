/**
 * A whole fit run by the workers that hold its rows, in lockstep: the k-means and the initial
 * estimate (`kmeans-lockstep.ts`), then EM, each worker running the same `runEM` with an E-step
 * whose jobs they share (`estep-lockstep.ts`) and the same M-steps from the same sums. This thread
 * sends one message to each worker and waits for the result. Where it posted every E-step and
 * took every M-step itself, each iteration cost two messages each way and a wake-up of this thread,
 * and the workers' start skewed by the time the second message took; on two virtual cores that
 * was a tenth of a fit. The result is the same, to the bit: the same k-means, the same job sums
 * added in the same order, the same M-step code.
 */
import type { FlatMatrix } from '@em/core/numeric';
import type { RestartRun } from '../gaussian-mixture.js';
import type { CovarianceKernel } from '../kernels/types.js';
import { lockstepStatsDoubles } from './estep-lockstep.js';
import type { WorkerFitOptions } from './fits.js';
import { everyWorker, planLockstep, type ResidentRows, whileRunning } from './kmeans.js';
import { failExchange } from './reply-exchange.js';
import { WorkerError } from './worker-error.js';

/**
 * Starts the fit of `X` (held by `resident`'s workers) with `options` on those workers, taking the
 * k-means' draws from `random`; `here` runs on this thread meanwhile (what it throws stops the
 * workers and is thrown). Undefined, with nothing drawn, where the k-means cannot run in lockstep
 * there (see `planLockstep`).
 */
export function fitInLockstep(
  resident: ResidentRows | undefined,
  X: FlatMatrix,
  options: WorkerFitOptions & { nComponents: number },
  kernel: CovarianceKernel,
  random: () => number,
  here?: () => void,
): Promise<RestartRun> | undefined {
  const jobs = resident?.jobs;
  if (jobs === undefined) return undefined;
  const k = options.nComponents;
  const plan = planLockstep(resident, X, k, random, true);
  if (!plan) return undefined;
  const size = lockstepStatsDoubles(kernel, k, X.cols);
  const memory = {
    area: new SharedArrayBuffer(2 * jobs * size * 8),
    counters: new Int32Array(new SharedArrayBuffer(8)),
  };
  const running = everyWorker(
    plan.parties.map(
      ({ worker, run }) =>
        () =>
          worker.request({ type: 'kmeansRun', id: plan.id, run, fit: { options, memory } }),
    ),
    (reply) => reply.run,
    () => failExchange(plan.exchange),
  );
  return (async () => {
    await whileRunning(here, plan.exchange, running);
    // Every worker ran the same EM; the first reports it.
    const [run] = await running;
    if (!run) throw new WorkerError('failed', 'a fit in lockstep answered without its result');
    return run;
  })();
}
