/**
 * What every mclust M-step receives: the within-component scatter of the responsibilities-weighted
 * data, W_k = Σ_i z_ik (x_i − μ_k)(x_i − μ_k)ᵀ, reduced to what the model needs, and the counts
 * n_k = Σ_i z_ik. Each M-step writes the covariances in the layout of its model's shape
 * (spherical k, diag k × d, tied d × d, full k × d × d) and returns false when mclust would report
 * the model as not estimable (a variance, scale or shape at or below its threshold).
 */
export interface Scatter {
  /** Number of components. */
  k: number;
  /** Number of features. */
  d: number;
  /** Number of samples (Σ n_k). */
  n: number;
  /** n_k, length k. */
  nk: Float64Array;
  /**
   * The scatter, by the model's shape: spherical k traces tr W_k; diagonal k × d diagonals of W_k;
   * tied (EEE) the d × d sum Σ_k W_k; full k × d × d (both triangles).
   */
  w: Float64Array;
}

/**
 * Warm starts of the iterative M-steps, kept between the EM iterations of one fit as mclust keeps
 * its shape, scale and orientation between iterations.
 */
export type WarmStart = Map<string, Float64Array>;

/** One model's M-step: covariances into `out`; false when not estimable. */
export type MStep = (scatter: Scatter, out: Float64Array, warm: WarmStart) => boolean;

/** mclust's `eps` (`.Machine$double.eps`) and `sqrt(eps)`, its thresholds for degenerate fits. */
export const EPS = Number.EPSILON;
export const RTEPS = Math.sqrt(Number.EPSILON);

/** mclust's tolerance and iteration cap of the inner (M-step) iterations: `emControl()$tol[2]`. */
export const INNER_TOL = RTEPS;
export const INNER_MAX_ITER = 2 ** 31 - 1;
