import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: false, // the packages ship no source maps (CONTRIBUTING: what the packages ship)
  clean: true,
  target: 'es2022',
});
