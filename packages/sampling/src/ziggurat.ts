import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/*
 * Standard normal draws by the ziggurat method (Marsaglia & Tsang 2000) with 256 layers and 52-bit
 * magnitudes, the layout numpy's Generator uses. About 99% of draws cost two generator steps, one
 * multiply and one compare; the rest fall in a wedge or the tail and are resolved exactly, so the
 * output is exactly normal (no approximation). The tables are computed once from the two constants.
 */

const LAYERS = 256;
/** Right edge of the base layer and common area of every layer, for 256 layers. */
const R = 3.6541528853610088;

/**
 * A bound on |z| for every standard normal this sampler can return: the tail's R − ln(2⁻⁵³)/R ≈ 13.7
 * (1 − u is at least 2⁻⁵³). Callers use it to refuse a loc/scale whose draws could overflow.
 *
 * @internal
 */
export const MAX_NORMAL_DEVIATE = 14;
const V = 0.00492867323399;
const TWO_POW_52 = 4503599627370496;

const density = (x: number): number => Math.exp(-0.5 * x * x);

/** x[i]: right edge of layer i; x[0] is the base layer's virtual width (it includes the tail). */
const edges = new Float64Array(LAYERS + 1);
edges[0] = V / density(R);
edges[1] = R;
for (let i = 1; i < LAYERS - 1; i++) {
  edges[i + 1] = Math.sqrt(-2 * Math.log(V / edges[i]! + density(edges[i]!)));
}
edges[LAYERS] = 0;

/** Acceptance thresholds on the 52-bit magnitude, scale factors and densities at the edges. */
const accept = new Float64Array(LAYERS);
const width = new Float64Array(LAYERS);
const heights = new Float64Array(LAYERS + 1);
for (let i = 0; i < LAYERS; i++) {
  accept[i] = (edges[i + 1]! / edges[i]!) * TWO_POW_52;
  width[i] = edges[i]! / TWO_POW_52;
}
for (let i = 0; i <= LAYERS; i++) heights[i] = density(edges[i]!);

/** @internal One standard normal draw from `generator`. */
export function standardNormal(generator: RandomGenerator): number {
  const bits = generator.next();
  const layer = bits & 0xff;
  const magnitude = (bits >>> 12) * 4294967296 + (generator.next() >>> 0);
  if (magnitude < accept[layer]!) {
    const x = magnitude * width[layer]!;
    return bits & 0x100 ? -x : x;
  }
  return resolveSlow(generator, bits, layer, magnitude);
}

/** @internal Fills `out` with N(loc, scale²) draws; the loop every vector sampler shares. */
export function fillNormal(generator: RandomGenerator, out: Float64Array, loc = 0, scale = 1): void {
  const end = out.length;
  for (let i = 0; i < end; i++) {
    const bits = generator.next();
    const layer = bits & 0xff;
    const magnitude = (bits >>> 12) * 4294967296 + (generator.next() >>> 0);
    if (magnitude < accept[layer]!) {
      const x = magnitude * width[layer]!;
      out[i] = loc + scale * (bits & 0x100 ? -x : x);
    } else {
      out[i] = loc + scale * resolveSlow(generator, bits, layer, magnitude);
    }
  }
}

/** The rare (about 1%) candidates outside a layer's core: the tail, or a wedge test; a rejected wedge draws afresh. */
function resolveSlow(generator: RandomGenerator, bits: number, layer: number, magnitude: number): number {
  const x = magnitude * width[layer]!;
  if (layer === 0) {
    for (;;) {
      const a = -Math.log(1 - uniformFloat64(generator)) / R;
      const b = -Math.log(1 - uniformFloat64(generator));
      if (b + b > a * a) return bits & 0x100 ? -(R + a) : R + a;
    }
  }
  const y = heights[layer]! + uniformFloat64(generator) * (heights[layer + 1]! - heights[layer]!);
  if (y < density(x)) return bits & 0x100 ? -x : x;
  return standardNormal(generator);
}
