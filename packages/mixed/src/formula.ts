import { InvalidInputError } from '@em/core';

/**
 * A formula that could not be read, with the 0-based character position where reading failed; the
 * message repeats the formula with a caret under that position.
 *
 * @example
 * ```ts
 * import { FormulaError, parseFormula } from '@em/mixed';
 * try {
 *   parseFormula('Reaction ~ Days + (Days | )');
 * } catch (error) {
 *   (error as FormulaError).position; // 26
 * }
 * ```
 */
export class FormulaError extends InvalidInputError {
  /** `'FormulaError'`: a literal, so it survives minification. */
  override name = 'FormulaError';
  /** 0-based character position in the formula. */
  readonly position: number;
  /** The formula as given. */
  readonly formula: string;

  constructor(formula: string, position: number, expected: string, received: string) {
    super('formula', expected, received);
    this.position = position;
    this.formula = formula;
    this.message =
      `Invalid formula at position ${position}: expected ${expected}, received ${printable(received)}.\n` +
      `  ${printable(formula)}\n  ${' '.repeat(position)}^`;
  }
}

/**
 * The text with each control character (C0, DEL, C1) shown as U+FFFD: a message must not carry them
 * to a terminal, and one character for one keeps the caret under its position.
 */
function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? '\ufffd' : ch;
  }
  return out;
}

/**
 * A column name as written in a formula, with where it was written.
 *
 * @example
 * ```ts
 * import { parseFormula, type FormulaName } from '@em/mixed';
 * const response: FormulaName = parseFormula('Reaction ~ Days + (1 | Subject)').response;
 * response; // { "name": "Reaction", "position": 0 }
 * ```
 */
export interface FormulaName {
  /** The column name. */
  name: string;
  /** 0-based character position in the formula. */
  position: number;
}

/**
 * The terms on one side of a bar, or the fixed part: whether there is an intercept, and the terms,
 * each an interaction (product) of one or more columns (`Days`, `a:b`).
 *
 * @example
 * ```ts
 * import { parseFormula, type FormulaTerms } from '@em/mixed';
 * const fixed: FormulaTerms = parseFormula('y ~ x + a:b').fixed;
 * fixed.terms.map((t) => t.map((c) => c.name).join(':')); // ['x', 'a:b']
 * ```
 */
export interface FormulaTerms {
  /** Whether the intercept is in (`1`, the default) or out (`0`, `-1`). */
  intercept: boolean;
  /** The terms other than the intercept. */
  terms: FormulaName[][];
}

/**
 * One random-effect term `(terms | group)` or `(terms || group)`.
 *
 * @example
 * ```ts
 * import { parseFormula, type RandomTerm } from '@em/mixed';
 * const [term]: RandomTerm[] = parseFormula('Reaction ~ Days + (Days | Subject)').random;
 * term!.group.map((g) => g.name); // ['Subject']
 * ```
 */
export interface RandomTerm extends FormulaTerms {
  /** The grouping factor: one column, or the interaction of several (`cask:batch`). */
  group: FormulaName[];
  /** `||`: the terms are uncorrelated (a diagonal covariance). */
  diagonal: boolean;
}

/**
 * A parsed lme4-style formula.
 *
 * @example
 * ```ts
 * import { parseFormula, type ParsedFormula } from '@em/mixed';
 * const f: ParsedFormula = parseFormula('strength ~ 1 + (1 | batch/cask)');
 * f.random.map((r) => r.group.map((g) => g.name).join(':')); // ['batch', 'cask:batch']
 * ```
 */
export interface ParsedFormula {
  /** The response column. */
  response: FormulaName;
  /** The fixed-effects part. */
  fixed: FormulaTerms;
  /** The random-effect terms, nested terms (`a/b`) expanded to `a` and `b:a` as lme4 does. */
  random: RandomTerm[];
}

interface Token {
  kind: 'name' | 'number' | 'op' | 'end';
  text: string;
  position: number;
}

const OPS = ['||', '~', '+', '-', ':', '*', '/', '|', '(', ')'];

function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const op = OPS.find((o) => formula.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, position: i });
      i += op.length;
    } else if (ch === '`') {
      const end = formula.indexOf('`', i + 1);
      if (end < 0) throw new FormulaError(formula, i, 'a closing backtick', 'the end of the formula');
      if (end === i + 1) throw new FormulaError(formula, i, 'a column name between backticks', '``');
      tokens.push({ kind: 'name', text: formula.slice(i + 1, end), position: i });
      i = end + 1;
    } else if (/[0-9]/.test(ch)) {
      const m = /^[0-9][0-9.eE]*/.exec(formula.slice(i))![0];
      tokens.push({ kind: 'number', text: m, position: i });
      i += m.length;
    } else if (/[A-Za-z_.]/.test(ch)) {
      const m = /^[A-Za-z_.][A-Za-z0-9_.]*/.exec(formula.slice(i))![0];
      tokens.push({ kind: 'name', text: m, position: i });
      i += m.length;
    } else {
      throw new FormulaError(
        formula,
        i,
        'a column name, a number or one of ~ + - : * / | ( )',
        JSON.stringify(ch),
      );
    }
  }
  tokens.push({ kind: 'end', text: 'the end of the formula', position: formula.length });
  return tokens;
}

/**
 * Parses an lme4-style formula: `response ~ fixed terms + (terms | group) + …`. Fixed and random
 * terms are column names, interactions `a:b`, crossings `a*b` (= `a + b + a:b`), `1` and `0`/`-1`
 * for the intercept; groups are a column, an interaction `a:b`, or a nesting `a/b` (= `(… | a) +
 * (… | b:a)`); `||` makes a term's effects uncorrelated. Column names with other characters go in
 * backticks. Throws a {@link FormulaError} with the position of the first problem.
 *
 * @param formula The formula text.
 * @returns The response, the fixed part and the random-effect terms.
 *
 * @example
 * ```ts
 * import { parseFormula } from '@em/mixed';
 * const f = parseFormula('Reaction ~ Days + (Days | Subject)');
 * f.response.name;          // 'Reaction'
 * f.fixed.intercept;        // true
 * f.random[0]!.terms[0]![0]!.name; // 'Days'
 * ```
 */
export function parseFormula(formula: string): ParsedFormula {
  if (typeof formula !== 'string')
    throw new InvalidInputError('formula', "a string such as 'y ~ x + (1 | group)'", formula);
  const tokens = tokenize(formula);
  let at = 0;
  const peek = () => tokens[at]!;
  const fail = (expected: string): never => {
    const t = peek();
    throw new FormulaError(formula, t.position, expected, t.kind === 'end' ? t.text : JSON.stringify(t.text));
  };
  const expect = (text: string, expected: string) => {
    if (peek().kind !== 'op' || peek().text !== text) fail(expected);
    at++;
  };
  const name = (expected: string): FormulaName => {
    const t = peek();
    if (t.kind !== 'name') return fail(expected);
    at++;
    return { name: t.text, position: t.position };
  };

  const response = name('the response column name before ~');
  expect('~', "'~' after the response");

  const sum = (inBars: boolean) => {
    const side: FormulaTerms = { intercept: true, terms: [] };
    const random: RandomTerm[] = [];
    let first = true;
    for (;;) {
      let sign = 1;
      const t = peek();
      if (t.kind === 'op' && (t.text === '+' || t.text === '-')) {
        sign = t.text === '-' ? -1 : 1;
        at++;
      } else if (!first) break;
      first = false;
      const u = peek();
      if (u.kind === 'number') {
        if (u.text !== '0' && u.text !== '1') fail("'0' or '1' (the intercept)");
        at++;
        side.intercept = sign > 0 && u.text === '1';
        continue;
      }
      if (sign < 0) fail("'1' after '-' (only the intercept can be removed)");
      if (u.kind === 'op' && u.text === '(') {
        if (inBars) fail('a column name (random-effect terms cannot be nested in parentheses)');
        at++;
        random.push(...bar());
        expect(')', "')' closing the random-effect term");
        continue;
      }
      const product: FormulaName[][] = [
        [name(inBars ? 'a column name, 1 or 0' : 'a column name, 1, 0 or (… | group)')],
      ];
      let crossed = false;
      while (peek().kind === 'op' && (peek().text === ':' || peek().text === '*')) {
        const op = peek().text;
        at++;
        const next = name(`a column name after '${op}'`);
        if (op === '*') {
          crossed = true;
          product.push([next]);
        } else product[product.length - 1]!.push(next);
      }
      if (crossed) {
        // a*b*c: every non-empty subset, in R's order (main effects, then interactions).
        const parts = product;
        const subsets: FormulaName[][] = [];
        for (let mask = 1; mask < 1 << parts.length; mask++) {
          const chosen = parts.filter((_, i) => mask & (1 << i));
          subsets.push(chosen.flat());
        }
        subsets.sort((a, b) => a.length - b.length);
        for (const s of subsets) side.terms.push(s);
      } else side.terms.push(product[0]!);
    }
    return { side, random };
  };

  const bar = (): RandomTerm[] => {
    const { side } = sum(true);
    const t = peek();
    if (t.kind !== 'op' || (t.text !== '|' && t.text !== '||'))
      fail("'|' or '||' followed by the grouping factor");
    at++;
    const diagonal = t.text === '||';
    const levels: FormulaName[][] = [[name('the grouping factor (a column name)')]];
    while (peek().kind === 'op' && (peek().text === ':' || peek().text === '/')) {
      const op = peek().text;
      at++;
      const next = name(`a grouping column after '${op}'`);
      if (op === '/') levels.push([next]);
      else levels[levels.length - 1]!.push(next);
    }
    if (!side.intercept && side.terms.length === 0)
      throw new FormulaError(formula, t.position, 'at least one random-effect term before the bar', "'0 |'");
    // a/b/c → a, b:a, c:b:a (lme4 names the nested factor inner:outer).
    const out: RandomTerm[] = [];
    const acc: FormulaName[] = [];
    for (const group of levels) {
      acc.unshift(...group);
      out.push({ ...side, group: [...acc], diagonal });
    }
    return out;
  };

  const { side: fixed, random } = sum(false);
  if (peek().kind !== 'end') fail("'+', '-' or the end of the formula");
  return { response, fixed, random };
}
