// Browser tests drive Debian's Chromium through playwright-core (which never downloads a browser).
// On a fresh machine this installs it with apt-get when we are root; elsewhere it says what to do.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path) || process.env.EM_SKIP_BROWSER === '1') process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`Chromium not found at ${path}. Install it (Debian: sudo apt-get install chromium),`);
  console.error('set CHROMIUM_PATH to another Chromium, or set EM_SKIP_BROWSER=1 to skip browser tests.');
  process.exit(1);
}
console.log(`Chromium not found at ${path}: installing Debian's chromium package…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execSync('apt-get update -qq && apt-get install -y -qq chromium', { stdio: 'inherit', env });
