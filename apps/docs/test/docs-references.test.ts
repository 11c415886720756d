import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The guides include code with VitePress's `<<< @/path` syntax, where @ is the docs/ folder. A missing
// file would render as an error box instead of failing the build, so it is checked here; so is the
// other direction: an example nobody includes, or nobody tests, is dead weight that can drift.
const docsDir = fileURLToPath(new URL('../../../docs/', import.meta.url));
const examplesDir = fileURLToPath(new URL('../examples/', import.meta.url));
const testDir = fileURLToPath(new URL('./', import.meta.url));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'api' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory()
      ? markdownFiles(path)
      : entry.name.endsWith('.md')
        ? [path]
        : [];
  });
}

const includes = markdownFiles(docsDir).flatMap((file) =>
  [
    ...readFileSync(file, 'utf8').matchAll(/^<<< @\/(\S+?)(?:[{#\s].*)?$/gm),
  ].map((match) => ({
    page: relative(docsDir, file),
    target: resolve(docsDir, match[1]!),
  })),
);
const included = new Set(includes.map((include) => include.target));
const tests = readdirSync(testDir)
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => readFileSync(join(testDir, name), 'utf8'))
  .join('\n');

describe('code included in the guides', () => {
  it('finds the includes (this test would pass vacuously otherwise)', () => {
    expect(includes.length).toBeGreaterThan(5);
  });

  it.each(includes)('$page includes an existing file: $target', ({
    target,
  }) => {
    expect(existsSync(target)).toBe(true);
  });

  const examples = readdirSync(examplesDir).filter((name) =>
    name.endsWith('.ts'),
  );
  it.each(
    examples,
  )('examples/%s is shown in a guide and run by a test', (name) => {
    expect(included.has(join(examplesDir, name))).toBe(true);
    const base = name.replace(/\.ts$/, '');
    // Either run as a script by runExample('<name>'), or a module imported by examples that are.
    const runs = tests.includes(`runExample('${base}')`);
    const imported = examples.some(
      (other) =>
        other !== name &&
        readFileSync(join(examplesDir, other), 'utf8').includes(
          `./${base}.js'`,
        ),
    );
    expect(runs || imported).toBe(true);
  });

  const commands = readdirSync(join(examplesDir, 'cli'));
  it.each(
    commands,
  )('examples/cli/%s is shown in a guide and run by a test', (name) => {
    expect(included.has(join(examplesDir, 'cli', name))).toBe(true);
    expect(
      readFileSync(join(testDir, 'cli-examples.test.ts'), 'utf8'),
    ).toContain(`'${name.replace(/\.sh$/, '')}'`);
  });

  it.each(
    readdirSync(join(examplesDir, 'output')),
  )('examples/output/%s is compared with a run', (name) => {
    expect(tests).toContain(`expectOutput('${name.replace(/\.txt$/, '')}'`);
    expect(included.has(join(examplesDir, 'output', name))).toBe(true);
  });
});
