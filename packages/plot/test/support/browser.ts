// Launching Debian's Chromium through playwright-core (which never downloads a browser), in one place so
// every browser test starts it the same way. CHROMIUM_PATH picks another build; EM_SKIP_BROWSER=1 skips.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** False when there is no Chromium to drive (tests using it should be skipped, not failed). */
export const browserAvailable = process.env.EM_SKIP_BROWSER !== '1' && existsSync(chromiumPath);

export function launchChromium(): Promise<Browser> {
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
