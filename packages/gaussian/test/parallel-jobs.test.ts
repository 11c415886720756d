import { describe, expect, it } from 'vitest';
import { jobBounds, MIN_JOB_ROWS } from '../src/parallel/jobs.js';

const sizes = (bounds: number[]) => bounds.slice(1).map((end, j) => end - bounds[j]!);

describe('jobBounds: the guided cut of the rows into jobs', () => {
  it('covers every row once, in order, from 0 to rows', () => {
    for (const [rows, workers] of [
      [100_000, 2],
      [20_000, 2],
      [200_000, 4],
      [4_097, 2],
      [7, 3],
    ] as const) {
      const bounds = jobBounds(rows, workers);
      expect(bounds[0]).toBe(0);
      expect(bounds.at(-1)).toBe(rows);
      for (const size of sizes(bounds)) expect(size).toBeGreaterThan(0);
    }
  });

  it('100 000 rows on 2 workers: a quarter first, each job 3/4 of the one before, down to the minimum', () => {
    const bounds = jobBounds(100_000, 2);
    const size = sizes(bounds);
    // remaining / (2 · workers): 100 000 / 4, then 75 000 / 4, …
    expect(size.slice(0, 3)).toEqual([25_000, 18_750, Math.ceil(56_250 / 4)]);
    expect(size.every((s) => s >= MIN_JOB_ROWS)).toBe(true);
    // The last jobs are small: a worker waits at most about one of them at the end of an E-step.
    expect(Math.max(...size.slice(-3))).toBeLessThan(2 * MIN_JOB_ROWS);
  });

  it('one worker, or fewer rows than two minimum jobs, is a single job', () => {
    expect(jobBounds(100_000, 1)).toEqual([0, 100_000]);
    expect(jobBounds(MIN_JOB_ROWS + 10, 2)).toEqual([0, MIN_JOB_ROWS + 10]);
  });
});
