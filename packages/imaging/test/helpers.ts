import { parallelBeam, type SystemMatrix, systemMatrix } from '../src/index.js';

const cache = new Map<string, SystemMatrix>();

/** System matrices are deterministic and immutable: share them across tests. */
export function system(size: number, nAngles: number): SystemMatrix {
  const key = `${size}x${nAngles}`;
  let A = cache.get(key);
  if (!A) {
    A = systemMatrix(parallelBeam({ size, nAngles }));
    cache.set(key, A);
  }
  return A;
}

/** A small deterministic generator (Park–Miller), independent of the package's own randomness. */
export function lcg(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}
