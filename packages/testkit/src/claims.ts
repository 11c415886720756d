// The values a doc example claims in its comments, `expression; // value`, turned into checks. The grammar
// is small on purpose (README.md, "Doc examples"): what it cannot read is prose and stays unchecked.

/** A checkable claim about the value of the expression on its line. */
export type Claim =
  | { kind: 'equal'; expected: unknown; text: string }
  | { kind: 'approx'; expected: unknown; tolerance: number; text: string }
  | { kind: 'one-of'; options: unknown[]; text: string }
  | { kind: 'typed-array'; type: string; length?: number; values?: unknown[]; text: string };

/** Names a claimed value may use: `Math.log(6)`, `-Infinity`, `Number.MAX_VALUE`, literals. */
const ALLOWED = new Set(['Math', 'Number', 'Infinity', 'NaN', 'true', 'false', 'null', 'undefined']);

/** Evaluates `text` as a value over literals and Math/Number, or undefined when it is not one. */
function claimedValue(text: string): { value: unknown } | undefined {
  const t = text.trim();
  if (!t || /[;`=]|=>|\bnew\b|\bfunction\b/.test(t)) return undefined;
  const bare = t
    .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\b\d+(?:\.\d*)?(?:e[+-]?\d+)?\b|\.\d+(?:e[+-]?\d+)?\b/gi, '0');
  for (const match of bare.matchAll(/[A-Za-z_$][\w$]*/g)) {
    const before = bare[match.index - 1];
    const after = bare.slice(match.index + match[0].length).trimStart()[0];
    if (before === '.' || after === ':') continue; // a property access or an object key
    if (!ALLOWED.has(match[0])) return undefined;
  }
  try {
    return { value: new Function(`"use strict"; return (${t});`)() };
  } catch {
    return undefined;
  }
}

/** Half a unit of the last decimal shown: `≈ 0.71` allows ±0.005, `≈ 2` ±0.5, `≈ 1e-3` ±0.0005. */
function toleranceOf(text: string): number {
  let decimals = 0;
  let exponent = 0;
  for (const m of text.matchAll(/\d+(?:\.(\d+))?(?:e([+-]?\d+))?/gi)) {
    decimals = Math.max(decimals, m[1]?.length ?? 0);
    if (m[2]) exponent = Math.min(exponent, Number(m[2]));
  }
  return 0.5 * 10 ** (exponent - decimals);
}

/** The text before the first top-level `: `, ` (` or ` — ` (outside brackets and quotes): the value part. */
function valuePart(text: string): string {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ('([{'.includes(c)) {
      if (depth === 0 && c === '(' && text[i - 1] === ' ') return text.slice(0, i - 1);
      depth++;
    } else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && (text.startsWith(': ', i) || text.startsWith(' — ', i))) return text.slice(0, i);
  }
  return text;
}

/**
 * Reads the comment of `expression; // comment` as a claim, or undefined when it is prose. Forms:
 * `VALUE`, `≈ VALUE` (to the decimals shown), `A, B or C`, `Float64Array(3)`, `Int32Array [1, 2]` — each
 * optionally followed by `: prose`, ` (prose)` or ` — prose`. VALUE is JSON-like (single quotes allowed)
 * or arithmetic over `Math` and `Number`. `e.g. …` is an illustration, never a claim.
 */
export function parseClaim(comment: string): Claim | undefined {
  const text = comment.trim();
  if (/^(e\.g\.|i\.e\.|for example|like|about|roughly|typically)\b/i.test(text)) return undefined;
  const approx = /^≈\s*(.+)$/.exec(text);
  if (approx) {
    const part = valuePart(approx[1]!);
    const parsed = claimedValue(part);
    return parsed && { kind: 'approx', expected: parsed.value, tolerance: toleranceOf(part), text };
  }
  const part = valuePart(text);
  const typed =
    /^((?:Float|Int|Uint|BigInt|BigUint)(?:8|16|32|64)(?:Clamped)?Array)(?:\((\d+)\)|\s+(\[.*\]))$/.exec(
      part,
    );
  if (typed) {
    const values = typed[3] === undefined ? undefined : claimedValue(typed[3]);
    if (typed[3] !== undefined && !Array.isArray(values?.value)) return undefined;
    return {
      kind: 'typed-array',
      type: typed[1]!,
      ...(typed[2] === undefined ? {} : { length: Number(typed[2]) }),
      ...(values ? { values: values.value as unknown[] } : {}),
      text,
    };
  }
  const oneOf = /^(.+?) or (.+)$/.exec(part);
  if (oneOf) {
    const pieces = [...oneOf[1]!.split(', '), oneOf[2]!].map(claimedValue);
    if (pieces.every((p) => p !== undefined))
      return { kind: 'one-of', options: pieces.map((p) => p!.value), text };
    return undefined;
  }
  const parsed = claimedValue(part);
  return parsed && { kind: 'equal', expected: parsed.value, text };
}

/** Plain values for comparison: typed arrays become arrays, Maps/Sets their entries. */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<unknown>);
  return value;
}

/** Where `actual` differs from `expected` (numbers to a relative `tolerance`, or an absolute one), or undefined. */
export function mismatch(
  actual: unknown,
  expected: unknown,
  tolerance: number,
  relative: boolean,
  path = '$',
): string | undefined {
  const a = plain(actual);
  if (typeof expected === 'number') {
    if (typeof a !== 'number') return `${path}: expected ${expected}, got ${String(a)}`;
    if (Object.is(a, expected) || a === expected) return undefined;
    // Relative bounds get a floor of a few ulps of 1, so that a claimed 0 accepts a rounding residue.
    const bound = relative ? tolerance * Math.abs(expected) + 4 * Number.EPSILON : tolerance;
    return Math.abs(a - expected) <= bound ? undefined : `${path}: expected ${expected}, got ${a}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(a)) return `${path}: expected an array, got ${describe(a)}`;
    if (a.length !== expected.length) return `${path}: expected length ${expected.length}, got ${a.length}`;
    for (let i = 0; i < expected.length; i++) {
      const m = mismatch(a[i], expected[i], tolerance, relative, `${path}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (expected && typeof expected === 'object') {
    if (!a || typeof a !== 'object') return `${path}: expected an object, got ${describe(a)}`;
    const keys = new Set([...Object.keys(expected), ...Object.keys(a)]);
    for (const key of keys) {
      const e = (expected as Record<string, unknown>)[key];
      const v = (a as Record<string, unknown>)[key];
      if (e === undefined && v === undefined) continue;
      if (e === undefined) return `${path}.${key}: not claimed, got ${describe(v)}`;
      const m = mismatch(v, e, tolerance, relative, `${path}.${key}`);
      if (m) return m;
    }
    return undefined;
  }
  return Object.is(a, expected) ? undefined : `${path}: expected ${describe(expected)}, got ${describe(a)}`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `array of length ${value.length}`;
  return String(value);
}

/** Relative tolerance of exact claims: the doc shows the value, not the last bit of a float. */
const EXACT = 1e-12;

/** Checks `actual` against a claim; a message saying how it differs, or undefined when it holds. */
export function checkClaim(actual: unknown, claim: Claim): string | undefined {
  switch (claim.kind) {
    case 'equal':
      return mismatch(actual, claim.expected, EXACT, true);
    case 'approx':
      return mismatch(actual, claim.expected, claim.tolerance, false);
    case 'one-of':
      return claim.options.some((o) => mismatch(actual, o, EXACT, true) === undefined)
        ? undefined
        : `expected one of ${claim.text}, got ${describe(plain(actual))}`;
    default: {
      const name = (actual as object | null)?.constructor?.name;
      if (name !== claim.type) return `expected a ${claim.type}, got ${name ?? String(actual)}`;
      const length = (actual as ArrayLike<unknown>).length;
      if (claim.length !== undefined && length !== claim.length)
        return `expected ${claim.type}(${claim.length}), got length ${length}`;
      return claim.values ? mismatch(actual, claim.values, EXACT, true) : undefined;
    }
  }
}
