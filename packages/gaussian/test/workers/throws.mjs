// A worker whose message handler throws (an uncaught error: the 'error' event).
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => {
  throw new Error('broken worker');
});
