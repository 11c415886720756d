import type { Browser, Page } from 'playwright-core';

export { browserAvailable, launchChromium as launch } from '../../../scripts/chromium.mjs';

/** A page that records every console error, uncaught exception and failed request. */
export async function openPage(
  browser: Browser,
  url: string,
  options: {
    /** CSS pixels; the default is a laptop's. A phone is { width: 390, height: 844 }. */
    viewport?: { width: number; height: number };
    /** Runs before the page loads (e.g. to hold back a request). */
    before?: (page: Page) => Promise<void>;
  } = {},
): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 1000 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  // The app must work offline: anything not served by the local test server is a failure.
  const origin = new URL(url).origin;
  await context.route('**/*', (route) => {
    const target = route.request().url();
    if (target.startsWith(origin) || target.startsWith('blob:') || target.startsWith('data:'))
      return route.continue();
    problems.push(`request outside the app: ${target}`);
    return route.abort();
  });
  await options.before?.(page);
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}
