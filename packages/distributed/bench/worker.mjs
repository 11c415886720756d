// A worker process of the benchmark: `node bench/worker.mjs PORT QUEUE`.
import { startWorker } from '../dist/index.js';

const [port, queue] = process.argv.slice(2);
const worker = startWorker({ connection: { host: '127.0.0.1', port: Number(port) }, queue });
process.on('SIGTERM', async () => {
  await worker.close();
  process.exit(0);
});
console.log('ready');
