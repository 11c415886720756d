// Tampered copies of a valid serialized object: what a hand-edited, truncated or malicious file looks
// like to `fromJSON`. Loading one must end in a typed error or a model as consistent as the original.
import fc from 'fast-check';
import { hostileValue } from './arbitraries.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One change to one place of the document. */
export interface Tampering {
  /** Path of the changed place, e.g. `$.covariances[0][1][0]`. */
  path: string;
  /** What was done there. */
  mutation: 'delete' | 'replace' | 'scale' | 'negate' | 'truncate' | 'duplicate' | 'swap-type';
  /** The tampered document (a fresh copy; the original is untouched). */
  document: unknown;
}

interface Place {
  path: string;
  parent: Record<string, unknown> | unknown[] | undefined;
  key: string | number | undefined;
  value: unknown;
}

function placesOf(root: unknown): Place[] {
  const places: Place[] = [];
  const walk = (value: unknown, path: string, parent: Place['parent'], key: Place['key']) => {
    places.push({ path, parent, key, value });
    if (Array.isArray(value)) for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`, value, i);
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value))
        walk(v, `${path}.${k}`, value as Record<string, unknown>, k);
  };
  walk(root, '$', undefined, undefined);
  return places;
}

function mutate(
  place: Place,
  mutation: Tampering['mutation'],
  replacement: unknown,
  factor: number,
): unknown {
  const { value } = place;
  switch (mutation) {
    case 'delete':
      return undefined;
    case 'replace':
      return replacement;
    case 'scale':
      return typeof value === 'number' ? value * factor : replacement;
    case 'negate':
      return typeof value === 'number' ? -value - 1 : typeof value === 'boolean' ? !value : replacement;
    case 'truncate':
      return Array.isArray(value) ? value.slice(0, Math.max(0, value.length - 1)) : replacement;
    case 'duplicate':
      return Array.isArray(value) ? [...value, ...value.slice(-1)] : replacement;
    default:
      return typeof value === 'number' ? String(value) : typeof value === 'string' ? 0 : [value];
  }
}

/**
 * Tampered copies of `valid` (anything JSON can hold): one place is deleted, replaced by a hostile value,
 * scaled, negated, truncated, extended, or given another type. The root itself is never deleted.
 */
export function tamperedJson(valid: unknown): fc.Arbitrary<Tampering> {
  const text = JSON.stringify(valid);
  const count = placesOf(JSON.parse(text)).length;
  return fc
    .record({
      at: fc.integer({ min: 0, max: count - 1 }),
      mutation: fc.constantFrom<Tampering['mutation']>(
        'delete',
        'replace',
        'scale',
        'negate',
        'truncate',
        'duplicate',
        'swap-type',
      ),
      replacement: hostileValue,
      factor: fc.constantFrom(0, -1, 1 + 1e-6, 2, 1e-9, 1e9, 1e300),
    })
    .map(({ at, mutation, replacement, factor }) => {
      const document = JSON.parse(text) as unknown;
      const place = placesOf(document)[at]!;
      const changed = mutate(
        place,
        at === 0 && mutation === 'delete' ? 'swap-type' : mutation,
        replacement,
        factor,
      );
      if (place.parent === undefined) return { path: place.path, mutation, document: changed };
      if (changed === undefined) {
        if (Array.isArray(place.parent)) place.parent.splice(place.key as number, 1);
        else delete place.parent[place.key as string];
      } else (place.parent as Record<string | number, unknown>)[place.key!] = changed;
      return { path: place.path, mutation, document };
    });
}
