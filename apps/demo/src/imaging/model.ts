import {
  fbp,
  parallelBeam,
  type RgbImage,
  rmse,
  type SimulatedScan,
  type SystemMatrix,
  sheppLogan,
  simulateSinogram,
  ssim,
  systemMatrix,
} from '@em/imaging';
import { createRandom } from '@em/sampling';

/** What the reconstruction half of the page needs: the scan, the phantom and the FBP baseline. */
export interface Scan {
  size: number;
  A: SystemMatrix;
  phantom: Float64Array;
  scan: SimulatedScan;
  fbpImage: Float64Array;
}

const matrices = new Map<string, SystemMatrix>();

/** Simulates a Shepp–Logan scan and its FBP (Hann) reconstruction; system matrices are reused. */
export function makeScan(options: { size: number; nAngles: number; counts: number; seed: number }): Scan {
  const key = `${options.size}x${options.nAngles}`;
  let A = matrices.get(key);
  if (!A) {
    A = systemMatrix(parallelBeam({ size: options.size, nAngles: options.nAngles }));
    matrices.set(key, A);
  }
  const phantom = sheppLogan(options.size);
  const scan = simulateSinogram(phantom, A, { counts: options.counts, seed: options.seed });
  const fbpImage = fbp(
    scan.sinogram.map((v) => v / scan.scale),
    A,
    { filter: 'hann' },
  );
  return { size: options.size, A, phantom, scan, fbpImage };
}

/** RMSE and SSIM of an image (in phantom units) against the phantom. */
export function score(image: Float64Array, phantom: Float64Array): { rmse: number; ssim: number } {
  return { rmse: rmse(image, phantom), ssim: ssim(image, phantom, { dataRange: 1 }) };
}

/** A procedural scene (sky, sun, field, sensor noise) to segment before the visitor uploads a photo. */
export function proceduralScene(
  width: number,
  height: number,
  seed: number,
): RgbImage & { data: Uint8ClampedArray } {
  const rng = createRandom(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  const colours = [
    [40, 110, 50],
    [90, 150, 230],
    [250, 220, 90],
  ];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const horizon = height * (0.58 + 0.07 * Math.sin(x / (width / 8)));
      const sun = (x - 0.72 * width) ** 2 + (y - 0.25 * height) ** 2 < (0.11 * width) ** 2;
      const region = sun ? 2 : y < horizon ? 1 : 0;
      for (let c = 0; c < 3; c++) data[i * 4 + c] = colours[region]![c]! + rng.normal(0, 30);
      data[i * 4 + 3] = 255;
    }
  }
  return { data, width, height };
}

/** The size to draw an uploaded image at: at most `max` pixels on its longer side, aspect kept. */
export function fitWithin(width: number, height: number, max: number): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
