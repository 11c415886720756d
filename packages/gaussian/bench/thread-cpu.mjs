// CPU time of every thread of this process, for the benches that show where a fit on workers
// spends its time (workers.mjs per iteration, ours.mjs end to end).
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100 on Linux: stat's unit
const schedstat = existsSync('/proc/self/schedstat');

/** CPU milliseconds of thread `tid`: schedstat's nanoseconds where the kernel has it, else stat's ticks. */
function taskCpu(tid) {
  if (schedstat) return Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/**
 * CPU milliseconds of each thread of this process, by thread id; empty where /proc is absent. The
 * scheduler's own count in nanoseconds (schedstat) where the kernel has it, else the 10 ms ticks of
 * stat (too coarse for a share of a millisecond per iteration).
 */
export function threadCpu() {
  const times = new Map();
  let tasks = [];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return times;
  }
  for (const tid of tasks) {
    try {
      times.set(Number(tid), taskCpu(tid));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return times;
}

/** What {@link threadCpu} reads, for the benches' captions. */
export const cpuClock = schedstat ? 'schedstat, ns' : '10 ms ticks';
