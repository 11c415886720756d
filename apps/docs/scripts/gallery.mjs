// Makes the pictures of the gallery page (docs/guide/gallery.md): the summary `em fit` prints, and every
// demo page at a laptop's width and a phone's, each after its main action, as a person would see it.
// Needs the CLI and the demo built (pnpm build) and Chromium (scripts/ensure-chromium.mjs).
// Usage: node apps/docs/scripts/gallery.mjs   (writes docs/public/gallery/*.png)
import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../../scripts/chromium.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const demo = join(root, 'apps/demo/dist');
const cli = join(root, 'apps/cli/dist/cli.js');
const out = join(root, 'docs/public/gallery');
for (const [path, what] of [
  [join(demo, 'index.html'), 'the demo (pnpm --filter @em/demo build)'],
  [cli, 'the CLI (pnpm --filter @em/cli build)'],
])
  if (!existsSync(path))
    throw new Error(`${path} is missing: build ${what} first`);
mkdirSync(out, { recursive: true });

const SCREENS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
};
/** What a visitor does first on each page, so the picture shows the page at work. */
const ACTIONS = {
  article: async (page) => {
    await page.click('#fit');
    await page.waitForSelector('#fit:not([disabled])', { timeout: 120_000 });
  },
  playground: async (page) => {
    await page.waitForSelector('#run:not([disabled])');
    await page.click('#choose-k');
    await page.waitForFunction(
      () =>
        document
          .querySelector('#status')
          ?.textContent?.startsWith('Lowest BIC'),
      undefined,
      {
        timeout: 180_000,
      },
    );
  },
  data: async (page) => {
    await page.click('#example');
    await page.waitForSelector('#fit:not([disabled])');
    await page.click('#fit');
    await page.waitForSelector('#download-model:not([disabled])', {
      timeout: 120_000,
    });
  },
  quiz: async (page) => {
    await page.waitForSelector('.chart svg');
  },
  casino: async (page) => {
    await page.waitForSelector('#sequence svg', { timeout: 60_000 });
  },
  imaging: async (page) => {
    await page.waitForSelector('#mlem svg', { timeout: 60_000 });
  },
};
/** Page name → its HTML file, as the demo's build knows them. */
const pages = Object.entries(
  JSON.parse(readFileSync(join(root, 'apps/demo/pages.json'), 'utf8')),
);

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};
const server = createServer((request, response) => {
  const path = decodeURIComponent(
    new URL(request.url ?? '/', 'http://localhost').pathname,
  );
  const file = normalize(join(demo, path));
  if (
    !file.startsWith(demo + sep) ||
    !existsSync(file) ||
    statSync(file).isDirectory()
  ) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
  });
  createReadStream(file).pipe(response);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await launchChromium();
const written = [];
try {
  // The CLI's summary of Old Faithful, as a terminal shows it.
  const summary = execFileSync(
    process.execPath,
    [cli, 'fit', 'faithful.csv', '--components', '1..9', '--covariance', 'all'],
    { cwd: join(root, 'apps/cli/test/fixtures'), encoding: 'utf8' },
  );
  const terminal = await browser.newPage({
    viewport: { width: 1000, height: 600 },
  });
  const escaped = summary.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  await terminal.setContent(
    `<body style="margin:0;background:#1d2330"><pre id="t" style="margin:0;padding:16px 20px;width:max-content;color:#e8ecf2;background:#1d2330;font:14px/1.4 'DejaVu Sans Mono',monospace">$ em fit faithful.csv --components 1..9 --covariance all\n${escaped}</pre></body>`,
  );
  await (await terminal.$('#t')).screenshot({
    path: join(out, 'cli-summary.png'),
  });
  written.push('cli-summary.png');
  await terminal.close();

  for (const [name, html] of pages) {
    for (const [screen, viewport] of Object.entries(SCREENS)) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${base}${html}`);
      await ACTIONS[name](page);
      await page.waitForLoadState('networkidle');
      if (problems.length > 0)
        throw new Error(`${name} (${screen}): ${problems.join('; ')}`);
      const file = `demo-${name}-${screen}.png`;
      await page.screenshot({ path: join(out, file), fullPage: true });
      written.push(file);
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(
  `wrote ${written.length} pictures to ${out}:\n  ${written.join('\n  ')}`,
);
