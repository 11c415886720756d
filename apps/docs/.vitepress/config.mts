import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DefaultTheme, defineConfig } from 'vitepress';

// The guides live in the repository's docs/ folder; TypeDoc writes the API pages into docs/api
// (generated, git-ignored) before VitePress runs. See scripts/build.mjs.
const srcDir = fileURLToPath(new URL('../../../docs', import.meta.url));
const apiSidebarFile = `${srcDir}/api/typedoc-sidebar.json`;

// Pages outside this package cannot see its node_modules (pnpm does not hoist), so the Vue
// imports VitePress compiles into every page resolve from VitePress's own dependencies.
const fromVitepress = createRequire(
  createRequire(import.meta.url).resolve('vitepress'),
);
const vueDir = dirname(fromVitepress.resolve('vue/package.json'));

function apiSidebar(): DefaultTheme.SidebarItem[] {
  if (!existsSync(apiSidebarFile)) return [];
  return JSON.parse(readFileSync(apiSidebarFile, 'utf8'));
}

/**
 * `<!-- @section: ../../packages/x/README.md#Speed -->` in a guide is replaced by the body of that
 * file's `## Speed` section (up to the next `## ` heading), so figures that a package README owns,
 * such as benchmark tables, are shown here without a copy that could drift. A missing file or
 * section fails the build.
 */
function includeSections() {
  return {
    name: 'em-docs-include-section',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      if (!id.endsWith('.md')) return;
      return code.replace(
        /<!--\s*@section:\s*(\S+?)#(.+?)\s*-->/g,
        (_, file: string, heading: string) => {
          const path = resolve(dirname(id), file);
          if (!existsSync(path))
            throw new Error(`${id}: @section file not found: ${path}`);
          const lines = readFileSync(path, 'utf8').split('\n');
          const start = lines.findIndex(
            (line) => line.trim() === `## ${heading}`,
          );
          if (start < 0)
            throw new Error(`${id}: no "## ${heading}" section in ${path}`);
          const end = lines.findIndex(
            (line, i) => i > start && line.startsWith('## '),
          );
          return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
        },
      );
    },
  };
}

const guide: DefaultTheme.SidebarItem[] = [
  {
    text: 'Start here',
    items: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'How EM works', link: '/guide/concepts' },
      { text: 'Gallery: CLI and demo', link: '/guide/gallery' },
    ],
  },
  {
    text: 'Gaussian mixtures',
    items: [
      { text: 'Gaussian mixtures', link: '/guide/gaussian-mixtures' },
      { text: 'Bayesian mixtures', link: '/guide/bayesian-mixtures' },
      { text: 'Fitting incomplete data', link: '/guide/incomplete-data' },
      { text: 'Mixtures of other distributions', link: '/guide/mixtures' },
      {
        text: 'Porting from scikit-learn',
        link: '/guide/porting-from-scikit-learn',
      },
      { text: 'Porting from mclust', link: '/guide/porting-from-mclust' },
    ],
  },
  {
    text: 'Item response theory',
    items: [
      { text: 'Item response theory', link: '/guide/item-response-theory' },
    ],
  },
  {
    text: 'Mixed models',
    items: [{ text: 'Mixed models', link: '/guide/mixed-models' }],
  },
  {
    text: 'Hidden Markov models',
    items: [
      { text: 'Hidden Markov models', link: '/guide/hidden-markov-models' },
    ],
  },
  {
    text: 'Genetics',
    items: [{ text: 'EM in genetics', link: '/guide/genetics' }],
  },
  {
    text: 'Imaging',
    items: [{ text: 'EM for images', link: '/guide/imaging' }],
  },
  {
    text: 'Building blocks',
    items: [
      { text: 'Your own EM model', link: '/guide/custom-models' },
      { text: 'Random numbers and sampling', link: '/guide/sampling' },
      { text: 'Plotting', link: '/guide/plotting' },
      { text: 'The command line', link: '/guide/cli' },
    ],
  },
  {
    text: 'In practice',
    items: [
      { text: 'Performance', link: '/guide/performance' },
      { text: 'Speeding up EM', link: '/guide/speeding-up-em' },
      { text: 'Large data', link: '/guide/large-data' },
      { text: 'Troubleshooting', link: '/guide/troubleshooting' },
    ],
  },
];

export default defineConfig({
  srcDir,
  outDir: fileURLToPath(new URL('./dist', import.meta.url)),
  cacheDir: fileURLToPath(new URL('./cache', import.meta.url)),
  base: process.env.DOCS_BASE ?? '/',
  title: 'em',
  description:
    'Expectation–Maximization for TypeScript: Gaussian mixtures and a generic EM engine',
  lang: 'en',
  // docs/public/favicon.svg; VitePress does not prefix `head` links with `base`.
  head: [
    [
      'link',
      {
        rel: 'icon',
        type: 'image/svg+xml',
        href: `${process.env.DOCS_BASE ?? '/'}favicon.svg`,
      },
    ],
  ],
  lastUpdated: false,
  // A dead internal link fails the build (VitePress's default, stated here so nobody turns it off).
  ignoreDeadLinks: false,
  srcExclude: ['README.md'],
  markdown: { lineNumbers: false },
  vite: {
    plugins: [includeSections()],
    resolve: { alias: [{ find: /^vue(\/.*)?$/, replacement: `${vueDir}$1` }] },
  },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started', activeMatch: '/guide/' },
      { text: 'API reference', link: '/api/', activeMatch: '/api/' },
    ],
    sidebar: {
      '/guide/': guide,
      '/api/': [{ text: 'API reference', link: '/api/' }, ...apiSidebar()],
    },
    search: { provider: 'local' },
    outline: { level: [2, 3] },
    socialLinks: [{ icon: 'github', link: 'https://github.com/em-toolkit/em' }],
    footer: { message: 'MIT licensed.' },
  },
});
