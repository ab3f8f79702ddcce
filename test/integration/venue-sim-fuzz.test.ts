import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountSpec } from '../helpers/venue-sim.js';
import { useTestStack } from '../helpers/test-stack.js';

// Malformed requests against the simulator's Binance REST API: never a 5xx, never a stack trace in
// what the caller reads, never a change of state. The account can afford no order at all (1 USDT
// against a 5 USDT minimum notional, nothing to sell), so even a request the fuzzer happens to make
// valid cannot place one: any new order row or balance change is a defect.
const { sim, server } = useTestStack({ simulator: true, temporal: false });

let spec: ReturnType<typeof accountSpec>;
beforeAll(async () => {
  spec = await sim.createAccount(accountSpec({ balances: { USDT: 1 } }));
});

interface Snapshot {
  orders: number;
  trades: number;
  balances: unknown;
}

async function snapshot(): Promise<Snapshot> {
  const { body } = await sim.admin<{ orders: number; trades: number; balances: unknown }>(
    'GET',
    `/sim/accounts/${spec.name}`,
  );
  return { orders: body.orders, trades: body.trades, balances: body.balances };
}

/** Values a careless or hostile client sends: empty, garbage, unicode, huge, negative, NaN, exponents. */
const garbage = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    'nan',
    'Infinity',
    '-Infinity',
    '-1',
    '0',
    '-0',
    '1e309',
    '1e-400',
    '1E5',
    '0x10',
    '0b1',
    '1_000',
    '1,5',
    '١٢٣',
    '%',
    '%zz',
    '%E0%A4%A',
    'null',
    'undefined',
    'true',
    '[]',
    '{}',
    '9'.repeat(400),
    '0.' + '0'.repeat(300) + '1',
    '💥',
    '\u0000',
    '\uFFFF',
    'BTCUSDT',
    'buy',
    'LIMIT',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.double().map(String),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
);

const ORDER_FIELDS = ['symbol', 'side', 'type', 'quantity', 'price', 'timeInForce', 'newClientOrderId'];
const validOrder: Record<string, string> = {
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  quantity: '0.001',
  price: '50000',
  timeInForce: 'GTC',
  newClientOrderId: 'fuzz-1',
};

/** A valid order's parameters with some replaced by garbage, some dropped, and some strangers added. */
const orderParams = fc
  .record({
    replace: fc.dictionary(fc.constantFrom(...ORDER_FIELDS), garbage, { maxKeys: 4 }),
    drop: fc.subarray(ORDER_FIELDS, { maxLength: 3 }),
    extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), garbage, { maxKeys: 2 }),
  })
  .map(({ replace, drop, extra }) => {
    const params: Record<string, string> = { ...validOrder, ...replace };
    for (const field of drop) delete params[field];
    return { ...extra, ...params };
  });

function encode(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

type Signing = 'good' | 'bad' | 'none' | 'raw-garbage';

/** A signed request as Binance takes it: HMAC-SHA256 of the query string, API key header. */
async function send(
  method: string,
  path: string,
  params: Record<string, string>,
  signing: Signing,
  timestamp: string,
) {
  let query = encode({ ...params, timestamp });
  if (signing === 'good')
    query += `&signature=${createHmac('sha256', spec.apiSecret).update(query).digest('hex')}`;
  if (signing === 'bad') query += `&signature=${'ab'.repeat(32)}`;
  if (signing === 'raw-garbage') query += `&signature=%zz%E0%A4&%%=${'x'.repeat(50)}`;
  const response = await fetch(`${server.url}${path}?${query}`, {
    method,
    headers: { 'X-MBX-APIKEY': spec.apiKey },
  });
  return { status: response.status, text: await response.text() };
}

/** What the caller reads: a JSON error {code, msg} (or a JSON answer), never a 5xx or a trace. */
function expectCleanAnswer({ status, text }: { status: number; text: string }): void {
  expect(status, text).toBeLessThan(500);
  expect(text, 'no stack trace').not.toMatch(/\n\s+at |\.ts:\d+|node:internal|Error:/);
  const body = JSON.parse(text) as unknown;
  if (status >= 400) {
    const { code, msg } = body as { code?: unknown; msg?: unknown };
    expect(typeof code, text).toBe('number');
    expect(typeof msg, text).toBe('string');
  }
}

const signing = fc.constantFrom<Signing>('good', 'good', 'good', 'bad', 'none', 'raw-garbage');
const timestamp = fc.oneof(
  fc.constant('now'),
  fc.constant('now'),
  garbage,
  fc.integer({ min: -60_000, max: 60_000 }).map((offset) => `now${offset >= 0 ? '+' : ''}${offset}`),
);
const resolveTimestamp = (value: string) => {
  const relative = /^now([+-]\d+)?$/.exec(value);
  return relative ? String(Date.now() + Number(relative[1] ?? 0)) : value;
};

describe('the simulator refuses malformed requests cleanly and changes nothing', () => {
  it('6,000 malformed order placements (POST /api/v3/order)', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(orderParams, signing, timestamp, async (params, sign, time) => {
        expectCleanAnswer(await send('POST', '/api/v3/order', params, sign, resolveTimestamp(time)));
      }),
      { numRuns: 6_000 },
    );
    expect(await snapshot()).toEqual(before);
  }, 300_000);

  it('3,000 malformed queries and cancels (order, openOrders, myTrades, account)', async () => {
    const before = await snapshot();
    const endpoint = fc.constantFrom(
      ['GET', '/api/v3/order'],
      ['DELETE', '/api/v3/order'],
      ['GET', '/api/v3/openOrders'],
      ['GET', '/api/v3/myTrades'],
      ['GET', '/api/v3/account'],
    );
    const params = fc.dictionary(
      fc.constantFrom(
        'symbol',
        'orderId',
        'origClientOrderId',
        'limit',
        'fromId',
        'startTime',
        'endTime',
        'recvWindow',
      ),
      garbage,
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(endpoint, params, signing, timestamp, async ([method, path], query, sign, time) => {
        expectCleanAnswer(await send(method, path, query, sign, resolveTimestamp(time)));
      }),
      { numRuns: 3_000 },
    );
    expect(await snapshot()).toEqual(before);
  }, 300_000);

  it('1,000 malformed public market-data requests (klines, ticker, exchangeInfo)', async () => {
    const path = fc.constantFrom(
      '/api/v3/klines',
      '/api/v3/ticker/24hr',
      '/api/v3/exchangeInfo',
      '/api/v3/time',
    );
    const params = fc.dictionary(
      fc.constantFrom('symbol', 'symbols', 'interval', 'limit', 'startTime', 'endTime'),
      garbage,
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(path, params, async (target, query) => {
        const response = await fetch(`${server.url}${target}?${encode(query)}`);
        expectCleanAnswer({ status: response.status, text: await response.text() });
      }),
      { numRuns: 1_000 },
    );
  }, 300_000);

  it('oversized and non-UTF-8 bodies, and unknown endpoints, are refused without a 5xx', async () => {
    const before = await snapshot();
    const huge = await fetch(`${server.url}/api/v3/order`, {
      method: 'POST',
      // Its own connection: the simulator closes it after refusing the body.
      headers: {
        'X-MBX-APIKEY': spec.apiKey,
        'content-type': 'application/x-www-form-urlencoded',
        connection: 'close',
      },
      body: `symbol=BTCUSDT&${'x'.repeat(2 * 1024 * 1024)}`,
    }).catch(() => null);
    // The simulator may refuse (413) or close the connection on a body past its limit; never a 5xx.
    if (huge) expectCleanAnswer({ status: huge.status, text: await huge.text() });
    const binary = await fetch(`${server.url}/api/v3/order`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': spec.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x3d, 0x26]),
    });
    expectCleanAnswer({ status: binary.status, text: await binary.text() });
    const unknown = await fetch(`${server.url}/api/v3/%zz/../order`, { method: 'PATCH' });
    expectCleanAnswer({ status: unknown.status, text: await unknown.text() });
    expect(await snapshot()).toEqual(before);
  });
});
