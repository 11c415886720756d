import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '@em/core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as sampling from '../src/index.js';

// Every ```ts example in the TSDoc of src/ and in the README runs, against the sources.

const root = fileURLToPath(new URL('..', import.meta.url));

function examplesOf(file: string, text: string, fromComments: boolean): { name: string; code: string }[] {
  const source = fromComments ? text.replace(/^\s*\* ?/gm, '') : text;
  return [...source.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, i) => ({
    name: `${file} example ${i + 1}`,
    code: match[1]!,
  }));
}

function run(code: string): void {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const body = js
    .replace(/import\s*\{([^}]*)\}\s*from\s*'@em\/sampling';?/g, 'const {$1} = sampling;')
    .replace(/import\s*\{([^}]*)\}\s*from\s*'@em\/core';?/g, 'const {$1} = core;')
    .replace(/export \{\};?/g, '');
  new Function('sampling', 'core', body)(sampling, core);
}

const sources = readdirSync(`${root}src`).filter((f) => f.endsWith('.ts'));
const examples = [
  ...sources.flatMap((f) => examplesOf(`src/${f}`, readFileSync(`${root}src/${f}`, 'utf8'), true)),
  ...examplesOf('README.md', readFileSync(`${root}README.md`, 'utf8'), false),
];

describe('documentation examples run', () => {
  it('finds examples in the sources and the README', () => {
    expect(examples.length).toBeGreaterThan(30);
  });
  for (const { name, code } of examples) {
    it(name, () => {
      expect(() => run(code)).not.toThrow();
    });
  }
});
