// Counts of every adversarial suite, written where scripts/adversarial-report.mjs collects them into the
// troubleshooting guide's table. Nothing is written unless ADVERSARIAL_REPORT_DIR is set.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Outcome } from './outcome.js';

/** One package's tallies (the columns of the report table). */
export interface AdversarialCounts {
  inputs: number;
  typedErrors: number;
  finiteResults: number;
  untypedErrors: number;
  nonFinite: number;
  hangs: number;
  /** Process crashes: filled in by the report script when a suite's process dies. */
  crashes: number;
  /** Serialized models with a contradiction (or other must-refuse input) that were accepted. */
  contradictionsAccepted: number;
  /** Serialized models with a contradiction that were refused with a typed error. */
  contradictionsRefused: number;
}

/** The file format written per suite file and process: `{ package, suite, counts }`. */
export interface AdversarialRecord {
  package: string;
  suite: string;
  counts: AdversarialCounts;
}

export function emptyCounts(): AdversarialCounts {
  return {
    inputs: 0,
    typedErrors: 0,
    finiteResults: 0,
    untypedErrors: 0,
    nonFinite: 0,
    hangs: 0,
    crashes: 0,
    contradictionsAccepted: 0,
    contradictionsRefused: 0,
  };
}

export interface AdversarialRecorder {
  readonly packageName: string;
  readonly counts: AdversarialCounts;
  /** Counts one input and its outcome. */
  record(outcome: Outcome): void;
  /** Counts one must-refuse input (a contradictory model, say): refused with a typed error or accepted. */
  recordContradiction(refused: boolean): void;
}

let sequence = 0;

/**
 * The recorder of one adversarial suite file. Call once at the top of the file; its counts are written
 * after the file's tests (to `$ADVERSARIAL_REPORT_DIR/<package>--<suite>--<pid>-<n>.json`).
 *
 * @param packageName the package as the table shows it, e.g. `'@em/core'`
 * @param suite a name for the file, e.g. `'adversarial'` or `'serialize-adversarial'`
 */
export function adversarialRecorder(packageName: string, suite = 'adversarial'): AdversarialRecorder {
  const counts = emptyCounts();
  const recorder: AdversarialRecorder = {
    packageName,
    counts,
    record(outcome) {
      counts.inputs++;
      if (outcome.kind === 'typed-error') counts.typedErrors++;
      else if (outcome.kind === 'finite-result') counts.finiteResults++;
      else if (outcome.kind === 'untyped-error') counts.untypedErrors++;
      else if (outcome.kind === 'non-finite') counts.nonFinite++;
      else counts.hangs++;
    },
    recordContradiction(refused) {
      counts.inputs++;
      if (refused) {
        counts.typedErrors++;
        counts.contradictionsRefused++;
      } else counts.contradictionsAccepted++;
    },
  };
  const dir = process.env.ADVERSARIAL_REPORT_DIR;
  if (dir) {
    afterAll(() => {
      mkdirSync(dir, { recursive: true });
      const slug = (s: string) => s.replace(/[^\w.-]+/g, '_');
      const file = join(dir, `${slug(packageName)}--${slug(suite)}--${process.pid}-${sequence++}.json`);
      const record: AdversarialRecord = { package: packageName, suite, counts };
      writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    });
  }
  return recorder;
}
