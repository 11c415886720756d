import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'numeric/index': 'src/numeric/index.ts',
    'stream/index': 'src/stream/index.ts',
  },
  format: ['esm'],
  dts: true,
  // No source maps in the package: its JavaScript is unminified and readable (CONTRIBUTING.md, "What the
  // packages ship").
  sourcemap: false,
  clean: true,
  target: 'es2022',
});
