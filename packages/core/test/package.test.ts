import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Installing @em/core alone must pull nothing else: no runtime dependencies of any kind.
describe('@em/core package manifest', () => {
  it('has no runtime or peer dependencies', () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
    expect(manifest.optionalDependencies ?? {}).toEqual({});
  });

  // `default`, not `import`: Node ≥ 20.19 can then `require` the ES module too.
  it('is a side-effect-free ESM package with types', () => {
    expect(manifest.type).toBe('module');
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(manifest.exports['./numeric']).toEqual({
      types: './dist/numeric/index.d.ts',
      default: './dist/numeric/index.js',
    });
  });
});
