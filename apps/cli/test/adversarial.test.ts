// Hostile input for the `em` command, in @em/testkit's shape: every run ends with exit code 0 and
// finite output, or exit code 2 and one escaped line on stderr (a typed refusal) — never an internal
// error (exit 1), a crash, raw control bytes, a hang, or a replaced FIFO, device or symbolic link.
import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  adversarialRecorder,
  adversarialRuns,
  hasControlBytes,
  hostileString,
  type Outcome,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { em, FAITHFUL, type RunResult, tempDir } from './helpers.js';

const recorder = adversarialRecorder('@em/cli');
const RUNS = adversarialRuns(12, 40);

/** A finished run as the kit's outcome: exit 2 with one clean line is the CLI's typed refusal. */
function outcomeOf(run: RunResult, ms: number): Outcome {
  const lines = run.stderr.trimEnd().split('\n');
  if (run.code === 2 && lines.length === 1 && !hasControlBytes(run.stderr.trimEnd()))
    return { kind: 'typed-error', error: Object.assign(new Error(run.stderr), { code: 'USAGE' }), ms };
  if (run.code === 0)
    return /\b(NaN|-?Infinity)\b/.test(run.stdout)
      ? { kind: 'non-finite', path: 'stdout', value: run.stdout.slice(0, 200), ms }
      : { kind: 'finite-result', value: run.stdout.length, ms };
  return {
    kind: 'untyped-error',
    error: new Error(`exit ${run.code} ${run.signal ?? ''}: ${run.stderr}`),
    ms,
  };
}

/** Runs `em`, records the outcome, and fails unless it is a refusal (exit 2) or a finite result. */
async function expectHandled(args: string[], cwd: string, input?: string): Promise<RunResult> {
  const start = Date.now();
  const run = await em(args, { cwd, ...(input === undefined ? {} : { input }) });
  const outcome = outcomeOf(run, Date.now() - start);
  recorder.record(outcome);
  expect(outcome.kind, `em ${args.join(' ')} → ${run.code}: ${run.stderr}`).toMatch(
    /typed-error|finite-result/,
  );
  return run;
}

async function fitModel(cwd: string): Promise<string> {
  const run = await em(['fit', FAITHFUL, '-k', '2', '--seed', '0', '--json', 'model.json'], { cwd });
  expect(run.code).toBe(0);
  return join(cwd, 'model.json');
}

describe('em under hostile input (kit shape)', () => {
  it('hostile file contents (text, control bytes, huge and non-finite numbers) for fit and predict', async () => {
    const cwd = tempDir();
    await fitModel(cwd);
    const cell = fc.oneof(
      hostileString,
      fc.constantFrom('1e308', '-1e308', '1e155', 'NaN', 'Infinity', '-0', '1e-320', '0x10', ''),
      fc.double().map(String),
    );
    const file = fc.oneof(
      fc
        .array(fc.array(cell, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 })
        .map((rows) => rows.map((row) => row.join(',')).join('\n')),
      hostileString,
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    );
    await fc.assert(
      fc.asyncProperty(file, fc.constantFrom('fit', 'predict'), async (text, command) => {
        writeFileSync(join(cwd, 'data.csv'), text, 'latin1');
        const args =
          command === 'fit' ? ['fit', 'data.csv', '-k', '1..2'] : ['predict', 'model.json', 'data.csv'];
        await expectHandled(args, cwd);
      }),
      { numRuns: RUNS },
    );
  });

  it('hostile .parquet files (any bytes) and --parquet-reader values, through DuckDB and hyparquet', async () => {
    const cwd = tempDir();
    const reader = fc.oneof(
      fc.constantFrom('duckdb', 'hyparquet', 'auto'),
      hostileString.filter((s) => s.length < 200 && !s.includes('\u0000')),
    );
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      // A Parquet magic number around garbage: both readers must refuse it in one line.
      fc
        .uint8Array({ maxLength: 400 })
        .map((body) => new Uint8Array([80, 65, 82, 49, ...body, 80, 65, 82, 49])),
    );
    await fc.assert(
      fc.asyncProperty(reader, bytes, async (name, content) => {
        writeFileSync(join(cwd, 'x.parquet'), content);
        await expectHandled(['fit', 'x.parquet', '-k', '1', '--parquet-reader', name], cwd);
      }),
      { numRuns: RUNS },
    );
  });

  it('hostile option values for fit and sample', async () => {
    const cwd = tempDir();
    await fitModel(cwd);
    const value = fc.oneof(
      hostileString.filter((s) => s.length < 200 && !s.includes('\u0000')),
      fc.constantFrom('-1', '1e12', '2^53', '0', '1.5', '-0'),
    );
    const option = fc.constantFrom('-k', '--max-iter', '--n-init', '--tol', '--seed', '--reg-covar');
    await fc.assert(
      fc.asyncProperty(option, value, fc.boolean(), async (name, raw, sample) => {
        const args = sample
          ? ['sample', 'model.json', '-n', raw]
          : ['fit', FAITHFUL, name, raw, '--max-iter', '5'];
        // (No NUL: an operating system cannot pass one in an argument.)
        await expectHandled(args, cwd);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('issue #23 regression cases (CLI)', () => {
  it('5000-deep nested JSON input: exit 2 with a clear message, not an internal error', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'deep.json'), `${'['.repeat(5000)}1${']'.repeat(5000)}`);
    const run = await expectHandled(['fit', 'deep.json'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/expected a number, found an array/);
  });

  it('em fit /dev/zero (one endless line) stops with a clear error', async () => {
    const run = await expectHandled(['fit', '/dev/zero'], tempDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\/dev\/zero, line 1: longer than 16777216 characters without a line break/);
  });

  it('em sample -n -1 (and -n=-1) reads -1 as the value and refuses it as a count', async () => {
    const cwd = tempDir();
    await fitModel(cwd);
    for (const args of [['-n', '-1'], ['-n=-1'], ['--n=-1']]) {
      const run = await expectHandled(['sample', 'model.json', ...args], cwd);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/invalid value for --n: expected an integer >= 1, received "-1"/);
    }
  });

  it('binary garbage is echoed escaped, never as raw control bytes', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'garbage.json'),
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x00, 0x07]),
    );
    writeFileSync(join(cwd, 'cells.csv'), 'a,b\n1,\u0007\u001b[31m2\n');
    for (const args of [
      ['fit', 'garbage.json'],
      ['fit', 'cells.csv'],
      ['fit', 'x\u001b[31m.csv'],
    ]) {
      const run = await expectHandled(args, cwd);
      expect(run.code).toBe(2);
      expect(hasControlBytes(run.stderr.trimEnd()), JSON.stringify(run.stderr)).toBe(false);
    }
  });

  it('em predict refuses a model whose covariances contradict its precisions, naming the field', async () => {
    const cwd = tempDir();
    const path = await fitModel(cwd);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    json.fitted.covariances[0] = [
      [4, 0],
      [0, 400],
    ];
    writeFileSync(join(cwd, 'tampered.json'), JSON.stringify(json));
    const run = await expectHandled(['predict', 'tampered.json', FAITHFUL], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/json\.fitted\.precisionsCholesky\[0\]/);
  });

  it('--output through a symbolic link replaces the file it points to and keeps the link', async () => {
    const cwd = tempDir();
    await fitModel(cwd);
    writeFileSync(join(cwd, 'real.csv'), 'old\n');
    symlinkSync('real.csv', join(cwd, 'link.csv'));
    const run = await expectHandled(
      ['sample', 'model.json', '-n', '3', '--seed', '1', '-o', 'link.csv'],
      cwd,
    );
    expect(run.code).toBe(0);
    expect(lstatSync(join(cwd, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(realpathSync(join(cwd, 'link.csv'))).toBe(realpathSync(join(cwd, 'real.csv')));
    expect(readFileSync(join(cwd, 'real.csv'), 'utf8').split('\n')[0]).toBe('eruptions,waiting,label');
    symlinkSync('missing.csv', join(cwd, 'dangling.csv'));
    const dangling = await expectHandled(['sample', 'model.json', '-n', '3', '-o', 'dangling.csv'], cwd);
    expect(dangling.stderr).toMatch(/dangling\.csv: it is a symbolic link to a missing file/);
  });

  it('--output to a FIFO writes through it; the FIFO stays a FIFO', async () => {
    const cwd = tempDir();
    await fitModel(cwd);
    const fifo = join(cwd, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // The reader: a child that copies the FIFO to a file (em's write blocks until it opens).
    const reader = import('node:child_process').then(({ spawn }) => {
      const child = spawn('sh', ['-c', `cat "${fifo}" > "${join(cwd, 'received.csv')}"`]);
      return new Promise<void>((resolve) => child.on('close', () => resolve()));
    });
    const run = await expectHandled(['sample', 'model.json', '-n', '4', '--seed', '2', '-o', 'pipe'], cwd);
    await reader;
    expect(run.code).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    const direct = await em(['sample', 'model.json', '-n', '4', '--seed', '2'], { cwd });
    expect(readFileSync(join(cwd, 'received.csv'), 'utf8')).toBe(direct.stdout);
  });
});
