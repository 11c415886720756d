import { describe, expect, it } from 'vitest';
import { columnDecimals, fixedColumn, renderTable } from '../src/format.js';
import { mclustName } from '../src/model-names.js';
import { closest, editDistance } from '../src/suggest.js';

describe('fixed decimals per column', () => {
  it('gives the largest value five significant digits and the others the same decimals', () => {
    expect(fixedColumn([80.971, 77.28, 54.4795])).toEqual(['80.971', '77.280', '54.480']);
    expect(fixedColumn([0.27971, 0.3])).toEqual(['0.27971', '0.30000']);
    expect(fixedColumn([12345.6, 7])).toEqual(['12346', '7']);
    expect(columnDecimals([0, 0])).toBe(4);
    expect(columnDecimals([1e-9])).toBe(6);
  });

  it('right-aligns numbers, and glues a marker column to the cell before it', () => {
    const table = renderTable(
      [
        ['K', 'full', ''],
        ['1', '2607.623', ''],
        ['3', '2314.376', '*'],
      ],
      '',
      [{ align: 'left' }, { align: 'right' }, { align: 'left', gap: 0 }],
    );
    expect(table.split('\n')).toEqual(['K      full', '1  2607.623', '3  2314.376*']);
  });
});

describe("mclust's model names", () => {
  it("maps scikit-learn's four covariance types to mclust's, and keeps mclust's own", () => {
    expect(['full', 'tied', 'diag', 'spherical'].map((t) => mclustName(t))).toEqual([
      'VVV',
      'EEE',
      'VVI',
      'VII',
    ]);
    expect(['full', 'tied'].map((t) => mclustName(t, 1))).toEqual(['V', 'E']);
    expect(mclustName('VEV')).toBe('VEV');
    expect(mclustName('round')).toBeUndefined();
  });
});

describe('did you mean', () => {
  it('counts edits, a swap of neighbours as one', () => {
    expect(editDistance('fit', 'fit')).toBe(0);
    expect(editDistance('fti', 'fit')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('guesses typos and unique abbreviations, and nothing far off', () => {
    const options = ['--components', '--covariance', '--criterion', '--columns'];
    expect(closest('--covarience', options)).toBe('--covariance');
    expect(closest('--crit', options)).toBe('--criterion');
    expect(closest('--co', options)).toBeUndefined();
    expect(closest('--colour', ['--columns', '--plot'])).toBeUndefined();
    expect(closest('PREDICT', ['predict', 'fit'])).toBe('predict');
  });
});
