import { InvalidOptionError } from '@em/core';

/**
 * Flattens a nested array (or a flat `Float64Array` of the right total length) of the given shape
 * into a row-major `Float64Array`, rejecting wrong lengths and non-finite values with the position.
 */
export function flattenShaped(
  option: string,
  value: unknown,
  shape: readonly number[],
  label: string,
): Float64Array {
  const total = shape.reduce((a, b) => a * b, 1);
  const expected = `${shape.length === 1 ? 'an array' : 'a nested array'} of shape ${label} (${shape.join(' × ')}) of finite numbers`;
  if (value instanceof Float64Array) {
    if (value.length !== total) throw new InvalidOptionError(option, expected, value);
    for (let i = 0; i < total; i++) {
      if (!Number.isFinite(value[i]))
        throw new InvalidOptionError(`${option}[${i}]`, 'a finite number', value[i]);
    }
    return Float64Array.from(value);
  }
  const out = new Float64Array(total);
  let offset = 0;
  const walk = (node: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number' || !Number.isFinite(node)) {
        throw new InvalidOptionError(`${option}${path}`, 'a finite number', node);
      }
      out[offset++] = node;
      return;
    }
    const isArray = Array.isArray(node) || node instanceof Float64Array;
    if (!isArray || (node as ArrayLike<unknown>).length !== shape[depth]) {
      const where = path ? ` (at ${option}${path}, expected length ${shape[depth]})` : '';
      throw new InvalidOptionError(option, `${expected}${where}`, path ? node : value);
    }
    const items = node as ArrayLike<unknown>;
    for (let i = 0; i < items.length; i++) walk(items[i], depth + 1, `${path}[${i}]`);
  };
  walk(value, 0, '');
  return out;
}
