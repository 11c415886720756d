import { describeValue, InvalidInputError, InvalidOptionError } from '@em/core';
import { FormulaError, type FormulaName, type FormulaTerms, type ParsedFormula } from './formula.js';

/**
 * A column-oriented table: column name → values (numbers for covariates and responses; strings,
 * numbers or booleans for grouping factors and categorical fixed effects). Every column has the same
 * length.
 *
 * @example
 * ```ts
 * import type { Table } from '@em/mixed';
 * const data: Table = { Reaction: [249.6, 258.7, 250.8], Days: [0, 1, 2], Subject: ['308', '308', '308'] };
 * ```
 */
export type Table = Readonly<Record<string, ArrayLike<number | string | boolean>>>;

/**
 * One factor of a model-matrix column: a numeric column's value, or the indicator of a level.
 *
 * @example
 * ```ts
 * import type { ColumnPart } from '@em/mixed';
 * const part: ColumnPart = { column: 'sample', kind: 'level', level: 'B' };
 * ```
 */
export type ColumnPart =
  | { column: string; kind: 'numeric' }
  | { column: string; kind: 'level'; level: string };

/**
 * How to compute one model-matrix column from a table: the product of its parts (none = 1).
 *
 * @example
 * ```ts
 * import type { ColumnRecipe } from '@em/mixed';
 * const days: ColumnRecipe = { name: 'Days', parts: [{ column: 'Days', kind: 'numeric' }] };
 * ```
 */
export interface ColumnRecipe {
  /** The column's name as R prints it (`(Intercept)`, `Days`, `sampleB`, `a:b`). */
  name: string;
  /** The factors multiplied together. */
  parts: ColumnPart[];
}

/** The value of a cell as a level label. */
export function levelLabel(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

/** Sorted distinct labels: numerically when every label is a number, else by code unit (R's C locale). */
export function sortLevels(labels: Iterable<string>): string[] {
  const out = [...new Set(labels)];
  const numeric = out.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return numeric
    ? out.sort((a, b) => Number(a) - Number(b))
    : out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Checks a table and returns its row count. */
export function tableRows(table: Table, argument = 'data'): number {
  if (typeof table !== 'object' || table === null || Array.isArray(table) || ArrayBuffer.isView(table))
    throw new InvalidInputError(argument, 'a column-oriented table { column: values[] }', table);
  let n = -1;
  let first = '';
  for (const [name, col] of Object.entries(table)) {
    if (!Array.isArray(col) && !(ArrayBuffer.isView(col) && !(col instanceof DataView)))
      throw new InvalidInputError(`${argument}.${name}`, 'an array of values', col);
    const len = (col as ArrayLike<unknown>).length;
    if (n < 0) {
      n = len;
      first = name;
    } else if (len !== n)
      throw new InvalidInputError(`${argument}.${name}`, `${n} values (as column ${first})`, `${len} values`);
  }
  if (n <= 0) throw new InvalidInputError(argument, 'a table with at least one column and one row', table);
  return n;
}

function column(formula: string, table: Table, ref: FormulaName): ArrayLike<unknown> {
  const col = Object.hasOwn(table, ref.name) ? table[ref.name] : undefined;
  if (col === undefined) {
    const names = Object.keys(table);
    throw new FormulaError(
      formula,
      ref.position,
      `a column of the table (${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''})`,
      `unknown column ${JSON.stringify(ref.name)}`,
    );
  }
  return col;
}

/** Whether a column is numeric (every value a number); a number column must be finite throughout. */
function isNumeric(col: ArrayLike<unknown>, name: string, argument: string): boolean {
  const n = col.length;
  let numbers = 0;
  for (let i = 0; i < n; i++) if (typeof col[i] === 'number') numbers++;
  if (numbers === 0) {
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (typeof v !== 'string' && typeof v !== 'boolean')
        throw new InvalidInputError(`${argument}.${name}`, 'a string, number or boolean (a level)', v, {
          row: i,
        });
    }
    return false;
  }
  for (let i = 0; i < n; i++) {
    const v = col[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InvalidInputError(
        `${argument}.${name}`,
        'a finite number (missing values are not supported)',
        v,
        {
          row: i,
        },
      );
  }
  return true;
}

/**
 * The model-matrix recipes of a fixed part or of a random term's left side: treatment contrasts
 * against the first (sorted) level for categorical columns, full indicator coding for the first
 * categorical main effect of a model without intercept (as R's `model.matrix`).
 */
export function termRecipes(
  formula: string,
  table: Table,
  side: FormulaTerms,
  argument = 'data',
): ColumnRecipe[] {
  const recipes: ColumnRecipe[] = side.intercept ? [{ name: '(Intercept)', parts: [] }] : [];
  let fullCodingUsed = side.intercept;
  for (const term of side.terms) {
    let combos: ColumnRecipe[] = [{ name: '', parts: [] }];
    const mainEffect = term.length === 1;
    for (const ref of term) {
      const col = column(formula, table, ref);
      let choices: ColumnRecipe[];
      if (isNumeric(col, ref.name, argument))
        choices = [{ name: ref.name, parts: [{ column: ref.name, kind: 'numeric' }] }];
      else {
        const levels = sortLevels(Array.from(col as ArrayLike<unknown>, levelLabel));
        const full = mainEffect && !fullCodingUsed;
        if (mainEffect) fullCodingUsed = true;
        choices = (full ? levels : levels.slice(1)).map((level) => ({
          name: `${ref.name}${level}`,
          parts: [{ column: ref.name, kind: 'level', level }],
        }));
      }
      const next: ColumnRecipe[] = [];
      for (const c of combos)
        for (const ch of choices)
          next.push({ name: c.name ? `${c.name}:${ch.name}` : ch.name, parts: [...c.parts, ...ch.parts] });
      combos = next;
    }
    recipes.push(...combos);
  }
  return recipes;
}

/** Fills an n × cols row-major matrix from recipes (columns already validated). */
export function buildColumns(
  table: Table,
  recipes: ColumnRecipe[],
  n: number,
  argument = 'data',
): Float64Array {
  const cols = recipes.length;
  const out = new Float64Array(n * cols);
  recipes.forEach((r, j) => {
    for (let i = 0; i < n; i++) out[i * cols + j] = 1;
    for (const part of r.parts) {
      const col = Object.hasOwn(table, part.column) ? table[part.column] : undefined;
      if (col === undefined)
        throw new InvalidInputError(
          argument,
          `a column named ${JSON.stringify(part.column)}`,
          'no such column',
        );
      if (col.length !== n)
        throw new InvalidInputError(`${argument}.${part.column}`, `${n} values`, `${col.length} values`);
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (part.kind === 'numeric') {
          if (typeof v !== 'number' || !Number.isFinite(v))
            throw new InvalidInputError(`${argument}.${part.column}`, 'a finite number', v, { row: i });
          out[i * cols + j]! *= v;
        } else if (levelLabel(v) !== part.level) out[i * cols + j] = 0;
      }
    }
  });
  return out;
}

/** Each row's label of a grouping factor (one column, or several joined by ':'). */
export function groupLabels(
  formula: string,
  table: Table,
  group: FormulaName[],
  n: number,
  argument = 'data',
): string[] {
  const cols = group.map((g) => column(formula, table, g));
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let label = '';
    for (let c = 0; c < cols.length; c++) {
      const v = cols[c]![i];
      if (!(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))))
        throw new InvalidInputError(
          `${argument}.${group[c]!.name}`,
          'a level (string, finite number or boolean)',
          v,
          {
            row: i,
          },
        );
      label = c === 0 ? levelLabel(v) : `${label}:${levelLabel(v)}`;
    }
    out[i] = label;
  }
  return out;
}

/** The response column as numbers. */
export function responseColumn(
  formula: string,
  table: Table,
  parsed: ParsedFormula,
  n: number,
): Float64Array {
  const col = column(formula, table, parsed.response);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = col[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InvalidInputError(`data.${parsed.response.name}`, 'a finite number (the response)', v, {
        row: i,
      });
    y[i] = v;
  }
  return y;
}

/** Validates a string option against a list. */
export function oneOf<T extends string>(
  option: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new InvalidOptionError(option, allowed.map((a) => `'${a}'`).join(' or '), value);
  return value as T;
}

export { describeValue };
