// Every runtime export has a TSDoc @example, and every example runs. A line of the form
// `expression; // <JSON value>` also checks that the expression equals the value in the comment.
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

/** The @example code of the TSDoc block right before `export function|const|class|interface|type <name>`. */
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

function withChecks(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      const m = line.match(/^(\s*)(.+?);\s*\/\/\s*(.+)$/);
      if (!m || /^(const|let|import)\b/.test(m[2]!)) return line;
      try {
        const expected = JSON.parse(m[3]!.replace(/'/g, '"'));
        return `${m[1]}__check(${m[2]}, ${JSON.stringify(expected)});`;
      } catch {
        return line;
      }
    })
    .join('\n')
    .replace(/from '@em\/plot'/g, `from ${JSON.stringify(indexPath)}`);
}

/** Type-only exports, read from the `export type { … }` lists of src/index.ts. */
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
      expect(code, `${name} needs a TSDoc @example`).toBeDefined();
      const checks: [unknown, unknown][] = [];
      (globalThis as Record<string, unknown>).__check = (actual: unknown, expected: unknown) =>
        checks.push([actual, expected]);
      // Prefixed so names differing only in case (Tick / tick) never share a file on case-insensitive disks.
      const file = new URL(`${typeNames.includes(name) ? 'type' : 'value'}-${name}.ts`, outDir);
      writeFileSync(
        file,
        `declare const __check: (a: unknown, b: unknown) => void;\n${withChecks(code!)}\nexport {};\n`,
      );
      await import(/* @vite-ignore */ file.href);
      for (const [actual, expected] of checks) expect(actual).toEqual(expected);
    });
  }

  it('the README example runs and writes its two charts', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    const file = new URL('readme.ts', outDir);
    const code = withChecks(blocks.join('\n')).replace(
      /writeFileSync\(`/g,
      `writeFileSync(\`${outDir.pathname}readme-`,
    );
    writeFileSync(file, `${code}\nexport {};\n`);
    await import(/* @vite-ignore */ file.href);
    const svg = readFileSync(new URL('readme-density-5.svg', outDir), 'utf8');
    expect(svg).toContain('<title');
  });
});
