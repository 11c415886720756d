// The nested engine (each group and its nested levels one block) against the dense engine (Henderson's
// equations as one system over all effects) at the same Ψ: the same solution to rounding, with random
// slopes in both factors and either factor first. Then fitStream with slopes in both factors against
// fitMatrices, bit for bit.
import { describe, expect, it } from 'vitest';
import { blockEngine, nestedChain } from '../src/block-engine.js';
import type { Design, Factor } from '../src/design.js';
import { chooseEngine, denseEngine } from '../src/engine.js';
import { LinearMixedModel, type MixedChunk } from '../src/index.js';

// A simulated school/class design: 7 schools × 2–4 classes × 2–5 pupils, y = 1 + 0.5x + effects + e.
let seed = 11;
const unif = () => {
  seed = (seed * 48271) % 2147483647;
  return seed / 2147483647;
};
const normal = () => Math.sqrt(-2 * Math.log(unif())) * Math.cos(2 * Math.PI * unif());
const rows: { y: number; x: number; school: string; klass: string }[] = [];
for (let s = 0; s < 7; s++) {
  const bs = [1.5 * normal(), 0.3 * normal()];
  const classes = 2 + (s % 3);
  for (let c = 0; c < classes; c++) {
    const bc = [0.8 * normal(), 0.2 * normal()];
    for (let i = 0; i < 2 + ((s + c) % 4); i++) {
      const x = 4 * unif() - 2;
      rows.push({
        y: 1 + 0.5 * x + bs[0]! + bs[1]! * x + bc[0]! + bc[1]! * x + 0.5 * normal(),
        x,
        school: `s${s}`,
        klass: `c${c}`,
      });
    }
  }
}
const n = rows.length;

function factor(name: string, labels: string[], z: Float64Array, q: number): Factor {
  const levels = [...new Set(labels)].sort();
  const at = new Map(levels.map((l, i) => [l, i]));
  return {
    name,
    terms: q === 1 ? ['(Intercept)'] : ['(Intercept)', 'x'],
    q,
    levels,
    index: Int32Array.from(labels, (l) => at.get(l)!),
    z,
    covariance: 'unstructured',
  };
}

function design(outerFirst: boolean): Design {
  const slopes = Float64Array.from(rows.flatMap((r) => [1, r.x]));
  const outer = factor(
    'school',
    rows.map((r) => r.school),
    slopes,
    2,
  );
  const inner = factor(
    'class:school',
    rows.map((r) => `${r.klass}:${r.school}`),
    slopes,
    2,
  );
  return {
    n,
    p: 2,
    y: Float64Array.from(rows, (r) => r.y),
    x: Float64Array.from(rows.flatMap((r) => [1, r.x])),
    fixedNames: ['(Intercept)', 'x'],
    factors: outerFirst ? [outer, inner] : [inner, outer],
  };
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++)
    expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(tol * Math.max(1, Math.abs(b[i]!)));
}

describe.each([
  true,
  false,
])('nested engine against the dense engine (outer factor first: %s)', (outerFirst) => {
  const d = design(outerFirst);
  const chain = nestedChain(d)!;
  it('recognises the pair, and chooseEngine takes it', () => {
    expect(chain).toEqual(outerFirst ? [0, 1] : [1, 0]);
    expect(
      nestedChain({ ...d, factors: [d.factors[0]!, { ...d.factors[1]!, relationship: {} as never }] }),
    ).toBe(undefined);
    expect(chooseEngine(d).offsets).toEqual(denseEngine(d).offsets);
  });

  it('the same solution, likelihood terms, EM statistics and conditional variances to 1e-10', () => {
    // Ψ⁻¹ of each factor (2 × 2, correlated) and its log det Ψ.
    const precision = (a: number, b: number, c: number) => Float64Array.of(a, b, b, c);
    const psiInverse = d.factors.map((f) =>
      f.name === 'school' ? precision(0.6, 0.15, 4) : precision(1.7, -0.2, 9),
    );
    const logDetPsi = psiInverse.map((m) => -Math.log(m[0]! * m[3]! - m[1]! * m[2]!));
    const dense = denseEngine(d).solve(psiInverse, logDetPsi)!;
    const nested = blockEngine(d, chain).solve(psiInverse, logDetPsi)!;
    for (const key of ['r2', 'logDetG', 'logDetM', 'logDetS', 'penalty'] as const)
      close([nested[key]], [dense[key]], 1e-10);
    close(nested.beta, dense.beta, 1e-10);
    close(nested.b, dense.b, 1e-10);
    close(nested.sInverse(), dense.sInverse(), 1e-10);
    for (const reml of [false, true]) {
      const a = nested.emStats(0.3, reml);
      const b = dense.emStats(0.3, reml);
      close([a.trace], [b.trace], 1e-10);
      for (const [k, f] of a.factors.entries()) close(f, b.factors[k]!, 1e-10);
    }
    const denseVar = dense.condVar();
    for (const [k, levels] of nested.condVar().entries())
      for (const [l, v] of levels.entries()) close(v, denseVar[k]![l]!, 1e-10);
  });
});

it('a crossed pair is not nested (the dense engine stays)', () => {
  const d = design(true);
  const crossed = factor(
    'klass',
    rows.map((r) => r.klass),
    d.factors[1]!.z,
    2,
  );
  expect(nestedChain({ ...d, factors: [d.factors[0]!, crossed] })).toBe(undefined);
});

it('fitStream with slopes in both factors equals fitMatrices bit for bit', async () => {
  const chunks: MixedChunk[] = [];
  for (let i = 0; i < n; i += 9) {
    const part = rows.slice(i, i + 9);
    chunks.push({
      y: part.map((r) => r.y),
      X: part.map((r) => [1, r.x]),
      Z: part.map((r) => [1, r.x]),
      groups: part.map((r) => r.school),
      inner: part.map((r) => r.klass),
      innerZ: part.map((r) => [1, r.x]),
    });
  }
  const slopes = rows.map((r) => [1, r.x]);
  const memory = new LinearMixedModel().fitMatrices({
    y: rows.map((r) => r.y),
    X: slopes,
    random: [
      {
        name: 'class:school',
        groups: rows.map((r) => `${r.klass}:${r.school}`),
        Z: slopes,
        termNames: ['(Intercept)', 'x'],
      },
      { name: 'school', groups: rows.map((r) => r.school), Z: slopes, termNames: ['(Intercept)', 'x'] },
    ],
  });
  const stream = await new LinearMixedModel().fitStream(chunks, {
    name: 'school',
    termNames: ['(Intercept)', 'x'],
    innerName: 'class:school',
    innerTermNames: ['(Intercept)', 'x'],
  });
  const { fitted: _a, residuals: _b, ...s } = stream.toJSON().state;
  const { fitted: _c, residuals: _d, ...m } = memory.toJSON().state;
  expect(s).toEqual(m);
});
