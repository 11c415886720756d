import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { describeProgress } from '../src/stream-progress.js';
import { em, FAITHFUL, tempDir } from './helpers.js';

describe('em fit --stream', () => {
  it('fits the model the in-memory em fit chooses for the same K, type and start, to the last digit', async () => {
    const common = ['-k', '2', '-c', 'full', '--seed', '3', '--format', 'json'];
    const streamed = await em(['fit', FAITHFUL, '--stream', ...common]);
    const inMemory = await em(['fit', FAITHFUL, '--n-init', '1', ...common]);
    expect(streamed.stderr).toBe('');
    expect(streamed.code).toBe(0);
    const a = JSON.parse(streamed.stdout).model;
    const b = JSON.parse(inMemory.stdout).model;
    expect(a.weights).toEqual(b.weights);
    expect(a.means).toEqual(b.means);
    expect(a.nIter).toBe(b.nIter);
    expect(JSON.parse(streamed.stdout).data).toEqual({
      source: FAITHFUL,
      rows: 272,
      columns: 2,
      streamed: true,
    });
  });

  it('reads raw float64 rows with --float64-columns and writes the model with --json', async () => {
    const dir = tempDir();
    const rows = new Float64Array(400);
    for (let i = 0; i < 200; i++) {
      rows[2 * i] = (i % 2) * 10 + Math.sin(i);
      rows[2 * i + 1] = (i % 2) * 10 + Math.cos(i);
    }
    writeFileSync(join(dir, 'x.f64'), new Uint8Array(rows.buffer));
    const { code, stdout, stderr } = await em(
      ['fit', 'x.f64', '--float64-columns', '2', '-k', '2', '--json', 'm.json'],
      {
        cwd: dir,
      },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('x.f64: 200 rows × 2 columns, streamed');
    expect(stdout).toContain('model written to m.json');
  });

  it('bad usage and bad files: one line, exit code 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ragged.csv'), '1,2\n3,4\n5\n6,7\n');
    const cases: [string[], RegExp][] = [
      [['fit', FAITHFUL, '--stream'], /--stream fits one model/],
      [
        ['fit', FAITHFUL, '--stream', '-k', '2', '--labels', 'l.csv'],
        /--labels cannot be used with --stream/,
      ],
      [['fit', '-', '--stream', '-k', '2'], /give a file, not stdin/],
      [['fit', 'ragged.csv', '--stream', '-k', '2'], /source line 3 at row 2: expected 2 fields/],
      [
        ['fit', 'none.csv', '--stream', '-k', '2'],
        /Invalid source \("none.csv"\): expected a file that can be read, received "ENOENT"/,
      ],
      [['fit', FAITHFUL, '--float64-columns', '0', '-k', '2'], /float64-columns/],
      [
        ['fit', 'x.parquet', '--parquet-reader', 'arrow', '-k', '2'],
        /--parquet-reader must be auto, duckdb, hyparquet; received arrow/,
      ],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await em(args, { cwd: dir });
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe.each(['duckdb', 'hyparquet'])('em fit FILE.parquet --parquet-reader %s', (reader) => {
  const faithful = readFileSync(FAITHFUL, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));

  it('fits the rows the CSV holds: the same model as --stream on the CSV, to the last digit', async () => {
    const dir = tempDir();
    // Three row groups of at most 100 rows: three chunks per pass.
    parquetWriteFile({
      filename: join(dir, 'faithful.parquet'),
      columnData: [0, 1].map((j) => ({
        name: `c${j}`,
        data: faithful.map((row) => row[j]!),
        type: 'DOUBLE' as const,
      })),
      rowGroupSize: 100,
    });
    const common = ['-k', '2', '-c', 'full', '--seed', '3', '--format', 'json'];
    const parquet = await em(['fit', 'faithful.parquet', '--parquet-reader', reader, ...common], {
      cwd: dir,
    });
    const csv = await em(['fit', FAITHFUL, '--stream', ...common]);
    expect(parquet.stderr).toBe('');
    expect(parquet.code).toBe(0);
    const a = JSON.parse(parquet.stdout);
    expect(a.data.rows).toBe(272);
    expect(a.model).toEqual(JSON.parse(csv.stdout).model);
  });

  it('a null cell and a file that is not Parquet: one line, exit code 2', async () => {
    const dir = tempDir();
    parquetWriteFile({
      filename: join(dir, 'gap.parquet'),
      columnData: [{ name: 'x', data: [1, 2, null, 4], type: 'DOUBLE' as const }],
    });
    writeFileSync(join(dir, 'fake.parquet'), 'x,y\n1,2\n');
    const gap = await em(['fit', 'gap.parquet', '-k', '1', '--parquet-reader', reader], { cwd: dir });
    expect(gap.code).toBe(2);
    expect(gap.stderr).toMatch(/source chunk 0 at row 2, column 0: expected a finite number, received NaN/);
    const fake = await em(['fit', 'fake.parquet', '-k', '1', '--parquet-reader', reader], { cwd: dir });
    expect(fake.code).toBe(2);
    expect(fake.stderr).toMatch(/cannot read fake\.parquet as Parquet/);
    expect(fake.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('the progress line of --stream', () => {
  it('pass 1 counts, later passes show the share read, the ETA and the log-likelihood', () => {
    const first = { pass: 1, rows: 1_500_000, totalRows: undefined, bytes: 250, totalBytes: 1000 };
    expect(describeProgress(first, 2, 100, undefined)).toBe(
      'pass 1 (count, sample) · [#####---------------] · 25% · 1.5M rows · ETA 6s',
    );
    const later = { pass: 3, rows: 3_000_000, totalRows: 6_000_000, bytes: 500, totalBytes: 1000 };
    expect(describeProgress(later, 90, 100, -3.25)).toBe(
      'pass 3/≤101 · [##########----------] · 50% · 3.0M rows · ETA 1m30s · log-lik/row -3.2500000',
    );
  });
});
