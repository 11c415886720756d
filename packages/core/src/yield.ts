/**
 * Lets the event loop run (rendering, input, timers) before the next iteration. `setImmediate`
 * in Node; `MessageChannel` in browsers, which is not clamped to 4 ms like `setTimeout`.
 *
 * @example
 * ```ts
 * import { yieldToEventLoop } from '@em/core';
 * for (const chunk of chunks) {
 *   process(chunk);
 *   await yieldToEventLoop(); // keep the page responsive
 * }
 * ```
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') return new Promise((resolve) => immediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      // Browser ports deliver through onmessage (Node's typings do not declare it).
      (channel.port1 as unknown as { onmessage: () => void }).onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(undefined);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
