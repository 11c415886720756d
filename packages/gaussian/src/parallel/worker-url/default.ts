/**
 * Where a pool loads its worker by default: `parallel-worker.js` next to this package's
 * `index.js`, written as `new URL('…', import.meta.url)` so that bundlers copy the file along.
 * (The worker's own build swaps this module for `in-worker.ts`: see tsup.config.ts.)
 */
export const defaultWorkerUrl = (): URL => new URL('./parallel-worker.js', import.meta.url);
