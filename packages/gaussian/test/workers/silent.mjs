// A worker that never answers (stuck in its own work, or lost).
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => {});
