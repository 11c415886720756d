import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built binary: tests run what users run. */
export const BIN = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const FAITHFUL = join(FIXTURES, 'faithful.csv');

if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run 'pnpm build' in apps/cli first`);

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  input?: string;
  /** Called with each chunk of stderr and the child, e.g. to send it a signal. */
  onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
}

/** Runs `em` with `args` in a subprocess, stdout and stderr captured separately (pipes, not a TTY). */
export function em(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? tempDir(), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'em-cli-test-'));
}
