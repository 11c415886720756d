import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  // The worker is its own entry: run-fits.ts starts it from dist/fit-worker.js.
  entry: { cli: 'src/cli.ts', 'fit-worker': 'src/fit/worker.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  define: { __EM_CLI_VERSION__: JSON.stringify(version) },
});
