// What console.log prints for a system matrix: its scan and size, not its entries.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parallelBeam, systemMatrix } from '../src/index.js';

describe('SystemMatrix toString and console.log', () => {
  it('one line: the scan, 45 angles × 32 detectors, 32² pixels and the stored entries (the TSDoc example)', () => {
    const A = systemMatrix(parallelBeam({ size: 32, nAngles: 45 }));
    expect(A.geometry.nDetectors).toBe(32);
    const text = inspect(A);
    expect(text).toBe(
      `SystemMatrix { size: 32, nAngles: 45, nDetectors: 32, nRays: 1440, nPixels: 1024, nnz: ${A.columns.length} }`,
    );
    expect(String(A)).toBe(text);
    // Far shorter than the entries it would otherwise print.
    expect(text.length).toBeLessThan(120);
  });
});
