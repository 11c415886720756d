/// <reference lib="dom" />
// A Vite app and an esbuild app built from the installed tarballs, following the packages' README
// recipes, served over HTTP and run in Chromium: each fits a Gaussian mixture and a hidden Markov
// model on two Web Workers loaded from the shipped worker files, and on the main thread.
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { build as esbuild } from 'esbuild';
import type { Browser } from 'playwright-core';
import { build as vite } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { browserAvailable, launchChromium } from '../../../scripts/chromium.mjs';
import { worst } from './run.js';

const app = inject('consumerDir');

interface Fits {
  error?: string;
  gaussian: { parallel: number[][]; single: number[][] };
  hmm: { parallel: unknown; single: unknown };
}

declare global {
  interface Window {
    result: Promise<Fits>;
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.map': 'application/json',
};

/** A static file server for `root` on a free port. */
async function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    try {
      const body = readFileSync(path);
      response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Every .js file under `dir`, with its text. */
function scripts(dir: string): { name: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

describe.skipIf(!browserAvailable)('bundler consumers of the packed tarballs, in Chromium', () => {
  let browser: Browser;
  const servers: Server[] = [];
  const viteOut = join(app, 'vite-dist');
  const esbuildOut = join(app, 'esbuild-dist');

  beforeAll(async () => {
    const [, , launched] = await Promise.all([
      vite({
        root: join(app, 'vite'),
        logLevel: 'error',
        configFile: false,
        build: {
          outDir: viteOut,
          emptyOutDir: true,
          rollupOptions: { input: [join(app, 'vite/index.html'), join(app, 'vite/default.html')] },
        },
      }),
      esbuild({
        absWorkingDir: app,
        // The README's recipe: the workers are entry points of their own.
        entryPoints: {
          main: './esbuild/main.js',
          'gaussian-worker': '@em/gaussian/parallel-worker',
          'hmm-worker': '@em/hmm/parallel-worker',
        },
        bundle: true,
        format: 'esm',
        platform: 'browser',
        outdir: esbuildOut,
        logLevel: 'error',
      }),
      launchChromium(),
    ]);
    browser = launched;
    copyFileSync(join(app, 'esbuild/index.html'), join(esbuildOut, 'index.html'));
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) server.close();
  });

  async function fitsAt(root: string, page: string): Promise<Fits> {
    const { server, url } = await serve(root);
    servers.push(server);
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`${url}/${page}`);
    const fits = await tab.evaluate(() => window.result);
    await tab.close();
    expect(errors).toEqual([]);
    return fits;
  }

  function expectParallelIsSingle(fits: Fits): void {
    expect(fits.error).toBeUndefined();
    expect(fits.gaussian.parallel).toHaveLength(3);
    expect(worst(fits.gaussian.parallel, fits.gaussian.single)).toBeLessThan(1e-9);
    expect(worst(fits.hmm.parallel, fits.hmm.single)).toBeLessThan(1e-9);
  }

  it('Vite, `?worker&url` (the recipe): the workers are bundled files and the parallel fits are the single-threaded ones', async () => {
    // Vite names each worker after its file: the two of the recipe, and the two the default page copies.
    const workers = scripts(viteOut).filter(({ name }) => /parallel-worker-[\w-]+\.js$/.test(name));
    expect(workers).toHaveLength(4);
    for (const { name, text } of workers) expect(text, name).not.toMatch(/from\s*["']\.\/chunk-/);
    expectParallelIsSingle(await fitsAt(viteOut, 'index.html'));
  });

  it("Vite, no recipe: the pools' default worker location works too", async () => {
    expectParallelIsSingle(await fitsAt(viteOut, 'default.html'));
  });

  it('esbuild, the workers as entry points (the recipe): the parallel fits are the single-threaded ones', async () => {
    expect(readdirSync(esbuildOut).sort()).toEqual([
      'gaussian-worker.js',
      'hmm-worker.js',
      'index.html',
      'main.js',
    ]);
    expectParallelIsSingle(await fitsAt(esbuildOut, 'index.html'));
  });
});
