// The pools behind `workers: n` (src/parallel/shared-pools.ts): kept between fits, one fit at a
// time, closed once idle. No thread starts here: a pool starts its workers on first use only.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWorkerPool, WorkerPool } from '../src/parallel/pool.js';
import { closeSharedWorkerPools, IDLE_CLOSE_MS, lendPool } from '../src/parallel/shared-pools.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  vi.useRealTimers();
  await closeSharedWorkerPools();
  vi.restoreAllMocks();
});

describe('lendPool', () => {
  it('lends the same pool to fits one after another', async () => {
    const first = await lendPool(2, 1000);
    await first.giveBack();
    const second = await lendPool(2, 1000);
    expect(second.pool).toBe(first.pool);
    await second.giveBack();
  });

  it('gives a fit that starts while another runs a pool of its own, closed when it ends', async () => {
    const running = await lendPool(2, 1000);
    const meanwhile = await lendPool(2, 1000);
    expect(meanwhile.pool).not.toBe(running.pool);
    const closed = vi.spyOn(meanwhile.pool, 'close');
    await meanwhile.giveBack();
    expect(closed).toHaveBeenCalledTimes(1);
    // The shared one is still lent: giving the other back did not touch it.
    const sharedClosed = vi.spyOn(running.pool, 'close');
    await running.giveBack();
    expect(sharedClosed).not.toHaveBeenCalled();
  });

  it(`closes the shared pool ${IDLE_CLOSE_MS} ms after its last fit, not before`, async () => {
    const lent = await lendPool(2, 1000);
    const closed = vi.spyOn(lent.pool, 'close');
    await lent.giveBack();
    vi.advanceTimersByTime(IDLE_CLOSE_MS - 1);
    expect(closed).not.toHaveBeenCalled();
    // A fit in the meantime restarts the wait from its own end.
    const again = await lendPool(2, 1000);
    expect(again.pool).toBe(lent.pool);
    vi.advanceTimersByTime(IDLE_CLOSE_MS);
    expect(closed).not.toHaveBeenCalled();
    await again.giveBack();
    vi.advanceTimersByTime(IDLE_CLOSE_MS);
    expect(closed).toHaveBeenCalledTimes(1);
    const next = await lendPool(2, 1000);
    expect(next.pool).not.toBe(lent.pool);
    await next.giveBack();
  });

  it('giving back twice counts once', async () => {
    const a = await lendPool(2, 1000);
    await a.giveBack();
    await a.giveBack();
    const b = await lendPool(2, 1000);
    // Were the second give-back counted, this fit's pool would count −1 users and never close.
    const closed = vi.spyOn(b.pool, 'close');
    await b.giveBack();
    vi.advanceTimersByTime(IDLE_CLOSE_MS);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('keeps one pool per thread count: fewer rows than workers, fewer threads', async () => {
    const wide = await lendPool(2, 1000);
    const narrow = await lendPool(2, 1);
    expect(narrow.pool.size).toBe(1);
    expect(narrow.pool).not.toBe(wide.pool);
    await Promise.all([wide.giveBack(), narrow.giveBack()]);
  });

  it("lends the caller's own pool as it is, and never closes it", async () => {
    const own = createWorkerPool(3);
    const closed = vi.spyOn(own, 'close');
    const lent = await lendPool(own, 1000);
    expect(lent.pool).toBe(own);
    await lent.giveBack();
    vi.advanceTimersByTime(10 * IDLE_CLOSE_MS);
    expect(closed).not.toHaveBeenCalled();
  });

  it('closeSharedWorkerPools closes every kept pool at once; the next fit gets a new one', async () => {
    const lent = await lendPool(2, 1000);
    expect(lent.pool).toBeInstanceOf(WorkerPool);
    const closed = vi.spyOn(lent.pool, 'close');
    await lent.giveBack();
    await closeSharedWorkerPools();
    expect(closed).toHaveBeenCalledTimes(1);
    // Its idle timer went with it: no second close later.
    vi.advanceTimersByTime(IDLE_CLOSE_MS);
    expect(closed).toHaveBeenCalledTimes(1);
    const next = await lendPool(2, 1000);
    expect(next.pool).not.toBe(lent.pool);
    await next.giveBack();
  });
});
