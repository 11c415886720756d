import { describe, expect, it } from 'vitest';
import { jobBounds, MIN_JOB_ROWS, MIN_JOB_ROWS_FLOOR, minJobRows } from '../src/parallel/jobs.js';

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

  it('a smaller minimum (minJobRows for many features) keeps the cut, down to smaller last jobs', () => {
    const bounds = jobBounds(100_000, 2, 416);
    const size = sizes(bounds);
    expect(bounds.at(-1)).toBe(100_000);
    expect(size.slice(0, 3)).toEqual([25_000, 18_750, Math.ceil(56_250 / 4)]);
    expect(size.every((s) => s >= 416)).toBe(true);
    expect(Math.max(...size.slice(-3))).toBeLessThan(2 * 416);
  });
});

describe('minJobRows: last jobs of about the same time whatever the shape', () => {
  it('work per row k·(d² + 8d + 32) for full and tied, k·(8d + 32) for diagonal: 2 048 rows of 2-D, 5 full components', () => {
    const work = 2048 * 5 * (4 + 16 + 32);
    expect(minJobRows('full', 2, 5)).toBe(MIN_JOB_ROWS);
    expect(minJobRows('full', 8, 8)).toBe(Math.ceil(work / (8 * (64 + 64 + 32))));
    expect(minJobRows('tied', 8, 8)).toBe(minJobRows('full', 8, 8));
    expect(minJobRows('diag', 32, 8)).toBe(Math.ceil(work / (8 * (256 + 32))));
    expect(minJobRows('spherical', 32, 8)).toBe(minJobRows('diag', 32, 8));
  });

  it('between the floor and MIN_JOB_ROWS', () => {
    expect(minJobRows('full', 32, 8)).toBe(MIN_JOB_ROWS_FLOOR);
    expect(minJobRows('full', 200, 50)).toBe(MIN_JOB_ROWS_FLOOR);
    expect(minJobRows('diag', 1, 1)).toBe(MIN_JOB_ROWS);
  });
});
