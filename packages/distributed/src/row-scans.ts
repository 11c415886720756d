import { InvalidInputError } from '@em/core';
import { createRandom } from '@em/sampling';
import type { ScanResult } from './protocol.js';

/** The shards' scans of rows, checked to agree on the column count: all rows, columns, and the sample. */
export function mergeRowScans(scans: ScanResult[], size: number, seed: number) {
  const cols = scans[0]!.cols;
  scans.forEach((scan, shard) => {
    if (scan.cols !== cols) {
      throw new InvalidInputError(
        `shards[${shard}] (features per sample)`,
        `${cols}, as shards[0]`,
        scan.cols,
      );
    }
  });
  const rows = scans.reduce((sum, scan) => sum + scan.rows, 0);
  return { rows, cols, sample: mergeSamples(scans, rows, cols, size, seed) };
}

/**
 * The initialisation sample from the shards' samples: all rows in shard order when they all fit,
 * otherwise from each shard a share proportional to its rows, drawn from its (uniform) sample.
 */
function mergeSamples(scans: ScanResult[], rows: number, cols: number, size: number, seed: number) {
  if (rows <= size) return { data: Float64Array.from(scans.flatMap((scan) => scan.sample)), rows, cols };
  const random = createRandom(seed).random;
  const data: number[] = [];
  let taken = 0;
  scans.forEach((scan, shard) => {
    const share =
      shard === scans.length - 1
        ? size - taken
        : Math.min(scan.sampleRows, Math.round((size * scan.rows) / rows));
    const order = Array.from({ length: scan.sampleRows }, (_, i) => i);
    for (let i = 0; i < share; i++) {
      // Partial Fisher–Yates: `share` distinct rows of the shard's sample.
      const j = i + Math.floor(random() * (order.length - i));
      [order[i], order[j]] = [order[j]!, order[i]!];
      data.push(...scan.sample.slice(order[i]! * cols, (order[i]! + 1) * cols));
    }
    taken += share;
  });
  return { data: Float64Array.from(data), rows: data.length / cols, cols };
}
