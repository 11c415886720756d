import { createRandom, normal, sampleMixture } from '@em/sampling';
import type { ModelView } from '../fit/protocol.js';

/** The two processes of the article, as a person sets them in the form. */
export interface Processes {
  sizes: [number, number];
  means: [number, number];
  spreads: [number, number];
  seed: number;
}

export interface ArticleSample {
  X: Float64Array;
  /** 0 for the first process, 1 for the second; rows are grouped, first process first. */
  labels: Int32Array;
  processes: Processes;
}

/**
 * Draws the article's sample: `sizes[0]` numbers from the first process, then `sizes[1]` from the second
 * (grouped, not shuffled, so "the first 80" all come from process 1 as in the article).
 */
export function drawSample(processes: Processes): ArticleSample {
  const rng = createRandom(processes.seed);
  const { X, labels } = sampleMixture(rng, {
    counts: processes.sizes,
    shuffle: false,
    components: [0, 1].map(
      (c) => (r: Parameters<typeof normal>[0], size: number) =>
        normal(r, { loc: processes.means[c]!, scale: processes.spreads[c]!, size }),
    ),
  });
  return { X: X as Float64Array, labels, processes };
}

/**
 * Which fitted component stands for which process: EM's component order is arbitrary, so pair them
 * to minimise the distance between fitted and true means. Returns `order[process] = component`.
 */
export function matchComponents(model: ModelView, processes: Processes): [number, number] {
  const m0 = model.means[0]?.[0] ?? Number.NaN;
  const m1 = model.means[1]?.[0] ?? Number.NaN;
  const straight = Math.abs(m0 - processes.means[0]) + Math.abs(m1 - processes.means[1]);
  const swapped = Math.abs(m1 - processes.means[0]) + Math.abs(m0 - processes.means[1]);
  return straight <= swapped ? [0, 1] : [1, 0];
}

/** Standard deviation of component `c` of a univariate model, whatever its covariance type. */
export function componentSpread(model: ModelView, c: number): number {
  // Univariate: every shape reduces to one number per component (or one shared number, 'tied').
  const flat = [model.covariances].flat(3) as number[];
  const variance = model.covarianceType === 'tied' ? flat[0] : flat[c];
  return Math.sqrt(variance ?? Number.NaN);
}
