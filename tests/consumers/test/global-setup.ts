// Once for all test files: `pnpm pack` every package of packages/ (what `changeset publish` uploads),
// then install those tarballs, and nothing from the workspace, into a fresh project in a temporary
// directory — a copy of consumer/ — the way a user's project gets them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const root = fileURLToPath(new URL('../../../', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    /** The consumer project, with the packed tarballs installed. */
    consumerDir: string;
    /** Path of each tarball, by package name. */
    tarballs: Record<string, string>;
  }
}

/** pnpm at the version the repository pins, without the settings of the pnpm that runs this test. */
function pnpm(args: string[], cwd: string): string {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { packageManager: string })
    .packageManager;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_(config|package|lifecycle)_/i.test(key)),
  );
  // A stuck install must fail the run, not hang CI.
  return execFileSync('npx', ['-y', version, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    stdio: 'pipe',
    timeout: 180_000,
  });
}

export default function setup(project: TestProject): () => void {
  const work = mkdtempSync(join(tmpdir(), 'em-consumers-'));
  const packs = join(work, 'packs');
  pnpm(
    ['-r', '--filter', './packages/*', '--filter', '!@em/testkit', 'pack', '--pack-destination', packs],
    root,
  );

  const tarballs: Record<string, string> = {};
  for (const dir of readdirSync(join(root, 'packages'))) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    const { name, version } = manifest;
    if (manifest.private) continue; // e.g. the test kit: never published
    tarballs[name] = join(packs, `${name.slice(1).replace('/', '-')}-${version}.tgz`);
  }
  const consumerDir = join(work, 'app');
  cpSync(fileURLToPath(new URL('../consumer/', import.meta.url)), consumerDir, { recursive: true });
  const files = Object.fromEntries(Object.entries(tarballs).map(([name, path]) => [name, `file:${path}`]));
  writeFileSync(
    join(consumerDir, 'package.json'),
    `${JSON.stringify(
      {
        name: 'em-consumer',
        private: true,
        type: 'module',
        dependencies: files,
        // The tarballs depend on each other by version range: take those from the tarballs too.
        pnpm: { overrides: files },
      },
      null,
      2,
    )}\n`,
  );
  // Third-party dependencies (ml-matrix, d3, pure-rand) come from the store the repository's own
  // install filled; the registry is asked only for what is missing there.
  const store = pnpm(['store', 'path'], root).trim();
  pnpm(
    ['install', '--prefer-offline', '--no-frozen-lockfile', '--ignore-scripts', '--store-dir', store],
    consumerDir,
  );

  project.provide('consumerDir', consumerDir);
  project.provide('tarballs', tarballs);
  return () => rmSync(work, { recursive: true, force: true });
}
