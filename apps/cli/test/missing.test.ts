import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { em, FAITHFUL, tempDir } from './helpers.js';

// faithful.csv with cells emptied or set to NA (every 7th eruptions, every 11th waiting; never both).
const dir = tempDir();
const lines = readFileSync(FAITHFUL, 'utf8').trim().split('\n');
const header = lines[0]!.split(',');
const rows = lines.slice(1).map((line) => line.split(','));
const holed = rows.map((row, i) => {
  const out = row.slice();
  if (i % 7 === 3) out[out.length - 2] = i % 2 ? 'NA' : '';
  else if (i % 11 === 5) out[out.length - 1] = '';
  return out;
});
const HOLED = join(dir, 'faithful-holed.csv');
writeFileSync(HOLED, `${header.join(',')}\n${holed.map((r) => r.join(',')).join('\n')}\n`);

describe('missing values', () => {
  it('em fit stops at an empty cell and points to --missing em', async () => {
    const { code, stderr } = await em(['fit', HOLED, '-k', '2']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /line 5, column 1 \(eruptions\): expected a number, found "NA" \(--missing em reads empty cells and NA as missing values\)/,
    );
  });

  it('em fit --missing em fits, em predict labels every row, em impute writes the completed CSV', async () => {
    const model = join(dir, 'model.json');
    const plot = join(dir, 'plot.svg');
    const fit = await em(['fit', HOLED, '-k', '2', '--missing', 'em', '--json', model, '--plot', plot]);
    expect(fit.code).toBe(0);
    expect(fit.stderr).toBe('');
    const json = JSON.parse(readFileSync(model, 'utf8'));
    expect(json.options.missing).toBe('em');
    expect(readFileSync(plot, 'utf8')).not.toContain('NaN');

    const predicted = await em(['predict', model, HOLED]);
    expect(predicted.code).toBe(0);
    expect(predicted.stdout.trim().split('\n')).toHaveLength(rows.length + 1);

    const imputed = await em(['impute', model, HOLED]);
    expect(imputed.code).toBe(0);
    const out = imputed.stdout.trim().split('\n');
    expect(out[0]).toBe(header.join(','));
    const cols = header.length;
    out.slice(1).forEach((line, i) => {
      const values = line.split(',').map(Number);
      expect(values).toHaveLength(cols);
      holed[i]!.forEach((cell, j) => {
        if (cell === '' || cell === 'NA') expect(Number.isFinite(values[j])).toBe(true);
        else expect(values[j]).toBe(Number(cell));
      });
    });
    // The imputed cells are near the true ones: within the spread of the column.
    const i = 3; // eruptions emptied
    const truth = Number(rows[i]![cols - 2]);
    expect(Math.abs(Number(out[i + 1]!.split(',')[cols - 2]) - truth)).toBeLessThan(1.5);
  });

  it('em impute with -o writes a file; a bad argument count is a usage error', async () => {
    const model = join(dir, 'model2.json');
    expect((await em(['fit', HOLED, '-k', '1', '--missing', 'em', '--json', model])).code).toBe(0);
    const target = join(dir, 'completed.csv');
    const run = await em(['impute', model, HOLED, '-o', target]);
    expect(run.code).toBe(0);
    expect(readFileSync(target, 'utf8').split('\n')[0]).toBe(header.join(','));
    const bad = await em(['impute', model]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected a model file and a data file/);
  });
});
