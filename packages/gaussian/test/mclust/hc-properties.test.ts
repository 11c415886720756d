import { EMError, InvalidInputError, InvalidOptionError } from '@em/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HC_USES, hierarchicalClasses, hierarchicalClustering } from '../../src/index.js';

const rows = (p: number) =>
  fc.array(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: p, maxLength: p }), {
    minLength: 3,
    maxLength: 25,
  });

/** Every merge joins two live clusters named by their smallest member; returns the survivors. */
function replay(n: number, merges: [number, number][]): Set<number> {
  const live = new Set(Array.from({ length: n }, (_, i) => i));
  for (const [i, j] of merges) {
    expect(i).toBeLessThan(j);
    expect(live.has(i) && live.has(j)).toBe(true);
    live.delete(j);
  }
  return live;
}

describe('hierarchicalClustering: properties and bad input', () => {
  it('merges every cluster exactly once, on lattice data full of ties and duplicates', () => {
    fc.assert(
      fc.property(rows(2), fc.constantFrom('VVV', 'EII') as fc.Arbitrary<'VVV' | 'EII'>, (X, model) => {
        const tree = hierarchicalClustering(X, { model, use: 'VARS' });
        expect(tree.merges).toHaveLength(X.length - 1);
        expect([...replay(X.length, tree.merges)]).toEqual([0]);
        for (const k of [1, 2, X.length]) {
          const labels = hierarchicalClasses(tree, k);
          expect(new Set(labels).size).toBe(k);
          expect(labels[0]).toBe(0);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('nests the partitions: K clusters refine K − 1', () => {
    fc.assert(
      fc.property(rows(1), (X) => {
        const tree = hierarchicalClustering(X, { model: 'V', use: 'VARS' });
        const cuts = hierarchicalClasses(
          tree,
          Array.from({ length: X.length }, (_, i) => i + 1),
        );
        for (let k = 1; k < cuts.length; k++) {
          const coarse = new Map<number, number>();
          cuts[k]!.forEach((label, i) => {
            const parent = cuts[k - 1]![i]!;
            expect(coarse.get(label) ?? parent).toBe(parent);
            coarse.set(label, parent);
          });
        }
      }),
      { numRuns: 40 },
    );
  });

  it("random pairs ('RND') form a valid tree: n − 1 merges for n even, n − 2 for n odd", () => {
    for (const n of [6, 7]) {
      const X = Array.from({ length: n }, (_, i) => [i, i * i]);
      const tree = hierarchicalClustering(X, { use: 'RND' });
      expect(tree.merges).toHaveLength(n % 2 ? n - 2 : n - 1);
      expect(replay(n, tree.merges).size).toBe(n % 2 ? 2 : 1);
    }
  });

  it('identical points and every transformation give typed errors or valid trees, never NaN merges', () => {
    const same = Array.from({ length: 5 }, () => [1, 2]);
    expect(hierarchicalClustering(same, { use: 'VARS' }).merges).toHaveLength(4);
    for (const use of HC_USES) {
      try {
        const tree = hierarchicalClustering(same, { use });
        expect(tree.merges.flat().every(Number.isInteger)).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(EMError);
      }
    }
  });

  it('rejects bad input and options by name', () => {
    expect(() => hierarchicalClustering([[1, 2]])).toThrow(InvalidInputError);
    expect(() => hierarchicalClustering(new Float64Array(16385))).toThrow(/at most 16384 rows/);
    expect(() =>
      hierarchicalClustering([
        [1, Number.NaN],
        [2, 3],
      ]),
    ).toThrow(InvalidInputError);
    expect(() =>
      hierarchicalClustering(
        [
          [1, 2],
          [2, 3],
        ],
        { model: 'V' },
      ),
    ).toThrow(/model/);
    expect(() =>
      hierarchicalClustering(
        [
          [1, 2],
          [2, 3],
        ],
        { model: 'VII' as never },
      ),
    ).toThrow(InvalidOptionError);
    expect(() =>
      hierarchicalClustering(
        [
          [1, 2],
          [2, 3],
        ],
        { use: 'svd' as never },
      ),
    ).toThrow(/use/);
    const tree = hierarchicalClustering([1, 2, 4]);
    expect(() => hierarchicalClasses(tree, 0)).toThrow(/k/);
    expect(() => hierarchicalClasses(tree, 4)).toThrow(InvalidOptionError);
    expect(() => hierarchicalClasses(tree, 1.5)).toThrow(InvalidOptionError);
  });
});
