import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';

export const examplesDir = fileURLToPath(
  new URL('../examples/', import.meta.url),
);

const printed = new Map<string, string[]>();

/**
 * Runs an example file (a plain script) and returns what it printed with console.log, one string
 * per call. A module runs once per test file, so the output is remembered for later calls.
 */
export async function runExample(name: string): Promise<string[]> {
  const known = printed.get(name);
  if (known) return known;
  const lines: string[] = [];
  printed.set(name, lines);
  const spy = vi
    .spyOn(console, 'log')
    .mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
  try {
    await import(`../examples/${name}.ts`);
  } finally {
    spy.mockRestore();
  }
  return lines;
}

/**
 * The printed output is shown in the guides from examples/output/<name>.txt; it must be exactly what
 * the example prints. UPDATE_EXAMPLES=1 rewrites the file instead (then review the diff).
 */
export function expectedOutput(name: string, lines: string[]): string {
  const file = `${examplesDir}output/${name}.txt`;
  const actual = `${lines.join('\n')}\n`;
  if (process.env.UPDATE_EXAMPLES === '1') writeFileSync(file, actual);
  return readFileSync(file, 'utf8');
}

const cli = fileURLToPath(
  new URL('../node_modules/@em/cli/dist/cli.js', import.meta.url),
);

/**
 * Runs the `em` command of examples/cli/<name>.sh (one line, `em …`, arguments without quotes) with
 * the built CLI, in `cwd`, and returns its exit status, stdout and stderr.
 */
export function runCommand(
  name: string,
  cwd: string,
): { status: number | null; stdout: string; stderr: string } {
  const line = readFileSync(`${examplesDir}cli/${name}.sh`, 'utf8').trim();
  const [command, ...args] = line.split(/\s+/);
  if (command !== 'em' || line.includes('\n'))
    throw new Error(`${name}.sh must be one em command`);
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
