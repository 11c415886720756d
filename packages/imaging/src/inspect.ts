/**
 * What `console.log(matrix)` and `String(matrix)` print for a system matrix: its scan and its size,
 * not the millions of stored entries.
 */
import { modelSummary } from '@em/core';
import type { SystemMatrix } from './system-matrix.js';

/** `SystemMatrix { size, nAngles, nDetectors, nRays, nPixels, nnz }`. */
export function systemMatrixSummary(matrix: SystemMatrix): string {
  const { size, nAngles, nDetectors } = matrix.geometry;
  return modelSummary('SystemMatrix', {
    size,
    nAngles,
    nDetectors,
    nRays: matrix.nRays,
    nPixels: matrix.nPixels,
    nnz: matrix.nnz,
  });
}
