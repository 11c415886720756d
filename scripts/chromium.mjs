// One way to start a browser for every browser test and screenshot script in the repo: Debian's Chromium
// driven by playwright-core (which never downloads a browser). CHROMIUM_PATH picks another build;
// EM_SKIP_BROWSER=1 skips browser tests on a machine without one. scripts/ensure-chromium.mjs installs it.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const skipRequested = process.env.EM_SKIP_BROWSER === '1';
if (!skipRequested && !existsSync(chromiumPath)) {
  // A missing browser must not silently turn browser tests into skips.
  throw new Error(
    `Chromium not found at ${chromiumPath}: run node scripts/ensure-chromium.mjs, set CHROMIUM_PATH, ` +
      'or set EM_SKIP_BROWSER=1 to skip browser tests.',
  );
}

/** False only when browser tests were explicitly skipped with EM_SKIP_BROWSER=1. */
export const browserAvailable = !skipRequested;

/** Headless Chromium with the flags this sandboxed, offline machine needs. */
export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
