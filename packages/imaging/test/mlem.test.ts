import { runEM } from '@em/core';
import { describe, expect, it } from 'vitest';
import {
  attenuationFactors,
  disc,
  mlem,
  mlemModel,
  mlemSteps,
  osem,
  sheppLogan,
  simulateSinogram,
} from '../src/index.js';
import { dot, sum, system } from './helpers.js';

const A = system(32, 30);
const phantom = sheppLogan(32);
const scan = simulateSinogram(phantom, A, { counts: 5e4, seed: 3 });

/** Poisson log-likelihood written out directly, with log y! by summing logs. */
function poissonLogLikelihood(y: Float64Array, mean: Float64Array): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    let logFactorial = 0;
    for (let k = 2; k <= y[i]!; k++) logFactorial += Math.log(k);
    total += (y[i]! > 0 ? y[i]! * Math.log(mean[i]!) : 0) - mean[i]! - logFactorial;
  }
  return total;
}

describe('mlem', () => {
  const result = mlem(scan.sinogram, A, { iterations: 40 });

  it('never lowers the Poisson log-likelihood', () => {
    expect(result.history).toHaveLength(41);
    for (let i = 1; i < result.history.length; i++)
      expect(result.history[i]!).toBeGreaterThanOrEqual(
        result.history[i - 1]! - 1e-9 * Math.abs(result.history[i - 1]!),
      );
    expect(result.history[40]! - result.history[0]!).toBeGreaterThan(1000);
  });

  it('reports the log-likelihood of the final image, computed independently', () => {
    expect(result.logLikelihood).toBeCloseTo(poissonLogLikelihood(scan.sinogram, A.forward(result.image)), 6);
  });

  it('keeps the image non-negative and preserves the counts: Σ sⱼxⱼ = Σ yᵢ after every iteration', () => {
    const total = sum(scan.sinogram);
    const s = A.sensitivity();
    let checked = 0;
    mlem(scan.sinogram, A, {
      iterations: 5,
      onIteration: ({ params }) => {
        expect(params.every((v) => v >= 0)).toBe(true);
        expect(dot(s, params) / total).toBeCloseTo(1, 12);
        checked++;
      },
    });
    expect(checked).toBe(5);
    // Σ sⱼxⱼ is the image's expected total count: Σᵢ (A x)ᵢ.
    expect(sum(A.forward(result.image)) / total).toBeCloseTo(1, 12);
  });

  it('with attenuation preserves Σ (Aᵀa)ⱼxⱼ = Σ yᵢ; with background Σ sⱼxⱼ = Σ yᵢ(Ax)ᵢ/ȳᵢ of the previous image', () => {
    const mu = disc(32, 14).map((v) => 0.03 * v);
    const att = simulateSinogram(phantom, A, { counts: 5e4, seed: 4, attenuationMap: mu });
    const a = att.attenuation!;
    expect(Array.from(a).every((v) => v > 0 && v <= 1)).toBe(true);
    expect(a).toEqual(attenuationFactors(mu, A));
    const rec = mlem(att.sinogram, A, { iterations: 3, attenuation: a });
    expect(dot(A.back(a), rec.image) / sum(att.sinogram)).toBeCloseTo(1, 12);

    const bg = simulateSinogram(phantom, A, { counts: 5e4, seed: 5, backgroundFraction: 0.2 });
    const r = bg.background!;
    expect(sum(r) / 5e4).toBeCloseTo(0.2, 10);
    const one = mlem(bg.sinogram, A, { iterations: 1, background: r });
    const start = mlem(bg.sinogram, A, { iterations: 1, background: r, initial: one.image });
    const x = one.image;
    const ax = A.forward(x);
    let expected = 0;
    for (let i = 0; i < ax.length; i++)
      if (ax[i]! > 0) expected += (bg.sinogram[i]! * ax[i]!) / (ax[i]! + r[i]!);
    expect(dot(A.sensitivity(), start.image) / expected).toBeCloseTo(1, 12);
    expect(start.logLikelihood).toBeGreaterThanOrEqual(one.logLikelihood);
  });

  it('is an @em/core model: runEM gives the same images, and SQUAREM runs without decreases', () => {
    const { model, initial } = mlemModel(scan.sinogram, A);
    const plain = runEM(model, initial, { maxIter: 40, tol: 0 });
    expect(Array.from(plain.params)).toEqual(Array.from(result.image));
    const fast = runEM(model, initial, { maxIter: 40, tol: 0, acceleration: 'squarem' });
    expect(fast.acceleration).toBe('squarem');
    expect(fast.decreases).toEqual([]);
    expect(fast.params.every((v) => v >= 0)).toBe(true);
    // Extrapolations that leave the non-negative orthant are discarded, so SQUAREM helps little
    // here; it still climbs past plain EM's 40 iterations with its 40 cycles.
    const fastFinal = mlem(scan.sinogram, A, { iterations: 1, initial: fast.params }).history[0]!;
    expect(fastFinal).toBeGreaterThan(result.logLikelihood);
  });

  it('steps one iteration at a time to the same result', () => {
    const steps = mlemSteps(scan.sinogram, A, { iterations: 40 });
    let n = 0;
    let next = steps.next();
    while (!next.done) {
      n++;
      expect(next.value.iteration).toBe(n);
      expect(next.value.logLikelihood).toBe(result.history[n - 1]);
      next = steps.next();
    }
    expect(n).toBe(40);
    expect(next.value.image).toEqual(result.image);
  });

  it('stops when onIteration returns false or the signal aborts', () => {
    const stopped = mlem(scan.sinogram, A, { iterations: 40, onIteration: (info) => info.iteration < 3 });
    expect(stopped.iterations).toBe(3);
    expect(stopped.stopReason).toBe('callback');
    const controller = new AbortController();
    const aborted = mlem(scan.sinogram, A, {
      iterations: 5,
      signal: controller.signal,
      onIteration: (info) => void (info.iteration === 2 && controller.abort()),
    });
    expect(aborted.stopReason).toBe('aborted');
    expect(aborted.iterations).toBe(2);
    // Aborted before the first iteration there is no reconstruction, only the starting image.
    expect(() => mlem(scan.sinogram, A, { iterations: 5, signal: controller.signal })).toThrow(
      /before its first iteration/,
    );
  });

  it('recovers the image from noise-free data, approaching the true image', () => {
    const truth = disc(32, 8).map((v, j) => v * (1 + (j % 3)) * 10);
    const y = A.forward(truth);
    const rec = mlem(y, A, { iterations: 300 });
    let err = 0;
    let norm = 0;
    for (let j = 0; j < truth.length; j++) {
      err += (rec.image[j]! - truth[j]!) ** 2;
      norm += truth[j]! ** 2;
    }
    expect(Math.sqrt(err / norm)).toBeLessThan(0.35);
    // The truth maximises the likelihood of its own noise-free projections.
    const truthLl = mlem(y, A, { iterations: 1, initial: truth }).history[0]!;
    expect(truthLl).toBeGreaterThanOrEqual(rec.logLikelihood);
  });
});

describe('osem', () => {
  it('with one subset is MLEM', () => {
    const a = osem(scan.sinogram, A, { subsets: 1, iterations: 5 });
    const b = mlem(scan.sinogram, A, { iterations: 5 });
    for (let j = 0; j < a.image.length; j++) expect(a.image[j]).toBeCloseTo(b.image[j]!, 9);
    expect(a.logLikelihood).toBeCloseTo(b.logLikelihood, 6);
  });

  it('gets about S MLEM iterations of progress per pass early on', () => {
    const mlem10 = mlem(scan.sinogram, A, { iterations: 10 });
    const os = osem(scan.sinogram, A, { subsets: 10, iterations: 1 });
    const mlem3 = mlem(scan.sinogram, A, { iterations: 3 });
    expect(os.logLikelihood).toBeGreaterThan(mlem3.logLikelihood);
    expect(Math.abs(os.logLikelihood - mlem10.logLikelihood)).toBeLessThan(
      Math.abs(mlem10.logLikelihood - mlem3.logLikelihood),
    );
  });

  it('keeps the image non-negative and reports every pass (and the final one without tracking)', () => {
    const seen: number[] = [];
    const r = osem(scan.sinogram, A, {
      subsets: 5,
      iterations: 4,
      onIteration: (step) => {
        expect(step.image.every((v) => v >= 0)).toBe(true);
        seen.push(step.logLikelihood);
      },
    });
    expect(r.history).toHaveLength(5);
    expect(seen).toEqual(r.history.slice(1));
    const untracked = osem(scan.sinogram, A, { subsets: 5, iterations: 4, trackLikelihood: false });
    expect(untracked.history).toEqual([r.logLikelihood]);
    expect(untracked.image).toEqual(r.image);
  });
});
