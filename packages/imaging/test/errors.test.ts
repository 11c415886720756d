import { EMError, InvalidInputError, InvalidOptionError, NumericalError } from '@em/core';
import { describe, expect, it } from 'vitest';
import {
  fbp,
  geometryFromJSON,
  geometryToJSON,
  mlem,
  mlemSteps,
  osem,
  parallelBeam,
  rmse,
  segmentImage,
  sheppLogan,
  simulateSinogram,
  ssim,
  systemMatrix,
} from '../src/index.js';
import { system } from './helpers.js';

const A = system(16, 12);
const y = simulateSinogram(sheppLogan(16), A, { counts: 1e4, seed: 1 }).sinogram;

function thrown(fn: () => unknown): EMError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EMError);
    return error as EMError;
  }
  throw new Error('did not throw');
}

describe('bad input gets typed errors that say what was wrong', () => {
  it('a sinogram whose shape does not match the geometry', () => {
    const e = thrown(() => mlem(y.subarray(0, 100), A));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e.message).toContain('12 angles × 16 detectors');
    expect(thrown(() => osem([[1, 2, 3]], A)).message).toContain('sinogram');
    expect(thrown(() => fbp(new Float64Array(10), A))).toBeInstanceOf(InvalidInputError);
    const rows = Array.from({ length: 12 }, () => new Array(15).fill(1));
    expect((thrown(() => mlem(rows, A)) as InvalidInputError).row).toBe(0);
  });

  it('negative, NaN or infinite counts, naming the bin', () => {
    const bad = y.slice();
    bad[3 * 16 + 5] = -1;
    const e = thrown(() => mlem(bad, A)) as InvalidInputError;
    expect(e.message).toContain('non-negative');
    expect([e.row, e.column]).toEqual([3, 5]);
    bad[3 * 16 + 5] = Number.NaN;
    expect((thrown(() => osem(bad, A, { subsets: 3 })) as InvalidInputError).message).toContain('finite');
  });

  it('zero iterations, subsets that do not divide the angles', () => {
    const e = thrown(() => mlem(y, A, { iterations: 0 })) as InvalidOptionError;
    expect(e.option).toBe('iterations');
    expect((thrown(() => osem(y, A, { iterations: 0 })) as InvalidOptionError).option).toBe('iterations');
    const s = thrown(() => osem(y, A, { subsets: 5 })) as InvalidOptionError;
    expect(s.option).toBe('subsets');
    expect(s.message).toContain('a divisor of the number of angles (12)');
    expect(s.message).toContain('1, 2, 3, 4, 6, 12');
    expect(thrown(() => osem(y, A, { subsets: 0 }))).toBeInstanceOf(InvalidOptionError);
    expect(thrown(() => mlemSteps(y, A, { iterations: -1 }))).toBeInstanceOf(InvalidOptionError);
  });

  it('images with a wrong channel count', () => {
    const e = thrown(() => segmentImage({ data: new Uint8ClampedArray(2 * 2 * 2), width: 2, height: 2 }));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e.message).toContain('3 (RGB) or 4 (RGBA) channels per pixel');
    expect(e.message).toContain('2 per pixel');
    expect(
      thrown(() => segmentImage({ data: new Uint8ClampedArray(17), width: 2, height: 2 })).message,
    ).toContain('4.25');
    expect(thrown(() => segmentImage({ data: [1, 2, 300], width: 1, height: 1 })).message).toContain(
      '[0, 255]',
    );
    expect(
      thrown(() => segmentImage({ data: new Uint8Array(12), width: 2, height: 2 }, { components: 5 })),
    ).toBeInstanceOf(InvalidOptionError);
    expect(
      thrown(() =>
        segmentImage({ data: new Uint8Array(12), width: 2, height: 2 }, { colorSpace: 'hsv' as 'rgb' }),
      ),
    ).toBeInstanceOf(InvalidOptionError);
  });

  it('counts on a ray that misses the image, bad physics, bad geometry, bad options', () => {
    const wide = systemMatrix(parallelBeam({ size: 8, nAngles: 4, nDetectors: 20 }));
    const counts = new Float64Array(4 * 20);
    counts[0] = 3;
    expect(thrown(() => mlem(counts, wide)).message).toContain('misses the image');
    expect(thrown(() => mlem(y, A, { attenuation: new Float64Array(y.length).fill(2) })).message).toContain(
      '(0, 1]',
    );
    expect(thrown(() => mlem(y, A, { background: new Float64Array(y.length).fill(-1) }))).toBeInstanceOf(
      InvalidInputError,
    );
    expect(thrown(() => parallelBeam({ size: 1, nAngles: 3 }))).toBeInstanceOf(InvalidOptionError);
    expect(thrown(() => parallelBeam({ size: 8, angles: [0, Number.NaN] })).message).toContain('angles[1]');
    expect(thrown(() => systemMatrix({} as never))).toBeInstanceOf(InvalidOptionError);
    expect(thrown(() => mlem(y, {} as never))).toBeInstanceOf(InvalidInputError);
    expect(thrown(() => fbp(y, A, { filter: 'box' as 'ramp' })).message).toContain("'hann'");
    expect(thrown(() => simulateSinogram(sheppLogan(16), A, { counts: 0 }))).toBeInstanceOf(
      InvalidOptionError,
    );
    expect(thrown(() => simulateSinogram(new Float64Array(256), A, { counts: 10 })).message).toContain(
      'non-zero',
    );
    expect(thrown(() => mlem(y, A, { initial: new Float64Array(256) })).message).toContain('positive pixel');
    expect(thrown(() => rmse([1, 2], [1]))).toBeInstanceOf(InvalidInputError);
    expect(thrown(() => ssim([1, 2, 3, 4], [1, 2, 3, 4]))).toBeInstanceOf(InvalidOptionError);
  });

  it('OSEM on counts too sparse for its subsets says so instead of returning −∞', () => {
    const sparse = new Float64Array(12 * 16);
    sparse[8] = 1e6; // one bin of angle 0 only
    const e = thrown(() => osem(sparse, A, { subsets: 3, iterations: 2 }));
    expect(e).toBeInstanceOf(NumericalError);
    expect(e.message).toContain('fewer subsets');
    // MLEM copes: its update never zeroes a pixel on a ray with counts.
    expect(Number.isFinite(mlem(sparse, A, { iterations: 3 }).logLikelihood)).toBe(true);
  });

  it('tampered geometry JSON names the field', () => {
    const json = geometryToJSON(parallelBeam({ size: 8, nAngles: 3 }));
    expect((thrown(() => geometryFromJSON({ ...json, size: 0 })) as InvalidInputError).argument).toBe(
      'json.size',
    );
    expect(
      (thrown(() => geometryFromJSON({ ...json, format: 'x' as never })) as InvalidInputError).argument,
    ).toBe('json.format');
    expect(
      (thrown(() => geometryFromJSON({ ...json, angles: [0, 'a' as never] })) as InvalidInputError).row,
    ).toBe(1);
    expect((thrown(() => geometryFromJSON('{')) as InvalidInputError).argument).toBe('json');
  });
});

describe('geometry JSON', () => {
  it('round-trips exactly', () => {
    for (const g of [
      parallelBeam({ size: 64, nAngles: 180 }),
      parallelBeam({ size: 9, angles: [3, 17.5, 91], nDetectors: 13 }),
    ]) {
      const back = geometryFromJSON(JSON.stringify(geometryToJSON(g)));
      expect(back.size).toBe(g.size);
      expect(back.nDetectors).toBe(g.nDetectors);
      expect(Array.from(back.angles)).toEqual(Array.from(g.angles));
      expect(systemMatrix(back).values).toEqual(systemMatrix(g).values);
    }
  });
});
