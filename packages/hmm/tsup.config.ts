import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker is its own entry: pools load it by URL (`new URL('./parallel-worker.js', import.meta.url)`),
  // so the main bundle carries only the pool and the adding-up, not a second copy of forward–backward.
  entry: { index: 'src/index.ts', 'parallel-worker': 'src/parallel/worker.ts' },
  format: ['esm'],
  // Each entry self-contained: no shared chunk whose exports the minifier could not rename.
  splitting: false,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
