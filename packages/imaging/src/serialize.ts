import { InvalidInputError } from '@em/core';
import { geometryProblem } from './check-geometry.js';
import type { ParallelBeamGeometry } from './geometry.js';

/**
 * Format tag of {@link GeometryJSON}.
 *
 * @example
 * ```ts
 * import { GEOMETRY_FORMAT } from '@em/imaging';
 * GEOMETRY_FORMAT; // 'em-imaging-parallel-beam'
 * ```
 */
export const GEOMETRY_FORMAT = 'em-imaging-parallel-beam';

/**
 * A parallel-beam geometry as JSON: everything needed to rebuild the system matrix (which is not
 * stored: rebuilding it is faster than parsing it).
 *
 * @example
 * ```ts
 * import { geometryToJSON, parallelBeam, type GeometryJSON } from '@em/imaging';
 * const json: GeometryJSON = geometryToJSON(parallelBeam({ size: 64, nAngles: 4 }));
 * json.angles.length; // 4 (0, π/4, π/2, 3π/4)
 * ```
 */
export interface GeometryJSON {
  /** Always `'em-imaging-parallel-beam'`. */
  format: typeof GEOMETRY_FORMAT;
  /** Schema version, 1. */
  version: 1;
  /** Image side N. */
  size: number;
  /** Detector bins per angle. */
  nDetectors: number;
  /** Angles in radians, exactly those of the geometry (JSON numbers round-trip doubles exactly). */
  angles: number[];
}

/**
 * Serialises a geometry ({@link GeometryJSON}); `JSON.stringify` it to store.
 *
 * @example
 * ```ts
 * import { geometryFromJSON, geometryToJSON, parallelBeam } from '@em/imaging';
 * const g = parallelBeam({ size: 32, nAngles: 10 });
 * geometryFromJSON(JSON.parse(JSON.stringify(geometryToJSON(g)))).angles; // equal to g.angles
 * ```
 */
export function geometryToJSON(geometry: ParallelBeamGeometry): GeometryJSON {
  return {
    format: GEOMETRY_FORMAT,
    version: 1,
    size: geometry.size,
    nDetectors: geometry.nDetectors,
    angles: Array.from(geometry.angles),
  };
}

/**
 * Rebuilds a geometry from {@link GeometryJSON} (an object or its string), checking every field.
 *
 * @throws InvalidInputError naming the field that is missing or wrong (format, version, size,
 * nDetectors, angles).
 * @example
 * ```ts
 * import { geometryFromJSON } from '@em/imaging';
 * const g = geometryFromJSON('{"format":"em-imaging-parallel-beam","version":1,"size":8,"nDetectors":8,"angles":[0,1.5707963267948966]}');
 * g.nAngles; // 2
 * ```
 */
export function geometryFromJSON(json: GeometryJSON | string): ParallelBeamGeometry {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch {
      throw new InvalidInputError('json', 'a JSON string of a parallel-beam geometry', json);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidInputError('json', 'a parallel-beam geometry object', value);
  const v = value as Record<string, unknown>;
  if (v.format !== GEOMETRY_FORMAT)
    throw new InvalidInputError('json.format', `'${GEOMETRY_FORMAT}'`, v.format);
  if (v.version !== 1) throw new InvalidInputError('json.version', '1', v.version);
  const problem = geometryProblem(v);
  if (problem)
    throw new InvalidInputError(`json.${problem.field}`, problem.expected, problem.received, {
      row: problem.index,
    });
  const angles = Float64Array.from(v.angles as number[]);
  return { size: v.size as number, nAngles: angles.length, nDetectors: v.nDetectors as number, angles };
}
