// End-to-end: the BUILT app (dist/, made by `pnpm build`) served from a loopback static server and
// driven in Debian's Chromium. Each test does a page's main action and checks what a person sees.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GaussianMixture } from '@em/gaussian';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launch, openPage } from './browser.js';
import { type StaticServer, serveStatic } from './server.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const output = join(here, '..', 'test-output');
const fixture = (name: string) => join(here, 'fixtures', name);

/** Reads a number from the page, failing with the text it found when it is not one. */
function parseNumber(text: string | null): number {
  const value = Number.parseFloat((text ?? '').replace(/[^0-9eE+\-.]/g, ''));
  if (!Number.isFinite(value))
    throw new Error(`expected a number on the page, found ${JSON.stringify(text)}`);
  return value;
}

async function tableRows(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
  );
}

/** The `data-*` values of the marks matching `selector` inside `within`, sorted. */
async function hooks(page: Page, within: string, selector: string, attribute: string): Promise<string[]> {
  return page.$$eval(
    `${within} ${selector}`,
    (marks, name) => marks.map((mark) => mark.getAttribute(name) ?? '').sort(),
    attribute,
  );
}

/**
 * What a scatter drawn by @em/plot shows, read through its stable hooks: the ellipses as
 * "component@nStd", one outline colour per component, the means, the points and which components
 * have points.
 */
async function scatterMarks(page: Page, selector: string) {
  return page.$eval(`${selector} svg`, (svg) => {
    const ellipses = [...svg.querySelectorAll('path.em-ellipse')];
    const colours = new Map<string, Set<string>>();
    for (const e of ellipses) {
      const component = e.getAttribute('data-component') ?? '?';
      colours.set(component, (colours.get(component) ?? new Set()).add(e.getAttribute('stroke') ?? ''));
    }
    const data = (selector: string, name: string) =>
      [...svg.querySelectorAll(selector)].map((mark) => mark.getAttribute(name) ?? '').sort();
    return {
      ellipses: ellipses
        .map((e) => `${e.getAttribute('data-component')}@${e.getAttribute('data-nstd')}`)
        .sort(),
      halos: svg.querySelectorAll('path.em-ellipse-halo').length,
      coloursPerComponent: [...colours.values()].map((set) => set.size),
      distinctColours: new Set([...colours.values()].flatMap((set) => [...set])).size,
      means: data('path.em-mean', 'data-component'),
      points: svg.querySelectorAll('circle.em-point').length,
      pointGroups: data('g.points[data-component]', 'data-component'),
      description: svg.querySelector('desc')?.textContent ?? '',
    };
  });
}

/** Ellipses at 1 and 2 sd for components 0 … k − 1, as {@link scatterMarks} lists them. */
const ellipsesFor = (k: number) =>
  Array.from({ length: k }, (_, c) => [`${c}@1`, `${c}@2`])
    .flat()
    .sort();
const componentsUpTo = (k: number) => Array.from({ length: k }, (_, c) => String(c));

/** Where point `index` of a scatter is drawn in the SVG's own units (cx, cy). */
async function pointInSvg(page: Page, selector: string, index: number): Promise<string[]> {
  return page.$eval(`${selector} svg circle.em-point[data-index="${index}"]`, (circle) => [
    circle.getAttribute('cx') ?? '',
    circle.getAttribute('cy') ?? '',
  ]);
}

/** Where point `index` of a scatter is drawn, in the page's (viewport) pixels. */
async function pointOnPage(page: Page, selector: string, index: number): Promise<[number, number]> {
  return page.$eval(`${selector} svg circle.em-point[data-index="${index}"]`, (circle) => {
    const svg = (circle as SVGCircleElement).ownerSVGElement!;
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    return [
      box.left + Number(circle.getAttribute('cx')) * scale,
      box.top + Number(circle.getAttribute('cy')) * scale,
    ];
  });
}

describe.skipIf(!browserAvailable)('the demo in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(join(dist, 'index.html')))
      throw new Error('apps/demo/dist is missing: run `pnpm --filter @em/demo build` first.');
    mkdirSync(output, { recursive: true });
    // Served from a sub-path, like a folder on a static host.
    server = await serveStatic(dist, '/some/folder/em-demo/');
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('article: the bins slider redraws the histogram, and Fit recovers both processes', async () => {
    const { page, problems, close } = await openPage(browser, `${server.url}index.html`);
    try {
      await page.waitForSelector('#histogram svg');
      const bars = () => page.$$eval('#histogram svg rect.em-bar', (rects) => rects.length);
      expect(await bars()).toBeGreaterThan(30);
      await page.$eval('#bins', (input: HTMLInputElement) => {
        input.value = '5';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      expect(await page.textContent('#bins-value')).toBe('5');
      expect(await bars()).toBe(5);
      await page.screenshot({ path: join(output, 'article-5-bins.png'), fullPage: true });
      await page.$eval('#bins', (input: HTMLInputElement) => {
        input.value = '50';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });

      await page.click('#fit');
      // The fit is animated: while it runs (Stop is live) the chart already shows the current fit.
      await page.waitForSelector('#stop:not([disabled])');
      await page.waitForFunction(() =>
        /^Iteration (1\d|2\d)\b/.test(document.querySelector('#status')?.textContent ?? ''),
      );
      expect(await page.textContent('#histogram svg title')).toMatch(/Fitted mixture/);
      expect(await page.isEnabled('#stop')).toBe(true);
      await page.screenshot({ path: join(output, 'article-fitting.png'), fullPage: true });
      await page.waitForSelector('#share-value', { timeout: 90_000 });
      expect(await page.textContent('#status')).toMatch(/Converged after \d+ iterations/);
      expect(await page.textContent('#error')).toBe('');

      const rows = await tableRows(page, '#params');
      expect(rows).toHaveLength(6);
      const fitted = Object.fromEntries(
        rows.map(([name, truth, value]) => [name, [parseNumber(truth!), parseNumber(value!)]]),
      );
      // Truth: 4000 from N(20, 5), 8000 from N(40, 5). With 12 000 draws the estimates are this close.
      expect(fitted['process 1 mean']![0]).toBe(20);
      expect(fitted['process 1 mean']![1]).toBeCloseTo(20, 0);
      expect(fitted['process 2 mean']![1]).toBeCloseTo(40, 0);
      expect(Math.abs(fitted['process 1 spread'][1]! - 5)).toBeLessThan(0.3);
      expect(Math.abs(fitted['process 2 spread'][1]! - 5)).toBeLessThan(0.3);
      expect(Math.abs(fitted['process 1 share'][1]! - 1 / 3)).toBeLessThan(0.02);

      // 80 + 80 predicted processes; the first 80 came from process 1, the last 80 from process 2.
      const first = await page.$$eval('[data-testid="first"] .cell', (cells) =>
        cells.map((c) => c.textContent),
      );
      const last = await page.$$eval('[data-testid="last"] .cell', (cells) =>
        cells.map((c) => c.textContent),
      );
      expect(first).toHaveLength(80);
      expect(last).toHaveLength(80);
      expect(first.filter((c) => c === '1').length).toBeGreaterThan(70);
      expect(last.filter((c) => c === '2').length).toBeGreaterThan(70);
      // Two N(·, 5) processes 20 apart overlap by about 2.3% (the Bayes error is Φ(−2) weighted).
      const share = parseNumber(await page.textContent('#share-value'));
      expect(share).toBeGreaterThan(96);
      expect(share).toBeLessThan(99.5);

      // The fitted mixture: one curve per process and their sum; one convergence dot per iteration.
      expect(await page.textContent('#histogram svg title')).toMatch(/Fitted mixture/);
      expect(await hooks(page, '#histogram svg', 'path.em-density', 'data-component')).toEqual(['0', '1']);
      expect(await page.$$eval('#histogram svg path.em-density-total', (paths) => paths.length)).toBe(1);
      const iterations = Number(
        /after (\d+) iterations/.exec((await page.textContent('#status')) ?? '')?.[1],
      );
      expect(iterations).toBeGreaterThan(1);
      expect(await page.$$eval('#convergence svg path.em-line', (paths) => paths.length)).toBe(1);
      if (iterations <= 60)
        expect(await page.$$eval('#convergence svg circle.em-iteration', (dots) => dots.length)).toBe(
          iterations,
        );
      await page.screenshot({ path: join(output, 'article-fitted.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('playground: clicks add points, Run fits with an ellipse per component, Choose K shows the BIC', async () => {
    const { page, problems, close } = await openPage(browser, `${server.url}playground.html`);
    try {
      await page.waitForSelector('#scatter svg');
      const count = async () => parseNumber(await page.textContent('#count'));
      const before = await count();
      expect(before).toBe(450);
      const rect = (await (await page.$('#scatter svg'))!.boundingBox())!;
      const first = await pointInSvg(page, '#scatter', 0);
      const clicks = [
        [0.5, 0.5],
        [0.3, 0.6],
        [0.7, 0.4],
      ].map(([fx, fy]) => [rect.x + rect.width * fx!, rect.y + rect.height * fy!] as const);
      for (const [x, y] of clicks) await page.mouse.click(x, y);
      expect(await count()).toBe(before + 3);
      // Each click's point is drawn where it was clicked (rows 450, 451, 452), and the view stayed
      // still: the axes are fixed, so every point, old or new, is where it was.
      for (const [i, [x, y]] of clicks.entries()) {
        const [px, py] = await pointOnPage(page, '#scatter', before + i);
        expect(Math.abs(px - x)).toBeLessThan(1);
        expect(Math.abs(py - y)).toBeLessThan(1);
      }
      expect(await pointInSvg(page, '#scatter', 0)).toEqual(first);

      await page.click('#step');
      await page.waitForFunction(() =>
        document.querySelector('#status')?.textContent?.includes('initial parameters'),
      );
      await page.click('#step');
      await page.waitForFunction(() =>
        document.querySelector('#status')?.textContent?.startsWith('Iteration 1,'),
      );
      await page.click('#run');
      await page.waitForFunction(
        () => document.querySelector('#status')?.textContent?.includes('converged'),
        undefined,
        {
          timeout: 90_000,
        },
      );
      expect(await page.textContent('#error')).toBe('');
      // An ellipse at 1 and 2 sd per component, each component in its own colour, a mean per component.
      const marks = await scatterMarks(page, '#scatter');
      expect(marks.ellipses).toEqual(ellipsesFor(3));
      expect(marks.halos).toBe(6);
      expect(marks.coloursPerComponent).toEqual([1, 1, 1]);
      expect(marks.distinctColours).toBe(3);
      expect(marks.means).toEqual(componentsUpTo(3));
      expect(marks.points).toBe(before + 3);
      expect(marks.pointGroups).toEqual(componentsUpTo(3));
      expect(marks.description).toMatch(/shaded by uncertainty/);
      // Fitting does not move the view either.
      expect(await pointInSvg(page, '#scatter', 0)).toEqual(first);
      await page.screenshot({ path: join(output, 'playground-fitted.png'), fullPage: true });

      await page.click('#choose-k');
      await page.waitForSelector('#bic svg', { timeout: 120_000 });
      await page.waitForSelector('#step:not([disabled])');
      expect(await page.textContent('#error')).toBe('');
      // Three generated clusters: the lowest BIC picks K = 3 and the page adopts it.
      expect(await page.textContent('#status')).toMatch(/Lowest BIC: K = 3/);
      expect(await page.inputValue('input[name="k"]')).toBe('3');
      // A BIC line per covariance type, and the ring on the best model.
      expect(await hooks(page, '#bic svg', 'path.em-line', 'data-series')).toEqual([
        'diag',
        'full',
        'spherical',
        'tied',
      ]);
      expect(await hooks(page, '#bic svg', 'circle.em-best', 'data-components')).toEqual(['3']);
      expect(await scatterMarks(page, '#scatter')).toMatchObject({
        ellipses: ellipsesFor(3),
        means: componentsUpTo(3),
      });
      await page.screenshot({ path: join(output, 'playground-bic.png'), fullPage: true });

      // Stop: with tolerance 0 the run would go on to the iteration limit; stop it after the second.
      await page.fill('input[name="tol"]', '0');
      await page.dispatchEvent('input[name="tol"]', 'change');
      await page.click('#run');
      await page.waitForFunction(() =>
        /^Iteration [2-9]/.test(document.querySelector('#status')?.textContent ?? ''),
      );
      await page.click('#stop');
      await page.waitForSelector('#run:not([disabled])');
      expect(await page.textContent('#status')).toMatch(/Stopped\.$/);

      // After Clear the page has no chart yet, only a placeholder of the chart's shape; the first click
      // is still drawn exactly where it was clicked, on the empty view's axes (−10 to 10).
      await page.click('#clear');
      const empty = (await (await page.$('#scatter .placeholder'))!.boundingBox())!;
      const centre = [empty.x + empty.width * 0.5, empty.y + empty.height * 0.5] as const;
      await page.mouse.click(...centre);
      await page.waitForSelector('#scatter svg');
      expect(await page.textContent('#count')).toMatch(/^1 point\. /);
      const [px, py] = await pointOnPage(page, '#scatter', 0);
      expect(Math.abs(px - centre[0])).toBeLessThan(1);
      expect(Math.abs(py - centre[1])).toBeLessThan(1);
      const xTicks = await page.$$eval('#scatter svg .x-axis text', (ticks) =>
        ticks.map((t) => t.textContent),
      );
      expect([xTicks[0], xTicks.at(-1)]).toEqual(['−10', '10']);
      await page.screenshot({ path: join(output, 'playground-cleared.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('playground: Choose K can be stopped, and marks collapsed fits in the BIC chart instead of choosing them', async () => {
    const { page, problems, close } = await openPage(browser, `${server.url}playground.html`);
    const status = async () => (await page.textContent('#status')) ?? '';
    const markers = () => page.$$eval('#bic svg path.em-marker', (marks) => marks.length);
    try {
      await page.waitForSelector('#scatter svg');
      // Stop while the grid of 4 × 9 models is under way: pressed in the page the moment the second
      // model starts (a poll from here could miss it), it lands between two models.
      await page.waitForSelector('#choose-k:not([disabled])');
      await page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            const line = document.querySelector('#status')!;
            const observer = new MutationObserver(() => {
              if (!line.textContent?.startsWith('Fitting model 2 of 36')) return;
              observer.disconnect();
              document.querySelector<HTMLButtonElement>('#stop')!.click();
              resolve();
            });
            observer.observe(line, { childList: true, characterData: true, subtree: true });
            document.querySelector<HTMLButtonElement>('#choose-k')!.click();
          }),
      );
      await page.waitForSelector('#run:not([disabled])');
      const stopped = /^Stopped after (\d+) of 36 models\. Lowest BIC so far: K = \d, full/.exec(
        await status(),
      );
      expect(stopped).not.toBeNull();
      const fitted = Number(stopped![1]);
      expect(fitted).toBeGreaterThanOrEqual(1);
      expect(fitted).toBeLessThan(36);
      // The chart shows the models fitted so far, all full (the grid goes type by type); the rest are
      // gaps, and the page keeps its settings rather than adopting a partial grid's best.
      // (A model far worse than the others, K = 1, may be a triangle on the edge instead of a marker.)
      const offScale = () => page.$$eval('#bic svg path.em-off-scale', (marks) => marks.length);
      expect((await markers()) + (await offScale())).toBe(fitted);
      expect(await page.isHidden('#progress')).toBe(true);
      expect(await page.inputValue('input[name="k"]')).toBe('3');
      expect(await page.textContent('#error')).toBe('');
      await page.screenshot({ path: join(output, 'playground-bic-stopped.png'), fullPage: true });

      // Five points: most models with 2 or more components put a component on one point or on a line
      // through two (collapsed); those are crosses in the chart and named in the status line.
      await page.click('#clear');
      const empty = (await (await page.$('#scatter .placeholder'))!.boundingBox())!;
      await page.mouse.click(empty.x + empty.width * 0.3, empty.y + empty.height * 0.3);
      await page.waitForSelector('#scatter svg');
      const box = (await (await page.$('#scatter svg'))!.boundingBox())!;
      for (const [fx, fy] of [
        [0.5, 0.6],
        [0.7, 0.35],
        [0.4, 0.7],
        [0.62, 0.52],
      ] as const)
        await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
      expect(await page.textContent('#count')).toMatch(/^5 points\. /);
      await page.click('#choose-k');
      await page.waitForFunction(() =>
        document.querySelector('#status')?.textContent?.startsWith('Lowest BIC'),
      );
      await page.waitForSelector('#step:not([disabled])');
      const gaps = /Crossed out in the chart: (\d+) collapsed/.exec(await status());
      expect(gaps).not.toBeNull();
      const collapsed = Number(gaps![1]);
      expect(collapsed).toBeGreaterThan(0);
      // K = 1 … 5 for four types, less the collapsed fits, which are crosses on the bottom edge.
      expect((await markers()) + (await offScale())).toBe(20 - collapsed);
      expect(
        await page.$$eval('#bic svg path.em-excluded[data-status="collapsed"]', (marks) => marks.length),
      ).toBe(collapsed);
      expect(await page.textContent('#error')).toBe('');
      await page.screenshot({ path: join(output, 'playground-bic-collapsed.png'), fullPage: true });

      // Two points on the same spot: every model collapses, so none can be chosen; the page says so.
      await page.click('#clear');
      const again = (await (await page.$('#scatter .placeholder'))!.boundingBox())!;
      // The placeholder has the chart's box, so the same pixel maps to the same data point twice.
      const spot = [again.x + again.width * 0.5, again.y + again.height * 0.5] as const;
      await page.mouse.click(...spot);
      await page.waitForSelector('#scatter svg');
      await page.mouse.click(...spot);
      expect(await page.textContent('#count')).toMatch(/^2 points\. /);
      await page.click('#choose-k');
      await page.waitForSelector('#error:not([hidden])');
      expect(await page.textContent('#error')).toMatch(/^Every fitted model collapsed/);
      expect(await status()).toMatch(/^No model could be chosen: 8 collapsed/);
      expect(await page.$('#bic svg')).toBeNull();
      await page.screenshot({ path: join(output, 'playground-bic-none.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('your data: a CSV is loaded, fitted, and the model and labels download', async () => {
    const { page, problems, close } = await openPage(browser, `${server.url}data.html`);
    try {
      await page.setInputFiles('#file', fixture('two-clusters.csv'));
      await page.waitForFunction(() =>
        document.querySelector('#file-info')?.textContent?.includes('1000 rows'),
      );
      const boxes = await page.$$eval('input[name="column"]', (inputs) =>
        (inputs as HTMLInputElement[]).map((i) => ({ checked: i.checked, disabled: i.disabled })),
      );
      // height and width are numeric and picked; "source" is text and cannot be picked.
      expect(boxes).toEqual([
        { checked: true, disabled: false },
        { checked: true, disabled: false },
        { checked: false, disabled: true },
      ]);
      // A fixed K here; choosing K by BIC (the default) has a test of its own.
      await page.selectOption('select[name="kMode"]', 'fixed');
      await page.fill('input[name="k"]', '2');
      await page.click('#fit');
      await page.waitForSelector('#download-model:not([disabled])', { timeout: 90_000 });
      expect(await page.textContent('#status')).toMatch(/Converged after \d+ iterations on 1000 rows/);
      expect(await page.textContent('#error')).toBe('');

      // Truth (test/fixtures/make-fixtures.py): 400 around (0, 0) and 600 around (6, 4).
      const rows = await tableRows(page, '#params');
      const components = rows
        .map(([, weight, x, y]) => ({ weight: parseNumber(weight!), x: parseNumber(x!), y: parseNumber(y!) }))
        .sort((a, b) => a.x - b.x);
      expect(components).toHaveLength(2);
      expect(components[0]!.weight).toBeCloseTo(0.4, 1);
      expect(Math.hypot(components[0]!.x, components[0]!.y)).toBeLessThan(0.15);
      expect(Math.hypot(components[1]!.x - 6, components[1]!.y - 4)).toBeLessThan(0.15);
      const marks = await scatterMarks(page, '#main-chart');
      expect(marks.ellipses).toEqual(ellipsesFor(2));
      expect(marks.distinctColours).toBe(2);
      expect(marks.means).toEqual(componentsUpTo(2));
      expect(marks.points).toBe(1000);
      expect(marks.pointGroups).toEqual(componentsUpTo(2));
      await page.screenshot({ path: join(output, 'data-fitted.png'), fullPage: true });

      const [modelDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.click('#download-model'),
      ]);
      expect(modelDownload.suggestedFilename()).toBe('two-clusters-model.json');
      const json = JSON.parse(readFileSync((await modelDownload.path())!, 'utf8'));
      // The downloaded model loads back into @em/gaussian and predicts like the page.
      const model = GaussianMixture.fromJSON(json);
      const [a, b] = Array.from(
        model.predict([
          [0, 0],
          [6, 4],
        ]),
      );
      expect(a).not.toBe(b);

      const [labelsDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.click('#download-labels'),
      ]);
      expect(labelsDownload.suggestedFilename()).toBe('two-clusters-labels.csv');
      const lines = readFileSync((await labelsDownload.path())!, 'utf8')
        .trim()
        .split('\n');
      expect(lines[0]).toBe('row,component,probability');
      expect(lines).toHaveLength(1001);
      // Components are numbered from 1 on the page and in the file; predict() counts from 0.
      const labels = lines.slice(1).map((line) => Number(line.split(',')[1]) - 1);
      expect(labels[0]).toBe(a);
      expect(labels.slice(0, 400).filter((l) => l === a).length).toBeGreaterThan(395);
      expect(labels.slice(400).filter((l) => l === b).length).toBeGreaterThan(595);

      // One column: the fit is drawn as densities over a histogram. height: 400 near 0, 600 near 6.
      await page.uncheck('input[name="column"][value="1"]');
      await page.click('#fit');
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('Converged'));
      expect(await page.textContent('#main-chart svg title')).toMatch(/Fitted mixture/);
      expect(await hooks(page, '#main-chart svg', 'path.em-density', 'data-component')).toEqual(['0', '1']);
      const heights = (await tableRows(page, '#params'))
        .map(([, , mean]) => parseNumber(mean!))
        .sort((x, y) => x - y);
      expect(heights[0]).toBeCloseTo(0, 0);
      expect(heights[1]).toBeCloseTo(6, 0);
      await page.screenshot({ path: join(output, 'data-one-column.png'), fullPage: true });

      // The example file is made in the page.
      await page.click('#example');
      await page.waitForFunction(() =>
        document.querySelector('#file-info')?.textContent?.startsWith('example.csv: 750 rows'),
      );
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("your data: empty cells fitted by EM (missing: 'em') instead of dropping the rows", async () => {
    const { page, problems, close } = await openPage(browser, `${server.url}data.html`);
    try {
      // two-clusters.csv with one cell in every fifth row emptied (200 incomplete rows of 1000).
      const lines = readFileSync(fixture('two-clusters.csv'), 'utf8').trimEnd().split('\n');
      const holed = lines.map((line, i) => {
        if (i === 0 || i % 5 !== 0) return line;
        const cells = line.split(',');
        cells[i % 2] = '';
        return cells.join(',');
      });
      await page.selectOption('select[name="missing"]', 'em');
      await page.setInputFiles('#file', {
        name: 'holes.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`${holed.join('\n')}\n`),
      });
      await page.waitForFunction(() =>
        document.querySelector('#file-info')?.textContent?.includes('1000 rows'),
      );
      // A fixed K here; choosing K by BIC (the default) has a test of its own.
      await page.selectOption('select[name="kMode"]', 'fixed');
      await page.fill('input[name="k"]', '2');
      await page.click('#fit');
      await page.waitForSelector('#download-model:not([disabled])', { timeout: 90_000 });
      const status = await page.textContent('#status');
      expect(status).toMatch(/on 1000 rows \(200 rows with missing cells fitted by EM/);
      // Same truth as the complete file: 400 around (0, 0) and 600 around (6, 4).
      const components = (await tableRows(page, '#params'))
        .map(([, weight, x, y]) => ({ weight: parseNumber(weight!), x: parseNumber(x!), y: parseNumber(y!) }))
        .sort((a, b) => a.x - b.x);
      expect(components[0]!.weight).toBeCloseTo(0.4, 1);
      expect(Math.hypot(components[0]!.x, components[0]!.y)).toBeLessThan(0.2);
      expect(Math.hypot(components[1]!.x - 6, components[1]!.y - 4)).toBeLessThan(0.2);
      // The scatter plot shows the 800 complete rows.
      expect((await scatterMarks(page, '#main-chart')).points).toBe(800);
      await page.screenshot({ path: join(output, 'data-missing-em.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('your data: bad files get a clear message in the page', async () => {
    const { page, problems, close } = await openPage(browser, `${server.url}data.html`);
    try {
      const message = 'Line 5, column "width": expected a number, found "oops".';
      // Said as soon as the file is read (the chosen columns are drawn), and again on Fit.
      await page.setInputFiles('#file', fixture('bad-cell.csv'));
      await page.waitForSelector('#error:not([hidden])');
      expect(await page.textContent('#error')).toBe(message);
      await page.click('#fit');
      await page.waitForSelector('#error:not([hidden])');
      expect(await page.textContent('#error')).toBe(message);
      await page.screenshot({ path: join(output, 'data-bad-cell.png'), fullPage: true });

      await page.setInputFiles('#file', {
        name: 'photo.png',
        mimeType: 'image/png',
        buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      });
      await page.waitForFunction(() =>
        document.querySelector('#error')?.textContent?.includes('not a text file'),
      );
      expect(await page.isDisabled('#fit')).toBe(true);

      await page.setInputFiles('#file', { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
      await page.waitForFunction(
        () => document.querySelector('#error')?.textContent === 'The file is empty.',
      );
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('playground: says the fitting worker is starting while it loads, instead of an empty plot', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { page, problems, close } = await openPage(browser, `${server.url}playground.html`, {
      // Hold the worker's script back, as a slow network or phone would.
      before: async (page) => {
        await page.route(/\/assets\/worker-[^/]*\.js$/, async (route) => {
          await held;
          await route.continue();
        });
      },
    });
    try {
      await page.waitForSelector('#scatter .placeholder.loading .spinner');
      expect(await page.textContent('#scatter')).toContain('Starting the fitting worker…');
      expect(await page.textContent('#status')).toBe('Starting the fitting worker…');
      expect(await page.isDisabled('#run')).toBe(true);
      await page.screenshot({ path: join(output, 'playground-loading.png') });
      release();
      await page.waitForSelector('#scatter svg');
      expect(await page.$('#scatter .loading')).toBeNull();
      expect(await page.isEnabled('#run')).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      release();
      await close();
    }
  });

  it('your data: K is chosen by BIC by default: the example file (3 groups) gets K = 3 and a BIC chart', async () => {
    const { page, problems, close } = await openPage(browser, `${server.url}data.html`);
    try {
      expect(await page.inputValue('select[name="kMode"]')).toBe('bic');
      expect(await page.isDisabled('input[name="k"]')).toBe(true);
      await page.click('#example');
      await page.waitForFunction(() =>
        document.querySelector('#file-info')?.textContent?.startsWith('example.csv: 750 rows'),
      );
      expect(await page.textContent('#file-name')).toMatch(/^example\.csv/);
      await page.click('#fit');
      await page.waitForSelector('#download-model:not([disabled])', { timeout: 120_000 });
      expect(await page.textContent('#error')).toBe('');
      // src/data/example.ts draws three groups (250 small, 300 long, 200 wide).
      expect(await page.textContent('#status')).toMatch(/^BIC chose K = 3\. Converged after \d+ iterations/);
      expect(await page.inputValue('input[name="k"]')).toBe('3');
      expect(await tableRows(page, '#params')).toHaveLength(3);
      expect(await hooks(page, '#bic svg', 'circle.em-best', 'data-components')).toEqual(['3']);
      // Every K from 1 to 8 is on the chart: a marker, or a triangle on the top edge when K = 1 or 2
      // is so much worse that it would squeeze the rest into a thin band.
      const drawn = [
        ...(await hooks(page, '#bic svg', 'path.em-marker', 'data-components')),
        ...(await hooks(page, '#bic svg', 'path.em-off-scale', 'data-components')),
      ].sort();
      expect(drawn).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
      const weights = (await tableRows(page, '#params')).map(([, w]) => parseNumber(w!)).sort();
      expect(weights.map((w) => Math.round(w * 750))).toEqual([200, 250, 300]);
      await page.screenshot({ path: join(output, 'data-bic.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it("your data: the covariance picker offers mclust's 14 models beside scikit-learn's, and BIC over the 14 × K draws one line per model", async () => {
    const { page, problems, close } = await openPage(browser, `${server.url}data.html`);
    try {
      const options = await page.$$eval('#covariance-type optgroup', (groups) =>
        groups.map((group) => ({
          label: group.getAttribute('label'),
          values: [...group.querySelectorAll('option')].map((o) => (o as HTMLOptionElement).value),
          texts: [...group.querySelectorAll('option')].map((o) => o.textContent ?? ''),
        })),
      );
      expect(options.map((group) => group.label)).toEqual(['scikit-learn', 'mclust']);
      expect(options[0]!.values).toEqual(['full', 'tied', 'diag', 'spherical']);
      expect(options[0]!.texts).toEqual([
        'full (≡ VVV)',
        'tied (≡ EEE)',
        'diag (≡ VVI)',
        'spherical (≡ VII)',
      ]);
      expect(options[1]!.values).toEqual([
        'EII',
        'VII',
        'EEI',
        'VEI',
        'EVI',
        'VVI',
        'EEE',
        'VEE',
        'EVE',
        'VVE',
        'EEV',
        'VEV',
        'EVV',
        'VVV',
      ]);
      expect(options[1]!.texts.at(-1)).toBe('VVV (≡ full)');
      expect(await page.textContent('#covariance-hint')).toBe('ellipsoidal, all varying');
      await page.click('#example');
      await page.waitForSelector('#fit:not([disabled])');

      // One mclust model, fixed K: fitted as mclust fits it.
      await page.selectOption('select[name="kMode"]', 'fixed');
      await page.fill('input[name="k"]', '3');
      await page.selectOption('#covariance-type', 'VEV');
      expect(await page.textContent('#covariance-hint')).toBe('ellipsoidal, equal shape');
      await page.click('#fit');
      await page.waitForSelector('#download-model:not([disabled])', { timeout: 120_000 });
      expect(await page.textContent('#error')).toBe('');
      expect(await tableRows(page, '#params')).toHaveLength(3);
      const [modelDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.click('#download-model'),
      ]);
      const json = JSON.parse(readFileSync((await modelDownload.path())!, 'utf8'));
      expect(json.options.covarianceType).toBe('VEV');
      expect(json.options.initParams).toBe('hc');

      // The model and K by BIC over mclust's 14 models: the chart has a line per model, as plot(mclustBIC).
      await page.selectOption('select[name="kMode"]', 'models');
      expect(await page.isDisabled('#covariance-type')).toBe(true);
      await page.click('#fit');
      await page.waitForSelector('#download-model:not([disabled])', { timeout: 240_000 });
      expect(await page.textContent('#error')).toBe('');
      const status = (await page.textContent('#status')) ?? '';
      const [, model, k] = status.match(/^BIC chose ([A-Z]{3}), K = (\d)\./) ?? [];
      expect(model, status).toBeDefined();
      expect(await page.inputValue('#covariance-type')).toBe(model);
      expect(await page.inputValue('input[name="k"]')).toBe(k);
      const lines = await page.$$eval('#bic svg [data-series]', (marks) =>
        [...new Set(marks.map((mark) => mark.getAttribute('data-series')))].sort(),
      );
      expect(lines).toHaveLength(14);
      expect(await page.textContent('#bic svg')).toMatch(/higher is better/);
      expect(await hooks(page, '#bic svg', 'circle.em-best', 'data-components')).toEqual([k]);
      expect(await page.textContent('#covariance-hint')).not.toBe('');
      await page.screenshot({ path: join(output, 'data-mclust-bic.png'), fullPage: true });
      // At a phone's width the 14-line chart is drawn again and nothing sticks out sideways.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForFunction(
        () => (document.querySelector('#bic svg')?.getBoundingClientRect().width ?? 999) < 390,
      );
      await page.screenshot({ path: join(output, 'phone-data-mclust-bic.png'), fullPage: true });
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  // Every page at a phone's width and a laptop's: nothing sticks out sideways, chart text is drawn at
  // 12 CSS px whatever the screen (the charts are drawn at their container's width, not scaled), and
  // the page links to its docs and its source.
  const PAGES = ['index', 'playground', 'data', 'quiz', 'casino', 'imaging'];
  const SCREENS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
  for (const [screen, viewport] of Object.entries(SCREENS)) {
    it.each(
      PAGES,
    )(`%s.html at ${screen} width (${viewport.width} px): fits, readable chart text`, async (name) => {
      const { page, problems, close } = await openPage(browser, `${server.url}${name}.html`, { viewport });
      try {
        if (name === 'data') {
          // The data page draws once it has data: the example file, fitted with K chosen by BIC.
          await page.click('#example');
          await page.waitForSelector('#fit:not([disabled])');
          await page.click('#fit');
          await page.waitForSelector('#download-model:not([disabled])', { timeout: 120_000 });
        }
        await page.waitForSelector('.chart svg', { timeout: 60_000 });
        await page.waitForLoadState('networkidle');
        // The screenshot first, so a failure below can be looked at.
        await page.screenshot({ path: join(output, `${screen}-${name}.png`), fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        // Each chart is drawn at its on-screen size (one SVG unit per CSS pixel), so its text is the size
        // @em/plot gives it (12 px, 10.2 px for secondary labels) on a phone as on a laptop.
        const charts = await page.$$eval('.chart > svg', (svgs) =>
          // Charts not on screen (in a collapsed section, or replaced by the next frame) have no width.
          (svgs as unknown as SVGSVGElement[])
            .filter((svg) => svg.getBoundingClientRect().width > 0)
            .map((svg) => {
              const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
              const sizes = [...svg.querySelectorAll('text')].map(
                (text) => Number.parseFloat(getComputedStyle(text).fontSize) * scale,
              );
              return { scale, smallest: Math.min(...sizes) };
            }),
        );
        expect(charts.length).toBeGreaterThan(0);
        for (const chart of charts) {
          expect(chart.scale).toBeCloseTo(1, 1);
          expect(chart.smallest).toBeGreaterThanOrEqual(10);
        }
        const links = await page.$$eval('p.page-links a', (as) =>
          as.map((a) => a.getAttribute('href') ?? ''),
        );
        expect(links.some((href) => href.includes('/docs/guide/'))).toBe(true);
        expect(links.some((href) => href.includes(`/apps/demo/src/`))).toBe(true);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    });
  }

  it.each([
    'index',
    'playground',
    'quiz',
    'casino',
  ])('%s.html draws its charts again at the new width when the window narrows (a phone turned)', async (name) => {
    const { page, problems, close } = await openPage(browser, `${server.url}${name}.html`);
    try {
      await page.waitForSelector('.chart svg');
      await page.waitForLoadState('networkidle');
      const widths = () =>
        page.$$eval('.chart > svg', (svgs) =>
          (svgs as unknown as SVGSVGElement[]).map((svg) => svg.viewBox.baseVal.width),
        );
      const before = await widths();
      await page.setViewportSize(SCREENS.phone);
      // Redrawn (150 ms after the last resize event) at the phone's width: one SVG unit per CSS pixel.
      await page.waitForFunction(() =>
        [...document.querySelectorAll<SVGSVGElement>('.chart > svg')].every(
          (svg) => Math.abs(svg.getBoundingClientRect().width / svg.viewBox.baseVal.width - 1) < 0.05,
        ),
      );
      const after = await widths();
      expect(Math.max(...after)).toBeLessThan(Math.max(...before));
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
