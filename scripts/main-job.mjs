// The README's main job: the `em` command line's demo, from the built CLI (`pnpm start` builds it first).
// Draws 4000 points from N(20, 5) and 8000 from N(40, 5), fits two components by EM, prints the fit and
// writes em-demo.svg in the current folder. Extra arguments go to `em`, e.g. `pnpm start -- --seed 7`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../apps/cli/dist/cli.js', import.meta.url));
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const { status, error } = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
if (error) throw error;
process.exitCode = status ?? 1;
