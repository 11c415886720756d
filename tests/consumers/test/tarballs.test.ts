// What the tarballs hold: the files users download, and workers that stand alone.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const app = inject('consumerDir');
const tarballs = inject('tarballs');
const files = (tarball: string) =>
  execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');

describe('the packed tarballs', () => {
  it('hold dist, README, LICENSE and package.json, and no source maps (CONTRIBUTING: what the packages ship)', () => {
    expect(Object.keys(tarballs)).toHaveLength(11); // the published packages under packages/
    for (const [name, tarball] of Object.entries(tarballs)) {
      const list = files(tarball);
      expect(list, name).toContain('package/package.json');
      expect(list, name).toContain('package/README.md');
      expect(list, name).toContain('package/LICENSE');
      expect(list, name).toContain('package/dist/index.js');
      expect(list, name).toContain('package/dist/index.d.ts');
      expect(
        list.filter((file) => !/^package\/(dist\/|package\.json$|README\.md$|LICENSE$)/.test(file)),
        name,
      ).toEqual([]);
      expect(
        list.filter((file) => file.endsWith('.map')),
        name,
      ).toEqual([]);
    }
  });

  it('the workers are single files: no import of a chunk or a package, so they work wherever they are copied', () => {
    for (const name of ['gaussian', 'hmm']) {
      const worker = readFileSync(
        join(app, 'node_modules', '@em', name, 'dist', 'parallel-worker.js'),
        'utf8',
      );
      expect(worker, name).toMatch(/onmessage/);
      expect(worker.match(/^\s*import\s.*$|^\s*}\s*from\s.*$/gm) ?? [], name).toEqual([]);
      expect(worker, name).not.toMatch(/sourceMappingURL/);
    }
  });
});
