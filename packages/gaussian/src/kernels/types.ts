/**
 * The internal contract between the estimator and the per-covariance-type kernels
 * (`full.ts`, `tied.ts`, `diag.ts`, `spherical.ts`, and `univariate.ts`, the 1-D fast path).
 * Nothing here is exported from the package; the estimator only ever talks to a kernel through
 * this interface, so a kernel can be specialised (unrolled, SIMD, WASM) without touching it.
 *
 * Conventions, shared by every kernel:
 * - Data `X` is flat row-major: `X[i * d + j]` is feature `j` of sample `i`; `n` rows, `d` columns.
 * - `k` components. `means[c * d + j]`. Per-sample × per-component arrays are `n × k` row-major:
 *   `out[i * k + c]`.
 * - Covariances and precision Cholesky factors are scikit-learn's arrays, flattened:
 *     full       k × d × d   `cov[c * d * d + a * d + b]`
 *     tied       d × d       `cov[a * d + b]`
 *     diag       k × d       `cov[c * d + j]`
 *     spherical  k           `cov[c]`
 *   For full/tied, `precisionsCholesky` is a d × d matrix `U` (per component) with
 *   precision = U Uᵀ. After any M-step `U` is upper triangular (`inv(chol(cov)).T`, as
 *   scikit-learn); when it comes from `precisionsInit` it is `chol(precision)`, lower triangular
 *   (again as scikit-learn). Kernels must therefore not assume which triangle is zero, only that
 *   `U` is triangular (so log det U = Σ log U[j][j]).
 *   For diag/spherical it is `1 / sqrt(cov)` elementwise.
 * - Kernels never allocate inside per-sample × per-component loops; O(d) or O(d²) scratch per call
 *   is allowed.
 *
 * Sufficient statistics (why this shape): the E-step returns statistics *centred on the current
 * means* `m_c` (the means of the parameters the E-step was given):
 *     nk[c]        = Σ_i r_ic
 *     s1[c*d + j]  = Σ_i r_ic (x_ij − m_cj)
 *     s2           = Σ_i r_ic (x_i − m_c)(x_i − m_c)ᵀ, reduced per covariance type (see statsSize)
 * Statistics of disjoint chunks add up elementwise (all chunks of one E-step share `m`), which is
 * what `@em/core`'s chunked E-steps need. Centring on the current means keeps the second moments
 * free of the cancellation of Σ r x xᵀ − N μ μᵀ, so the M-step reproduces scikit-learn's two-pass
 * (resp-based) covariances to ~1e-14 relative, within the 1e-8 the fixtures require.
 */
import type { CovarianceType } from '../types.js';

/** Expected sufficient statistics of one E-step (or of one chunk of it). All fields add up. */
export interface GaussianStats {
  /** Number of samples the statistics cover. */
  n: number;
  /** Σ_i log p(x_i) over those samples (a sum, not a mean). */
  logLikelihood: number;
  /** k: Σ_i r_ic. */
  nk: Float64Array;
  /** k × d: Σ_i r_ic (x_i − m_c). */
  s1: Float64Array;
  /** Second moments around m_c; length and layout given by {@link CovarianceKernel.statsSize}. */
  s2: Float64Array;
}

export interface CovarianceKernel {
  readonly covarianceType: CovarianceType;

  /** The mclust model whose M-step this kernel runs (its layout is `covarianceType`), named in errors. */
  readonly modelName?: string;

  /** Length of the flat covariance (and precision Cholesky) array. */
  covarianceSize(k: number, d: number): number;

  /**
   * Length of `GaussianStats.s2`:
   *   full       k × d × d, only the upper triangle (a ≤ b) is filled; the rest stays 0
   *   tied       d × d, upper triangle, summed over components (Σ_c Σ_i r_ic (x_i−m_c)(x_i−m_c)ᵀ)
   *   diag       k × d, Σ_i r_ic (x_ij − m_cj)²
   *   spherical  k, Σ_i r_ic ‖x_i − m_c‖²
   */
  statsSize(k: number, d: number): number;

  /** Free covariance parameters (scikit-learn's `_n_parameters` covariance part). */
  nCovarianceParameters(k: number, d: number): number;

  /**
   * `out[i * k + c] = log N(x_i | means_c, Σ_c)` for every row `i < n` (no weights added).
   * `out` has length ≥ n × k.
   */
  estimateLogProb(
    X: Float64Array,
    n: number,
    d: number,
    k: number,
    means: Float64Array,
    precisionsCholesky: Float64Array,
    out: Float64Array,
  ): void;

  /**
   * Adds the statistics of rows `i < n` with responsibilities `resp[i * k + c]` (rows sum to 1)
   * into `nk`, `s1` and `s2` (which are not cleared), centred on `centres` (the current means).
   */
  accumulate(
    X: Float64Array,
    n: number,
    d: number,
    k: number,
    resp: Float64Array,
    centres: Float64Array,
    nk: Float64Array,
    s1: Float64Array,
    s2: Float64Array,
  ): void;

  /**
   * M-step covariances into `out` (covarianceSize), scikit-learn's
   * `_estimate_gaussian_covariances_*` from statistics: with `nkReg[c] = nk[c] + 10 ε` and
   * `delta_c = s1_c / nkReg[c]` (the move of the mean), Σ_c = s2_c / nkReg[c] − delta_c delta_cᵀ,
   * plus `regCovar` on the diagonal.
   */
  covariances(
    stats: GaussianStats,
    nkReg: Float64Array,
    k: number,
    d: number,
    regCovar: number,
    out: Float64Array,
  ): void;

  /**
   * Optional maximum a posteriori M-step (mclust's conjugate prior): covariances into `out` like
   * `covariances`, and `means` (on entry the weighted means s1 / nkReg around the centres) moved
   * in place to their posterior mode. When present it replaces `covariances` in the M-step.
   */
  posteriorStep?(
    stats: GaussianStats,
    nkReg: Float64Array,
    means: Float64Array,
    k: number,
    d: number,
    out: Float64Array,
  ): void;

  /**
   * scikit-learn's `_compute_precision_cholesky`: writes the precision Cholesky factor of
   * `covariances` into `out`. Returns the index of the first component whose covariance is not
   * positive definite (0 for tied), or −1 on success.
   */
  precisionCholesky(covariances: Float64Array, k: number, d: number, out: Float64Array): number;

  /** Log-determinant of each component's precision Cholesky factor into `out` (length k). */
  logDetCholesky(precisionsCholesky: Float64Array, k: number, d: number, out: Float64Array): void;
}
