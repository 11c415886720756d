import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FlatMatrix } from '@em/core/numeric';
import type { HcModel } from '../../src/index.js';
import type { HcUse } from '../../src/mclust/hc-transform.js';

/** One data set of test/fixtures/mclust-hc (written by scripts/make-mclust-hc-fixtures.R). */
export interface HcFixture {
  dataset: string;
  rows: number;
  cols: number;
  /** The data, column-major as R stores it, little-endian float64 in base64. */
  X: string;
  K: number[];
  transformed: Record<string, { rows: number; cols: number; float64: string }>;
  runs: { model: HcModel; use: Exclude<HcUse, 'RND'>; merges: number[]; classes: string[] }[];
}

const directory = fileURLToPath(new URL('../fixtures/mclust-hc/', import.meta.url));

export function loadHcFixtures(): HcFixture[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(directory + file, 'utf8')) as HcFixture);
}

/** R's column-major n × p values as a row-major FlatMatrix. */
export function rowMajor(values: ArrayLike<number>, rows: number, cols: number): FlatMatrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = values[j * rows + i]!;
  return { data, rows, cols };
}

function decodeFloat64(base64: string): Float64Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** The data set, bit for bit. */
export function dataOf(fixture: HcFixture): FlatMatrix {
  return rowMajor(decodeFloat64(fixture.X), fixture.rows, fixture.cols);
}

/** The transformed data mclust agglomerated, bit for bit. */
export function transformedData(fixture: HcFixture, use: string): FlatMatrix {
  const { rows, cols, float64 } = fixture.transformed[use]!;
  return rowMajor(decodeFloat64(float64), rows, cols);
}

/** hclass labels (1..9 as digits) to 0-based labels. */
export function classesOf(digits: string): number[] {
  return Array.from(digits, (c) => Number(c) - 1);
}
