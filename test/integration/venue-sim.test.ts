import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSpec, JAN_1_2026, venueError } from '../helpers/venue-sim.js';
import { useTestStack } from '../helpers/test-stack.js';
import { limitOrder, marketOrder, newSimAccount } from '../helpers/sim-accounts.js';

const { sim, server } = useTestStack({ simulator: true, temporal: false });

afterAll(async () => {
  // ccxt was configured to call only what the simulator implements: nothing else may have been hit.
  expect((await sim.admin<{ requests: unknown[] }>('GET', '/sim/unsupported')).body.requests).toEqual([]);
});

describe('ccxt binance against the simulator: order round trip', () => {
  it('market data, a market buy filled at the first price after the latency, a resting limit cancelled, balances settled', async () => {
    const { venue, ...spec } = await newSimAccount(sim, {}, { ownKeys: true });

    expect(await venue.instrument('BTCUSDT')).toMatchObject({
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      tickSize: 0.01,
      stepSize: 0.00001,
      minNotional: 5,
    });
    const candles = await venue.candles('BTCUSDT', '1m', undefined, 5);
    expect(candles).toHaveLength(5);
    expect(candles.at(-1)![0]).toBe(JAN_1_2026 + 3_600_000 - 60_000); // the last completed bar
    const last = await venue.lastPrice('BTCUSDT');
    expect(last).toBe(candles.at(-1)![4]);
    // The account's clock, not the wall clock: its data, fills and days follow it.
    expect(await venue.serverTime()).toBe(JAN_1_2026 + 3_600_000);
    const trade = await venue.lastTrade('BTCUSDT');
    // The bar's close time, and the account's clock from the same response.
    expect(trade).toEqual({
      price: last,
      time: JAN_1_2026 + 3_600_000 - 1,
      venueNow: JAN_1_2026 + 3_600_000,
    });

    const placed = await venue.placeOrder(marketOrder('rt-1', 'buy', 0.01));
    expect(placed).toMatchObject({
      clientOrderId: 'rt-1',
      status: 'open',
      filledQuantity: 0,
      timestamp: JAN_1_2026 + 3_600_000,
    });
    await sim.advance(spec.name, { by: 120_000 });
    const filled = await venue.getOrderByClientId('BTCUSDT', 'rt-1');
    expect(filled).toMatchObject({ status: 'closed', filledQuantity: 0.01 });
    const fills = await venue.fillsSince('BTCUSDT', 0);
    expect(fills).toHaveLength(1);
    // Accepted at 01:00:00.000 + 100 ms latency: the first eligible bar opens at 01:01.
    const nextBar = (await venue.candles('BTCUSDT', '1m', JAN_1_2026 + 3_600_001, 1))[0]!;
    expect(fills[0]).toMatchObject({
      venueOrderId: placed.venueOrderId,
      isMaker: false,
      feeAsset: 'USDT',
      timestamp: nextBar[0],
    });
    expect(fills[0]!.price).toBeGreaterThanOrEqual(nextBar[1]!); // the next bar's open, slipped against the buyer
    expect(fills[0]!.price).not.toBe(last);

    await venue.placeOrder(limitOrder('rt-2', 'buy', 0.01, Math.round(last * 0.85)));
    expect((await venue.openOrders('BTCUSDT')).map((o) => o.clientOrderId)).toEqual(['rt-2']);
    expect((await venue.cancelOrder('BTCUSDT', 'rt-2')).status).toBe('canceled');
    expect(await venue.openOrders()).toEqual([]);

    const balances = Object.fromEntries((await venue.balances()).map((b) => [b.asset, b]));
    const cost = fills[0]!.price * 0.01 + fills[0]!.fee;
    expect(balances.BTC).toEqual({ asset: 'BTC', free: 0.01, locked: 0 });
    expect(balances.USDT!.free).toBeCloseTo(100_000 - cost, 6);
    expect(balances.USDT!.locked).toBe(0);
  });

  it('partial fills over several bars, capped by the participation limit', async () => {
    const { venue, ...spec } = await newSimAccount(
      sim,
      { models: { participationRate: 0.002 } },
      { advanceBy: 600_000, ownKeys: true },
    );
    const last = await venue.lastPrice('BTCUSDT');
    // Marketable limit well above the market: fills a slice per bar until done.
    await venue.placeOrder(limitOrder('part-1', 'buy', 0.3, Math.round(last * 1.05)));
    await sim.advance(spec.name, { by: 120_000 });
    const partial = await venue.getOrderByClientId('BTCUSDT', 'part-1');
    expect(partial!.status).toBe('open');
    expect(partial!.filledQuantity).toBeGreaterThan(0);
    expect(partial!.filledQuantity).toBeLessThan(0.3);
    await sim.advance(spec.name, { by: 3_600_000 });
    const fills = await venue.fillsSince('BTCUSDT', 0);
    expect(fills.length).toBeGreaterThanOrEqual(3);
    const order = await venue.getOrderByClientId('BTCUSDT', 'part-1');
    const total = fills.reduce((sum, fill) => sum + fill.quantity, 0);
    expect(order!.filledQuantity).toBeCloseTo(total, 8);
    expect(order!.filledQuantity).toBeLessThanOrEqual(0.3);
    expect(fills.some((fill) => fill.isMaker)).toBe(true); // the rest filled as a resting order at its limit
    for (const fill of fills) expect(fill.price).toBeLessThanOrEqual(Math.round(last * 1.05));
  });
});

describe('errors reach Keel in its three outcome classes', () => {
  let spec: ReturnType<typeof accountSpec>;

  beforeAll(async () => {
    spec = await sim.createAccount(accountSpec({ balances: { USDT: 1_000 } }));
    await sim.advance(spec.name, { by: 600_000 });
  });

  it('final: insufficient funds, filter failures, unknown symbol, unknown order, bad credentials', async () => {
    const venue = sim.venue(spec);
    const cases: [() => Promise<unknown>, string][] = [
      [() => venue.placeOrder(marketOrder('f-1', 'buy', 1)), 'INSUFFICIENT_FUNDS'],
      [() => venue.placeOrder(marketOrder('f-2', 'buy', 0.00005)), 'INVALID_ORDER'], // NOTIONAL < 5
      [() => venue.placeOrder(marketOrder('f-3', 'buy', 1, 'DOGEUSDT')), 'UNKNOWN_SYMBOL'],
      [() => venue.cancelOrder('BTCUSDT', 'never-placed'), 'ORDER_NOT_FOUND'],
      [() => sim.venue({ ...spec, apiSecret: 'wrong-secret-000' }).balances(), 'AUTHENTICATION'],
      [() => sim.venue({ ...spec, apiKey: 'no-such-key-000' }).balances(), 'AUTHENTICATION'],
    ];
    for (const [attempt, reason] of cases) {
      const error = await venueError(attempt());
      expect({ outcome: error.outcome, reason: error.reason }, error.message).toEqual({
        outcome: 'final',
        reason,
      });
    }
  });

  it('filters are enforced after ccxt rounds to the venue precision', async () => {
    const venue = sim.venue(spec);
    expect(await venue.roundQuantity('BTCUSDT', 0.0123456789)).toBe(0.01234);
    const last = await venue.lastPrice('BTCUSDT');
    expect(await venue.roundPrice('BTCUSDT', last + 0.004999)).toBe(
      Math.round((last + 0.004999) * 100) / 100,
    );
    // Off-tick price and off-step quantity are rounded by ccxt and then accepted.
    const placed = await venue.placeOrder(
      limitOrder('p-1', 'buy', 0.000123456, Math.floor(last * 0.9) + 0.00321),
    );
    expect(placed.quantity).toBe(0.00012);
    await venue.cancelOrder('BTCUSDT', 'p-1');
    // A price outside the collar is refused by the venue's filter.
    const collar = await venueError(
      venue.placeOrder(limitOrder('p-2', 'buy', 0.001, Math.floor(last * 0.5))),
    );
    expect(collar.reason).toBe('INVALID_ORDER');
    expect(collar.message).toContain('PERCENT_PRICE_BY_SIDE');
  });

  it('retryable: 429 with Retry-After, and a 5xx on a read', async () => {
    const venue = sim.venue(spec);
    await venue.balances();
    await sim.fault(spec.name, { kind: 'rate_limit', count: 1, retryAfterSeconds: 7 });
    const limited = await venueError(venue.balances());
    expect({ outcome: limited.outcome, reason: limited.reason, retryAfterMs: limited.retryAfterMs }).toEqual({
      outcome: 'retryable',
      reason: 'RATE_LIMITED',
      retryAfterMs: 7_000,
    });
    await sim.fault(spec.name, { kind: 'server_error', endpoint: 'openOrders', count: 1, status: 503 });
    const down = await venueError(venue.openOrders('BTCUSDT'));
    expect({ outcome: down.outcome, reason: down.reason }).toEqual({
      outcome: 'retryable',
      reason: 'VENUE_UNAVAILABLE',
    });
    expect(await venue.openOrders('BTCUSDT')).toEqual([]); // scripted faults expire
  });

  it('unknown: a 5xx on an order, a response lost after acceptance, a timeout — resolved by client order id', async () => {
    const venue = sim.venue(spec);
    await sim.fault(spec.name, { kind: 'server_error', endpoint: 'order.create', count: 1 });
    const fiveHundred = await venueError(venue.placeOrder(marketOrder('u-1', 'buy', 0.01, 'ETHUSDT')));
    expect({ outcome: fiveHundred.outcome, reason: fiveHundred.reason }).toEqual({
      outcome: 'unknown',
      reason: 'VENUE_UNAVAILABLE',
    });
    expect(await venue.getOrderByClientId('ETHUSDT', 'u-1')).toBeNull(); // this 5xx happened before processing

    await sim.fault(spec.name, { kind: 'lost_response', endpoint: 'order.create', count: 1 });
    const lost = await venueError(venue.placeOrder(marketOrder('u-2', 'buy', 0.01, 'ETHUSDT')));
    expect(lost.outcome).toBe('unknown');
    expect((await venue.getOrderByClientId('ETHUSDT', 'u-2'))?.clientOrderId).toBe('u-2'); // it was accepted

    const slow = sim.venue(spec, 300);
    await sim.fault(spec.name, { kind: 'latency', endpoint: 'order.create', count: 1, latencyMs: 1_000 });
    const timeout = await venueError(slow.placeOrder(marketOrder('u-3', 'buy', 0.01, 'ETHUSDT')));
    expect({ outcome: timeout.outcome, reason: timeout.reason }).toEqual({
      outcome: 'unknown',
      reason: 'TIMEOUT',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await venue.getOrderByClientId('ETHUSDT', 'u-3'))?.clientOrderId).toBe('u-3');
  });

  it('a reject storm refuses every order while it lasts', async () => {
    const venue = sim.venue(spec);
    await sim.fault(spec.name, { kind: 'reject_orders', count: 3 });
    for (const id of ['s-1', 's-2', 's-3']) {
      const error = await venueError(venue.placeOrder(marketOrder(id, 'buy', 0.01, 'ETHUSDT')));
      expect(error.outcome).toBe('final');
    }
    expect((await venue.placeOrder(marketOrder('s-4', 'buy', 0.01, 'ETHUSDT'))).clientOrderId).toBe('s-4');
  });

  it('seeded probabilistic faults fail the same requests every time', async () => {
    const pattern = async () => {
      await sim.admin('DELETE', '/sim/faults');
      await sim.fault(spec.name, { kind: 'server_error', endpoint: 'account', probability: 0.5, seed: 99 });
      const venue = sim.venue(spec);
      const outcomes: boolean[] = [];
      for (let i = 0; i < 12; i++)
        outcomes.push(
          await venue.balances().then(
            () => true,
            () => false,
          ),
        );
      await sim.admin('DELETE', '/sim/faults');
      return outcomes;
    };
    const first = await pattern();
    expect(first).toContain(true);
    expect(first).toContain(false);
    expect(await pattern()).toEqual(first);
  });
});

describe('authentication like Binance', () => {
  let spec: ReturnType<typeof accountSpec>;
  beforeAll(async () => {
    spec = await sim.createAccount(accountSpec());
  });

  async function signedGet(query: string, secret: string, apiKey = spec.apiKey) {
    const signature = createHmac('sha256', secret).update(query).digest('hex');
    const response = await fetch(`${server.url}/api/v3/account?${query}&signature=${signature}`, {
      headers: { 'X-MBX-APIKEY': apiKey },
    });
    return { status: response.status, body: (await response.json()) as { code?: number; msg?: string } };
  }

  it('accepts a correct HMAC-SHA256 signature within the recvWindow', async () => {
    expect((await signedGet(`timestamp=${Date.now()}`, spec.apiSecret)).status).toBe(200);
  });

  it('refuses a bad signature (-1022), a stale timestamp (-1021), a missing or unknown key (-2014, -2015)', async () => {
    expect((await signedGet(`timestamp=${Date.now()}`, 'not-the-secret')).body.code).toBe(-1022);
    expect(
      (await signedGet(`timestamp=${Date.now() - 60_000}&recvWindow=5000`, spec.apiSecret)).body,
    ).toEqual({
      code: -1021,
      msg: 'Timestamp for this request is outside of the recvWindow.',
    });
    expect((await signedGet(`timestamp=${Date.now() + 10_000}`, spec.apiSecret)).body.code).toBe(-1021);
    expect((await signedGet(`timestamp=${Date.now()}`, spec.apiSecret, '')).body.code).toBe(-2014);
    expect((await signedGet(`timestamp=${Date.now()}`, spec.apiSecret, 'unknown-key-1234')).body.code).toBe(
      -2015,
    );
  });
});

describe('accounts, clocks and data', () => {
  it('two accounts on different clocks do not interfere', async () => {
    const a = await sim.createAccount(accountSpec());
    const b = await sim.createAccount(accountSpec());
    await sim.advance(a.name, { by: 7_200_000 });
    await sim.advance(b.name, { by: 600_000 });
    const venueA = sim.venue(a);
    const venueB = sim.venue(b);
    expect(await venueA.lastPrice('BTCUSDT')).not.toBe(await venueB.lastPrice('BTCUSDT'));
    await venueA.placeOrder(marketOrder('same-id', 'buy', 0.01));
    await venueB.placeOrder(marketOrder('same-id', 'buy', 0.01)); // ids are per account
    await sim.advance(a.name, { by: 120_000 });
    expect((await venueA.getOrderByClientId('BTCUSDT', 'same-id'))!.status).toBe('closed');
    expect((await venueB.getOrderByClientId('BTCUSDT', 'same-id'))!.status).toBe('open'); // B's clock has not moved
    const accountB = (await sim.admin<{ marketTime: number }>('GET', `/sim/accounts/${b.name}`)).body;
    expect(accountB.marketTime).toBe(JAN_1_2026 + 600_000);
  });

  it('driven-clock runs are reproducible byte for byte', async () => {
    const run = async () => {
      const { venue, ...spec } = await newSimAccount(
        sim,
        { models: { participationRate: 0.01, slippage: { kind: 'sqrtImpact', y: 0.8, lookbackBars: 30 } } },
        { ownKeys: true },
      );
      const last = await venue.lastPrice('ETHUSDT');
      const lastBtc = await venue.lastPrice('BTCUSDT');
      await venue.placeOrder(marketOrder('r-1', 'buy', 2, 'ETHUSDT'));
      await venue.placeOrder(limitOrder('r-2', 'buy', 1.5, Math.round(last * 0.999 * 100) / 100, 'ETHUSDT'));
      await venue.placeOrder({
        clientOrderId: 'r-3',
        symbol: 'BTCUSDT',
        side: 'buy',
        type: 'limit',
        quantity: 0.05,
        price: Math.round(lastBtc * 1.1),
        timeInForce: 'IOC',
      });
      for (let i = 0; i < 5; i++) await sim.advance(spec.name, { by: 600_000 });
      await venue.placeOrder(marketOrder('r-4', 'sell', 1, 'ETHUSDT'));
      await sim.advance(spec.name, { by: 600_000 });
      return JSON.stringify({
        eth: await venue.fillsSince('ETHUSDT', 0),
        btc: await venue.fillsSince('BTCUSDT', 0),
        orders: await Promise.all(['r-1', 'r-2', 'r-4'].map((id) => venue.getOrderByClientId('ETHUSDT', id))),
        ioc: await venue.getOrderByClientId('BTCUSDT', 'r-3'),
        balances: await venue.balances(),
      });
    };
    const first = await run();
    expect(first).toContain('"tradeId"');
    expect(await run()).toBe(first);
  });

  it('a CSV dataset is loaded with a report of rejected rows and gaps', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keel-csv-'));
    const file = path.join(dir, 'BTCUSDT-1m.csv');
    const row = (minute: number, open: number, close: number) =>
      [
        JAN_1_2026 + minute * 60_000,
        open,
        Math.max(open, close) + 5,
        Math.min(open, close) - 5,
        close,
        3,
        JAN_1_2026 + minute * 60_000 + 59_999,
        0,
        10,
        1,
        0,
        0,
      ].join(',');
    writeFileSync(
      file,
      [
        row(0, 100, 101),
        row(1, 101, 102),
        'x,1,2,3,4,5,6,7,8,9,10,11',
        row(2, 102, 103),
        row(5, 103, 104),
        row(6, 104, 105),
      ].join('\n'),
    );
    const spec = await sim.createAccount(
      accountSpec({
        symbols: ['BTCUSDT'],
        dataset: {
          kind: 'csv',
          intervalMs: 60_000,
          files: [{ symbol: 'BTCUSDT', path: file, format: 'binance' }],
        },
      }),
    );
    const account = (
      await sim.admin<{
        dataset: { reports: { rows: number; rejectCounts: Record<string, number>; gaps: unknown[] }[] };
      }>('GET', `/sim/accounts/${spec.name}`)
    ).body;
    expect(account.dataset.reports[0]).toMatchObject({ rows: 5, rejectCounts: { not_a_number: 1 } });
    expect(account.dataset.reports[0]!.gaps).toHaveLength(1);
    await sim.advance(spec.name, { by: 3 * 60_000 });
    expect(await sim.venue(spec).lastPrice('BTCUSDT')).toBe(103);
  });

  it("a balance changed behind the trader's back (drift injection) is what the venue then reports", async () => {
    const spec = await sim.createAccount(accountSpec());
    const result = await sim.admin<{ balances: Record<string, { free: number }> }>(
      'POST',
      `/sim/accounts/${spec.name}/balances`,
      {
        asset: 'USDT',
        free: 1234.5,
      },
    );
    expect(result.status).toBe(200);
    expect(result.body.balances.USDT!.free).toBe(1234.5);
    expect((await sim.venue(spec).balances()).find((b) => b.asset === 'USDT')).toEqual({
      asset: 'USDT',
      free: 1234.5,
      locked: 0,
    });
  });

  it('the admin API documents itself and rejects a bad account spec naming the fields', async () => {
    const listing = (
      await sim.admin<{ admin: { path: string }[]; exchange: { path: string }[] }>('GET', '/sim')
    ).body;
    expect(listing.exchange.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        '/api/v3/exchangeInfo',
        '/api/v3/order',
        '/api/v3/myTrades',
        '/api/v3/klines',
        '/api/v3/ticker/24hr',
      ]),
    );
    expect(listing.admin.map((e) => e.path)).toEqual(
      expect.arrayContaining(['/sim/accounts', '/sim/faults', '/sim/accounts/:name/clock']),
    );
    const bad = await sim.admin<{ issues: { field: string }[] }>('POST', '/sim/accounts', {
      ...accountSpec(),
      symbols: ['NOPE'],
      balances: { usdt: -1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((issue) => issue.field)).toEqual(
      expect.arrayContaining(['symbols', 'balances.usdt']),
    );
  });
});

describe('binary prediction markets', () => {
  it('are listed, traded as YES tokens, closed once resolved, and redeemed at 1 or 0 by a venue-side settlement order', async () => {
    const spec = await sim.createAccount(
      accountSpec({
        binaryMarkets: { seed: 3, count: 4, categories: ['politics', 'sports'] },
        models: { participationRate: 1 },
      }),
    );
    const feed = (
      await sim.admin<{
        markets: {
          symbol: string;
          category: string;
          openTime: number;
          resolutionTime: number;
          outcome: number | null;
        }[];
      }>('GET', `/sim/accounts/${spec.name}/feed`)
    ).body;
    expect(feed.markets.map((m) => m.category)).toEqual(['politics', 'sports', 'politics', 'sports']);
    expect(feed.markets.every((m) => m.outcome === null)).toBe(true); // nothing resolved yet: no outcome leaks
    const market = [...feed.markets].sort((a, b) => a.resolutionTime - b.resolutionTime)[0]!;
    const venue = sim.venue(spec);
    expect(await venue.instrument(market.symbol)).toMatchObject({
      quoteAsset: 'USDT',
      stepSize: 1,
      minQuantity: 1,
    });

    await sim.advance(spec.name, { to: market.openTime + 3_600_000 });
    const bought = await venue.placeOrder(marketOrder(`pm-${spec.name}`, 'buy', 10, market.symbol));
    expect(bought.status).toBe('open');
    await sim.advance(spec.name, { to: market.resolutionTime + 60_000 });
    const base = market.symbol.replace('USDT', '');
    const balances = Object.fromEntries((await venue.balances()).map((b) => [b.asset, b.free + b.locked]));
    expect(balances[base] ?? 0).toBe(0);

    const resolved = (
      await sim.admin<{ markets: { symbol: string; outcome: number | null }[] }>(
        'GET',
        `/sim/accounts/${spec.name}/feed`,
      )
    ).body.markets.find((m) => m.symbol === market.symbol)!;
    expect([0, 1]).toContain(resolved.outcome);
    const { settlementClientOrderId } = await import('../../domain/execution/settlement-id.js');
    const settlement = await venue.getOrderByClientId(
      market.symbol,
      settlementClientOrderId(spec.name, market.symbol),
    );
    expect(settlement).toMatchObject({ status: 'closed', side: 'sell', filledQuantity: 10 });
    const fills = await venue.fillsOfOrder(market.symbol, settlement!.venueOrderId);
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ price: resolved.outcome, quantity: 10, fee: 0 });

    const closed = await venueError(
      venue.placeOrder(marketOrder(`pm2-${spec.name}`, 'buy', 10, market.symbol)),
    );
    expect(closed.reason).toBe('MARKET_CLOSED');
  });
});
