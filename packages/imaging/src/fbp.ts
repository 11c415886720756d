import { InvalidOptionError } from '@em/core';
import type { ScanPhysics } from './data.js';
import { fft } from './fft.js';
import type { ParallelBeamGeometry } from './geometry.js';
import { SystemMatrix } from './system-matrix.js';
import { type Grid, readGrid } from './validate.js';

/**
 * The filter of {@link fbp}: the ramp |ω| alone, or the ramp apodised by a window that damps the
 * high frequencies where noise lives (scikit-image's `iradon` filters).
 *
 * @example
 * ```ts
 * import type { FbpFilter } from '@em/imaging';
 * const filter: FbpFilter = 'hann';
 * ```
 */
export type FbpFilter = 'ramp' | 'hann' | 'hamming' | 'shepp-logan' | 'cosine';

const FILTERS: readonly FbpFilter[] = ['ramp', 'hann', 'hamming', 'shepp-logan', 'cosine'];

/**
 * Options of {@link fbp}: the filter and the scan physics to correct for first.
 *
 * @example
 * ```ts
 * import type { FbpOptions } from '@em/imaging';
 * const options: FbpOptions = { filter: 'hann' };
 * ```
 */
export interface FbpOptions extends ScanPhysics {
  /** Default `'ramp'`. */
  filter?: FbpFilter;
}

/** scikit-image's `_get_fourier_filter`: the ramp built from its spatial form (Kak & Slaney, eq. 61). */
function fourierFilter(size: number, name: FbpFilter): Float64Array {
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  re[0] = 0.25;
  for (let k = 1; k < size; k += 2) {
    const n = Math.min(k, size - k);
    re[k] = -1 / (Math.PI * n) ** 2;
  }
  fft(re, im);
  const filter = new Float64Array(size);
  for (let k = 0; k < size; k++) filter[k] = 2 * re[k]!;
  const half = size / 2;
  const shifted = (window: (m: number) => number) => {
    for (let k = 0; k < size; k++) filter[k]! *= window((k + half) % size);
  };
  if (name === 'hann') shifted((m) => 0.5 - 0.5 * Math.cos((2 * Math.PI * m) / (size - 1)));
  else if (name === 'hamming') shifted((m) => 0.54 - 0.46 * Math.cos((2 * Math.PI * m) / (size - 1)));
  else if (name === 'cosine') shifted((m) => Math.sin((Math.PI * m) / size));
  else if (name === 'shepp-logan') {
    for (let k = 1; k < size; k++) {
      const omega = (Math.PI * (k < half ? k : k - size)) / size;
      filter[k]! *= Math.sin(omega) / omega;
    }
  }
  return filter;
}

/**
 * Filtered back-projection: the classical analytic reconstruction, the baseline every iterative
 * method is compared with. A port of scikit-image's `iradon(sinogram, theta, circle=True,
 * interpolation='linear')` (same padding, same Fourier filters, same linear interpolation), so the
 * two agree to rounding on the same sinogram; the image is N × N with zeros outside the inscribed
 * circle. The sinogram is first corrected for the physics: p = (y − r) / a. FBP assumes the angles
 * evenly cover 180°.
 *
 * @throws InvalidInputError for a sinogram that does not match the geometry.
 * @throws InvalidOptionError for an unknown filter.
 * @example
 * ```ts
 * import { fbp, parallelBeam, sheppLogan, systemMatrix } from '@em/imaging';
 * const A = systemMatrix(parallelBeam({ size: 64, nAngles: 180 }));
 * const phantom = sheppLogan(64);
 * const image = fbp(A.forward(phantom), A, { filter: 'ramp' });
 * image[32 * 64 + 32]; // ≈ 0.2 (the phantom's value there)
 * ```
 */
export function fbp(
  sinogram: Grid,
  geometry: ParallelBeamGeometry | SystemMatrix,
  options: FbpOptions = {},
): Float64Array {
  const g = geometry instanceof SystemMatrix ? geometry.geometry : geometry;
  if (typeof g !== 'object' || g === null || !(g.angles instanceof Float64Array))
    throw new InvalidOptionError('geometry', 'a geometry made by parallelBeam() or a SystemMatrix', geometry);
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionError('options', 'an object of fbp options', options);
  const filterName = options.filter ?? 'ramp';
  if (!FILTERS.includes(filterName))
    throw new InvalidOptionError('filter', FILTERS.map((f) => `'${f}'`).join(', '), filterName);
  const { size, nAngles, nDetectors, angles } = g;
  const shape = `a sinogram of ${nAngles} angles × ${nDetectors} detectors (the geometry)`;
  const y = readGrid(sinogram, 'sinogram', nAngles, nDetectors, shape);
  const background =
    options.background === undefined
      ? undefined
      : readGrid(options.background, 'background', nAngles, nDetectors, shape, { nonNegative: true });
  const attenuation =
    options.attenuation === undefined
      ? undefined
      : readGrid(options.attenuation, 'attenuation', nAngles, nDetectors, shape);
  if (attenuation) {
    for (let i = 0; i < attenuation.length; i++) {
      if (!(attenuation[i]! > 0 && attenuation[i]! <= 1))
        throw new InvalidOptionError('attenuation', 'factors in (0, 1]', attenuation[i]);
    }
  }
  // iradon(circle=True) pads every projection to the square's diagonal first, then to a power of two.
  const diagonal = Math.ceil(Math.SQRT2 * nDetectors);
  const padBefore = Math.floor(diagonal / 2) - Math.floor(nDetectors / 2);
  const padded = Math.max(64, 2 ** Math.ceil(Math.log2(2 * diagonal)));
  const filter = fourierFilter(padded, filterName);
  const re = new Float64Array(padded);
  const im = new Float64Array(padded);
  const filtered = new Float64Array(diagonal);
  const out = new Float64Array(size * size);
  const radius = Math.floor(size / 2);
  const first = -Math.floor(diagonal / 2);
  for (let a = 0; a < nAngles; a++) {
    re.fill(0);
    im.fill(0);
    for (let j = 0; j < nDetectors; j++) {
      const i = a * nDetectors + j;
      let p = y[i]!;
      if (background) p -= background[i]!;
      if (attenuation) p /= attenuation[i]!;
      re[padBefore + j] = p;
    }
    fft(re, im);
    for (let k = 0; k < padded; k++) {
      re[k]! *= filter[k]!;
      im[k]! *= filter[k]!;
    }
    fft(re, im, true);
    for (let k = 0; k < diagonal; k++) filtered[k] = re[k]!;
    const cos = Math.cos(angles[a]!);
    const sin = Math.sin(angles[a]!);
    for (let r = 0; r < size; r++) {
      const xpr = r - radius;
      for (let c = 0; c < size; c++) {
        const t = (c - radius) * cos - xpr * sin;
        const u = t - first;
        if (u < 0 || u > diagonal - 1) continue;
        const k = Math.floor(u);
        out[r * size + c]! +=
          k >= diagonal - 1
            ? filtered[diagonal - 1]!
            : filtered[k]! + (u - k) * (filtered[k + 1]! - filtered[k]!);
      }
    }
  }
  const scale = Math.PI / (2 * nAngles);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const dr = r - radius;
      const dc = c - radius;
      out[r * size + c] = dr * dr + dc * dc > radius * radius ? 0 : out[r * size + c]! * scale;
    }
  }
  return out;
}
