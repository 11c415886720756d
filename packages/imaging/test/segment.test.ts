import { readFileSync } from 'node:fs';
import { createRandom } from '@em/sampling';
import { describe, expect, it } from 'vitest';
import { segmentImage } from '../src/index.js';
import { potts } from '../src/segment.js';

/** 64 × 64 RGBA: three regions (left third dark red, a light disc, the rest mid blue) plus noise. */
function threeRegions(noise: number, seed = 1) {
  const w = 64;
  const h = 64;
  const rng = createRandom(seed);
  const truth = new Uint8Array(w * h);
  const data = new Uint8ClampedArray(w * h * 4);
  const colours = [
    [120, 20, 30],
    [40, 80, 200],
    [230, 230, 200],
  ];
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = r * w + c;
      const label = (r - 32) ** 2 + (c - 44) ** 2 < 12 ** 2 ? 2 : c < 21 ? 0 : 1;
      truth[i] = label;
      for (let k = 0; k < 3; k++) data[i * 4 + k] = colours[label]![k]! + rng.normal(0, noise);
      data[i * 4 + 3] = 255;
    }
  }
  return { image: { data, width: w, height: h }, truth };
}

/** Labels agree up to a permutation: the share of pixels on the best matching. */
function agreement(labels: Uint8Array, truth: Uint8Array, k: number): number {
  const perms = (xs: number[]): number[][] =>
    xs.length <= 1
      ? [xs]
      : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
  let best = 0;
  for (const p of perms(Array.from({ length: k }, (_, i) => i))) {
    let same = 0;
    for (let i = 0; i < labels.length; i++) if (p[labels[i]!] === truth[i]) same++;
    best = Math.max(best, same / labels.length);
  }
  return best;
}

describe('segmentImage', () => {
  it('recovers three colour regions; components ordered dark to light with their mean colours', () => {
    const { image, truth } = threeRegions(12);
    const result = segmentImage(image, { components: 3 });
    expect(agreement(result.labels, truth, 3)).toBeGreaterThan(0.99);
    // Luminance order: dark red < mid blue < light cream.
    expect(result.colors[0]![0]).toBeGreaterThan(100);
    expect(result.colors[1]![2]).toBeGreaterThan(180);
    expect(result.colors[2]![1]).toBeGreaterThan(200);
    for (const [k, colour] of [
      [120, 20, 30],
      [40, 80, 200],
      [230, 230, 200],
    ].entries())
      for (let c = 0; c < 3; c++) expect(Math.abs(result.colors[k]![c]! - colour[c]!)).toBeLessThan(3);
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(64 * 64);
    expect(result.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    // The repainted image uses exactly the component colours.
    for (let i = 0; i < 64 * 64; i += 97) {
      expect(Array.from(result.segmented.subarray(i * 4, i * 4 + 3))).toEqual(
        result.colors[result.labels[i]!],
      );
    }
  });

  it("labels every pixel with @em/gaussian's predict (no smoothing)", () => {
    const { image } = threeRegions(30, 2);
    const result = segmentImage(image, { components: 3, sampleSize: 1000 });
    const X: number[][] = [];
    for (let i = 0; i < 64 * 64; i++)
      X.push([image.data[i * 4]!, image.data[i * 4 + 1]!, image.data[i * 4 + 2]!]);
    const predicted = result.model.predict(X);
    // segmentImage sorts components by luminance: map the model's labels through the same order.
    const order = result.colors.map((colour) =>
      result.model.means.findIndex((m) =>
        m.every((v, c) => Math.abs(Math.round(Math.min(255, Math.max(0, v))) - colour[c]!) === 0),
      ),
    );
    for (let i = 0; i < predicted.length; i++) expect(order[result.labels[i]!]).toBe(predicted[i]);
  });

  it('ICM smoothing removes speckle and never lowers its Potts objective', () => {
    const { image, truth } = threeRegions(70, 3);
    const plain = segmentImage(image, { components: 3 });
    const smooth = segmentImage(image, { components: 3, smoothing: { beta: 1.5, iterations: 8 } });
    expect(smooth.smoothedPixels).toBeGreaterThan(0);
    expect(agreement(smooth.labels, truth, 3)).toBeGreaterThan(agreement(plain.labels, truth, 3));
    // Recompute the scores from the fitted model and compare the objective before and after.
    const n = 64 * 64;
    const X: number[][] = [];
    for (let i = 0; i < n; i++) X.push([image.data[i * 4]!, image.data[i * 4 + 1]!, image.data[i * 4 + 2]!]);
    const logDensity = smooth.model.scoreSamples(X);
    const proba = smooth.model.predictProba(X);
    const order = smooth.colors.map((colour) =>
      smooth.model.means.findIndex((m) =>
        m.every((v, c) => Math.round(Math.min(255, Math.max(0, v))) === colour[c]),
      ),
    );
    const scores = new Float64Array(n * 3);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < 3; k++) scores[i * 3 + k] = logDensity[i]! + Math.log(proba[i]![order[k]!]!);
    expect(potts(smooth.labels, scores, 64, 64, 3, 1.5)).toBeGreaterThanOrEqual(
      potts(plain.labels, scores, 64, 64, 3, 1.5),
    );
  });

  it('segments in CIELAB too, and reads RGB (3-channel) data', () => {
    const { image, truth } = threeRegions(12);
    const rgb = new Uint8Array(64 * 64 * 3);
    for (let i = 0; i < 64 * 64; i++) rgb.set(image.data.subarray(i * 4, i * 4 + 3), i * 3);
    const lab = segmentImage({ data: rgb, width: 64, height: 64 }, { components: 3, colorSpace: 'lab' });
    expect(agreement(lab.labels, truth, 3)).toBeGreaterThan(0.99);
    for (const [k, colour] of [
      [120, 20, 30],
      [40, 80, 200],
      [230, 230, 200],
    ].entries())
      for (let c = 0; c < 3; c++) expect(Math.abs(lab.colors[k]![c]! - colour[c]!)).toBeLessThan(4);
  });

  it('segments the committed public-domain photo (NASA astronaut portrait, 128 × 128)', () => {
    const bytes = readFileSync(new URL('./fixtures/images/astronaut-128.rgb', import.meta.url));
    const image = { data: new Uint8Array(bytes), width: 128, height: 128 };
    const result = segmentImage(image, { components: 4, smoothing: true });
    expect(result.counts.every((c) => c > 0.02 * 128 * 128)).toBe(true);
    // Each component's colour is the mean of its pixels' colours (the GMM mean, up to smoothing).
    for (let k = 0; k < 4; k++) {
      let count = 0;
      const mean = [0, 0, 0];
      for (let i = 0; i < 128 * 128; i++) {
        if (result.labels[i] !== k) continue;
        count++;
        for (let c = 0; c < 3; c++) mean[c]! += image.data[i * 3 + c]!;
      }
      for (let c = 0; c < 3; c++) expect(Math.abs(mean[c]! / count - result.colors[k]![c]!)).toBeLessThan(25);
    }
  });
});
