// The installed tarballs in Node: `import`, `require` (Node ≥ 20.19 loads ES modules from CommonJS
// through the packages' `default` export condition) and worker threads loading the shipped workers.
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { run, worst } from './run.js';

const app = inject('consumerDir');
const node = (script: string) => JSON.parse(run(process.execPath, [join(app, 'node', script)], app));

// A fit of two obvious groups: means 0.2 and 5.2, by any correct EM.
const MEANS = [0.2, 5.2];

describe('Node consumers of the packed tarballs', () => {
  it('import: every entry point loads and fits', () => {
    const { exports, means } = node('import.mjs');
    expect(Object.keys(exports)).toHaveLength(12); // packages.json: the entry points, subpaths included
    for (const [name, keys] of Object.entries(exports)) expect(keys, name).not.toHaveLength(0);
    expect(exports['@em/gaussian']).toContain('GaussianMixture');
    expect(exports['@em/core/numeric']).toContain('toFlatMatrix');
    expect(exports['@em/core/stream']).toContain('streamedEStep');
    expect(worst(means, MEANS)).toBeLessThan(1e-9);
  });

  it('require: every entry point loads with the same exports as import, and fits', () => {
    const imported = node('import.mjs');
    const required = node('require.cjs');
    expect(required.exports).toEqual(imported.exports);
    expect(worst(required.means, MEANS)).toBeLessThan(1e-9);
  });

  it('the subpaths that are not modules of the API resolve to files', () => {
    const script = `console.log(JSON.stringify(['@em/gaussian/parallel-worker', '@em/hmm/parallel-worker', '@em/gaussian/package.json'].map((s) => import.meta.resolve(s))))`;
    const resolved: string[] = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], app));
    expect(resolved[0]).toMatch(/node_modules\/.*@em\/gaussian\/dist\/parallel-worker\.js$/);
    expect(resolved[1]).toMatch(/node_modules\/.*@em\/hmm\/dist\/parallel-worker\.js$/);
    expect(resolved[2]).toMatch(/@em\/gaussian\/package\.json$/);
  });

  it('worker threads load the shipped workers: fitAsync on two threads gives fit', () => {
    const { gaussian, hmm } = node('workers.mjs');
    expect(worst(gaussian.parallel, gaussian.single)).toBeLessThan(1e-9);
    expect(worst(hmm.parallel, hmm.single)).toBeLessThan(1e-9);
  });
});
