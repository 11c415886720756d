// TypeDoc: the API reference of every package under packages/, as Markdown pages for VitePress.
// Validation warnings (an undocumented export, a broken {@link}, a referenced type that is not
// exported, an export without @example) are errors, so the docs build fails on them.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const packagesDir = join(root, 'packages');

// Every package is documented; one without a src/index.ts fails the build unless
// EM_DOCS_ALLOW_MISSING=1 (used only while a package is still being written).
const packages = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
  .map((entry) => join(packagesDir, entry.name))
  .filter((dir) => {
    if (existsSync(join(dir, 'src/index.ts'))) return true;
    if (process.env.EM_DOCS_ALLOW_MISSING === '1') {
      console.warn(`[typedoc] skipping ${relative(root, dir)}: no src/index.ts yet`);
      return false;
    }
    throw new Error(`${relative(root, dir)} has no src/index.ts to document`);
  })
  .map((dir) => relative(here, dir));

/** @type {Partial<import('typedoc').TypeDocOptions & import('typedoc-plugin-markdown').PluginOptions & { docsRoot: string, sidebar: object }>} */
export default {
  name: 'API reference',
  entryPointStrategy: 'packages',
  entryPoints: packages,
  packageOptions: {
    entryPoints: ['src/index.ts'],
    tsconfig: 'tsconfig.json',
    readme: 'none',
    excludeInternal: true,
    // Source links point at the repository's main branch; no git needed at build time.
    disableGit: true,
    gitRevision: 'main',
    sourceLinkTemplate: 'https://github.com/em-toolkit/em/blob/{gitRevision}/{path}#L{line}',
    basePath: root,
  },
  plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme'],
  out: '../../docs/api',
  docsRoot: '../../docs',
  readme: 'none',
  entryFileName: 'index',
  cleanOutputDir: true,
  hidePageHeader: true,
  hideBreadcrumbs: false,
  useCodeBlocks: true,
  parametersFormat: 'table',
  interfacePropertiesFormat: 'table',
  classPropertiesFormat: 'table',
  typeAliasPropertiesFormat: 'table',
  enumMembersFormat: 'table',
  expandObjects: false,
  sidebar: { autoConfiguration: true, collapsed: true, pretty: true },
  disableGit: true,
  gitRevision: 'main',
  sourceLinkTemplate: 'https://github.com/em-toolkit/em/blob/{gitRevision}/{path}#L{line}',
  basePath: root,
  excludeInternal: true,
  excludePrivate: true,
  sort: ['kind', 'instance-first', 'alphabetical-ignoring-documents'],
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: true },
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
};
