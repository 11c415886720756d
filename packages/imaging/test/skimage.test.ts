import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  fbp,
  mlem,
  osem,
  rmse,
  type SystemMatrix,
  sheppLogan,
  simulateSinogram,
  ssim,
} from '../src/index.js';
import { sum, system } from './helpers.js';

interface Score {
  rmse: number;
  ssim: number;
}
interface Level {
  counts: number;
  seed: number;
  scale: number;
  sinogramSum: number;
  fbpRamp: Score;
  fbpHann: Score;
  ours: Record<string, Score>;
  fbpRampImage?: string;
  fbpHannImage?: string;
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/skimage-shepp-logan.json', import.meta.url), 'utf8'),
) as { size: number; nAngles: number; levels: Level[] };

function float32(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

// As in fixtures/export-scans.mjs, which made the reconstructions scikit-image scored.
const SIZE = 64;
const N_ANGLES = 90;
const methods: Record<string, (s: Float64Array, A: SystemMatrix) => Float64Array> = {
  mlem10: (s, A) => mlem(s, A, { iterations: 10 }).image,
  mlem50: (s, A) => mlem(s, A, { iterations: 50 }).image,
  osem10x1: (s, A) => osem(s, A, { subsets: 10, iterations: 1 }).image,
  osem10x5: (s, A) => osem(s, A, { subsets: 10, iterations: 5 }).image,
};
const A = system(SIZE, N_ANGLES);
const phantom = sheppLogan(SIZE);

describe('Shepp–Logan against scikit-image (fixture: make-skimage-fixtures.py)', () => {
  expect(fixture.size).toBe(SIZE);
  expect(fixture.nAngles).toBe(N_ANGLES);

  for (const level of fixture.levels) {
    describe(`${level.counts} counts`, () => {
      const scan = simulateSinogram(phantom, A, { counts: level.counts, seed: level.seed });
      const images = Object.fromEntries(
        Object.entries(methods).map(([name, run]) => [
          name,
          run(scan.sinogram, A).map((v) => v / scan.scale),
        ]),
      );

      it('simulates the same seeded sinogram the fixture was made from', () => {
        expect(sum(scan.sinogram)).toBe(level.sinogramSum);
        expect(scan.scale).toBe(level.scale);
      });

      it("our RMSE and SSIM equal scikit-image's on our reconstructions (1e-9)", () => {
        for (const [name, image] of Object.entries(images)) {
          expect(rmse(image, phantom)).toBeCloseTo(level.ours[name]!.rmse, 9);
          expect(ssim(image, phantom, { dataRange: 1 })).toBeCloseTo(level.ours[name]!.ssim, 9);
        }
      });

      if (level.counts <= 1e5) {
        it("MLEM (10 iterations) and OSEM (10 subsets × 1) beat scikit-image's FBP, ramp and Hann, at low counts", () => {
          for (const name of ['mlem10', 'osem10x1']) {
            const score = level.ours[name]!;
            for (const baseline of [level.fbpRamp, level.fbpHann]) {
              expect(score.rmse).toBeLessThan(baseline.rmse);
              expect(score.ssim).toBeGreaterThan(baseline.ssim);
            }
          }
        });
      } else {
        it('MLEM (50 iterations) beats FBP at high counts too; 10 iterations are not enough there', () => {
          const score = level.ours.mlem50!;
          for (const baseline of [level.fbpRamp, level.fbpHann]) {
            expect(score.rmse).toBeLessThan(baseline.rmse);
            expect(score.ssim).toBeGreaterThan(baseline.ssim);
          }
          expect(level.ours.mlem10!.ssim).toBeLessThan(level.fbpHann.ssim);
        });
      }

      if (level.fbpRampImage && level.fbpHannImage) {
        it("our fbp reproduces scikit-image's iradon (ramp and Hann) to float32 rounding", () => {
          const normalised = scan.sinogram.map((v) => v / scan.scale);
          for (const [filter, encoded] of [
            ['ramp', level.fbpRampImage!],
            ['hann', level.fbpHannImage!],
          ] as const) {
            const reference = float32(encoded);
            const ours = fbp(normalised, A, { filter });
            let worst = 0;
            for (let j = 0; j < ours.length; j++) worst = Math.max(worst, Math.abs(ours[j]! - reference[j]!));
            expect(worst).toBeLessThan(1e-5);
            const score = filter === 'ramp' ? level.fbpRamp : level.fbpHann;
            expect(ssim(ours, phantom, { dataRange: 1 })).toBeCloseTo(score.ssim, 5);
          }
        });
      }
    });
  }
});
