import { InvalidInputError, InvalidOptionError } from '@em/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  type StateSequenceInput,
  type StateSequenceOptions,
  stateSequenceGeometry,
  stateSequenceSvg,
} from '../src/index.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

// A two-state sequence with a confident stretch of state 1 in the middle.
const T = 60;
const observations = Array.from({ length: T }, (_, t) => (t >= 20 && t < 40 ? 5 + (t % 3) : 1 + (t % 2)));
const states = observations.map((v) => (v >= 5 ? 1 : 0));
const posteriors = states.map((s, t) => {
  const p = t === 20 || t === 39 ? 0.6 : 0.95;
  return s === 1 ? [1 - p, p] : [p, 1 - p];
});
const input: StateSequenceInput = { observations, states, posteriors };

describe('stateSequenceSvg', () => {
  const svg = stateSequenceSvg(input, { title: 'Casino', stateLabels: ['fair', 'loaded'], yLabel: 'roll' });

  it('is well-formed, labelled SVG with one dot per step coloured by state', () => {
    expect(XMLValidator.validate(svg)).toBe(true);
    const root = parser.parse(svg).svg;
    expect(root.role).toBe('img');
    expect(String(root.desc['#text'])).toMatch(
      /60 observations.*fair 66\.\d*%, loaded 33\.\d*%.*posterior probability/,
    );
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    const dots = svg.match(/<circle class="em-step"[^>]*>/g)!;
    expect(dots).toHaveLength(T);
    const colourOf = (state: number) =>
      new Set(
        dots.filter((d) => d.includes(`data-state="${state}"`)).map((d) => /fill="([^"]+)"/.exec(d)![1]),
      );
    expect(colourOf(0).size).toBe(1);
    expect(colourOf(1).size).toBe(1);
    expect([...colourOf(0)][0]).not.toBe([...colourOf(1)][0]);
    expect(svg.match(/<path class="em-posterior"/g)).toHaveLength(2);
    expect(svg).toContain('>fair<');
    expect(svg).toContain('P(state | data)');
  });

  it('is deterministic and escapes user strings', () => {
    expect(
      stateSequenceSvg(input, { title: 'Casino', stateLabels: ['fair', 'loaded'], yLabel: 'roll' }),
    ).toBe(svg);
    const evil = `</text><script>alert(1)</script>&`;
    const out = stateSequenceSvg(input, { title: evil, stateLabels: [evil, evil] });
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).not.toContain('<script>');
  });

  it('draws without posteriors (no band)', () => {
    const out = stateSequenceSvg({ observations, states });
    expect(out).not.toContain('em-posterior');
    expect(XMLValidator.validate(out)).toBe(true);
  });
});

describe('stateSequenceGeometry', () => {
  it('stacks the posteriors in state order: each state fills [Σ earlier, Σ up to it], reaching 1', () => {
    const g = stateSequenceGeometry(input);
    expect(g.nStates).toBe(2);
    expect(g.band).toHaveLength(2);
    g.band[0]!.forEach((q, i) => {
      expect(q.lower).toBe(0);
      expect(q.upper).toBeCloseTo(posteriors[i]![0]!, 12);
      expect(g.band[1]![i]!.lower).toBeCloseTo(q.upper, 12);
      expect(g.band[1]![i]!.upper).toBeCloseTo(1, 12);
    });
    expect(g.points[25]).toEqual({ step: 25, value: observations[25], state: 1 });
  });

  it('thins long sequences to at most maxPoints steps, keeping every stride-th', () => {
    const n = 100_001;
    const long = {
      observations: new Float64Array(n).map((_, t) => Math.sin(t / 1000)),
      states: new Int32Array(n).map((_, t) => (t > 50_000 ? 1 : 0)),
    };
    const g = stateSequenceGeometry(long, { maxPoints: 1000 });
    expect(g.stride).toBe(101);
    expect(g.points.length).toBeLessThanOrEqual(1000);
    expect(g.points.every((p, i) => p.step === i * 101)).toBe(true);
    expect(stateSequenceSvg(long).length).toBeLessThan(400_000);
  });

  it('TSDoc examples', () => {
    expect(stateSequenceGeometry({ observations: [1, 2], states: [0, 1] }).points).toEqual([
      { step: 0, value: 1, state: 0 },
      { step: 1, value: 2, state: 1 },
    ]);
    const g = stateSequenceGeometry({
      observations: [1, 6, 6],
      states: [0, 1, 1],
      posteriors: [
        [0.8, 0.2],
        [0.3, 0.7],
        [0.1, 0.9],
      ],
    });
    expect(g.band[1]![0]).toEqual({ step: 0, lower: 0.8, upper: 1 });
    const options: StateSequenceOptions = {
      stateLabels: ['fair', 'loaded'],
      yLabel: 'roll',
      maxPoints: 1000,
    };
    const svg = stateSequenceSvg(
      {
        observations: [1, 6, 6, 6, 3],
        states: [0, 1, 1, 1, 0],
        posteriors: [
          [0.9, 0.1],
          [0.3, 0.7],
          [0.1, 0.9],
          [0.2, 0.8],
          [0.8, 0.2],
        ],
      },
      { ...options, title: 'The dishonest casino' },
    );
    expect(svg.startsWith('<svg')).toBe(true);
  });

  it.each([
    [{ observations: [], states: [] }, 'input.observations'],
    [{ observations: [1, 2], states: [0] }, 'input.states'],
    [{ observations: [1, Number.NaN], states: [0, 0] }, 'input.observations'],
    [{ observations: [1, 2], states: [0, 1.5] }, 'input.states'],
    [{ observations: [1, 2], states: [0, 1], posteriors: [[1, 0]] }, 'input.posteriors'],
    [{ observations: [1, 2], states: [0, 1], posteriors: [[1], [1]] }, 'input.posteriors'],
    [
      {
        observations: [1, 2],
        states: [0, 1],
        posteriors: [
          [1, 0],
          [2, -1],
        ],
      },
      'input.posteriors',
    ],
    [null, 'input'],
  ])('bad input %# names %s', (bad, argument) => {
    let error: unknown;
    try {
      stateSequenceSvg(bad as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).argument).toBe(argument);
  });

  it('bad options', () => {
    expect(() => stateSequenceSvg(input, { maxPoints: 1 })).toThrow(InvalidOptionError);
    expect(() => stateSequenceSvg(input, { stateLabels: [1] as never })).toThrow(InvalidOptionError);
  });
});
