// The README's main job. Until the `em` command line exists, it runs @em/core's two-coin example.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const example = fileURLToPath(new URL('../packages/core/examples/two-coins.mjs', import.meta.url));
execFileSync(process.execPath, [example, ...process.argv.slice(2)], { stdio: 'inherit' });
