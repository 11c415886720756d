import { describe, expect, it } from 'vitest';
import { createScheduler } from '../src/parallel/schedule.js';

/** A worker that takes `ms` per job, recording what it did. */
function fakeWorker(name: string, ms: number) {
  const done: number[] = [];
  let running = 0;
  let maxRunning = 0;
  return {
    name,
    done,
    get maxRunning() {
      return maxRunning;
    },
    async run(job: number): Promise<string> {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      done.push(job);
      return `${name}:${job}`;
    },
  };
}

describe('createScheduler', () => {
  it('gives a slow worker fewer jobs than a fast one, and every job exactly once', async () => {
    const fast = fakeWorker('fast', 2);
    const slow = fakeWorker('slow', 12);
    const schedule = createScheduler([fast, slow]);
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, job) => schedule((worker) => worker.run(job))),
    );
    expect(results).toHaveLength(24);
    expect([...fast.done, ...slow.done].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 24 }, (_, i) => i),
    );
    // A fixed split would give each 12; the fast worker should take most of them.
    expect(fast.done.length).toBeGreaterThan(2 * slow.done.length);
  });

  it('keeps at most `depth` jobs queued at each worker and spreads the first ones', async () => {
    const a = fakeWorker('a', 3);
    const b = fakeWorker('b', 3);
    const schedule = createScheduler([a, b], 2);
    const first: string[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, job) =>
        schedule((worker) => {
          if (job < 2) first.push(worker.name);
          return worker.run(job);
        }),
      ),
    );
    expect(first).toEqual(['a', 'b']);
    expect(a.maxRunning).toBeLessThanOrEqual(2);
    expect(b.maxRunning).toBeLessThanOrEqual(2);
  });

  it('passes a failed job on to its caller and goes on with the others', async () => {
    const a = fakeWorker('a', 1);
    const schedule = createScheduler([a]);
    const failing = schedule(() => Promise.reject(new Error('boom')));
    const fine = schedule((worker) => worker.run(1));
    await expect(failing).rejects.toThrow('boom');
    await expect(fine).resolves.toBe('a:1');
  });
});
