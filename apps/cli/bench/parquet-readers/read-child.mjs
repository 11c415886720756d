// One reader, one pass over one Parquet file, in a fresh process (its peak RSS is the reader's).
// Prints one JSON line: rows, seconds, CPU seconds, peak RSS and an order-sensitive checksum of the values.
//   node read-child.mjs READER FILE DEPS_DIR [THREADS]
import { readFileSync } from 'node:fs';
import { checksum } from './checksum.mjs';
import { readers } from './readers.mjs';

const [name, path, from, threads] = process.argv.slice(2);
const peakMiB = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
const state = { rows: 0, sum: 0 };
const cpu = process.cpuUsage();
const start = performance.now();
await readers[name](path, (data, rows) => checksum(state, data, rows), from, {
  threads: Number(threads) || undefined,
});
const seconds = (performance.now() - start) / 1000;
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({
    name,
    path,
    rows: state.rows,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMiB: peakMiB(),
    sum: state.sum,
  }),
);
