import { defineConfig, type Options } from 'tsup';

// No source maps in the package: its JavaScript is unminified and readable (CONTRIBUTING.md, "What the
// packages ship").
const common: Options = { format: 'esm', dts: true, sourcemap: false, target: 'es2022', splitting: false };

export default defineConfig([
  {
    ...common,
    // Each entry self-contained: no shared chunk whose exports the minifier could not rename.
    entry: { index: 'src/index.ts' },
    // The worker below is built by its own config: keep it (and its declaration file) when cleaning.
    clean: ['!parallel-worker.js'],
  },
  {
    ...common,
    // The worker ships as ONE self-contained file (exported as `@em/hmm/parallel-worker`), its
    // @em/* dependencies included: bundlers copy or re-bundle it by URL, where bare imports and
    // chunks do not resolve. Pools load it by `new URL('./parallel-worker.js', import.meta.url)`,
    // so the main bundle carries only the pool and the adding-up, not a second copy of forward–backward.
    entry: { 'parallel-worker': 'src/parallel/worker.ts' },
    noExternal: [/.*/],
    // It imports and exports nothing statically: say it is a module (it is loaded as one) for tools
    // such as publint that would otherwise guess CommonJS.
    footer: { js: 'export {};' },
    clean: false,
  },
]);
