import { describe, expect, it } from 'vitest';
import { gaussHermite, rectangularQuadrature } from '../src/index.js';

// E θ^k under N(0, 1): 0 for odd k, (k − 1)!! for even k.
const moment = (k: number) =>
  k % 2 === 1 ? 0 : Array.from({ length: k / 2 }, (_, i) => 2 * i + 1).reduce((a, b) => a * b, 1);

describe('gaussHermite', () => {
  it.each([
    1, 2, 5, 21, 41, 100,
  ])('%i points integrate the normal moments up to degree 2n − 1 exactly', (n) => {
    const { nodes, weights } = gaussHermite(n);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    for (let k = 0; k <= Math.min(2 * n - 1, 12); k++) {
      const value = nodes.reduce((s, x, i) => s + weights[i]! * x ** k, 0);
      expect(Math.abs(value - moment(k))).toBeLessThan(1e-11 * Math.max(1, moment(k)));
    }
    for (let i = 1; i < n; i++) expect(nodes[i]!).toBeGreaterThan(nodes[i - 1]!);
  });
  it('3 points: ±√3 with weight 1/6 and 0 with weight 2/3 (closed form)', () => {
    const { nodes, weights } = gaussHermite(3);
    expect(nodes[0]).toBeCloseTo(-Math.sqrt(3), 14);
    expect(nodes[1]).toBe(0);
    expect(weights[0]).toBeCloseTo(1 / 6, 14);
    expect(weights[1]).toBeCloseTo(2 / 3, 14);
  });
  it('rejects a bad number of points', () => {
    expect(() => gaussHermite(0)).toThrow(/quadraturePoints/);
    expect(() => gaussHermite(2.5)).toThrow(/quadraturePoints/);
  });
});

describe('rectangularQuadrature', () => {
  it('spans [−6, 6] and has variance ≈ 1', () => {
    const { nodes, weights } = rectangularQuadrature(61);
    expect(nodes[0]).toBe(-6);
    expect(nodes[60]).toBe(6);
    expect(nodes.reduce((s, x, i) => s + weights[i]! * x * x, 0)).toBeCloseTo(1, 6);
  });
});
