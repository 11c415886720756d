// Listens before the worker's own handler (imported after it by load-fails.mjs): in a worker with
// an odd thread id (one of a pool of two), a `load` throws — an uncaught error, so the worker
// fails — while the k-means posted right behind it is on its way and the other worker waits for
// this one at the k-means' first barrier.
import { parentPort, threadId } from 'node:worker_threads';

parentPort.on('message', (request) => {
  if (request.type === 'load' && threadId % 2 === 1) throw new Error('this worker refuses the rows');
});
