// Listens before the worker's own handler (imported after it by exit-in-kmeans.mjs): as party 1 of
// a k-means in lockstep, the worker exits (code 5) before running its part.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (request) => {
  if (request.type === 'kmeansRun' && request.run.party === 1) process.exit(5);
});
