import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@em/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binCounts, binEdges, histogramGeometry } from '../src/index.js';

interface Case {
  bins: number | 'sturges' | 'freedman-diaconis' | 'scott' | 'auto';
  edges: number[];
  counts: number[];
  density?: number[];
}
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/histograms.json', import.meta.url), 'utf8')) as {
  name: string;
  sample: number[];
  cases: Case[];
}[];

/** Independent count: a plain loop with numpy's rule (half-open bins, the last one closed). */
function directCount(sample: number[], edges: number[]): number[] {
  const counts = new Array(edges.length - 1).fill(0);
  for (const x of sample) {
    for (let i = 0; i < edges.length - 1; i++) {
      const last = i === edges.length - 2;
      if (x >= edges[i]! && (x < edges[i + 1]! || (last && x === edges[i + 1]!))) {
        counts[i] += 1;
        break;
      }
    }
  }
  return counts;
}

describe('bins against numpy.histogram', () => {
  for (const { name, sample, cases } of fixtures) {
    for (const c of cases) {
      it(`${name}, bins = ${c.bins}: same edges and counts as numpy`, () => {
        const geometry = histogramGeometry(sample, { bins: c.bins });
        expect(geometry.edges).toHaveLength(c.edges.length);
        geometry.edges.forEach((e, i) => {
          expect(e).toBeCloseTo(c.edges[i]!, 12);
        });
        expect(geometry.bins.map((b) => b.count)).toEqual(c.counts);
        if (c.density) {
          const density = histogramGeometry(sample, { bins: c.bins, normalize: 'density' }).bins.map(
            (b) => b.value,
          );
          density.forEach((d, i) => {
            expect(d).toBeCloseTo((c.density as number[])[i]!, 12);
          });
        }
      });
    }
  }
});

describe('bin counts', () => {
  it('sum to N and match a direct count, for any sample and bin count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 60 }),
        (sample, bins) => {
          const geometry = histogramGeometry(sample, { bins });
          const counts = geometry.bins.map((b) => b.count);
          expect(counts.reduce((a, b) => a + b, 0)).toBe(sample.length);
          expect(counts).toEqual(directCount(sample, geometry.edges));
          expect(geometry.excluded).toBe(0);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('count values on explicit edges like numpy and report values outside them', () => {
    // numpy.histogram([0, 1, 1, 2, 3, 7], bins=[1, 2, 3]) → counts [2, 2]; 0 and 7 fall outside.
    expect(binCounts([0, 1, 1, 2, 3, 7], [1, 2, 3])).toEqual([2, 2]);
    expect(histogramGeometry([0, 1, 1, 2, 3, 7], { bins: [1, 2, 3] }).excluded).toBe(2);
  });

  it('density bars have total area 1', () => {
    const { bins } = histogramGeometry(fixtures[0]!.sample, { bins: 'scott', normalize: 'density' });
    const area = bins.reduce((sum, b) => sum + b.value * (b.x1 - b.x0), 0);
    expect(area).toBeCloseTo(1, 12);
  });

  it('give a constant sample one unit-wide range, as numpy does', () => {
    expect(binEdges([3, 3, 3], 2)).toEqual([2.5, 3, 3.5]);
    expect(binEdges([3, 3, 3], 'freedman-diaconis')).toEqual([2.5, 3.5]);
  });
});

describe('bad bins', () => {
  it('zero, fractional or negative counts throw InvalidOptionError naming bins', () => {
    for (const bins of [0, -3, 2.5, Number.NaN]) {
      const error = (() => {
        try {
          histogramGeometry([1, 2, 3], { bins });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe('bins');
    }
  });

  it('unknown rules and non-increasing edges throw InvalidOptionError', () => {
    expect(() => binEdges([1, 2], 'rice' as never)).toThrow(InvalidOptionError);
    expect(() => binEdges([1, 2], [0, 1, 1])).toThrow(/bins\[2\]/);
    expect(() => binEdges([1, 2], [0])).toThrow(/at least 2 edges/);
  });

  it('an empty or non-finite sample throws InvalidInputError naming the sample and row', () => {
    expect(() => histogramGeometry([])).toThrow(InvalidInputError);
    try {
      histogramGeometry([1, 2, Number.POSITIVE_INFINITY]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidInputError);
      expect((e as InvalidInputError).argument).toBe('sample');
      expect((e as InvalidInputError).row).toBe(2);
    }
  });
});
