import { describe, expect, it } from 'vitest';
import { CsvError, numericColumns, parseCsv, toMatrix } from '../src/data/csv.js';

describe('parseCsv', () => {
  it('reads a header and rows, with quoted fields holding delimiters, quotes and newlines', () => {
    const table = parseCsv('name,x,y\r\n"Smith, J.",1.5,2\n"say ""hi""\nthere",-3e2,.5\n');
    expect(table.columns).toEqual(['name', 'x', 'y']);
    expect(table.rows).toEqual([
      ['Smith, J.', '1.5', '2'],
      ['say "hi"\nthere', '-3e2', '.5'],
    ]);
    expect(table.lines).toEqual([2, 3]);
    expect(numericColumns(table)).toEqual([1, 2]);
  });

  it('offers a column with a few stray words (so fitting names the bad cell), not a text column', () => {
    const table = parseCsv('a,b,c\n1,x,1\n2,y,2\n3,z,3\n4,w,4\n5,v,oops\n');
    expect(numericColumns(table)).toEqual([0, 2]);
  });

  it('detects semicolons and tabs, and a header-less file', () => {
    expect(parseCsv('a;b\n1;2').rows).toEqual([['1', '2']]);
    const tabbed = parseCsv('1\t2\n3\t4\n');
    expect(tabbed.columns).toEqual(['column 1', 'column 2']);
    expect(tabbed.rows).toHaveLength(2);
  });

  it('says what is wrong with a bad file', () => {
    expect(() => parseCsv('')).toThrow('The file is empty.');
    expect(() => parseCsv('x,y\n')).toThrow('The file has a header but no data rows.');
    expect(() => parseCsv('x,y\n1,2\n3\n')).toThrow('Line 3 has 1 fields but the header has 2.');
    expect(() => parseCsv('x,y\n"1,2\n')).toThrow('A quoted field opened on line 2 is never closed.');
    expect(() => parseCsv('PK\u0003\u0004\u0000\u0000')).toThrow(/not a text file/);
  });
});

describe('toMatrix', () => {
  it('extracts chosen columns row-major and skips rows with a missing value', () => {
    const table = parseCsv('x,label,y\n1,a,2\n3,b,\n5,c,6\n');
    const m = toMatrix(table, [0, 2]);
    expect(Array.from(m.data)).toEqual([1, 2, 5, 6]);
    expect(m).toMatchObject({ rows: 2, cols: 2, skipped: 1, sourceRows: [0, 2] });
  });

  it("with missing: 'em' keeps incomplete rows with NaN, and skips only rows with every cell empty", () => {
    const table = parseCsv('x,label,y\n1,a,2\n3,b,\n,c,\n5,d,6\n');
    const m = toMatrix(table, [0, 2], 'em');
    expect(Array.from(m.data)).toEqual([1, 2, 3, Number.NaN, 5, 6]);
    expect(m).toMatchObject({ rows: 3, cols: 2, skipped: 1, incomplete: 1, sourceRows: [0, 1, 3] });
  });

  it('names the line and column of a cell that is not a number', () => {
    const table = parseCsv('height,width\n1,2\n2,oops\n');
    const error = (() => {
      try {
        toMatrix(table, [0, 1]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CsvError);
    expect((error as CsvError).message).toBe('Line 3, column "width": expected a number, found "oops".');
    expect((error as CsvError).line).toBe(3);
  });
});
