import type { Browser } from 'playwright-core';

/** Path of the Chromium executable (CHROMIUM_PATH, default /usr/bin/chromium). */
export const chromiumPath: string;
/** False only when browser tests were explicitly skipped with EM_SKIP_BROWSER=1. */
export const browserAvailable: boolean;
/** Headless Chromium with the flags this sandboxed, offline machine needs. */
export function launchChromium(): Promise<Browser>;
