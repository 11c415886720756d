// One harness for the documentation examples of every package: each public export has a TSDoc @example,
// every ```ts block of the TSDoc and of the README runs against the package's sources, and each value
// a comment claims (`expression; // value`) is checked against the run.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Claim, checkClaim, parseClaim } from './claims.js';

export interface DocExample {
  /** Where it is: `src/bins.ts › binEdges` or `README.md #2`. */
  origin: string;
  /** The declaration the TSDoc block documents (undefined for the README). */
  name?: string;
  code: string;
}

export interface DocExamplesOptions {
  /** The package's root: `new URL('..', import.meta.url)` from `test/examples.test.ts`. */
  root: URL;
  /** The package's import specifiers and the source files that stand for them: `{ '@em/plot': 'src/index.ts' }`. */
  entries: Record<string, string>;
  /** The runtime exports of each entry (`import * as api from '../src/index.js'`): each needs an @example. */
  api: Record<string, Record<string, unknown>>;
  /** Run the README's ```ts blocks: each on its own (default), all as one script, or not at all. */
  readme?: 'each' | 'together' | false;
  /** Rewrites an example's code before it runs (e.g. to send a README's output files to test-output/). */
  rewrite?: (code: string, example: DocExample) => string;
  /**
   * Stand-ins for names an example uses without defining them ("`coins` is the model of the EMModel
   * example"): name → TypeScript that declares it. Put before an example only when it uses the name and
   * does not declare it itself.
   */
  context?: Record<string, string>;
  /** Examples that cannot run here, by origin, each with the reason (shown as a skipped test). */
  skip?: Record<string, string>;
  /** At least this many claimed values must be checked (guards against a grammar that silently reads nothing). */
  minClaims?: number;
}

const DECLARATION =
  /^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:(?:function\*?|const|let|class|interface|type|enum|namespace)\s+|(?:(?:public|protected|private|static|readonly|override|get|set)\s+)*)([A-Za-z_$][\w$]*)/;

function sourceFiles(dir: string, base = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = `${base}${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(`${dir}/${entry.name}`, `${rel}/`);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** The ```ts blocks of the @example sections of every TSDoc block in `src/`, named by what they document. */
export function tsdocExamples(root: URL): DocExample[] {
  const src = fileURLToPath(new URL('src', root));
  const examples: DocExample[] = [];
  for (const file of sourceFiles(src).sort()) {
    const text = readFileSync(`${src}/${file}`, 'utf8');
    for (const block of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      const doc = block[1]!.replace(/^[ \t]*\* ?/gm, '');
      const example = doc.indexOf('@example');
      if (example < 0) continue;
      const after = text.slice(block.index + block[0].length);
      const name = DECLARATION.exec(after)?.[1];
      const codes = [...doc.slice(example).matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)].map(
        (m) => m[1]!,
      );
      codes.forEach((code, i) => {
        const origin = `src/${file} › ${name ?? '?'}${codes.length > 1 ? ` #${i + 1}` : ''}`;
        examples.push({ origin, code, ...(name ? { name } : {}) });
      });
    }
  }
  return examples;
}

/** The ```ts blocks of README.md. */
export function readmeExamples(root: URL): DocExample[] {
  const text = readFileSync(new URL('README.md', root), 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({
    origin: `README.md #${i + 1}`,
    code: m[1]!,
  }));
}

/** Names an entry re-exports from another package (`export { x } from '@em/core/numeric'`): documented there. */
export function foreignExportsOf(entryFile: string): Set<string> {
  const text = readFileSync(entryFile, 'utf8');
  const names = new Set<string>();
  for (const m of text.matchAll(/export\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]([^'".][^'"]*)['"]/g))
    for (const part of m[1]!.split(','))
      names.add(
        part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)
          .pop()!,
      );
  return names;
}

/** Type-only exports of an entry file: `export type { A, B }` and `export { type C }`. */
export function typeExportsOf(entryFile: string): string[] {
  const text = readFileSync(entryFile, 'utf8');
  const names: string[] = [];
  for (const m of text.matchAll(/export\s+type\s*\{([^}]*)\}/g))
    names.push(
      ...m[1]!.split(',').map(
        (n) =>
          n
            .trim()
            .split(/\s+as\s+/)
            .pop()!,
      ),
    );
  for (const m of text.matchAll(/export\s*\{([^}]*)\}/g))
    for (const part of m[1]!.split(',')) {
      const t = /^\s*type\s+(.+)$/.exec(part);
      if (t)
        names.push(
          t[1]!
            .trim()
            .split(/\s+as\s+/)
            .pop()!,
        );
    }
  for (const m of text.matchAll(/export\s+(?:interface|type)\s+([A-Za-z_$][\w$]*)/g)) names.push(m[1]!);
  return names.filter(Boolean);
}

const STATEMENT = /^(\s*)(?:(?:const|let)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*)?(.+?);\s*\/\/\s*(.+)$/;
const NOT_AN_EXPRESSION =
  /^(?:const|let|var|import|export|if|for|while|return|throw|try|type|interface|class|function|[})\]])/;

/** The example's code with a `__claim(actual, index)` call after each line whose comment claims a value. */
export function instrument(code: string, global: string): { code: string; claims: Claim[] } {
  const claims: Claim[] = [];
  const lines = code.split('\n').map((line) => {
    const m = STATEMENT.exec(line);
    if (!m) return line;
    const [, indent, variable, expression, comment] = m;
    if (!variable && NOT_AN_EXPRESSION.test(expression!)) return line;
    const claim = parseClaim(comment!);
    if (!claim) return line;
    claims.push(claim);
    const at = claims.length - 1;
    return variable
      ? `${line.replace(/\s*\/\/.*$/, '')} ${global}(${variable}, ${at}); // ${comment}`
      : `${indent}${global}((${expression}), ${at}); // ${comment}`;
  });
  return { code: lines.join('\n'), claims };
}

/** The stand-ins of `context` that `code` uses without declaring, in the order given. */
function contextFor(code: string, context: Record<string, string>): string {
  const uses = (text: string, name: string) =>
    new RegExp(`(?<![\\w$.'"])${name}(?![\\w$'"]|\\s*:(?!:))`).test(text);
  const declares = (name: string) =>
    new RegExp(
      `\\b(?:const|let|var|function|class|type|interface)\\s+${name}\\b|import[^;]*\\b${name}\\b[^;]*from`,
    ).test(code);
  const needed = new Set(Object.keys(context).filter((name) => uses(code, name) && !declares(name)));
  // Stand-ins may use each other (a chunked E-step uses the data): take those too.
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of needed)
      for (const other of Object.keys(context))
        if (!needed.has(other) && !declares(other) && uses(context[name]!, other)) {
          needed.add(other);
          grew = true;
        }
  }
  return Object.entries(context)
    .filter(([name]) => needed.has(name))
    .map(([, declaration]) => declaration)
    .join('\n');
}

/**
 * The error an example documents with a comment line `// SomeError: message` (`…` elides part of the
 * message): running the example must end in it.
 */
function documentedError(code: string): { text: string; matches: (error: unknown) => boolean } | undefined {
  const m = /^\s*\/\/\s*'?([A-Z]\w*Error): (.+?)'?\s*$/m.exec(code);
  if (!m) return undefined;
  const [, name, message] = m;
  const pattern = new RegExp(
    `^${message!
      .split('…')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return {
    text: `${name}: ${message}`,
    matches: (error) => error instanceof Error && error.name === name && pattern.test(error.message),
  };
}

/**
 * Declares the doc-example tests of one package (call it at the top level of `test/examples.test.ts`):
 * - every runtime and type export of every entry has a TSDoc @example;
 * - every TSDoc ```ts block of src/ and of the README runs, with the package's own specifiers pointing at
 *   its sources (other `@em/*` packages come from their dist as usual);
 * - every claimed value holds.
 * Examples are written to `test-output/examples/` and imported from there (so TypeScript and imports
 * behave as in a user's module).
 */
export function describeDocExamples(options: DocExamplesOptions): void {
  const { root, entries, api } = options;
  const outDir = new URL('test-output/examples/', root);
  const examples = [
    ...tsdocExamples(root),
    ...(options.readme === false
      ? []
      : options.readme === 'together'
        ? [
            {
              origin: 'README.md',
              code: readmeExamples(root)
                .map((e) => e.code)
                .join('\n'),
            },
          ]
        : readmeExamples(root)),
  ];
  const documented = new Set(examples.map((e) => e.name).filter(Boolean));
  const checked = { claims: 0 };

  describe('every export has a TSDoc @example', () => {
    for (const [specifier, entry] of Object.entries(entries)) {
      const file = fileURLToPath(new URL(entry, root));
      const foreign = foreignExportsOf(file);
      const names = [...Object.keys(api[specifier] ?? {}), ...typeExportsOf(file)].filter(
        (n) => !foreign.has(n),
      );
      it(`${specifier}: ${names.length} exports`, () => {
        expect(names.length).toBeGreaterThan(0);
        expect(names.filter((n) => !documented.has(n))).toEqual([]);
      });
    }
  });

  describe('documentation examples run, with the values they claim', () => {
    mkdirSync(outDir, { recursive: true });
    examples.forEach((example, index) => {
      const reason = options.skip?.[example.origin];
      if (reason) {
        it.skip(`${example.origin} (${reason})`, () => {});
        return;
      }
      it(example.origin, async () => {
        const global = `__emClaim${index}`;
        let code = options.rewrite ? options.rewrite(example.code, example) : example.code;
        for (const [specifier, entry] of Object.entries(entries)) {
          const target = JSON.stringify(fileURLToPath(new URL(entry, root)).replace(/\.ts$/, '.js'));
          code = code.replace(
            new RegExp(`from\\s*['"]${specifier.replace(/[/.]/g, '\\$&')}['"]`, 'g'),
            `from ${target}`,
          );
        }
        const { code: instrumented, claims } = instrument(code, global);
        const failures: string[] = [];
        const reached = new Set<number>();
        (globalThis as Record<string, unknown>)[global] = (actual: unknown, at: number) => {
          reached.add(at);
          const problem = checkClaim(actual, claims[at]!);
          if (problem) failures.push(`// ${claims[at]!.text}: ${problem}`);
        };
        const prelude = contextFor(code, options.context ?? {});
        const documentedThrow = documentedError(code);
        const file = new URL(
          `${String(index).padStart(3, '0')}-${example.origin.replace(/[^\w.-]+/g, '_')}.ts`,
          outDir,
        );
        writeFileSync(
          file,
          `declare const ${global}: (actual: unknown, at: number) => void;\n${prelude}\n${instrumented}\nexport {};\n`,
        );
        try {
          await import(/* @vite-ignore */ file.href);
          if (documentedThrow) failures.push(`// ${documentedThrow.text}: nothing was thrown`);
        } catch (error) {
          // An example may end in the error it documents (`// InvalidOptionError: Invalid option …`).
          if (!documentedThrow?.matches(error)) throw error;
          claims.push({ kind: 'equal', expected: documentedThrow.text, text: documentedThrow.text });
          reached.add(claims.length - 1);
        } finally {
          delete (globalThis as Record<string, unknown>)[global];
        }
        checked.claims += claims.length;
        // A claim on a line that never ran (inside a function nobody calls, say) would hold by default.
        claims.forEach((claim, at) => {
          if (!reached.has(at)) failures.push(`// ${claim.text}: the line never ran`);
        });
        expect(failures).toEqual([]);
      });
    });

    if (options.minClaims)
      it(`checks at least ${options.minClaims} claimed values`, () => {
        expect(checked.claims).toBeGreaterThanOrEqual(options.minClaims!);
      });
  });
}
