import { segmentImage } from '@em/imaging';
import { describe, expect, it } from 'vitest';
import { fitWithin, makeScan, proceduralScene, score } from '../src/imaging/model.js';

describe('the images page', () => {
  it('simulates a scan whose FBP baseline resembles the phantom, and reuses the system matrix', () => {
    const a = makeScan({ size: 64, nAngles: 90, counts: 1e6, seed: 1 });
    const b = makeScan({ size: 64, nAngles: 90, counts: 1e4, seed: 2 });
    expect(b.A).toBe(a.A);
    expect(a.scan.sinogram.reduce((x, y) => x + y, 0) / 1e6).toBeCloseTo(1, 1);
    const good = score(a.fbpImage, a.phantom);
    const noisy = score(b.fbpImage, b.phantom);
    expect(good.ssim).toBeGreaterThan(0.7);
    expect(noisy.ssim).toBeLessThan(good.ssim);
    expect(score(a.phantom, a.phantom)).toEqual({ rmse: 0, ssim: 1 });
  });

  it('segments the default procedural scene into its three regions', () => {
    const scene = proceduralScene(160, 100, 7);
    const result = segmentImage(scene, { components: 3, smoothing: true });
    // Field (dark green), sky (blue), sun (yellow): darkest first.
    expect(result.colors[0]![1]).toBeGreaterThan(result.colors[0]![0]!);
    expect(result.colors[1]![2]).toBeGreaterThan(200);
    expect(result.colors[2]![0]).toBeGreaterThan(200);
    expect(result.counts[2]! / (160 * 100)).toBeGreaterThan(0.02);
  });

  it('scales uploads to at most 1024 pixels on the longer side', () => {
    expect(fitWithin(4000, 3000, 1024)).toEqual({ width: 1024, height: 768 });
    expect(fitWithin(300, 200, 1024)).toEqual({ width: 300, height: 200 });
  });
});
