// Every runtime and type export has a TSDoc @example, and every example runs. A line of the form
// `expression; // <JSON value>` or `expression; // ≈ <JSON value> (comment)` also checks the value:
// numbers to the decimals written (so `// ≈ 0.572` means 0.572 to three decimals), anything else exactly.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const srcDir = new URL('../src/', import.meta.url);
const outDir = new URL('../test-output/examples/', import.meta.url);
const indexPath = new URL('../src/index.ts', import.meta.url).pathname;

function sourceFiles(dir: URL): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(new URL(`${entry.name}/`, dir))
      : entry.name.endsWith('.ts')
        ? [readFileSync(new URL(entry.name, dir), 'utf8')]
        : [],
  );
}

function exampleOf(name: string): string | undefined {
  for (const source of sourceFiles(srcDir)) {
    const at = source.search(new RegExp(`export (function|const|class|interface|type) ${name}\\b`));
    if (at < 0) continue;
    const before = source.slice(0, at);
    const doc = before.slice(before.lastIndexOf('/**'));
    if (!doc.trimEnd().endsWith('*/')) return undefined;
    const match = doc.match(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/);
    return (match?.[1] ?? '')
      .split('\n')
      .map((line) => line.replace(/^\s*\* ?/, ''))
      .join('\n');
  }
  return undefined;
}

/** Turns `expr; // value` lines into checks; the value may start with ≈ and end with a (comment). */
export function withChecks(code: string, importPath: string): string {
  return code
    .split('\n')
    .map((line) => {
      const m = line.match(/^(\s*)(.+?);\s*\/\/\s*(.+)$/);
      if (!m || /^(const|let|import|for)\b/.test(m[2]!)) return line;
      const text = m[3]!
        .replace(/^≈\s*/, '')
        .replace(/\s*\(.*\)\s*$/, '')
        .replace(/'/g, '"');
      try {
        const expected = JSON.parse(text);
        return `${m[1]}__check(${m[2]}, ${JSON.stringify(expected)}, ${JSON.stringify(text)});`;
      } catch {
        return line;
      }
    })
    .join('\n')
    .replace(/from '@em\/imaging'/g, `from ${JSON.stringify(importPath)}`);
}

/** Numbers compared to the decimals their literal shows; everything else exactly. */
export function compare(actual: unknown, expected: unknown, literal: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const decimals = /\.(\d+)/.exec(literal)?.[1]?.length ?? 0;
    expect(Math.abs(actual - expected), `${actual} vs ${literal}`).toBeLessThanOrEqual(
      0.5 * 10 ** -decimals + 1e-12,
    );
    return;
  }
  if (
    Array.isArray(expected) &&
    expected.every((v) => typeof v === 'number') &&
    ArrayBuffer.isView(actual) === false &&
    Array.isArray(actual)
  ) {
    expect(actual).toHaveLength(expected.length);
    const parts = literal.replace(/[[\]]/g, '').split(',');
    for (const [i, v] of expected.entries()) compare(actual[i], v, parts[i]!.trim());
    return;
  }
  expect(actual).toEqual(expected);
}

const typeNames = [...readFileSync(indexPath, 'utf8').matchAll(/export type \{([^}]*)\}/g)].flatMap((m) =>
  m[1]!
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean),
);
const names = [...Object.keys(api), ...typeNames].sort();

describe('TSDoc examples', () => {
  mkdirSync(outDir, { recursive: true });
  for (const name of names) {
    it(`${name} has an @example that runs`, async () => {
      const code = exampleOf(name);
      expect(code, `${name} needs a TSDoc @example`).toBeTruthy();
      const checks: [unknown, unknown, string][] = [];
      (globalThis as Record<string, unknown>).__check = (
        actual: unknown,
        expected: unknown,
        literal: string,
      ) => checks.push([actual, expected, literal]);
      const file = new URL(`${typeNames.includes(name) ? 'type' : 'value'}-${name}.ts`, outDir);
      writeFileSync(
        file,
        `declare const __check: (a: unknown, b: unknown, l: string) => void;\n${withChecks(code!, indexPath)}\nexport {};\n`,
      );
      await import(/* @vite-ignore */ file.href);
      for (const [actual, expected, literal] of checks) compare(actual, expected, literal);
    });
  }
});

describe('README', () => {
  it('the Shepp–Logan example gives the numbers it claims (MLEM beats FBP at 10⁵ counts)', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const checks: [unknown, unknown, string][] = [];
    (globalThis as Record<string, unknown>).__check = (actual: unknown, expected: unknown, literal: string) =>
      checks.push([actual, expected, literal]);
    const file = new URL('readme.ts', outDir);
    writeFileSync(
      file,
      `declare const __check: (a: unknown, b: unknown, l: string) => void;\n${withChecks(block, indexPath)}\nexport {};\n`,
    );
    await import(/* @vite-ignore */ file.href);
    expect(checks).toHaveLength(4);
    for (const [actual, expected, literal] of checks) compare(actual, expected, literal);
  });

  it('the segmentation snippet runs on an ImageData-like object', () => {
    const width = 4;
    const height = 2;
    const data = new Uint8ClampedArray(width * height * 4).map((_, i) =>
      i % 4 === 3 ? 255 : i < 16 ? 20 : 220,
    );
    const { labels, colors, segmented } = api.segmentImage(
      { data, width, height },
      { components: 2, colorSpace: 'lab', smoothing: true },
    );
    expect(Array.from(labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(colors[0]).toEqual([20, 20, 20]);
    expect(segmented.length).toBe(data.length);
  });
});
