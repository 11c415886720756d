// Builds the demo page by page into one dist/ (see vite.config.ts): each page's bundle holds only
// the code that page uses, which is what scripts/size.mjs budgets.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The pages, as vite.config.ts reads them. */
const PAGES = JSON.parse(readFileSync(new URL('../pages.json', import.meta.url), 'utf8'));

for (const [i, page] of Object.keys(PAGES).entries()) {
  const run = spawnSync('vite', ['build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    env: { ...process.env, EM_DEMO_PAGE: page, EM_DEMO_EMPTY: i === 0 ? '1' : '0' },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  console.log(`built ${page}`);
}
