// Opens the built site (run `pnpm docs` first) in Debian's Chromium and saves screenshots of a few
// pages, and of every chart, to test-output/ for a person to look at. Not part of CI.
// Usage: node scripts/screenshots.mjs [path …]   (paths like /guide/concepts.html; defaults below)
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../../scripts/chromium.mjs';

const dist = fileURLToPath(new URL('../.vitepress/dist/', import.meta.url));
const chartsDir = fileURLToPath(
  new URL('../../../docs/guide/charts/', import.meta.url),
);
const out = fileURLToPath(new URL('../test-output/', import.meta.url));
if (!existsSync(join(dist, 'index.html')))
  throw new Error(`no built site in ${dist}: run pnpm docs first`);
mkdirSync(out, { recursive: true });

const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
const server = createServer((request, response) => {
  const path = decodeURIComponent(
    new URL(request.url ?? '/', 'http://localhost').pathname,
  );
  let file = normalize(join(dist, path));
  if (!file.startsWith(dist)) file = join(dist, '404.html');
  else if (existsSync(file) && statSync(file).isDirectory())
    file = join(file, 'index.html');
  else if (!existsSync(file) && existsSync(`${file}.html`))
    file = `${file}.html`;
  if (!existsSync(file)) file = join(dist, '404.html');
  response.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
  });
  createReadStream(file).pipe(response);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const pages = process.argv.slice(2);
const defaults = [
  ['home', '/'],
  ['guide-getting-started', '/guide/getting-started.html'],
  ['guide-covariance-types', '/guide/gaussian-mixtures.html#covariance-types'],
  ['api-gaussian-mixture', '/api/gaussian/classes/GaussianMixture.html'],
];
const browser = await launchChromium();
try {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on(
    'console',
    (message) => message.type() === 'error' && errors.push(message.text()),
  );
  const list = pages.length
    ? pages.map((path) => [
        path.replace(/\W+/g, '-').replace(/^-|-$/g, ''),
        path,
      ])
    : defaults;
  for (const [name, path] of list) {
    await page.goto(base + path, { waitUntil: 'networkidle' });
    // The top of the page, or with #anchor, the page from that heading on: at most 2400 px, which
    // stays readable when looked at.
    const pageHeight = await page.evaluate(
      () => document.documentElement.scrollHeight,
    );
    const anchor = path.includes('#')
      ? decodeURIComponent(path.split('#')[1])
      : null;
    const top = anchor
      ? await page.evaluate(
          (id) =>
            document.getElementById(id)?.getBoundingClientRect().top +
            window.scrollY -
            80,
          anchor,
        )
      : 0;
    const y = Math.max(0, Math.round(top ?? 0));
    const height = name === 'home' ? 900 : Math.min(2400, pageHeight - y);
    await page.screenshot({
      path: join(out, `${name}.png`),
      fullPage: true,
      clip: { x: 0, y, width: 1280, height },
    });
    console.log(`${path} -> test-output/${name}.png`);
  }
  // Charts on their own, at their natural size.
  for (const chart of existsSync(chartsDir)
    ? readdirSync(chartsDir).filter((f) => f.endsWith('.svg'))
    : []) {
    const svg = readFileSync(join(chartsDir, chart), 'utf8');
    await page.setContent(
      `<body style="margin:0;background:#fff">${svg}</body>`,
    );
    await page
      .locator('svg')
      .first()
      .screenshot({
        path: join(out, `chart-${chart.replace('.svg', '.png')}`),
      });
  }
  if (errors.length) {
    console.error(`browser errors:\n${errors.join('\n')}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  server.close();
}
