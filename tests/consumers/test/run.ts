// Runs a command in the consumer project and returns its output, or fails the test with its stderr.
import { execFileSync } from 'node:child_process';

export function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe', timeout: 110_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stderr ?? ''}${stdout ?? ''}`);
  }
}

/** Largest absolute difference between two nested arrays or records of numbers. */
export function worst(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length)
    return Math.max(0, ...a.map((value, i) => worst(value, b[i])));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    if (keys.join() !== Object.keys(b).join()) return Number.POSITIVE_INFINITY;
    return Math.max(0, ...keys.map((key) => worst((a as never)[key], (b as never)[key])));
  }
  return a === b ? 0 : Number.POSITIVE_INFINITY;
}
