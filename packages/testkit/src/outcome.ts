// What a call given hostile input ended in. The adversarial suites of every package sort each call into
// one of these, assert that only the first two happen, and count all of them for the troubleshooting guide.

/**
 * - `typed-error`: an `EMError` (or subclass) was thrown — the only acceptable way to refuse input;
 * - `finite-result`: it returned, and every number reachable in the result is finite;
 * - `untyped-error`: anything else was thrown (TypeError, RangeError, a string …);
 * - `non-finite`: it returned, but a NaN or ±Infinity is somewhere in the result;
 * - `hang`: it took longer than the bound (sync: measured after the fact; async: raced against a timer).
 */
export type OutcomeKind = 'typed-error' | 'finite-result' | 'untyped-error' | 'non-finite' | 'hang';

export interface Outcome {
  kind: OutcomeKind;
  /** The thrown value, for errors. */
  error?: unknown;
  /** Where the first non-finite value was found, e.g. `$.means[1][0]` or `$ (text: cy="NaN")`. */
  path?: string;
  /** The returned value, for results. */
  value?: unknown;
  /** Milliseconds the call took. */
  ms: number;
}

export interface ClassifyOptions {
  /**
   * Also treat `NaN` / `Infinity` appearing in returned strings as non-finite (SVG geometry, tick labels,
   * formatted reports). Off by default: a string is text, not a number.
   */
  scanText?: boolean;
  /** Paths (as reported in {@link Outcome.path}) where a non-finite number is the correct answer. */
  allowNonFinite?: (path: string, value: number) => boolean;
  /** A call that takes longer is a hang. Default 20 s (the machines running CI are shared). */
  hangMs?: number;
}

/**
 * Whether `error` is a typed error of the `@em/*` packages: an instance of a class named `EMError` (or of
 * a subclass) with a string `code`. Checked by name, not `instanceof`: a package's tests import its own
 * sources while its dependencies bring `@em/core`'s dist — two `EMError` classes — and the kit itself
 * must not depend on `@em/core`, whose tests use it.
 */
export function isTypedError(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error) || typeof (error as { code?: unknown }).code !== 'string') return false;
  for (let p = Object.getPrototypeOf(error); p && p !== Error.prototype; p = Object.getPrototypeOf(p))
    if (p.constructor?.name === 'EMError') return true;
  return false;
}

const NON_FINITE_TEXT = /\bNaN\b|-?\bInfinity\b/;

/**
 * The path of the first non-finite number reachable from `value` (own enumerable properties, arrays,
 * typed arrays, Maps and Sets), or undefined when every number is finite. Cycles are followed once.
 */
export function findNonFinite(value: unknown, options: ClassifyOptions = {}): string | undefined {
  const seen = new Set<unknown>();
  const allow = options.allowNonFinite ?? (() => false);
  const visit = (v: unknown, path: string, depth: number): string | undefined => {
    if (typeof v === 'number') return Number.isFinite(v) || allow(path, v) ? undefined : path;
    if (typeof v === 'bigint' || typeof v === 'boolean' || v == null) return undefined;
    if (typeof v === 'string') {
      if (!options.scanText) return undefined;
      const match = NON_FINITE_TEXT.exec(v);
      if (!match) return undefined;
      const around = v.slice(Math.max(0, match.index - 20), match.index + 20);
      return `${path} (text: ${JSON.stringify(around)})`;
    }
    if (typeof v !== 'object' || seen.has(v) || depth > 32) return undefined;
    seen.add(v);
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const array = v as unknown as ArrayLike<number | bigint>;
      for (let i = 0; i < array.length; i++) {
        const x = array[i];
        if (typeof x === 'number' && !Number.isFinite(x) && !allow(`${path}[${i}]`, x))
          return `${path}[${i}]`;
      }
      return undefined;
    }
    if (v instanceof Map) {
      for (const [k, x] of v) {
        const found = visit(x, `${path}.get(${String(k)})`, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    if (v instanceof Set) {
      let i = 0;
      for (const x of v) {
        const found = visit(x, `${path}<${i++}>`, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = visit(v[i], `${path}[${i}]`, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    for (const key of Object.keys(v)) {
      const found = visit((v as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return visit(value, '$', 0);
}

const DEFAULT_HANG_MS = 20_000;

function fromResult(value: unknown, started: number, options: ClassifyOptions): Outcome {
  const ms = performance.now() - started;
  if (ms > (options.hangMs ?? DEFAULT_HANG_MS)) return { kind: 'hang', value, ms };
  const path = findNonFinite(value, options);
  return path ? { kind: 'non-finite', value, path, ms } : { kind: 'finite-result', value, ms };
}

function fromError(error: unknown, started: number): Outcome {
  const ms = performance.now() - started;
  return { kind: isTypedError(error) ? 'typed-error' : 'untyped-error', error, ms };
}

/**
 * Runs `fn` and sorts what happened into an {@link OutcomeKind}. A synchronous call cannot be interrupted,
 * so a sync hang is detected only when it ends (a true infinite loop is left to the test's time-out).
 */
export function classifyOutcome(fn: () => unknown, options: ClassifyOptions = {}): Outcome {
  const started = performance.now();
  let value: unknown;
  try {
    value = fn();
  } catch (error) {
    return fromError(error, started);
  }
  return fromResult(value, started, options);
}

/** {@link classifyOutcome} for promises: a promise not settled within `hangMs` is a `hang`. */
export async function classifyOutcomeAsync(
  fn: () => Promise<unknown>,
  options: ClassifyOptions = {},
): Promise<Outcome> {
  const started = performance.now();
  const hangMs = options.hangMs ?? DEFAULT_HANG_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'hang', ms: performance.now() - started }), hangMs);
  });
  const settled = (async () => {
    try {
      return fromResult(await fn(), started, options);
    } catch (error) {
      return fromError(error, started);
    }
  })();
  try {
    return await Promise.race([settled, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the outcome is one the issue allows: a typed error or a finite result. */
export function isAcceptable(outcome: Outcome): boolean {
  return outcome.kind === 'typed-error' || outcome.kind === 'finite-result';
}

/** One line saying what went wrong, for assertion messages. */
export function describeOutcome(outcome: Outcome, input?: unknown): string {
  const shown = input === undefined ? '' : ` for input ${preview(input)}`;
  switch (outcome.kind) {
    case 'untyped-error': {
      const e = outcome.error;
      const what = e instanceof Error ? `${e.name}: ${e.message}` : `non-Error ${preview(e)}`;
      return `untyped error${shown}: ${what}`;
    }
    case 'non-finite':
      return `non-finite result at ${outcome.path}${shown}`;
    case 'hang':
      return `hang (${Math.round(outcome.ms)} ms)${shown}`;
    case 'typed-error':
      return `typed error${shown}: ${(outcome.error as Error).message}`;
    default:
      return `finite result${shown}`;
  }
}

/** A short rendering of a hostile input: never megabytes, never raw control bytes. */
export function preview(value: unknown): string {
  let text: string;
  try {
    text =
      JSON.stringify(value, (_k, v) => {
        if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
        if (typeof v === 'bigint') return `${v}n`;
        if (typeof v === 'function') return '[function]';
        if (typeof v === 'symbol') return v.toString();
        if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as Float64Array).length})`;
        return v;
      }) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Whether a message holds raw C0 control bytes (tab and newline aside) or DEL: an error message that
 * echoes them can rewrite the terminal it is printed on.
 */
export function hasControlBytes(message: string): boolean {
  for (let i = 0; i < message.length; i++) {
    const c = message.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f) return true;
  }
  return false;
}
