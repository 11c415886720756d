/**
 * Hands jobs to whichever worker is free, keeping up to `depth` requests queued at each so that a
 * worker starts its next job without waiting for a round trip. A worker slowed down by other load
 * on its core simply takes fewer jobs, where a fixed share per worker would make every iteration
 * wait for the slowest.
 */
export function createScheduler<W>(workers: readonly W[], depth = 2) {
  const waiting: ((worker: W) => void)[] = [];
  const busy = new Map<W, number>(workers.map((worker) => [worker, 0]));

  function dispatch(): void {
    // Round by round, so that jobs spread over the workers before any gets a second one.
    for (let level = 0; level < depth && waiting.length > 0; level++) {
      for (const worker of workers) {
        if (waiting.length === 0) break;
        if (busy.get(worker)! > level) continue;
        busy.set(worker, busy.get(worker)! + 1);
        waiting.shift()!(worker);
      }
    }
  }

  return function schedule<T>(job: (worker: W) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      waiting.push((worker) => {
        job(worker)
          .then(resolve, reject)
          .finally(() => {
            busy.set(worker, busy.get(worker)! - 1);
            dispatch();
          });
      });
      dispatch();
    });
  };
}
