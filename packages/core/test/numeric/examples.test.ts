// Every ```ts example in the TSDoc of src/numeric runs against the sources, and a line of the form
// `expression; // expected` checks the expression against the comment when the comment is itself a
// JavaScript expression (numbers to 1e-12, relative above 1, arrays and typed arrays element by element).
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as core from '../../src/index.js';
import * as numeric from '../../src/numeric/index.js';

const dir = new URL('../../src/numeric/', import.meta.url);

const examples = readdirSync(dir)
  .filter((file) => file.endsWith('.ts'))
  .flatMap((file) => {
    const text = readFileSync(new URL(file, dir), 'utf8').replace(/^\s*\* ?/gm, '');
    return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, i) => ({
      name: `src/numeric/${file} example ${i + 1}`,
      code: match[1]!,
    }));
  });

const isExpression = (code: string) => {
  try {
    new Function(`return (${code});`);
    return true;
  } catch {
    return false;
  }
};

/** `expr; // expected` → a check, when `expected` parses as an expression. */
function withChecks(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      const m = /^(\s*)(.+?);\s*\/\/\s*(.+)$/.exec(line);
      if (!m || /^(const|let|import|type)\b/.test(m[2]!) || !isExpression(m[3]!)) return line;
      return `${m[1]}__check(${m[2]}, ${m[3]}, ${JSON.stringify(line.trim())});`;
    })
    .join('\n');
}

function check(actual: unknown, expected: unknown, line: string): void {
  const same = (a: unknown, b: unknown): boolean => {
    if (typeof a === 'number' && typeof b === 'number') {
      if (Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(b)) return Object.is(a, b) || a === b;
      return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
    }
    if (ArrayBuffer.isView(a) || Array.isArray(a)) {
      const [x, y] = [Array.from(a as ArrayLike<unknown>), Array.from(b as ArrayLike<unknown>)];
      return x.length === y.length && x.every((value, i) => same(value, y[i]));
    }
    expect(a, line).toEqual(b);
    return true;
  };
  expect(same(actual, expected), `${line} gave ${String(actual)}`).toBe(true);
}

function run(code: string): void {
  const js = ts.transpileModule(withChecks(code), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const body = js
    .replace(/import\s*\{([^}]*)\}\s*from\s*'@em\/core\/numeric';?/g, 'const {$1} = numeric;')
    .replace(/import\s*\{([^}]*)\}\s*from\s*'@em\/core';?/g, 'const {$1} = core;')
    .replace(/export \{\};?/g, '');
  new Function('numeric', 'core', '__check', body)(numeric, core, check);
}

describe('@em/core/numeric documentation examples run', () => {
  it('finds an example for every export', () => {
    expect(examples.length).toBeGreaterThanOrEqual(Object.keys(numeric).length + 6);
  });
  for (const { name, code } of examples) {
    it(name, () => {
      expect(() => run(code)).not.toThrow();
    });
  }

  it('checks the values the comments claim (a wrong claim fails)', () => {
    expect(() => run("import { logSumExp } from '@em/core/numeric';\nlogSumExp([0, 0]); // 0")).toThrow();
    expect(() =>
      run("import { toRows } from '@em/core/numeric';\ntoRows(new Float64Array([1, 2]), 1, 2); // [[1, 3]]"),
    ).toThrow();
  });
});
