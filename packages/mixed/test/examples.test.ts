// Every export has a TSDoc @example, every example runs, and every value an example (or the README)
// claims in a comment — `expression; // <value>` with a JSON value, optionally followed by a remark in
// parentheses — is checked: numbers to the decimals written.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const srcDir = new URL('../src/', import.meta.url);
const outDir = new URL('../test-output/examples/', import.meta.url);
const indexPath = new URL('../src/index.ts', import.meta.url).pathname;

const sources = readdirSync(srcDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(new URL(f, srcDir), 'utf8'));

/** The @example blocks of the TSDoc before `export … <name>` and, for a class, of its members. */
function examplesOf(name: string): string[] | undefined {
  for (const source of sources) {
    const at = source.search(new RegExp(`export (function|const|class|interface|type) ${name}\\b`));
    if (at < 0) continue;
    const before = source.slice(0, at);
    const doc = before.slice(before.lastIndexOf('/**'));
    if (!doc.trimEnd().endsWith('*/')) return undefined;
    let scope = doc;
    if (/export class/.test(source.slice(at, at + 20 + name.length))) {
      const end = source.indexOf('\n}\n', at);
      scope += source.slice(at, end);
    }
    return [...scope.matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g)].map((m) =>
      m[1]!
        .split('\n')
        .map((line) => line.replace(/^\s*\* ?/, ''))
        .join('\n'),
    );
  }
  return undefined;
}

function parseClaim(comment: string): { ok: boolean; value?: unknown } {
  for (const text of [comment, comment.replace(/\s+\(.*$/, '')]) {
    try {
      return { ok: true, value: JSON.parse(text.replace(/'/g, '"')) };
    } catch {}
  }
  return { ok: false };
}

export function withChecks(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      const m = line.match(/^(\s*)(.+?);\s*\/\/\s*(.+)$/);
      if (!m || /^(const|let|import)\b/.test(m[2]!)) return line;
      const claim = parseClaim(m[3]!.trim());
      return claim.ok ? `${m[1]}__check(${m[2]}, ${JSON.stringify(claim.value)});` : line;
    })
    .join('\n')
    .replace(/from '@em\/mixed'/g, `from ${JSON.stringify(indexPath)}`);
}

/** Deep comparison; a number matches to the decimals it is written with. */
export function matches(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number') {
    const decimals = (String(expected).split('.')[1] ?? '').length;
    expect(typeof actual, path).toBe('number');
    expect(Math.abs((actual as number) - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      0.5 * 10 ** -decimals + 1e-12,
    );
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual) || ArrayBuffer.isView(actual), path).toBe(true);
    const a = Array.from(actual as ArrayLike<unknown>);
    expect(a, path).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      matches(a[i], e, `${path}[${i}]`);
    });
  } else if (typeof expected === 'object' && expected !== null) {
    for (const [k, e] of Object.entries(expected))
      matches((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
  } else expect(actual, path).toEqual(expected);
}

const typeNames = [...readFileSync(indexPath, 'utf8').matchAll(/export type \{([^}]*)\}/g)].flatMap((m) =>
  m[1]!
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean),
);
const names = [...Object.keys(api), ...typeNames].sort();

async function run(code: string, file: URL): Promise<number> {
  const checks: [unknown, unknown][] = [];
  (globalThis as Record<string, unknown>).__check = (actual: unknown, expected: unknown) =>
    checks.push([actual, expected]);
  writeFileSync(
    file,
    `declare const __check: (a: unknown, b: unknown) => void;\n${withChecks(code)}\nexport {};\n`,
  );
  await import(/* @vite-ignore */ file.href);
  for (const [actual, expected] of checks) matches(actual, expected);
  return checks.length;
}

describe('TSDoc examples', () => {
  mkdirSync(outDir, { recursive: true });
  for (const name of names) {
    it(`${name} has @examples that run, with the values they claim`, async () => {
      const blocks = examplesOf(name);
      expect(blocks?.length, `${name} needs a TSDoc @example`).toBeGreaterThan(0);
      const log = console.log;
      console.log = () => {};
      try {
        for (const [i, code] of blocks!.entries())
          await run(code, new URL(`${typeNames.includes(name) ? 'type' : 'value'}-${name}-${i}.ts`, outDir));
      } finally {
        console.log = log;
      }
    });
  }
});

describe('README', () => {
  it('runs, with the values it claims', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBe(2);
    const log = console.log;
    console.log = () => {};
    let checked = 0;
    try {
      for (const [i, code] of blocks.entries()) checked += await run(code, new URL(`readme-${i}.ts`, outDir));
    } finally {
      console.log = log;
    }
    expect(checked).toBeGreaterThanOrEqual(12);
  });
});

describe('toString and console.log: one line, not the internal state', () => {
  it("sleepstudy: lme4's REML log-likelihood −871.814 (REML criterion 1743.628), 180 observations", () => {
    const model = new api.LinearMixedModel();
    expect(String(model)).toBe('LinearMixedModel { reml: true, fitted: false }');
    model.fit('Reaction ~ Days + (Days | Subject)', api.sleepstudy);
    expect(inspect(model)).toBe(
      "LinearMixedModel { formula: 'Reaction ~ Days + (Days | Subject)', reml: true, nObs: 180, fitted: true, logLikelihood: -871.814 }",
    );
    expect(String(new api.LinearMixedModel({ reml: false }))).toBe(
      'LinearMixedModel { reml: false, fitted: false }',
    );
  });
});
