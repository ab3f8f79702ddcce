// Cell-level checks for the exported CSV files, run when a package is re-read after writing. A
// package is only marked verified when every cell parses back as its column's type: a consumer
// loading it into a warehouse must never be the first to find "NaN" in a numeric column.
import { parseExportDate } from './package-layout.js';

export type CellType = 'text' | 'integer' | 'decimal' | 'float' | 'timestamp' | 'date' | 'boolean';

export interface ColumnSpec {
  name: string;
  type: CellType;
  nullable: boolean;
  /** When given, the only values the column may hold (an enum exported as text). */
  values?: readonly string[];
}

const INTEGER = /^-?\d+$/;
// PostgreSQL numeric's text form: never an exponent, so the exact digits survive a reload.
const DECIMAL = /^-?\d+(\.\d+)?$/;
// What String(number) and PostgreSQL float8 write for finite values; rules out hex, '+1', '.5', ' 1'.
const FLOAT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_SHOWN = 60;

/** The raw cell quoted for a reason, cut short so one huge cell cannot flood a verification report. */
function shown(raw: string): string {
  return JSON.stringify(raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN)}…` : raw);
}

function typeProblem(type: CellType, raw: string): string | null {
  switch (type) {
    case 'text':
      return null;
    case 'integer':
      return INTEGER.test(raw) ? null : `expected an integer, got ${shown(raw)}`;
    case 'decimal':
      return DECIMAL.test(raw) ? null : `expected a decimal number, got ${shown(raw)}`;
    case 'float':
      // The regex admits '1e999', which reads back as Infinity.
      return FLOAT.test(raw) && Number.isFinite(Number(raw))
        ? null
        : `expected a finite number, got ${shown(raw)}`;
    case 'timestamp':
      return isCanonicalInstant(raw)
        ? null
        : `expected a UTC timestamp YYYY-MM-DDTHH:MM:SS.sssZ, got ${shown(raw)}`;
    case 'date':
      return parseExportDate(raw).ok ? null : `expected a date YYYY-MM-DD, got ${shown(raw)}`;
    case 'boolean':
      return raw === 'true' || raw === 'false' ? null : `expected true or false, got ${shown(raw)}`;
  }
}

/** Exactly what toISOString writes: Date alone would accept 24:00 or February 30th and roll them over. */
function isCanonicalInstant(raw: string): boolean {
  if (!TIMESTAMP.test(raw)) return false;
  const ms = new Date(raw).getTime();
  return Number.isFinite(ms) && new Date(ms).toISOString() === raw;
}

/**
 * null when the raw CSV cell is valid for the column; else a short reason (e.g. 'expected a
 * decimal number, got "1e5"'). An empty string is SQL NULL: valid only when nullable, and a NULL
 * is not checked against `values` (the column may be null; it is not an unknown enum member).
 */
export function checkCell(column: ColumnSpec, raw: string): string | null {
  if (raw === '') return column.nullable ? null : 'empty cell (NULL) in a non-nullable column';
  const problem = typeProblem(column.type, raw);
  if (problem !== null) return problem;
  if (column.values !== undefined && !column.values.includes(raw))
    return `expected one of ${column.values.map((value) => JSON.stringify(value)).join(', ')}, got ${shown(raw)}`;
  return null;
}

/**
 * The first problem of a header row against the expected columns (missing, extra, duplicate, out
 * of order), or null. Names must match exactly, in order: consumers read columns by position.
 */
export function checkHeader(expected: readonly ColumnSpec[], actual: readonly string[]): string | null {
  const expectedNames = new Set(expected.map((column) => column.name));
  const actualNames = new Set(actual);
  const seen = new Set<string>();
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const want = expected[i]?.name;
    const got = actual[i];
    const position = i + 1;
    if (got !== undefined && seen.has(got))
      return `duplicate column ${JSON.stringify(got)} at position ${position}`;
    if (got !== undefined) seen.add(got);
    if (want === got) continue;
    if (got === undefined || (want !== undefined && !actualNames.has(want)))
      return `missing column ${JSON.stringify(want)} (expected at position ${position})`;
    if (want === undefined || !expectedNames.has(got))
      return `unexpected column ${JSON.stringify(got)} at position ${position}`;
    return `columns out of order: position ${position} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
  }
  return null;
}
