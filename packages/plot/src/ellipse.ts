import { InvalidInputError, InvalidOptionError } from '@em/core';

/**
 * A semi-axis of an ellipse: unit direction and length in data units.
 *
 * @example
 * ```ts
 * import { covarianceEllipse, type EllipseAxis } from '@em/plot';
 * const [major]: EllipseAxis[] = covarianceEllipse([0, 0], [[9, 0], [0, 1]]).axes;
 * major!.length; // 3
 * ```
 */
export interface EllipseAxis {
  /** Unit vector `[dx, dy]` along the semi-axis, in data coordinates (an eigenvector of the covariance). */
  direction: [number, number];
  /** Length of the semi-axis in data units: nStd × √eigenvalue. */
  length: number;
}

/**
 * An n-standard-deviation ellipse of a 2-D Gaussian, in data units.
 *
 * @example
 * ```ts
 * import { covarianceEllipse, type EllipseGeometry } from '@em/plot';
 * const e: EllipseGeometry = covarianceEllipse([1, 2], [[2, 0.5], [0.5, 1]], 2, 36);
 * e.points.length; // 36
 * ```
 */
export interface EllipseGeometry {
  /** Centre `[x, y]` in data units: the Gaussian's mean. */
  center: [number, number];
  /** Number of standard deviations (Mahalanobis distance from the centre) the contour is drawn at. */
  nStd: number;
  /** Major then minor semi-axis: eigenvectors of the covariance scaled by nStd·√eigenvalue. */
  axes: [EllipseAxis, EllipseAxis];
  /** Angle of the major axis from the +x axis, in radians, in (−π/2, π/2]. */
  angle: number;
  /** Points around the ellipse (not repeating the first), to draw as a closed polygon. */
  points: [number, number][];
}

/**
 * The ellipse {x : (x − μ)ᵀ Σ⁻¹ (x − μ) = nStd²} of a 2-D Gaussian: the contour at `nStd` standard deviations.
 * Its axes are Σ's eigenvectors scaled by `nStd` times the square roots of Σ's eigenvalues.
 *
 * @example
 * ```ts
 * import { covarianceEllipse } from '@em/plot';
 * const e = covarianceEllipse([0, 0], [[4, 0], [0, 1]], 2);
 * e.axes[0].length; // 4 (2 sd × √4, along x)
 * e.axes[1].length; // 2
 * ```
 */
export function covarianceEllipse(
  mean: readonly [number, number] | readonly number[],
  covariance: readonly (readonly number[])[],
  nStd = 1,
  segments = 72,
  argument = 'covariance',
): EllipseGeometry {
  if (!Array.isArray(mean) || mean.length !== 2 || !mean.every(Number.isFinite))
    throw new InvalidInputError('mean', 'two finite numbers', mean);
  const rowsOk =
    Array.isArray(covariance) &&
    covariance.length === 2 &&
    covariance.every((r) => Array.isArray(r) && r.length === 2 && r.every(Number.isFinite));
  if (!rowsOk) throw new InvalidInputError(argument, 'a 2 × 2 matrix of finite numbers', covariance);
  if (typeof nStd !== 'number' || !Number.isFinite(nStd) || nStd <= 0)
    throw new InvalidOptionError('nStd', 'a finite number > 0', nStd);
  if (!Number.isInteger(segments) || segments < 8)
    throw new InvalidOptionError('segments', 'an integer >= 8', segments);
  const a = covariance[0][0]!;
  const b = covariance[0][1]!;
  const c = covariance[1][1]!;
  if (Math.abs(b - covariance[1][0]!) > 1e-8 * Math.max(1, Math.abs(b)))
    throw new InvalidInputError(argument, 'a symmetric matrix', covariance);
  // Jacobi rotation: the angle that diagonalises a symmetric 2 × 2 matrix; θ points along the larger eigenvalue.
  const angle = 0.5 * Math.atan2(2 * b, a - c);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const major = a * cos * cos + 2 * b * sin * cos + c * sin * sin;
  const minor = a * sin * sin - 2 * b * sin * cos + c * cos * cos;
  if (!(minor > 0) || !(major > 0))
    throw new InvalidInputError(
      argument,
      'a positive-definite covariance (both eigenvalues > 0)',
      covariance,
    );
  const u: [number, number] = [cos, sin];
  const v: [number, number] = [-sin, cos];
  const r1 = nStd * Math.sqrt(major);
  const r2 = nStd * Math.sqrt(minor);
  const points = Array.from({ length: segments }, (_, i): [number, number] => {
    const t = (2 * Math.PI * i) / segments;
    const p = r1 * Math.cos(t);
    const q = r2 * Math.sin(t);
    return [mean[0]! + p * u[0] + q * v[0], mean[1]! + p * u[1] + q * v[1]];
  });
  return {
    center: [mean[0]!, mean[1]!],
    nStd,
    axes: [
      { direction: u, length: r1 },
      { direction: v, length: r2 },
    ],
    angle: angle <= -Math.PI / 2 ? angle + Math.PI : angle,
    points,
  };
}
