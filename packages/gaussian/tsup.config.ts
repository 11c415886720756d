import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker is its own entry: pools load it by URL (`new URL('./parallel-worker.js', import.meta.url)`).
  entry: { index: 'src/index.ts', 'parallel-worker': 'src/parallel/worker.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
