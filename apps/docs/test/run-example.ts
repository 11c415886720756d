import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, vi } from 'vitest';

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

const NUMBER = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;

/**
 * Checks that `text` (an example's output) is what the guide shows from examples/output/<name>.txt.
 * Words and layout must match exactly; numbers must agree to a relative 1e-9, so that a change in
 * the last digits of a full-precision float (a reordered sum, say) does not fail the docs, while any
 * visible change does. UPDATE_EXAMPLES=1 rewrites the file instead (then review the diff).
 */
export function expectOutput(name: string, text: string | string[]): void {
  const actual = Array.isArray(text) ? `${text.join('\n')}\n` : text;
  const file = `${examplesDir}output/${name}.txt`;
  if (process.env.UPDATE_EXAMPLES === '1') writeFileSync(file, actual);
  const expected = readFileSync(file, 'utf8');
  if (actual === expected) return;
  const skeleton = (value: string) => value.replace(NUMBER, '#');
  const numbers = (value: string) => (value.match(NUMBER) ?? []).map(Number);
  const [a, b] = [numbers(actual), numbers(expected)];
  const close = a.every(
    (x, i) =>
      Math.abs(x - b[i]!) <= 1e-9 * Math.max(Math.abs(x), Math.abs(b[i]!)),
  );
  // On a difference, compare the whole texts so the test report shows a readable diff.
  if (skeleton(actual) !== skeleton(expected) || !close)
    expect(actual).toBe(expected);
}

const cli = fileURLToPath(
  new URL('../node_modules/@em/cli/dist/cli.js', import.meta.url),
);

/**
 * Runs the `em` command of examples/cli/<name>.sh (`em …`, arguments without quotes) with
 * the built CLI, in `cwd`, and returns its exit status, stdout and stderr.
 */
export function runCommand(
  name: string,
  cwd: string,
): { status: number | null; stdout: string; stderr: string } {
  // One command; a line ending in a backslash continues on the next, as in a shell.
  const line = readFileSync(`${examplesDir}cli/${name}.sh`, 'utf8')
    .trim()
    .replace(/\\\n\s*/g, ' ');
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
