import { randomBytes } from 'node:crypto';
import { deriveClientOrderId } from '../domain/orders/client-order-id.js';
import type { OrderIntent } from '../domain/orders/types.js';
import {
  checkOrderIntent,
  echoValue,
  labelProblem,
  OrderIntentError,
  type OrderIntentField,
  type OrderIntentIssue,
} from '../contracts/orders/intent-schema.js';

// `keel order place`'s flags → an order intent, strictly. Every flag arrives as text; numbers must be
// plain decimal digits (no sign, exponent, hex/binary/octal prefix, separators, spaces, NaN or
// Infinity), because `Number()` would read `0x10` as 16, `1e3` as 1000 and "" as 0. What the text
// rules let through is then checked by checkOrderIntent, the same check startOrder runs. Any problem
// is an OrderIntentError naming each flag and its fix; docs/cli.md lists the rules.

/** The options commander hands `keel order place` (all text, as typed; --wait and --json switches). */
export interface PlaceFlags {
  account: string;
  symbol: string;
  side: string;
  type: string;
  qty: string;
  price?: string;
  tif?: string;
  clientOrderId?: string;
  run?: string;
  strategy?: string;
  sequence?: string;
  decisionPrice?: string;
  expireAfterMs?: string;
  wait?: boolean;
  json?: boolean;
}

/** Each option's flag on the command line. */
export const PLACE_FLAGS = {
  account: '--account',
  symbol: '--symbol',
  side: '--side',
  type: '--type',
  qty: '--qty',
  price: '--price',
  tif: '--tif',
  clientOrderId: '--client-order-id',
  run: '--run',
  strategy: '--strategy',
  sequence: '--sequence',
  decisionPrice: '--decision-price',
  expireAfterMs: '--expire-after-ms',
  wait: '--wait',
  json: '--json',
} as const satisfies Record<keyof PlaceFlags, string>;
type FlagKey = keyof typeof PLACE_FLAGS;

/** The intent's fields as the CLI names them, for checkOrderIntent's messages. */
export const INTENT_FLAG_NAMES: Record<OrderIntentField, string> = {
  clientOrderId: PLACE_FLAGS.clientOrderId,
  account: PLACE_FLAGS.account,
  symbol: PLACE_FLAGS.symbol,
  side: PLACE_FLAGS.side,
  type: PLACE_FLAGS.type,
  quantity: PLACE_FLAGS.qty,
  price: PLACE_FLAGS.price,
  timeInForce: PLACE_FLAGS.tif,
  runId: PLACE_FLAGS.run,
  strategy: PLACE_FLAGS.strategy,
  decisionPrice: PLACE_FLAGS.decisionPrice,
  decisionTime: 'decision time',
  expireAfterMs: PLACE_FLAGS.expireAfterMs,
};

const REQUIRED: readonly FlagKey[] = ['account', 'symbol', 'side', 'type', 'qty'];
const SWITCHES: readonly FlagKey[] = ['wait', 'json'];

/** No flag value is longer (the longest legitimate one, a run id, is 100). */
export const MAX_FLAG_LENGTH = 200;
/** A decimal flag holds at most this many characters and significant digits (what a double keeps). */
export const MAX_DECIMAL_LENGTH = 32;
export const MAX_SIGNIFICANT_DIGITS = 15;

const DECIMAL = /^\d+(?:\.\d+)?$/;
const WHOLE = /^\d+$/;

/** What to give when a text flag is empty. */
const GIVE: Partial<Record<FlagKey, string>> = {
  account: 'give an account name such as paper',
  symbol: 'give a venue symbol such as BTCUSDT',
  side: 'give buy or sell',
  type: 'give market or limit',
  tif: 'give GTC, IOC or FOK, or leave --tif out (GTC)',
  clientOrderId: 'give 1–36 of A-Z a-z 0-9 . : / _ -, or leave --client-order-id out for a fresh id',
  run: 'give the run id, or leave --run out',
  strategy: 'give the strategy name, or leave --strategy out',
};

const DECIMAL_FIX =
  'use a number > 0 in plain decimal digits, e.g. 0.5 (no sign, exponent, hex, separators or spaces)';

function decimalProblem(text: string): string | null {
  if (text === '') return 'is empty: use a number > 0, e.g. 0.5';
  if (text.length > MAX_DECIMAL_LENGTH)
    return `is too long: ${DECIMAL_FIX}, at most ${MAX_SIGNIFICANT_DIGITS} significant digits`;
  if (!DECIMAL.test(text)) return DECIMAL_FIX;
  const digits = text.replace('.', '').replace(/^0+/, '');
  const significant = (text.includes('.') ? digits.replace(/0+$/, '') : digits).length;
  if (significant > MAX_SIGNIFICANT_DIGITS)
    return `has more than ${MAX_SIGNIFICANT_DIGITS} significant digits: round it to at most ${MAX_SIGNIFICANT_DIGITS}`;
  if (Number(text) === 0) return 'use a number > 0';
  return null;
}

function wholeProblem(text: string, min: 0 | 1, what: string, example: string): string | null {
  const fix = `use a whole number ${min === 0 ? '≥ 0' : '> 0'}${what} in decimal digits, e.g. ${example}`;
  if (text === '') return `is empty: ${fix}`;
  if (text.length > 16) return `is too long: ${fix}`;
  if (!WHOLE.test(text)) return `${fix} (no sign, exponent, fraction, hex, separators or spaces)`;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) return `is too large: ${fix}, at most ${Number.MAX_SAFE_INTEGER}`;
  if (value < min) return fix;
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function ownFlags(flags: unknown): Record<string, unknown> {
  try {
    if (!isPlainObject(flags)) throw new TypeError('not a plain object');
    const own = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(flags)) own[key] = flags[key];
    return own;
  } catch {
    throw new OrderIntentError([
      { field: 'flags', fix: 'pass the options of keel order place as a plain object' },
    ]);
  }
}

export interface IntentFromFlagsContext {
  /** The decision instant (epoch ms); the CLI replaces it with the venue's clock before starting. */
  now?: () => number;
  /** A fresh client order id for a manual order (neither --client-order-id nor --sequence given). */
  newClientOrderId?: () => string;
}

/** A fresh id for a manual order: `m-<time base 36>-<6 hex>`, 17 characters. */
export function manualClientOrderId(): string {
  return `m-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/**
 * The intent `keel order place` asks for, or an OrderIntentError naming every bad flag and its fix.
 * The client order id is --client-order-id; or, with --run, --strategy and --sequence, derived from
 * the three (the same decision always gets the same id, so placing it twice joins); or a fresh one.
 * --sequence and --client-order-id exclude each other. Never throws any other error.
 */
export function intentFromFlags(flags: unknown, context: IntentFromFlagsContext = {}): OrderIntent {
  const own = ownFlags(flags);
  const issues: OrderIntentIssue[] = [];
  const bad = new Set<string>();
  const refuse = (key: FlagKey, fix: string, given?: unknown) => {
    bad.add(PLACE_FLAGS[key]);
    issues.push({
      field: PLACE_FLAGS[key],
      ...(given !== undefined ? { given: echoValue(given) } : {}),
      fix,
    });
  };

  for (const key of Object.keys(own)) {
    if (!Object.hasOwn(PLACE_FLAGS, key)) {
      const shown = echoValue(key, 30);
      issues.push({
        field: shown,
        fix: 'not an option of keel order place: remove it (see keel order place --help)',
      });
      bad.add(shown);
    }
  }

  // Text values, each a string of bounded length; switches are true or false.
  const text: Partial<Record<FlagKey, string>> = {};
  for (const key of Object.keys(PLACE_FLAGS) as FlagKey[]) {
    const value = own[key];
    if (SWITCHES.includes(key)) {
      if (value !== undefined && typeof value !== 'boolean')
        refuse(key, `is a switch: give ${PLACE_FLAGS[key]} alone, without a value`, value);
      continue;
    }
    if (value === undefined) {
      if (REQUIRED.includes(key)) refuse(key, `is required: ${GIVE[key] ?? 'give a number > 0, e.g. 0.5'}`);
      continue;
    }
    if (typeof value !== 'string') {
      refuse(key, 'expected text: give the flag a value', value);
      continue;
    }
    if (value.length > MAX_FLAG_LENGTH) {
      refuse(key, `is too long: at most ${MAX_FLAG_LENGTH} characters`, value);
      continue;
    }
    text[key] = value;
  }

  // Numbers: plain decimals, checked as text before any conversion.
  const decimal = (key: 'qty' | 'price' | 'decisionPrice'): number | undefined => {
    const raw = text[key];
    if (raw === undefined) return undefined;
    const problem = decimalProblem(raw);
    if (problem) {
      refuse(key, problem, raw);
      return undefined;
    }
    return Number(raw);
  };
  const quantity = decimal('qty');
  const price = decimal('price');
  const decisionPrice = decimal('decisionPrice');
  let expireAfterMs: number | undefined;
  if (text.expireAfterMs !== undefined) {
    const problem = wholeProblem(text.expireAfterMs, 1, ' of milliseconds', '60000');
    if (problem) refuse('expireAfterMs', problem, text.expireAfterMs);
    else expireAfterMs = Number(text.expireAfterMs);
  }

  // Empty text flags: said plainly, rather than as a pattern the empty string misses.
  for (const key of ['account', 'symbol', 'side', 'type', 'tif', 'clientOrderId', 'run', 'strategy'] as const)
    if (text[key] !== undefined && text[key].trim() === '')
      refuse(key, `is ${text[key] === '' ? 'empty' : 'blank'}: ${GIVE[key]}`, text[key]);

  // The client order id: given, derived from --run/--strategy/--sequence, or fresh.
  let clientOrderId = text.clientOrderId;
  if (own.sequence !== undefined) {
    if (own.clientOrderId !== undefined)
      refuse(
        'sequence',
        'cannot be combined with --client-order-id: give --client-order-id alone, or --run, --strategy and --sequence to derive the id',
      );
    else if (own.run === undefined || own.strategy === undefined)
      refuse('sequence', 'needs --run and --strategy as well (the id is derived from all three)');
    if (text.sequence !== undefined) {
      const problem = wholeProblem(text.sequence, 0, '', '7');
      if (problem) refuse('sequence', problem, text.sequence);
      else if (
        !bad.has(PLACE_FLAGS.sequence) &&
        text.run !== undefined &&
        text.strategy !== undefined &&
        labelProblem(text.run) === null &&
        labelProblem(text.strategy) === null
      )
        clientOrderId = deriveClientOrderId({
          runId: text.run,
          strategy: text.strategy,
          sequence: Number(text.sequence),
        });
    }
  }
  if (clientOrderId === undefined && own.clientOrderId === undefined && own.sequence === undefined)
    clientOrderId = (context.newClientOrderId ?? manualClientOrderId)();

  const candidate: Record<string, unknown> = {
    clientOrderId,
    account: text.account,
    symbol: text.symbol,
    side: text.side,
    type: text.type,
    quantity,
    price,
    timeInForce: text.tif ?? 'GTC',
    runId: text.run,
    strategy: text.strategy,
    decisionPrice,
    decisionTime: (context.now ?? Date.now)(),
    expireAfterMs,
  };
  for (const key of Object.keys(candidate)) if (candidate[key] === undefined) delete candidate[key];
  // The schema's view of what the text rules already refused (a missing number, an id not derived)
  // would only repeat them.
  if (own.sequence !== undefined && clientOrderId === undefined) bad.add(PLACE_FLAGS.clientOrderId);
  try {
    const intent = checkOrderIntent(candidate, INTENT_FLAG_NAMES);
    if (issues.length === 0) return intent;
  } catch (error) {
    if (!(error instanceof OrderIntentError)) throw error;
    issues.push(...error.issues.filter((issue) => !bad.has(issue.field)));
  }
  throw new OrderIntentError(
    issues.length > 0 ? issues : [{ field: 'flags', fix: 'check the flags against keel order place --help' }],
  );
}
