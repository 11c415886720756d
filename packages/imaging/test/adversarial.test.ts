import { EMError } from '@em/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fbp,
  geometryFromJSON,
  geometryToJSON,
  mlem,
  osem,
  parallelBeam,
  rmse,
  segmentImage,
  simulateSinogram,
  ssim,
  systemMatrix,
} from '../src/index.js';
import { system } from './helpers.js';

const runs = process.env.CI ? 60 : 150;

/** The contract: a typed EMError, or a finite, consistent result — never anything else. */
function typedOrFinite(
  fn: () => { image?: Float64Array; logLikelihood?: number } | Float64Array | number,
): void {
  let out: ReturnType<typeof fn>;
  try {
    out = fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EMError);
    return;
  }
  if (typeof out === 'number') expect(Number.isFinite(out)).toBe(true);
  else if (out instanceof Float64Array) expect(out.every(Number.isFinite)).toBe(true);
  else {
    expect(out.image!.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(Number.isFinite(out.logLikelihood)).toBe(true);
  }
}

const hostile = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e308, -1e308, 5e-324),
  fc.double(),
  fc.integer({ min: -5, max: 1e6 }),
);
const anything = fc.oneof(
  hostile,
  fc.string(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(hostile, { maxLength: 40 }),
  fc.object(),
);

describe('adversarial: reconstruction', () => {
  const A = system(8, 6);

  it('arbitrary sinograms (shapes, extreme and non-finite values) → typed error or finite non-negative image', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(hostile, { minLength: 48, maxLength: 48 }),
          fc.array(fc.nat({ max: 1e9 }), { minLength: 48, maxLength: 48 }),
          fc.array(hostile, { maxLength: 60 }),
          fc.array(fc.array(hostile, { maxLength: 9 }), { maxLength: 7 }),
        ),
        fc.integer({ min: -1, max: 6 }),
        (sinogram, iterations) => {
          typedOrFinite(() => mlem(sinogram, A, { iterations }));
          typedOrFinite(() => osem(sinogram, A, { subsets: Math.max(1, iterations), iterations: 2 }));
          typedOrFinite(() => fbp(sinogram, A));
        },
      ),
      { numRuns: runs },
    );
  });

  it('counts of 0 everywhere, huge counts, and one huge bin stay finite', () => {
    for (const s of [
      new Float64Array(48),
      new Float64Array(48).fill(1e12),
      Float64Array.from({ length: 48 }, (_, i) => (i === 7 ? 1e15 : 0)),
    ]) {
      typedOrFinite(() => mlem(s, A, { iterations: 5 }));
      typedOrFinite(() => osem(s, A, { subsets: 3, iterations: 2 }));
    }
  });

  it('arbitrary options objects → typed error or finite result', () => {
    const y = simulateSinogram(new Float64Array(64).fill(1), A, { counts: 1000, seed: 1 }).sinogram;
    fc.assert(
      fc.property(
        fc.record(
          {
            iterations: anything,
            subsets: anything,
            tol: anything,
            initial: anything,
            attenuation: anything,
            background: anything,
          },
          { requiredKeys: [] },
        ),
        (options) => {
          typedOrFinite(() => mlem(y, A, options as never));
          typedOrFinite(() => osem(y, A, options as never));
          typedOrFinite(() => fbp(y, A, options as never));
        },
      ),
      { numRuns: runs },
    );
  });

  it('arbitrary geometries → typed error or a matrix with finite non-negative lengths', () => {
    fc.assert(
      fc.property(
        anything,
        anything,
        fc.option(fc.array(hostile, { maxLength: 5 })),
        (size, nAngles, angles) => {
          try {
            const g = parallelBeam({
              size: size as number,
              nAngles: nAngles as number,
              ...(angles ? { angles } : {}),
            });
            if (g.size > 24 || g.nAngles > 24) return;
            const M = systemMatrix(g);
            expect(M.values.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(EMError);
          }
        },
      ),
      { numRuns: runs },
    );
  });

  it('tampered geometry JSON → typed error or the same geometry', () => {
    const json = geometryToJSON(parallelBeam({ size: 8, nAngles: 3 }));
    fc.assert(
      fc.property(
        fc.constantFrom('format', 'version', 'size', 'nDetectors', 'angles'),
        anything,
        (key, value) => {
          try {
            const g = geometryFromJSON({ ...json, [key]: value } as never);
            expect(g.angles.every(Number.isFinite)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(EMError);
          }
        },
      ),
      { numRuns: runs },
    );
  });
});

describe('adversarial: metrics and segmentation', () => {
  it('metrics of arbitrary arrays → typed error or a finite number', () => {
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 80 }), fc.array(hostile, { maxLength: 80 }), (a, b) => {
        typedOrFinite(() => rmse(a, b));
        try {
          const v = ssim(a, b, { dataRange: 1 });
          expect(Number.isFinite(v) || Number.isNaN(v)).toBe(true);
          // Finite inputs of a valid shape give a finite SSIM; overflowing ones may not.
          if (a.every((x) => Math.abs(x) < 1e100) && b.every((x) => Math.abs(x) < 1e100))
            expect(Number.isFinite(v)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(EMError);
        }
      }),
      { numRuns: runs },
    );
  });

  it('arbitrary pixel buffers, sizes and options → typed error or a consistent segmentation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1, max: 9 }),
        fc.integer({ min: -1, max: 9 }),
        fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.array(hostile, { maxLength: 300 })),
        fc.record(
          { components: anything, colorSpace: anything, smoothing: anything, seed: anything },
          { requiredKeys: [] },
        ),
        (width, height, data, options) => {
          try {
            const result = segmentImage({ data, width, height }, options as never);
            expect(result.labels.length).toBe(width * height);
            expect(result.counts.reduce((x, y) => x + y, 0)).toBe(width * height);
            for (const colour of result.colors) expect(colour.every((v) => v >= 0 && v <= 255)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(EMError);
          }
        },
      ),
      { numRuns: runs },
    );
  });
});
