import { z } from 'zod';
import { validateClientOrderId } from '../../domain/orders/client-order-id.js';
import { ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE } from '../../domain/account-name.js';
import type { OrderIntent } from '../../domain/orders/types.js';

// The one check of an order intent at Keel's edges: `keel order place` (after its flags are parsed,
// cli/order-intent.ts) and `startOrder` (client/orders/start-order.ts), which runs it before it
// touches Temporal. A refused intent starts no workflow and writes no ledger row: nothing changes.

/** Numbers at or above this are no quantity or price any venue lists (and lose cents in a double). */
export const MAX_ORDER_NUMBER = 1e15;
/** The latest instant a JavaScript Date holds (epoch ms). */
const MAX_EPOCH_MS = 8_640_000_000_000_000;
/** Run ids and strategy names: search attributes and ledger columns. */
export const MAX_LABEL_LENGTH = 100;
/** Characters that must never reach a terminal, a log line or a search attribute raw. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

export const ORDER_INTENT_FIELDS = [
  'clientOrderId',
  'account',
  'symbol',
  'side',
  'type',
  'quantity',
  'price',
  'timeInForce',
  'runId',
  'strategy',
  'decisionPrice',
  'decisionTime',
  'expireAfterMs',
] as const satisfies readonly (keyof OrderIntent)[];
export type OrderIntentField = (typeof ORDER_INTENT_FIELDS)[number];

/** An error lists at most this many issues (a garbage object can have hundreds of unknown keys). */
const MAX_ISSUES_SHOWN = 12;

/** One thing wrong with an intent: the field (or flag), what was given (escaped, bounded), the fix. */
export interface OrderIntentIssue {
  field: string;
  /** The value given, quoted and escaped, at most ~60 characters; absent when nothing was given. */
  given?: string;
  fix: string;
}

/** An intent refused at the edge; nothing was started or written. Names each field and its fix. */
export class OrderIntentError extends Error {
  readonly issues: readonly OrderIntentIssue[];

  constructor(issues: readonly OrderIntentIssue[]) {
    const shown = issues.slice(0, MAX_ISSUES_SHOWN);
    const more = issues.length - shown.length;
    super(
      `invalid order, nothing was sent:\n  ${shown.map(issueLine).join('\n  ')}${more > 0 ? `\n  (and ${more} more)` : ''}`,
    );
    this.name = 'OrderIntentError';
    this.issues = issues;
  }

  /** The first field named. */
  get field(): string {
    return this.issues[0]?.field ?? 'intent';
  }

  /** The first issue's fix. */
  get fix(): string {
    return this.issues[0]?.fix ?? '';
  }
}

function issueLine(issue: OrderIntentIssue): string {
  return `${issue.field}${issue.given !== undefined ? ` ${issue.given}` : ''}: ${issue.fix}`;
}

/**
 * A value as an error message may show it: strings quoted, every unprintable character (controls,
 * newlines, bidi and zero-width marks, lone surrogates, unusual spaces) escaped as \u{..}, and cut
 * to `max` characters; other values by their kind. Never a raw user string in Keel's output.
 */
export function echoValue(value: unknown, max = 40): string {
  if (typeof value === 'string') {
    const chars = [...value];
    const shown = chars.slice(0, max).map(escapeChar).join('');
    return chars.length > max ? `"${shown}…" (${chars.length} characters)` : `"${shown}"`;
  }
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return '(missing)';
  if (typeof value === 'bigint') return '(a bigint)';
  if (Array.isArray(value)) return '(an array)';
  return `(a ${typeof value})`;
}

function escapeChar(char: string): string {
  if (char === '"' || char === '\\') return `\\${char}`;
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  if (char === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(char)) return char;
  return [...char].map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('');
}

/** A run id or strategy name: 1–100 printable characters, not only spaces. */
export function labelProblem(value: string): string | null {
  if (value.trim() === '') return value === '' ? 'is empty' : 'is blank';
  if (value.trim() !== value) return 'has leading or trailing spaces';
  if ([...value].length > MAX_LABEL_LENGTH) return `is longer than ${MAX_LABEL_LENGTH} characters`;
  if (UNPRINTABLE.test(value)) return 'contains an unprintable character (a control, newline or format mark)';
  return null;
}

const label = z.string().superRefine((value, context) => {
  const problem = labelProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});
const amount = z.number().finite().positive().lt(MAX_ORDER_NUMBER);

/** An order intent as it arrives at an edge (CLI, API): every field checked, unknown fields refused. */
export const OrderIntentInputSchema = z
  .object({
    clientOrderId: z.string().superRefine((id, context) => {
      const problem = validateClientOrderId(id);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
    account: z.string().regex(ACCOUNT_NAME_PATTERN),
    symbol: z.string().regex(/^[A-Z0-9]{2,20}$/),
    side: z.enum(['buy', 'sell']),
    type: z.enum(['market', 'limit']),
    quantity: amount,
    price: amount.optional(),
    timeInForce: z.enum(['GTC', 'IOC', 'FOK']).default('GTC'),
    runId: label.optional(),
    strategy: label.optional(),
    decisionPrice: amount.optional(),
    decisionTime: z.number().int().positive().max(MAX_EPOCH_MS),
    expireAfterMs: z.number().int().positive().optional(),
  })
  .strict();

/** What each field is called where the intent came from: the intent's own names, or the CLI's flags. */
export type OrderIntentFieldNames = Partial<Record<OrderIntentField, string>>;

function fixFor(field: OrderIntentField, name: (field: OrderIntentField) => string, code: string): string {
  const number = 'use a finite number > 0 and below 1e15';
  switch (field) {
    case 'clientOrderId':
      return 'use 1–36 of A-Z a-z 0-9 . : / _ - (e.g. manual-1)';
    case 'account':
      return `use ${ACCOUNT_NAME_RULE}, starting with a letter or digit, at most 63 (e.g. paper)`;
    case 'symbol':
      return 'use an upper-case venue symbol of 2–20 letters and digits, such as BTCUSDT';
    case 'side':
      return 'use buy or sell';
    case 'type':
      return 'use market or limit';
    case 'timeInForce':
      return 'use GTC, IOC or FOK';
    case 'price':
      if (code === 'limit-needs-price') return `a limit order needs a price: give ${name('price')}`;
      if (code === 'market-takes-no-price')
        return `a market order takes no price: drop ${name('price')} or use ${name('type')} limit`;
      return `${number}, or leave it out for a market order`;
    case 'quantity':
    case 'decisionPrice':
      return number;
    case 'runId':
    case 'strategy':
      return `use 1–${MAX_LABEL_LENGTH} printable characters, no leading or trailing spaces, or leave it out`;
    case 'decisionTime':
      return 'use the decision instant as whole epoch milliseconds > 0';
    case 'expireAfterMs':
      return 'use a whole number of milliseconds > 0, or leave it out';
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Checks an order intent from outside (a parsed CLI command, a caller of startOrder) and returns a
 * fresh copy of it, or throws OrderIntentError naming every bad field and its fix. Only the input's
 * own enumerable fields count: inherited ones (a polluted prototype) are never read, and keys such
 * as `__proto__` or `constructor` are unknown fields. Never throws any other error.
 */
export function checkOrderIntent(input: unknown, names: OrderIntentFieldNames = {}): OrderIntent {
  const name = (field: OrderIntentField) => names[field] ?? field;
  let own: Record<string, unknown>;
  try {
    if (!isPlainObject(input))
      throw new OrderIntentError([
        {
          field: 'intent',
          given: echoValue(input),
          fix: `pass a plain object with ${ORDER_INTENT_FIELDS.join(', ')}`,
        },
      ]);
    // A snapshot of the own data fields, on no prototype: a getter runs once, here; nothing inherited.
    own = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(input)) own[key] = input[key];
  } catch (error) {
    if (error instanceof OrderIntentError) throw error;
    throw new OrderIntentError([
      {
        field: 'intent',
        fix: 'pass a plain object whose fields can be read (no throwing getters or proxies)',
      },
    ]);
  }
  const result = OrderIntentInputSchema.safeParse(own);
  // Checked here rather than in the schema, whose refinements do not run while a field is invalid:
  // a limit order without its price is said along with any other problem.
  const priceRule =
    own.type === 'limit' && own.price === undefined
      ? 'limit-needs-price'
      : own.type === 'market' && own.price !== undefined
        ? 'market-takes-no-price'
        : null;
  if (result.success && priceRule === null) return result.data;
  const issues: OrderIntentIssue[] = [];
  const seen = new Set<string>();
  const zodIssues = result.success ? [] : result.error.issues;
  const all = priceRule
    ? [
        ...zodIssues.filter((issue) => issue.path[0] !== 'price'),
        { code: 'custom' as const, path: ['price'], message: priceRule },
      ]
    : zodIssues;
  for (const issue of all) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          field: echoValue(key, 30),
          fix: `not a field of an order intent: remove it (the fields are ${ORDER_INTENT_FIELDS.map(name).join(', ')})`,
        });
      }
      continue;
    }
    const field = issue.path[0];
    if (typeof field !== 'string' || !(ORDER_INTENT_FIELDS as readonly string[]).includes(field)) {
      issues.push({ field: 'intent', fix: 'pass a plain object with the fields of an order intent' });
      continue;
    }
    const known = field as OrderIntentField;
    const code = issue.code === 'custom' ? issue.message : issue.code;
    const base = fixFor(known, name, code);
    // A label's own problem (empty, blank, too long, unprintable) is plain text Keel wrote: say it.
    const fix =
      issue.code === 'custom' && (known === 'runId' || known === 'strategy')
        ? `${issue.message}: ${base}`
        : base;
    if (seen.has(`${known}:${fix}`)) continue;
    seen.add(`${known}:${fix}`);
    const present = Object.hasOwn(own, known) && own[known] !== undefined;
    issues.push({ field: name(known), given: present ? echoValue(own[known]) : '(missing)', fix });
  }
  throw new OrderIntentError(issues);
}
