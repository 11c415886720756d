import { InvalidOptionError } from '@em/core';

/**
 * `default.ts` as built into the worker: a fit on a worker never starts workers of its own (its
 * options come without `workers`), and the worker file must not name itself with
 * `new URL('…', import.meta.url)`, which bundlers would follow again and which a classic worker
 * cannot contain.
 */
export const defaultWorkerUrl = (): URL => {
  throw new InvalidOptionError('workers', 'undefined inside a worker thread', 'a pool without workerUrl');
};
