// The README's runnable examples (the ```ts blocks of the sections below), run against the sources,
// with the values their comments claim checked against the run and against R's SQUAREM.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import reference from './fixtures/squarem-poisson.json' with { type: 'json' };

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The ```ts blocks of the README's `## heading` section, in order. */
function blocksOf(heading: string): string[] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no "## ${heading}" in the README`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** Runs the blocks as one script with @em/core from src/, and returns the named variables. */
function run(blocks: string[], names: string[], log: (...args: unknown[]) => void) {
  const js = ts.transpileModule(blocks.join('\n'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const body = js
    .replace(/import\s*\{([^}]*)\}\s*from\s*'@em\/core';?/g, 'const {$1} = core;')
    .replace(/export \{\};?/g, '');
  return new Function('core', 'console', `${body}\nreturn { ${names.join(', ')} };`)(core, { log });
}

describe('README: Speeding up EM: SQUAREM', () => {
  const blocks = blocksOf('Speeding up EM: SQUAREM');
  const frames: unknown[][] = [];
  const { plain, fast } = run(blocks, ['plain', 'fast'], (...args) => frames.push(args)) as Record<
    string,
    core.EMResult<number[]>
  >;
  const claimed = (name: string) => Number(new RegExp(`${name}\\.nEStep; // (\\d+)`).exec(blocks[0]!)?.[1]);

  it('has the two examples', () => {
    expect(blocks).toHaveLength(2);
  });

  it('gives the E-steps its comments claim: over 1000 for plain EM, under 100 for SQUAREM', () => {
    expect(plain!.nEStep).toBe(claimed('plain'));
    expect(fast!.nEStep).toBe(claimed('fast'));
    expect(plain!.nEStep).toBeGreaterThan(1000);
    expect(fast!.nEStep).toBeLessThan(100);
    expect(fast!.acceleration).toBe('squarem');
  });

  it("reaches R's SQUAREM optimum (−log L 1989.9458599)", () => {
    expect(Math.abs(-fast!.logLikelihood - reference.squarem.negLogLik)).toBeLessThan(1e-6);
    expect(blocks[0]).toContain(`R's SQUAREM: 1989.9458599 after ${reference.squarem.fpevals} EM steps`);
  });

  it('steps through the same run with emSteps', () => {
    expect(frames.length).toBeGreaterThan(5);
    const [iteration, nEStep] = frames.at(-1) as [number, number];
    expect(iteration).toBeGreaterThan(1);
    expect(nEStep).toBeGreaterThan(iteration);
  });
});
