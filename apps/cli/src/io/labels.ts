import type { GaussianMixture } from '@em/gaussian';
import type { Table } from './read-table.js';

const BATCH_ROWS = 8192;

/**
 * Rows of `label,p0,p1,…`: the predicted component (0-based, as `predict`) and the posterior
 * probability of each component, computed batch by batch so a large table never holds N × K
 * JavaScript arrays at once. Numbers are written in full (shortest round-trip form).
 */
export function* labelLines(model: GaussianMixture, table: Table): Generator<string> {
  const k = model.nComponents;
  yield `label,${Array.from({ length: k }, (_, c) => `p${c}`).join(',')}\n`;
  for (const batch of batches(table)) {
    const labels = model.predict(batch);
    const proba = model.predictProba(batch);
    let text = '';
    for (let i = 0; i < batch.rows; i++) text += `${labels[i]},${proba[i]!.join(',')}\n`;
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
