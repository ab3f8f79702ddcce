import fc from 'fast-check';
import { ACCOUNT_NAME_PATTERN } from '../../domain/account-name.js';
import { validateClientOrderId } from '../../domain/orders/client-order-id.js';
import { ORDER_INTENT_FIELDS } from '../../contracts/orders/intent-schema.js';
import { PLACE_FLAGS } from '../../cli/order-intent.js';

// Malformed `keel order place` flag sets and malformed order-intent objects for the fuzz test of the
// start path (test/integration/order-intent-fuzz.test.ts). Each case carries the fields its error must
// name. Each is malformed by construction: a valid base with one to three corruptions, each judged
// malformed by the oracles below, written from the documented rules (docs/cli.md), not from the code.

/** A malformed input and what the error must name (a flag such as --qty, a field, or a quoted key). */
export interface MalformedCase<T> {
  input: T;
  names: string[];
  /** What was done to the base, for the failure message. */
  what: string[];
}

// ---------------------------------------------------------------------------------------------
// Oracles: the documented rules.

/** A well-formed decimal flag: plain digits, at most 15 significant, > 0 and below 1e15. */
export function isWellFormedDecimal(text: string): boolean {
  if (!/^\d+(\.\d+)?$/.test(text) || text.length > 32) return false;
  const [whole = '', fraction = ''] = text.split('.');
  const significant = `${whole}${fraction.replace(/0+$/, '')}`.replace(/^0+/, '');
  return significant.length <= 15 && Number(text) > 0 && Number(text) < 1e15;
}

/** A well-formed whole-number flag (>= min), in decimal digits, a safe integer. */
export function isWellFormedWhole(text: string, min: number): boolean {
  return /^\d{1,16}$/.test(text) && Number.isSafeInteger(Number(text)) && Number(text) >= min;
}

/** A run id or strategy: 1–100 printable characters, no leading or trailing spaces. */
export function isWellFormedLabel(text: string): boolean {
  return (
    text.length > 0 &&
    [...text].length <= 100 &&
    text.trim() === text &&
    !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u.test(text)
  );
}

const SYMBOL = /^[A-Z0-9]{2,20}$/;

// ---------------------------------------------------------------------------------------------
// Garbage.

/** Text a careless or hostile user types: empty, blank, unicode, control characters, huge, odd numbers. */
export const garbageText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t',
    '  \n ',
    'NaN',
    'nan',
    'Infinity',
    '-Infinity',
    '-1',
    '0',
    '-0',
    '0.0',
    '+1',
    '1e3',
    '1E5',
    '1e-400',
    '1e309',
    '0x10',
    '0X1f',
    '0b1',
    '0o7',
    '1_000',
    '1,5',
    '1.2.3',
    '.5',
    '5.',
    '١٢٣',
    '１２',
    '½',
    ' 1',
    '1 ',
    '1\n',
    'null',
    'undefined',
    'true',
    '[]',
    '{}',
    '%s%n',
    '$(reboot)',
    '; rm -rf /',
    '../../etc/passwd',
    '9'.repeat(40),
    '9'.repeat(400),
    '1'.repeat(16),
    '0.' + '0'.repeat(300) + '1',
    'x'.repeat(5_000),
    '💥',
    '\u0007bell',
    '\u001b[31mred\u001b[0m',
    '\u202eevil',
    'zero\u200bwidth',
    'line\u2028sep',
    '\uFFFF',
    '\uD800',
    'e\u0301\u0301\u0301\u0301',
    'BUY',
    'Buy',
    'LIMIT',
    'gtc',
    'btcusdt',
    'BTC/USDT',
    'Paper',
    'paper ',
    '--json',
    '-',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.double().map(String),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc
    .tuple(fc.integer({ min: -99, max: 99 }), fc.integer({ min: -400, max: 400 }))
    .map(([m, e]) => `${m}e${e}`),
  fc.nat().map((n) => `0x${n.toString(16)}`),
);

/** Numbers no order may carry: NaN, infinities, zero and negatives, huge, and the smallest below 0. */
export const badNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Infinity,
    -Infinity,
    0,
    -0,
    -1,
    -Number.MIN_VALUE,
    1e15,
    1e300,
    Number.MAX_VALUE,
    Number.MAX_SAFE_INTEGER * 4,
  ),
  fc.double({ max: 0 }),
  fc.double({ min: 1e15, noNaN: true }),
  fc.integer({ max: 0 }),
);

/** Values of the wrong type for any field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, [], {}, ['1'], { value: 1 }, 5n, () => 1, Symbol('s')),
  fc.constant(new Date(0)),
  fc.constant(new Number(1)),
  fc.constant(new String('buy')),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 1, maxKeys: 3 }),
);

/** Keys that are no field at all, prototype-pollution keys first among them. */
export const strangerKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    '__defineGetter__',
    'qty',
    'Quantity',
    'client_order_id',
    'clientOrderID',
    'time_in_force',
    '',
    ' ',
    '\u0000',
    '💥',
    'x'.repeat(300),
  ),
  fc.string({ minLength: 1, maxLength: 20 }),
);

/** `object` with `key` as an own, enumerable data property (even `__proto__`). */
function withOwn<T extends object>(object: T, key: string, value: unknown): T {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

// ---------------------------------------------------------------------------------------------
// Flag sets (`keel order place`'s options as commander hands them over).

export type Flags = Record<string, unknown>;

// The CLI's own flag names: a malformed set names the flags the CLI reads.
const FLAG = PLACE_FLAGS;
const FLAG_KEYS = Object.keys(FLAG);

/** A limit buy of 0.01 BTCUSDT at 100 for `account`, as commander hands it over (--tif defaulted). */
export function validFlags(account: string): Flags {
  return { account, symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.01', price: '100', tif: 'GTC' };
}

type Corruption<T> = { group: string; apply: (input: T) => T; names: string[]; what: string };

const corruption = <T>(group: string, names: string[], what: string, apply: (input: T) => T) => ({
  group,
  names,
  what,
  apply,
});

const text = (accept: (value: string) => boolean) => garbageText.filter((value) => !accept(value));

/** One corruption of a flag set, from one group of flags (corruptions of distinct groups never interact). */
const flagCorruption: fc.Arbitrary<Corruption<Flags>> = fc.oneof(
  // Numbers.
  ...(['qty', 'price', 'decisionPrice'] as const).map((key) =>
    text(isWellFormedDecimal).map((value) =>
      corruption<Flags>(
        key === 'price' ? 'price' : key,
        [FLAG[key]],
        `${key}=${JSON.stringify(value)}`,
        (f) => ({
          ...f,
          [key]: value,
        }),
      ),
    ),
  ),
  text((value) => isWellFormedWhole(value, 1)).map((value) =>
    corruption<Flags>('expire', ['--expire-after-ms'], `expireAfterMs=${JSON.stringify(value)}`, (f) => ({
      ...f,
      expireAfterMs: value,
    })),
  ),
  // Words.
  text((value) => ACCOUNT_NAME_PATTERN.test(value)).map((value) =>
    corruption<Flags>('account', ['--account'], `account=${JSON.stringify(value)}`, (f) => ({
      ...f,
      account: value,
    })),
  ),
  text((value) => SYMBOL.test(value)).map((value) =>
    corruption<Flags>('symbol', ['--symbol'], `symbol=${JSON.stringify(value)}`, (f) => ({
      ...f,
      symbol: value,
    })),
  ),
  text((value) => value === 'buy' || value === 'sell').map((value) =>
    corruption<Flags>('side', ['--side'], `side=${JSON.stringify(value)}`, (f) => ({ ...f, side: value })),
  ),
  text((value) => value === 'market' || value === 'limit').map((value) =>
    corruption<Flags>('price', ['--type'], `type=${JSON.stringify(value)}`, (f) => ({ ...f, type: value })),
  ),
  text((value) => ['GTC', 'IOC', 'FOK'].includes(value)).map((value) =>
    corruption<Flags>('tif', ['--tif'], `tif=${JSON.stringify(value)}`, (f) => ({ ...f, tif: value })),
  ),
  // Price against type.
  fc.constant(
    corruption<Flags>('price', ['--price'], 'limit without --price', (f) => {
      const { price: _price, ...rest } = f;
      return rest;
    }),
  ),
  fc.constant(
    corruption<Flags>('price', ['--price'], 'market with --price', (f) => ({
      ...f,
      type: 'market',
      price: '100',
    })),
  ),
  // The client order id and what derives it.
  text((value) => validateClientOrderId(value) === null).map((value) =>
    corruption<Flags>('id', ['--client-order-id'], `clientOrderId=${JSON.stringify(value)}`, (f) => ({
      ...f,
      clientOrderId: value,
    })),
  ),
  fc.nat().map((n) =>
    corruption<Flags>('id', ['--sequence'], `sequence ${n} and --client-order-id`, (f) => ({
      ...f,
      run: 'r-1',
      strategy: 'manual',
      sequence: String(n),
      clientOrderId: 'manual-1',
    })),
  ),
  fc.tuple(fc.nat().map(String), fc.constantFrom('run', 'strategy', 'both')).map(([sequence, dropped]) =>
    corruption<Flags>('id', ['--sequence'], `sequence without ${dropped}`, (f) => ({
      ...f,
      sequence,
      // Only the one not dropped is given.
      ...(dropped === 'strategy' ? { run: 'r-1' } : {}),
      ...(dropped === 'run' ? { strategy: 'manual' } : {}),
    })),
  ),
  text((value) => isWellFormedWhole(value, 0)).map((value) =>
    corruption<Flags>('id', ['--sequence'], `sequence=${JSON.stringify(value)}`, (f) => ({
      ...f,
      run: 'r-1',
      strategy: 'manual',
      sequence: value,
    })),
  ),
  fc
    .tuple(text(isWellFormedLabel), fc.constantFrom('run', 'strategy'), fc.boolean())
    .map(([value, key, withSequence]) =>
      corruption<Flags>(
        'id',
        [FLAG[key]],
        `${key}=${JSON.stringify(value)}${withSequence ? ' with --sequence' : ''}`,
        (f) => ({
          ...f,
          run: 'r-1',
          strategy: 'manual',
          ...(withSequence ? { sequence: '3' } : {}),
          [key]: value,
        }),
      ),
    ),
  // A required flag left out.
  fc
    .constantFrom('account', 'symbol', 'side', 'type', 'qty')
    .map((key) =>
      corruption<Flags>(key === 'type' ? 'price' : key, [FLAG[key as keyof typeof FLAG]], `no ${key}`, (f) =>
        Object.fromEntries(Object.entries(f).filter(([name]) => name !== key)),
      ),
    ),
  // Values of the wrong type (commander hands over text; a caller of intentFromFlags might not).
  fc
    .tuple(fc.constantFrom(...FLAG_KEYS.filter((key) => key !== 'wait' && key !== 'json')), wrongType)
    .map(([key, value]) =>
      corruption<Flags>(
        groupOfFlag(key),
        [FLAG[key as keyof typeof FLAG]],
        `${key} of the wrong type`,
        (f) => ({
          ...f,
          [key]: value,
        }),
      ),
    ),
  fc
    .tuple(fc.constantFrom('wait', 'json'), fc.oneof(garbageText, wrongType))
    .filter(([, value]) => typeof value !== 'boolean')
    .map(([key, value]) =>
      corruption<Flags>(`switch-${key}`, [FLAG[key]], `${key} with a value`, (f) => ({
        ...f,
        [key]: value,
      })),
    ),
  // A key that is no flag.
  fc
    .tuple(
      strangerKey.filter((key) => !FLAG_KEYS.includes(key)),
      fc.oneof(garbageText, wrongType),
    )
    .map(([key, value]) =>
      corruption<Flags>(`stranger-${key}`, [quoted(key)], `unknown key ${JSON.stringify(key)}`, (f) =>
        withOwn({ ...f }, key, value),
      ),
    ),
);

function groupOfFlag(key: string): string {
  if (key === 'type') return 'price';
  if (['clientOrderId', 'run', 'strategy', 'sequence'].includes(key)) return 'id';
  if (key === 'expireAfterMs') return 'expire';
  return key;
}

/** How an error shows a key it does not know: quoted, escaped, cut (echoValue's rule, in short). */
function quoted(key: string): string {
  const plain: string[] = [];
  for (const c of [...key].slice(0, 30)) {
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c) || c === '"' || c === '\\') break;
    plain.push(c);
  }
  return `"${plain.join('')}`;
}

function malformed<T>(
  base: () => T,
  corruptions: fc.Arbitrary<Corruption<T>>,
  maxCorruptions: number,
): fc.Arbitrary<MalformedCase<T>> {
  return fc
    .uniqueArray(corruptions, { minLength: 1, maxLength: maxCorruptions, selector: (c) => c.group })
    .map((chosen) => ({
      input: chosen.reduce((input, c) => c.apply(input), base()),
      names: chosen.flatMap((c) => c.names),
      what: chosen.map((c) => c.what),
    }));
}

/** Malformed flag sets: a valid limit order's flags with one to three corruptions of distinct flags. */
export function malformedFlags(account: string, maxCorruptions = 3): fc.Arbitrary<MalformedCase<Flags>> {
  return malformed(() => validFlags(account), flagCorruption, maxCorruptions);
}

/** Well-formed flag sets, of every shape the rules allow: the parser must accept each. */
export function wellFormedFlags(): fc.Arbitrary<Flags> {
  const decimal = fc
    .tuple(
      fc.integer({ min: 0, max: 9_999_999 }),
      fc.option(fc.stringMatching(/^\d{1,7}$/), { nil: undefined }),
    )
    .map(([whole, fraction]) => (fraction === undefined ? String(whole) : `${whole}.${fraction}`))
    .filter(isWellFormedDecimal);
  const label = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,40}[A-Za-z0-9]$/);
  return fc
    .record({
      account: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,30}$/),
      symbol: fc.stringMatching(/^[A-Z0-9]{2,20}$/),
      side: fc.constantFrom('buy', 'sell'),
      tif: fc.constantFrom('GTC', 'IOC', 'FOK'),
      qty: decimal,
      limit: fc.option(decimal, { nil: undefined }),
      id: fc.oneof(
        fc.constant({}),
        fc.stringMatching(/^[.A-Za-z0-9:/_-]{1,36}$/).map((clientOrderId) => ({ clientOrderId })),
        fc
          .tuple(label, label, fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)))
          .map(([run, strategy, n]) => ({ run, strategy, sequence: String(n) })),
        label.map((run) => ({ run })),
      ),
      decisionPrice: fc.option(decimal, { nil: undefined }),
      expireAfterMs: fc.option(fc.integer({ min: 1, max: 2 ** 40 }).map(String), { nil: undefined }),
      wait: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(({ limit, id, ...rest }) => {
      const flags: Flags = { ...rest, type: limit === undefined ? 'market' : 'limit', ...id };
      if (limit !== undefined) flags.price = limit;
      for (const key of Object.keys(flags)) if (flags[key] === undefined) delete flags[key];
      return flags;
    });
}

// ---------------------------------------------------------------------------------------------
// Intent objects (what a caller of startOrder passes).

export type IntentInput = Record<string, unknown>;

/** A valid GTC limit buy of 0.01 BTCUSDT at 100, id from `nextId`. */
export function validIntent(account: string, clientOrderId: string): IntentInput {
  return {
    clientOrderId,
    account,
    symbol: 'BTCUSDT',
    side: 'buy',
    type: 'limit',
    quantity: 0.01,
    price: 100,
    timeInForce: 'GTC',
    decisionTime: Date.now(),
  };
}

const REQUIRED_FIELDS = ['clientOrderId', 'account', 'symbol', 'side', 'type', 'quantity', 'decisionTime'];
const NUMBER_FIELDS = ['quantity', 'price', 'decisionPrice'] as const;
const FIELDS: readonly string[] = ORDER_INTENT_FIELDS;

const groupOfField = (field: string) => (field === 'type' ? 'price' : field);

const intentCorruption: fc.Arbitrary<Corruption<IntentInput>> = fc.oneof(
  ...NUMBER_FIELDS.map((field) =>
    badNumber.map((value) =>
      corruption<IntentInput>(field, [field], `${field}=${String(value)}`, (i) => ({ ...i, [field]: value })),
    ),
  ),
  ...(['decisionTime', 'expireAfterMs'] as const).map((field) =>
    fc
      .oneof(
        fc.constantFrom(Number.NaN, Infinity, -Infinity, 0, -0, -1, 2 ** 53, Number.MAX_VALUE, 1e300),
        fc.double({ max: 0 }),
        fc.double({ min: 0.001, max: 1e12, noNaN: true }).filter((n) => !Number.isInteger(n)),
        fc.integer({ max: 0 }),
        ...(field === 'decisionTime' ? [fc.constant(8.64e15 + 2)] : []),
      )
      .map((value) =>
        corruption<IntentInput>(field, [field], `${field}=${String(value)}`, (i) => ({
          ...i,
          [field]: value,
        })),
      ),
  ),
  // Numbers as text: a caller that forgot to parse.
  ...[...NUMBER_FIELDS, 'decisionTime', 'expireAfterMs'].map((field) =>
    fc.oneof(garbageText, fc.constantFrom('1', '0.5', '100')).map((value) =>
      corruption<IntentInput>(field, [field], `${field} as text ${JSON.stringify(value)}`, (i) => ({
        ...i,
        [field]: value,
      })),
    ),
  ),
  text((value) => validateClientOrderId(value) === null).map((value) =>
    corruption<IntentInput>(
      'clientOrderId',
      ['clientOrderId'],
      `clientOrderId=${JSON.stringify(value)}`,
      (i) => ({
        ...i,
        clientOrderId: value,
      }),
    ),
  ),
  text((value) => ACCOUNT_NAME_PATTERN.test(value)).map((value) =>
    corruption<IntentInput>('account', ['account'], `account=${JSON.stringify(value)}`, (i) => ({
      ...i,
      account: value,
    })),
  ),
  text((value) => SYMBOL.test(value)).map((value) =>
    corruption<IntentInput>('symbol', ['symbol'], `symbol=${JSON.stringify(value)}`, (i) => ({
      ...i,
      symbol: value,
    })),
  ),
  text((value) => value === 'buy' || value === 'sell').map((value) =>
    corruption<IntentInput>('side', ['side'], `side=${JSON.stringify(value)}`, (i) => ({
      ...i,
      side: value,
    })),
  ),
  text((value) => value === 'market' || value === 'limit').map((value) =>
    corruption<IntentInput>('price', ['type'], `type=${JSON.stringify(value)}`, (i) => ({
      ...i,
      type: value,
    })),
  ),
  text((value) => ['GTC', 'IOC', 'FOK'].includes(value)).map((value) =>
    corruption<IntentInput>('timeInForce', ['timeInForce'], `timeInForce=${JSON.stringify(value)}`, (i) => ({
      ...i,
      timeInForce: value,
    })),
  ),
  ...(['runId', 'strategy'] as const).map((field) =>
    text(isWellFormedLabel).map((value) =>
      corruption<IntentInput>(field, [field], `${field}=${JSON.stringify(value)}`, (i) => ({
        ...i,
        [field]: value,
      })),
    ),
  ),
  fc.constant(
    corruption<IntentInput>('price', ['price'], 'limit without a price', (i) => {
      const { price: _price, ...rest } = i;
      return rest;
    }),
  ),
  fc.constant(
    corruption<IntentInput>('price', ['price'], 'limit with price undefined', (i) => ({
      ...i,
      price: undefined,
    })),
  ),
  fc.constant(
    corruption<IntentInput>('price', ['price'], 'market with a price', (i) => ({ ...i, type: 'market' })),
  ),
  fc
    .constantFrom(...REQUIRED_FIELDS.filter((f) => f !== 'clientOrderId'))
    .map((field) =>
      corruption<IntentInput>(groupOfField(field), [field], `no ${field}`, (i) =>
        Object.fromEntries(Object.entries(i).filter(([name]) => name !== field)),
      ),
    ),
  fc.tuple(fc.constantFrom(...FIELDS.filter((f) => f !== 'clientOrderId')), wrongType).map(([field, value]) =>
    corruption<IntentInput>(groupOfField(field), [field], `${field} of the wrong type`, (i) => ({
      ...i,
      [field]: value,
    })),
  ),
  fc
    .tuple(
      strangerKey.filter((key) => !FIELDS.includes(key)),
      fc.oneof(garbageText, wrongType, badNumber),
    )
    .map(([key, value]) =>
      corruption<IntentInput>(`stranger-${key}`, [quoted(key)], `unknown key ${JSON.stringify(key)}`, (i) =>
        withOwn({ ...i }, key, value),
      ),
    ),
);

/**
 * Malformed intent objects: a valid intent (client order id from `nextId`, so the test can look for
 * the workflow and the ledger row each would have made) with one to three corruptions of distinct
 * fields, or not an intent-shaped object at all.
 */
export function malformedIntents(
  account: string,
  nextId: () => string,
): fc.Arbitrary<MalformedCase<unknown>> {
  const corrupted: fc.Arbitrary<MalformedCase<unknown>> = malformed(
    () => validIntent(account, nextId()),
    intentCorruption,
    3,
  );
  const notAnObject = fc
    .oneof(
      fc.constantFrom<unknown>(null, undefined, 0, 42, NaN, '', 'order', true, 5n, [], Symbol('intent')),
      fc.constant(() => validIntent(account, nextId())),
      wrongType,
      garbageText,
    )
    .filter(
      (input) =>
        typeof input !== 'object' || input === null || Object.getPrototypeOf(input) !== Object.prototype,
    )
    .map((input) => ({ input, names: ['intent'], what: ['not an object'] }));
  const disguised = fc
    .constantFrom(
      'array',
      'inherited',
      'class',
      'date',
      'map',
      'throwing-getter',
      'proxy',
      'json-proto',
      'null-proto-missing',
    )
    .map((kind): MalformedCase<unknown> => {
      const valid = validIntent(account, nextId());
      switch (kind) {
        case 'array':
          return { input: [valid], names: ['intent'], what: [kind] };
        case 'inherited':
          // Every field inherited, none its own: nothing is given.
          return { input: Object.create(valid) as unknown, names: ['intent'], what: [kind] };
        case 'class':
          return { input: Object.assign(new (class Intent {})(), valid), names: ['intent'], what: [kind] };
        case 'date':
          return { input: Object.assign(new Date(), valid), names: ['intent'], what: [kind] };
        case 'map':
          return { input: new Map(Object.entries(valid)), names: ['intent'], what: [kind] };
        case 'throwing-getter':
          return {
            input: Object.defineProperty({ ...valid }, 'quantity', {
              enumerable: true,
              get() {
                throw new Error('boom from a getter');
              },
            }),
            names: ['intent'],
            what: [kind],
          };
        case 'proxy':
          return {
            input: new Proxy(valid, {
              ownKeys() {
                throw new Error('boom from a proxy');
              },
            }),
            names: ['intent'],
            what: [kind],
          };
        case 'json-proto':
          return {
            input: JSON.parse(
              `{${JSON.stringify(valid).slice(1, -1)},"__proto__":{"quantity":1,"polluted":true}}`,
            ),
            names: ['"__proto__"'],
            what: [kind],
          };
        case 'null-proto-missing': {
          const bare = Object.assign(Object.create(null) as IntentInput, valid);
          delete bare.quantity;
          return { input: bare, names: ['quantity'], what: [kind] };
        }
      }
      return { input: valid, names: [], what: ['unreachable'] };
    });
  return fc.oneof(
    { weight: 8, arbitrary: corrupted },
    { weight: 1, arbitrary: notAnObject },
    { weight: 1, arbitrary: disguised },
  );
}
