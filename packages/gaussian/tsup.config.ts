import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

// No source maps in the package: its JavaScript is unminified and readable (CONTRIBUTING.md, "What the
// packages ship").
const common: Options = { format: 'esm', dts: true, sourcemap: false, target: 'es2022' };

export default defineConfig([
  {
    ...common,
    entry: { index: 'src/index.ts' },
    // The worker below is built by its own config: keep it (and its declaration file) when cleaning.
    clean: ['!parallel-worker.js'],
  },
  {
    ...common,
    // The worker ships as ONE self-contained file (exported as `@em/gaussian/parallel-worker`):
    // bundlers copy or re-bundle it by URL, and a file that imports `./chunk-*.js` or `@em/core`
    // breaks as soon as it is moved. Pools load it by `new URL('./parallel-worker.js', import.meta.url)`.
    entry: { 'parallel-worker': 'src/parallel/worker.ts' },
    noExternal: [/.*/],
    // The worker fits whole models (nInit restarts, selectModelAsync's cells) but never starts
    // workers: it gets the pool's default URL without `new URL('./parallel-worker.js',
    // import.meta.url)`, which bundlers would follow again and classic workers cannot parse.
    esbuildPlugins: [
      {
        name: 'worker-url-in-worker',
        setup(build) {
          build.onResolve({ filter: /worker-url\/default\.js$/ }, () => ({
            path: fileURLToPath(new URL('./src/parallel/worker-url/in-worker.ts', import.meta.url)),
          }));
        },
      },
    ],
    // It imports and exports nothing statically: say it is a module (it is loaded as one) for tools
    // such as publint that would otherwise guess CommonJS.
    footer: { js: 'export {};' },
    splitting: false,
    clean: false,
  },
]);
