/// <reference lib="dom" />
// Renders every chart in a real browser (Debian's Chromium), saves PNGs to test-output/ for people to look
// at, and checks that each image actually shows something: the SVG loaded as an image and a fair share of
// its pixels differ from the background.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium } from '../../../scripts/chromium.mjs';
import { allCharts } from './support/charts.js';

const outDir = new URL('../test-output/', import.meta.url);

describe.skipIf(!browserAvailable)('charts in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(outDir, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart as a non-blank image', async () => {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    for (const [name, svg] of allCharts()) {
      writeFileSync(new URL(`${name}.svg`, outDir), svg);
      await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
      const png = await page.locator('svg').first().screenshot();
      writeFileSync(new URL(`${name}.png`, outDir), png);
      // Load the SVG as an image (which fails outright on malformed XML) and count pixels that differ
      // from the top-left (background) pixel.
      const stats = await page.evaluate(async (source) => {
        const image = new Image();
        image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        let different = 0;
        for (let i = 0; i < data.length; i += 4) {
          const d =
            Math.abs(data[i]! - data[0]!) +
            Math.abs(data[i + 1]! - data[1]!) +
            Math.abs(data[i + 2]! - data[2]!);
          if (d > 30) different++;
        }
        return { width: canvas.width, height: canvas.height, fraction: different / (data.length / 4) };
      }, svg);
      expect(stats.width, name).toBeGreaterThan(0);
      // Axes, labels and marks cover a few percent of a chart; a blank or background-only image covers ~0.
      expect(stats.fraction, name).toBeGreaterThan(0.01);
    }
    await page.close();
  }, 120_000);
});
