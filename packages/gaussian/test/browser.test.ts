/// <reference lib="dom" />
// The kernels in a real browser (Debian's Chromium): the package bundled for the browser and fitted
// on a page's main thread, in WebAssembly and in generic JavaScript, with the same numbers.
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium } from '../../../scripts/chromium.mjs';
import type * as Gaussian from '../src/index.js';

declare global {
  interface Window {
    emGaussian: typeof Gaussian;
  }
}

describe.skipIf(!browserAvailable)('@em/gaussian in Chromium', () => {
  let browser: Browser;
  let bundle: string;
  beforeAll(async () => {
    const result = await build({
      entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
      bundle: true,
      format: 'iife',
      globalName: 'emGaussian',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    bundle = result.outputFiles[0]!.text;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('fits in WebAssembly on the main thread with the numbers of the generic JavaScript', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle });
    const outcome = await page.evaluate(async () => {
      const { GaussianMixture, compileWasmKernels } = window.emGaussian;
      const X = Array.from({ length: 3000 }, (_, i) => [
        (i % 3) * 6 + Math.sin(i * 12.9898) * 2,
        (i % 3) * -4 + Math.cos(i * 78.233) * 2,
        Math.sin(i * 0.37),
      ]);
      const fit = (kernels: 'wasm' | 'auto' | 'generic', covarianceType: 'full' | 'diag') =>
        new GaussianMixture({ nComponents: 3, covarianceType, randomState: 5, kernels }).fit(X);
      // Some engines refuse to compile a module over 4 KB synchronously on the main thread; then
      // 'wasm' must fail with the typed error and 'auto' fall back to JavaScript.
      let refusedBeforeCompiling = '';
      try {
        fit('wasm', 'diag');
      } catch (error) {
        refusedBeforeCompiling = `${(error as Error).name}: ${(error as Error).message}`;
      }
      const autoBefore = fit('auto', 'diag').means;
      const compiled = await compileWasmKernels();
      const worst = (a: number[][], b: number[][]) =>
        Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i]![j]!) / Math.abs(b[i]![j]!))));
      const differences: Record<string, number> = {};
      for (const type of ['full', 'diag'] as const) {
        differences[type] = worst(fit('wasm', type).means, fit('generic', type).means);
      }
      return { refusedBeforeCompiling, compiled, autoBefore, differences };
    });
    if (outcome.refusedBeforeCompiling) {
      expect(outcome.refusedBeforeCompiling).toMatch(/^InvalidOptionError: .*kernels/);
    }
    expect(outcome.autoBefore).toHaveLength(3);
    expect(outcome.compiled).toBe(true);
    expect(outcome.differences.full).toBeLessThan(1e-9);
    expect(outcome.differences.diag).toBeLessThan(1e-9);
    await page.close();
  }, 60_000);

  it("under a Content-Security-Policy without 'wasm-unsafe-eval', 'auto' falls back to JavaScript and 'wasm' says why", async () => {
    const page = await browser.newPage();
    // Inline scripts only: no 'wasm-unsafe-eval'. (This Chromium lets `new Function` through such a
    // policy in a page driven by Playwright, so the code-generation fallback is tested in Node, by
    // injecting a compiler that throws the EvalError browsers throw.)
    await page.setContent(
      `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline'"></head><body></body></html>`,
    );
    await page.addScriptTag({ content: bundle });
    // Run by a script of the page's own: code evaluated through the DevTools protocol is exempt
    // from the policy's ban on eval, page scripts are not.
    const probe = async () => {
      const { GaussianMixture, compileWasmKernels } = window.emGaussian;
      const X = Array.from({ length: 600 }, (_, i) => [
        (i % 2) * 8 + Math.sin(i * 12.9898),
        Math.cos(i * 78.233),
      ]);
      const fit = (kernels: 'wasm' | 'auto' | 'generic') =>
        new GaussianMixture({ nComponents: 2, covarianceType: 'diag', randomState: 1, kernels }).fit(X).means;
      const refused = (kernels: 'wasm') => {
        try {
          fit(kernels);
          return 'fitted';
        } catch (error) {
          return `${(error as Error).name}: ${(error as Error).message}`;
        }
      };
      (window as unknown as { outcome: unknown }).outcome = {
        compiled: await compileWasmKernels(),
        wasm: refused('wasm'),
        auto: fit('auto'),
        generic: fit('generic'),
      };
    };
    await page.addScriptTag({ content: `(${probe.toString()})();` });
    const handle = await page.waitForFunction(() => (window as unknown as { outcome?: unknown }).outcome);
    const outcome = (await handle.jsonValue()) as {
      compiled: boolean;
      wasm: string;
      auto: number[][];
      generic: number[][];
    };
    expect(outcome.compiled).toBe(false);
    expect(outcome.wasm).toMatch(/^InvalidOptionError: .*kernels.*WebAssembly/s);
    const worst = Math.max(
      ...outcome.auto.flatMap((row, i) => row.map((v, j) => Math.abs(v - outcome.generic[i]![j]!))),
    );
    expect(worst).toBeLessThan(1e-9);
    await page.close();
  }, 60_000);
});
