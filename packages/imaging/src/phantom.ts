import { integerOption, numberOption, optionsObject } from './validate.js';

/**
 * The ten ellipses of the modified Shepp–Logan head phantom (Toft 1996, the version of MATLAB's
 * `phantom('Modified Shepp-Logan')` and scikit-image's `shepp_logan_phantom`): intensity, semi-axes,
 * centre (in [−1, 1]², y up) and rotation in degrees. Intensities add where ellipses overlap, so the
 * image takes the values 0 (ventricles, outside), 0.1–0.4 (brain and tumours) and 1 (skull).
 */
const MODIFIED_SHEPP_LOGAN: readonly (readonly [number, number, number, number, number, number])[] = [
  [1, 0.69, 0.92, 0, 0, 0],
  [-0.8, 0.6624, 0.874, 0, -0.0184, 0],
  [-0.2, 0.11, 0.31, 0.22, 0, -18],
  [-0.2, 0.16, 0.41, -0.22, 0, 18],
  [0.1, 0.21, 0.25, 0, 0.35, 0],
  [0.1, 0.046, 0.046, 0, 0.1, 0],
  [0.1, 0.046, 0.046, 0, -0.1, 0],
  [0.1, 0.046, 0.023, -0.08, -0.605, 0],
  [0.1, 0.023, 0.023, 0, -0.606, 0],
  [0.1, 0.023, 0.046, 0.06, -0.605, 0],
];

/**
 * Options of {@link sheppLogan} and {@link disc}.
 *
 * @example
 * ```ts
 * import type { PhantomOptions } from '@em/imaging';
 * const options: PhantomOptions = { supersample: 4 };
 * ```
 */
export interface PhantomOptions {
  /**
   * Each pixel is the average of supersample × supersample point samples (its area fraction inside
   * each shape, approximately). Default 3; 1 samples the pixel centre only. An integer in 1…16.
   */
  supersample?: number;
}

/**
 * The modified Shepp–Logan phantom (Toft's high-contrast version), N × N, row-major, values in
 * [0, 1]. The phantom spans the square [−1, 1]² with y pointing up (row 0 is the top).
 *
 * @throws InvalidOptionError for a size outside 2…1024 or a bad `supersample`.
 * @example
 * ```ts
 * import { sheppLogan } from '@em/imaging';
 * const phantom = sheppLogan(64);
 * phantom.length;                // 4096
 * Math.max(...phantom);          // 1 (the skull)
 * phantom[32 * 64 + 32];         // 0.2 (brain tissue, at the centre)
 * ```
 */
export function sheppLogan(size: number, options?: PhantomOptions): Float64Array {
  return ellipses(size, MODIFIED_SHEPP_LOGAN, options);
}

/**
 * A uniform disc of value 1 (0 outside), N × N: the shape whose line integrals are known in closed
 * form, 2·√(r² − d²) for a line at distance d from the centre, used to check projectors.
 * `radius` and the centre offsets are in pixels; the centre defaults to pixel (⌊N/2⌋, ⌊N/2⌋), the
 * scan's rotation centre.
 *
 * @throws InvalidOptionError for a size outside 2…1024, a radius that is not positive, or a bad offset.
 * @example
 * ```ts
 * import { disc } from '@em/imaging';
 * const image = disc(32, 10, { supersample: 8 });
 * image.reduce((a, b) => a + b, 0); // ≈ 314 (π·10²)
 * ```
 */
export function disc(
  size: number,
  radius: number,
  options?: PhantomOptions & { centreX?: number; centreY?: number },
): Float64Array {
  integerOption('size', size, 2, 1024);
  numberOption('radius', radius, Number.MIN_VALUE, 4096);
  const opts = optionsObject(options, 'disc');
  const cx = numberOption('centreX', opts.centreX ?? 0, -4096, 4096);
  const cy = numberOption('centreY', opts.centreY ?? 0, -4096, 4096);
  const half = size / 2;
  // Pixel units → phantom units ([−1, 1] across the image), measured from the rotation centre.
  const origin = Math.floor(size / 2) + 0.5;
  const toUnit = (p: number) => p / half;
  return ellipses(
    size,
    [[1, toUnit(radius), toUnit(radius), toUnit(origin - half + cx), toUnit(half - origin - cy), 0]],
    opts,
  );
}

function ellipses(
  size: number,
  shapes: readonly (readonly [number, number, number, number, number, number])[],
  options: PhantomOptions | undefined,
): Float64Array {
  integerOption('size', size, 2, 1024);
  const ss = integerOption('supersample', optionsObject(options, 'phantom').supersample ?? 3, 1, 16);
  const out = new Float64Array(size * size);
  const prepared = shapes.map(([value, a, b, x0, y0, degrees]) => {
    const phi = (degrees * Math.PI) / 180;
    return { value, ia2: 1 / (a * a), ib2: 1 / (b * b), x0, y0, cos: Math.cos(phi), sin: Math.sin(phi) };
  });
  const half = size / 2;
  const weight = 1 / (ss * ss);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      let sum = 0;
      for (let i = 0; i < ss; i++) {
        const y = (half - (r + (i + 0.5) / ss)) / half;
        for (let j = 0; j < ss; j++) {
          const x = (c + (j + 0.5) / ss - half) / half;
          for (const e of prepared) {
            const dx = x - e.x0;
            const dy = y - e.y0;
            const u = dx * e.cos + dy * e.sin;
            const v = -dx * e.sin + dy * e.cos;
            if (u * u * e.ia2 + v * v * e.ib2 <= 1) sum += e.value;
          }
        }
      }
      // Rounding of the intensity sums (1 − 0.8 = 0.19999…) would make phantom values look noisy.
      out[r * size + c] = Math.round(sum * weight * 1e12) / 1e12;
    }
  }
  return out;
}
