import { describe, expect, it } from 'vitest';
import { disc, parallelBeam, systemMatrix } from '../src/index.js';
import { dot, lcg, sum, system } from './helpers.js';

/** Length of the line x·cosθ − y·sinθ = s inside the box [lo, hi]² (Liang–Barsky clipping). */
function chord(theta: number, s: number, lo: number, hi: number): number {
  const px = s * Math.cos(theta);
  const py = -s * Math.sin(theta);
  const dx = Math.sin(theta);
  const dy = Math.cos(theta);
  let t0 = -1e9;
  let t1 = 1e9;
  for (const [p, d] of [
    [px, dx],
    [py, dy],
  ] as const) {
    if (Math.abs(d) < 1e-15) {
      if (p < lo || p > hi) return 0;
      continue;
    }
    const a = (lo - p) / d;
    const b = (hi - p) / d;
    t0 = Math.max(t0, Math.min(a, b));
    t1 = Math.min(t1, Math.max(a, b));
  }
  return Math.max(0, t1 - t0);
}

describe('systemMatrix (Siddon)', () => {
  it('is adjoint to its back-projection: ⟨Ax, y⟩ = ⟨x, Aᵀy⟩ to 1e-10 (128 × 128, 180 angles)', () => {
    const A = system(128, 180);
    for (const seed of [1, 2, 3]) {
      const rand = lcg(seed);
      const x = Float64Array.from({ length: A.nPixels }, () => rand() - 0.3);
      const y = Float64Array.from({ length: A.nRays }, () => rand() * 10);
      const left = dot(A.forward(x), y);
      const right = dot(x, A.back(y));
      expect(Math.abs(left - right) / Math.abs(left)).toBeLessThan(1e-10);
    }
  });

  it('projects a uniform image to the exact chord lengths of the square (every angle, every bin)', () => {
    const n = 32;
    const A = system(n, 45);
    const p = A.forward(new Float64Array(n * n).fill(1));
    const c0 = Math.floor(n / 2);
    let worst = 0;
    for (let a = 0; a < 45; a++) {
      for (let j = 0; j < n; j++) {
        const expected = chord(A.geometry.angles[a]!, j - c0, -c0 - 0.5, n - c0 - 0.5);
        worst = Math.max(worst, Math.abs(p[a * n + j]! - expected));
      }
    }
    // Lengths are stored as float32: 6e-8 relative of ≤ 45 pixels.
    expect(worst).toBeLessThan(1e-5);
  });

  it("matches a disc's closed-form line integrals 2√(r² − d²)", () => {
    const n = 64;
    const r = 20;
    const A = system(n, 90);
    const p = A.forward(disc(n, r, { supersample: 16 }));
    const c0 = n / 2;
    let worst = 0;
    let worstRelative = 0;
    for (let a = 0; a < 90; a++) {
      for (let j = 0; j < n; j++) {
        const d = Math.abs(j - c0);
        const exact = d < r ? 2 * Math.sqrt(r * r - d * d) : 0;
        const error = Math.abs(p[a * n + j]! - exact);
        // Within a pixel of the edge the closed form is too steep for a pixelated disc.
        if (d < r - 1) worst = Math.max(worst, error);
        if (d <= r / 2) worstRelative = Math.max(worstRelative, error / exact);
      }
      // Σ_j (A x)_j = area of the disc, πr², at every angle (unit detector spacing).
      expect(Math.abs(sum(p.subarray(a * n, (a + 1) * n)) / (Math.PI * r * r) - 1)).toBeLessThan(2e-3);
    }
    // Pixelation of the edge, where the closed form drops by ~6 per pixel: within 1 pixel length
    // more than a pixel inside the edge, within 1% over the inner half.
    expect(worst).toBeLessThan(1);
    expect(worstRelative).toBeLessThan(0.01);
  });

  it('matches the disc off-centre too (shifted by (5, −7) pixels)', () => {
    const n = 64;
    const r = 12;
    const A = system(n, 90);
    const p = A.forward(disc(n, r, { supersample: 16, centreX: 5, centreY: -7 }));
    for (let a = 0; a < 90; a += 7) {
      const theta = A.geometry.angles[a]!;
      // Centre (x, y_down) = (5, −7): its detector coordinate is x·cosθ − y·sinθ.
      const sc = 5 * Math.cos(theta) + 7 * Math.sin(theta);
      for (let j = 0; j < n; j++) {
        const d = Math.abs(j - n / 2 - sc);
        const exact = d < r ? 2 * Math.sqrt(r * r - d * d) : 0;
        if (d < r - 1) expect(Math.abs(p[a * n + j]! - exact)).toBeLessThan(1);
      }
    }
  });

  it('has a sensitivity Aᵀ1 of about one unit of ray length per angle inside the circle', () => {
    const A = system(32, 36);
    const s = A.sensitivity();
    expect(s).toBe(A.sensitivity());
    // Unit-spaced parallel rays cover each pixel's unit area once per angle, on average.
    let inside = 0;
    let count = 0;
    for (let r = 0; r < 32; r++)
      for (let c = 0; c < 32; c++)
        if ((r - 16) ** 2 + (c - 16) ** 2 < 14 ** 2) {
          inside += s[r * 32 + c]!;
          count++;
        }
    expect(inside / count / 36).toBeGreaterThan(0.97);
    expect(inside / count / 36).toBeLessThan(1.03);
    // Corner pixels, outside the inscribed circle, are missed by some angles' detectors.
    expect(s[0]!).toBeLessThan(0.8 * 36);
  });

  it('stores only the pixels each ray crosses (at most 2N per ray)', () => {
    const A = system(64, 90);
    for (let i = 0; i < A.nRays; i++) expect(A.rowStart[i + 1]! - A.rowStart[i]!).toBeLessThanOrEqual(128);
    expect(A.nnz).toBe(A.rowStart[A.nRays]);
    expect(A.nnz).toBeLessThan(0.05 * A.nRays * A.nPixels);
  });

  it('builds 256 × 256 with 180 angles', () => {
    const A = systemMatrix(parallelBeam({ size: 256, nAngles: 180 }));
    expect(A.nRays).toBe(256 * 180);
    const p = A.forward(new Float64Array(256 * 256).fill(1));
    expect(p[128]).toBeCloseTo(256, 4);
  });
});
