import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { em, FAITHFUL, tempDir } from './helpers.js';

const dir = tempDir();
const modelPath = join(dir, 'model.json');
let labels = '';

beforeAll(async () => {
  const run = await em([
    'fit',
    FAITHFUL,
    '-k',
    '3',
    '-c',
    'tied',
    '--json',
    modelPath,
    '--labels',
    join(dir, 'labels.csv'),
  ]);
  expect(run.code).toBe(0);
  labels = readFileSync(join(dir, 'labels.csv'), 'utf8');
});

describe('em predict', () => {
  it('round-trips the model through JSON: same labels and probabilities as em fit --labels, byte for byte', async () => {
    const { code, stdout, stderr } = await em(['predict', modelPath, FAITHFUL]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(labels);
  });

  it("picks the model's columns by name from a file with more columns, in the model's order", async () => {
    const rows = readFileSync(FAITHFUL, 'utf8').trim().split('\n');
    const wider = rows.map((row, i) => {
      const [eruptions, waiting] = row.split(',');
      return `${i === 0 ? 'id' : i},${waiting},${eruptions}`;
    });
    const path = join(dir, 'wider.csv');
    writeFileSync(path, `${wider.join('\n')}\n`);
    const { code, stdout } = await em(['predict', modelPath, path]);
    expect(code).toBe(0);
    expect(stdout).toBe(labels);
  });

  it('writes JSON, to a file with --output, and reads data from stdin', async () => {
    const out = join(dir, 'predictions.json');
    const { code, stdout } = await em(['predict', modelPath, '-', '--format', 'json', '-o', out], {
      input: readFileSync(FAITHFUL, 'utf8'),
    });
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const json = JSON.parse(readFileSync(out, 'utf8'));
    const rows = labels
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').map(Number));
    expect(json.labels).toEqual(rows.map((r) => r[0]));
    expect(json.probabilities).toEqual(rows.map((r) => r.slice(1)));
  });
});

describe('em sample', () => {
  it('draws -n points from the model, reproducibly for a seed', async () => {
    const a = await em(['sample', modelPath, '-n', '3000', '--seed', '7']);
    const b = await em(['sample', modelPath, '-n', '3000', '--seed', '7']);
    const c = await em(['sample', modelPath, '-n', '3000', '--seed', '8']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toBe(c.stdout);
    const [header, ...lines] = a.stdout.trim().split('\n');
    // The names of the columns the model was fitted on, saved in its JSON by em fit.
    expect(header).toBe('eruptions,waiting,label');
    expect(lines).toHaveLength(3000);

    // Each component's sample mean lies within 4 standard errors of its mean.
    const model = JSON.parse(readFileSync(modelPath, 'utf8'));
    const cov: number[][] = model.fitted.covariances;
    const rows = lines.map((line) => line.split(',').map(Number));
    model.fitted.means.forEach((mean: number[], k: number) => {
      const mine = rows.filter((r) => r[2] === k + 1);
      expect(mine.length / 3000).toBeCloseTo(model.fitted.weights[k], 1);
      mean.forEach((mu, j) => {
        const average = mine.reduce((sum, r) => sum + r[j]!, 0) / mine.length;
        expect(Math.abs(average - mu)).toBeLessThan(4 * Math.sqrt(cov[j]![j]! / mine.length));
      });
    });
  });

  it('leaves out the labels on request and writes JSON', async () => {
    const csv = await em(['sample', modelPath, '-n', '5', '--no-labels']);
    expect(csv.stdout.split('\n')[0]).toBe('eruptions,waiting');
    const json = JSON.parse((await em(['sample', modelPath, '-n', '5', '--format', 'json'])).stdout);
    expect(json.X).toHaveLength(5);
    expect(json.labels).toHaveLength(5);
    for (const label of json.labels) expect([1, 2, 3]).toContain(label);
  });

  it('names the columns x1, x2, … for a model saved without names (older files)', async () => {
    const { featureNames: _, ...older } = JSON.parse(readFileSync(modelPath, 'utf8'));
    const path = join(dir, 'older.json');
    writeFileSync(path, JSON.stringify(older));
    const csv = await em(['sample', path, '-n', '2']);
    expect(csv.stdout.split('\n')[0]).toBe('x1,x2,label');
  });
});
