// A worker that serves one whole fit, then exits (code 3) on the second fit's first E-step, as a
// crashing or killed worker would mid-fit.
import { parentPort } from 'node:worker_threads';
import '../../dist/parallel-worker.js';

let released = false;
parentPort.on('message', (request) => {
  if (request.type === 'release') released = true;
  else if (released && request.type === 'eStep') process.exit(3);
});
