// The assertions and the recorder: what they accept, what they refuse, and what they count and write.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adversarialRecorder,
  expectRefused,
  expectTypedError,
  expectTypedOrFinite,
  hasControlBytes,
  hostileString,
  hugeSize,
  propertyTypedOrFinite,
  tamperedJson,
} from '../src/index.js';
import { InvalidOptionError } from './em-errors.js';

const typed = () => {
  throw new InvalidOptionError('bins', 'an integer in [1, 10000]', 1e9);
};

describe('assertions', () => {
  it('expectTypedOrFinite passes typed errors and finite results, fails the rest, counting all', () => {
    const recorder = adversarialRecorder('@em/testkit', 'self-test');
    expectTypedOrFinite(recorder, typed);
    expectTypedOrFinite(recorder, () => [1, 2]);
    expect(() => expectTypedOrFinite(recorder, () => Number.NaN)).toThrow(/non-finite result at \$/);
    expect(() => expectTypedOrFinite(recorder, () => new Float64Array(-1))).toThrow(
      /untyped error: RangeError/,
    );
    expect(() =>
      expectTypedOrFinite(recorder, () => {
        throw new InvalidOptionError('name', 'text', '\u001b[2J');
      }),
    ).not.toThrow();
    expect(recorder.counts).toMatchObject({
      inputs: 5,
      typedErrors: 2,
      finiteResults: 1,
      nonFinite: 1,
      untypedErrors: 1,
    });
  });

  it('a finite result can still be refused by the suite’s consistency check', () => {
    const recorder = adversarialRecorder('@em/testkit', 'self-test');
    const check = (p: number[]) => expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(() => expectTypedOrFinite(recorder, () => [0.5, 0.6], { check })).toThrow();
    expectTypedOrFinite(recorder, () => [0.5, 0.5], { check });
  });

  it('expectTypedError wants a typed error naming the parameter', () => {
    const recorder = adversarialRecorder('@em/testkit', 'self-test');
    expect(expectTypedError(recorder, typed, ['bins', '1000000000']).message).toContain('bins');
    expect(() => expectTypedError(recorder, () => 1)).toThrow('expected a typed error, got finite result');
    expect(() => expectTypedError(recorder, typed, ['width'])).toThrow('does not mention width');
  });

  it('expectRefused counts contradictions refused and accepted', () => {
    const recorder = adversarialRecorder('@em/testkit', 'self-test');
    expectRefused(recorder, typed, 'bins');
    expect(() => expectRefused(recorder, () => ({ loaded: true }), 'covariances')).toThrow(
      'accepted (covariances)',
    );
    expect(recorder.counts).toMatchObject({ contradictionsRefused: 1, contradictionsAccepted: 1 });
  });

  it('propertyTypedOrFinite finds an untyped error from a huge size', () => {
    const recorder = adversarialRecorder('@em/testkit', 'self-test');
    expect(() =>
      propertyTypedOrFinite(recorder, hugeSize, (size) => new Array(size as number).length, { numRuns: 50 }),
    ).toThrow(/untyped error/);
  });
});

describe('arbitraries', () => {
  it('hostile strings include control bytes', () => {
    const samples = fc.sample(hostileString, { numRuns: 300, seed: 1 });
    expect(samples.some(hasControlBytes)).toBe(true);
  });

  it('tamperedJson changes one place and leaves the original alone', () => {
    const valid = { weights: [0.5, 0.5], means: [[0], [1]], converged: true };
    const text = JSON.stringify(valid);
    for (const t of fc.sample(tamperedJson(valid), { numRuns: 200, seed: 2 })) {
      expect(t.path.startsWith('$')).toBe(true);
      if (t.mutation !== 'scale') expect(JSON.stringify(t.document)).not.toBe(text);
    }
    expect(JSON.stringify(valid)).toBe(text);
  });
});

describe('recorder', () => {
  it('writes its counts to ADVERSARIAL_REPORT_DIR after the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'em-testkit-'));
    const { execFileSync } = await import('node:child_process');
    execFileSync(
      process.execPath,
      [
        join(process.cwd(), '../../node_modules/vitest/vitest.mjs'),
        'run',
        '--config',
        'test/fixtures/vitest.config.ts',
      ],
      {
        env: { ...process.env, ADVERSARIAL_REPORT_DIR: dir, CI: '1' },
        stdio: 'pipe',
      },
    );
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const record = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8'));
    expect(record).toMatchObject({
      package: '@em/testkit',
      suite: 'recorded',
      counts: { inputs: 2, typedErrors: 1, finiteResults: 1 },
    });
    // A whole vitest run in a child process: seconds on a loaded CI machine.
  }, 60_000);
});
