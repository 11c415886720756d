import type { GaussianMixture } from '@em/gaussian';
import { componentNumber } from '../format.js';
import type { Table } from './read-table.js';

const BATCH_ROWS = 8192;

/** `label,p1,p2,…`: the header of a label file, components numbered from 1. */
export function labelHeader(k: number, noise = false): string {
  return `label,${Array.from({ length: k }, (_, c) => `p${componentNumber(c)}`).join(',')}${noise ? ',pnoise' : ''}\n`;
}

/**
 * Rows of `label,p1,p2,…`: the predicted component (numbered from 1, as everywhere the command
 * prints one; `predict` itself is 0-based) and the posterior
 * probability of each component, computed batch by batch so a large table never holds N × K
 * JavaScript arrays at once. Numbers are written in full (shortest round-trip form).
 */
export function* labelLines(model: GaussianMixture, table: Table): Generator<string> {
  const k = model.nComponents;
  // With a noise component, noise is label 0 (mclust's; predict's −1) and its probability comes last.
  yield labelHeader(k, model.noiseWeight !== undefined);
  for (const batch of batches(table)) {
    const labels = model.predict(batch);
    const proba = model.predictProba(batch);
    let text = '';
    for (let i = 0; i < batch.rows; i++) text += `${componentNumber(labels[i]!)},${proba[i]!.join(',')}\n`;
    yield text;
  }
}

/** The table as row batches: views, not copies. */
export function* batches(table: Table): Generator<{ data: Float64Array; rows: number; cols: number }> {
  const { data, rows, cols } = table;
  for (let start = 0; start < rows; start += BATCH_ROWS) {
    const end = Math.min(rows, start + BATCH_ROWS);
    yield { data: data.subarray(start * cols, end * cols), rows: end - start, cols };
  }
}

/** Labels of every row (for plots), batch by batch. */
export function predictAll(model: GaussianMixture, table: Table): Int32Array {
  const out = new Int32Array(table.rows);
  let offset = 0;
  for (const batch of batches(table)) {
    out.set(model.predict(batch), offset);
    offset += batch.rows;
  }
  return out;
}

/** The table with every missing value replaced by the model's conditional mean (`impute`), batch by batch. */
export function imputedTable(model: GaussianMixture, table: Table): Table {
  const data = new Float64Array(table.rows * table.cols);
  let offset = 0;
  for (const batch of batches(table)) {
    for (const row of model.impute(batch)) {
      data.set(row, offset);
      offset += table.cols;
    }
  }
  return { ...table, data };
}

/** CSV of the table with every missing value imputed: the header, then one line per row. */
export function* imputedLines(model: GaussianMixture, table: Table): Generator<string> {
  yield `${table.names.map(csvCell).join(',')}\n`;
  for (const batch of batches(table)) {
    let text = '';
    for (const row of model.impute(batch)) text += `${row.join(',')}\n`;
    yield text;
  }
}

/** A CSV cell, quoted when it holds a comma, quote or line break. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
