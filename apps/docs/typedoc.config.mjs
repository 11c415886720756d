// TypeDoc: the API reference of every package under packages/, as Markdown pages for VitePress,
// written to docs/api (generated, git-ignored). Warnings are errors, so the docs build fails on an
// export without a description or an @example, an undescribed member, a broken {@link}, or a
// public type that refers to a type the package does not export.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const packagesDir = join(root, 'packages');

// Every published package is documented (private ones, such as the test kit, are not); one without a src/index.ts fails the build unless
// EM_DOCS_ALLOW_MISSING=1 (only while a package is still being written).
const packages = readdirSync(packagesDir, { withFileTypes: true })
  .filter(
    (entry) =>
      entry.isDirectory() &&
      existsSync(join(packagesDir, entry.name, 'package.json')) &&
      !JSON.parse(
        readFileSync(join(packagesDir, entry.name, 'package.json'), 'utf8'),
      ).private,
  )
  .map((entry) => join(packagesDir, entry.name))
  .filter((dir) => {
    if (existsSync(join(dir, 'src/index.ts'))) return true;
    if (process.env.EM_DOCS_ALLOW_MISSING === '1') {
      console.warn(
        `[typedoc] skipping ${relative(root, dir)}: no src/index.ts yet`,
      );
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
  // Options applied to each package's own conversion (validation runs per package).
  // A package with subpath exports lists its entry points in its own typedoc.json (packages/core:
  // src/index.ts and src/numeric/index.ts); scripts/typedoc-subpath-exports.mjs keeps the main one
  // at the package's own pages.
  packageOptions: {
    entryPoints: ['src/index.ts'],
    tsconfig: 'tsconfig.json',
    readme: 'none',
    excludeInternal: true,
    excludePrivate: true,
    excludeProtected: true,
    // Type errors are the packages' own `typecheck` task; the docs should not fail on a test file.
    skipErrorChecking: true,
    // Source links point at the repository's main branch, so no git is needed at build time.
    disableGit: true,
    gitRevision: 'main',
    sourceLinkTemplate:
      'https://github.com/em-toolkit/em/blob/{gitRevision}/{path}#L{line}',
    basePath: root,
    displayBasePath: root,
    // notDocumented is replaced by scripts/typedoc-require-docs.mjs (exports need an @example too).
    validation: {
      notExported: true,
      invalidLink: true,
      rewrittenLink: true,
      notDocumented: false,
    },
  },
  plugin: [
    'typedoc-plugin-markdown',
    'typedoc-vitepress-theme',
    './scripts/typedoc-require-docs.mjs',
    './scripts/typedoc-subpath-exports.mjs',
  ],
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  out: '../../docs/api',
  docsRoot: '../../docs',
  // The landing page of the reference: what each package is for.
  readme: './api-intro.md',
  entryFileName: 'index',
  cleanOutputDir: true,
  hidePageHeader: true,
  useCodeBlocks: true,
  excludeScopesInPaths: true,
  parametersFormat: 'table',
  interfacePropertiesFormat: 'table',
  classPropertiesFormat: 'table',
  typeAliasPropertiesFormat: 'table',
  enumMembersFormat: 'table',
  sort: ['kind', 'instance-first', 'alphabetical-ignoring-documents'],
  sidebar: { autoConfiguration: true, collapsed: true, pretty: true },
};
