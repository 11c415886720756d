// The installed tarballs' declarations, type-checked from a TypeScript project under both module
// resolutions users pick: node16 (Node's own rules, `exports` conditions) and bundler.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, inject, it } from 'vitest';
import { run } from './run.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const app = inject('consumerDir');

describe('TypeScript consumers of the packed tarballs', () => {
  for (const resolution of ['node16', 'bundler']) {
    it(`moduleResolution ${resolution}: the declarations load and type-check (skipLibCheck off)`, () => {
      run(process.execPath, [tsc, '-p', join(app, 'typescript', `tsconfig.${resolution}.json`)], app);
    });
  }
});
