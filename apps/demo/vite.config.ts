import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import PAGES from './pages.json' with { type: 'json' };

// `scripts/build.mjs` builds one page at a time (EM_DEMO_PAGE) so that each page is bundled with
// only the code it uses: shared chunks across pages would make every page download code of others.
// Without EM_DEMO_PAGE (the dev server, `vite build`) all pages are inputs.
const page = process.env.EM_DEMO_PAGE;
const pages: Record<string, string> = page ? { [page]: PAGES[page as keyof typeof PAGES] } : PAGES;
if (page && !(page in PAGES)) throw new Error(`EM_DEMO_PAGE=${page} is not a page of the demo`);

// base './' keeps every URL relative, so the built folder works from any static host or sub-path.
export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    emptyOutDir: process.env.EM_DEMO_EMPTY !== '0',
    rollupOptions: {
      input: Object.fromEntries(
        Object.entries(pages).map(([name, file]) => [name, resolve(import.meta.dirname, file)]),
      ),
    },
  },
  worker: { format: 'es' },
});
