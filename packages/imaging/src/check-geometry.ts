// One check of a parallel-beam geometry for every way one arrives: built by parallelBeam, read from
// JSON, or handed to systemMatrix (which must not trust a hand-made or edited object: its size and
// angle count decide how much it allocates and how long it loops).
import type { ParallelBeamGeometry } from './geometry.js';

/** Largest image side, in pixels. */
export const MAX_SIZE = 1024;
/** Most projection angles. */
export const MAX_ANGLES = 4096;
/** Most detector bins: twice the largest image side. */
export const MAX_DETECTORS = 2 * MAX_SIZE;

/**
 * The first field of `value` that is not what a parallel-beam geometry holds, with what was expected
 * (`angles` in radians, finite), or undefined when it is one.
 */
export function geometryProblem(value: unknown):
  | {
      field: 'size' | 'nDetectors' | 'angles' | 'nAngles';
      expected: string;
      received: unknown;
      index?: number;
    }
  | undefined {
  if (typeof value !== 'object' || value === null)
    return { field: 'size', expected: 'a geometry', received: value };
  const g = value as Partial<Record<keyof ParallelBeamGeometry, unknown>>;
  const integerIn = (v: unknown, min: number, max: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  if (!integerIn(g.size, 2, MAX_SIZE))
    return { field: 'size', expected: `an integer in 2…${MAX_SIZE}`, received: g.size };
  if (!integerIn(g.nDetectors, 1, MAX_DETECTORS))
    return { field: 'nDetectors', expected: `an integer in 1…${MAX_DETECTORS}`, received: g.nDetectors };
  const angles = g.angles as ArrayLike<unknown> | undefined;
  const isArray = Array.isArray(angles) || angles instanceof Float64Array;
  if (!isArray || angles.length < 1 || angles.length > MAX_ANGLES)
    return { field: 'angles', expected: `an array of 1…${MAX_ANGLES} angles in radians`, received: angles };
  for (let i = 0; i < angles.length; i++)
    if (typeof angles[i] !== 'number' || !Number.isFinite(angles[i]))
      return { field: 'angles', expected: 'a finite angle in radians', received: angles[i], index: i };
  if (g.nAngles !== undefined && g.nAngles !== angles.length)
    return { field: 'nAngles', expected: `the number of angles, ${angles.length}`, received: g.nAngles };
  return undefined;
}
