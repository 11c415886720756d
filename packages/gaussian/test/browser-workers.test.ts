/// <reference lib="dom" />
// fitAsync on a pool of Web Workers in a real browser (Debian's Chromium): the package and its
// worker bundled for the browser and served from one origin, with and without cross-origin
// isolation — with it the workers share the rows (SharedArrayBuffer) and take jobs from a shared
// counter, without it each gets a copy of its share. Either way the fit is the calling thread's.
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium } from '../../../scripts/chromium.mjs';
import type * as Gaussian from '../src/index.js';

declare global {
  interface Window {
    emGaussian: typeof Gaussian;
  }
}

// localhost: a secure context, as cross-origin isolation requires (nothing listens there: every request is routed).
const ORIGIN = 'http://localhost:9';

/** As tsup.config.ts builds the worker: it never starts workers, so it gets the in-worker URL stub. */
const workerUrlInWorker: Plugin = {
  name: 'worker-url-in-worker',
  setup(builder) {
    builder.onResolve({ filter: /worker-url\/default\.js$/ }, () => ({
      path: fileURLToPath(new URL('../src/parallel/worker-url/in-worker.ts', import.meta.url)),
    }));
  },
};

async function bundle(entry: string, plugins: Plugin[] = []): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    plugins,
  });
  return result.outputFiles[0]!.text;
}

describe.skipIf(!browserAvailable)('@em/gaussian workers in Chromium', () => {
  let browser: Browser;
  const files: Record<string, string> = {};
  beforeAll(async () => {
    files['/gaussian.js'] = await bundle('../src/index.ts');
    files['/worker.js'] = await bundle('../src/parallel/worker.ts', [workerUrlInWorker]);
    files['/'] =
      '<!doctype html><html><body><script type="module">' +
      "import * as gaussian from '/gaussian.js'; window.emGaussian = gaussian;" +
      '</script></body></html>';
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  for (const isolated of [true, false]) {
    it(`${isolated ? 'cross-origin isolated (shared rows, jobs)' : 'not isolated (a copy of each share)'}: the single-threaded fit to 1e-10`, async () => {
      const page = await browser.newPage();
      await page.route(`${ORIGIN}/**`, (route) => {
        const path = new URL(route.request().url()).pathname;
        const body = files[path];
        if (body === undefined) return route.fulfill({ status: 404, body: '' });
        const headers: Record<string, string> = {
          'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html',
        };
        if (isolated) {
          headers['cross-origin-opener-policy'] = 'same-origin';
          headers['cross-origin-embedder-policy'] = 'require-corp';
        }
        return route.fulfill({ status: 200, headers, body });
      });
      await page.goto(`${ORIGIN}/`);
      await page.waitForFunction(() => window.emGaussian !== undefined);
      const outcome = await page.evaluate(async () => {
        const { GaussianMixture, createWorkerPool } = window.emGaussian;
        // 20 000 rows of 8 features: with shared memory, jobs down to a few hundred rows.
        const X = Array.from({ length: 20_000 }, (_, i) =>
          Array.from({ length: 8 }, (_, j) => (i % 3) * (j - 3) + Math.sin(i * 12.9898 + j * 78.233) * 2),
        );
        const options = {
          nComponents: 3,
          covarianceType: 'full' as const,
          tol: 0,
          maxIter: 10,
          randomState: 7,
        };
        const single = new GaussianMixture(options).fit(X);
        const pool = createWorkerPool({ size: 2, workerUrl: '/worker.js' });
        const parallel = await new GaussianMixture({ ...options, workers: pool }).fitAsync(X);
        await pool.close();
        // Largest relative difference over every number of two (nested) arrays.
        const worst = (a: unknown[], b: unknown[]) => {
          const x = a.flat(2) as number[];
          const y = b.flat(2) as number[];
          return Math.max(...x.map((v, i) => Math.abs(v - y[i]!) / Math.abs(y[i]!)));
        };
        return {
          crossOriginIsolated: globalThis.crossOriginIsolated,
          workersUsed: parallel.workersUsed,
          means: worst(parallel.means, single.means),
          covariances: worst(parallel.covariances, single.covariances),
          lowerBound: Math.abs(parallel.lowerBound - single.lowerBound) / Math.abs(single.lowerBound),
        };
      });
      expect(outcome.crossOriginIsolated).toBe(isolated);
      expect(outcome.workersUsed).toBe(2);
      expect(outcome.means).toBeLessThan(1e-10);
      expect(outcome.covariances).toBeLessThan(1e-10);
      expect(outcome.lowerBound).toBeLessThan(1e-10);
      await page.close();
    }, 60_000);
  }
});
