import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestStack } from '../helpers/test-stack.js';
import { venueError } from '../helpers/venue-sim.js';
import { limitOrder, marketOrder, newSimAccount, type SimAccount } from '../helpers/sim-accounts.js';

// Each rule pinned to Binance's Spot API documentation (rest-api.md):
// - newClientOrderId: "A unique id among open orders. … Orders with the same newClientOrderID can be
//   accepted only when the previous one is filled, otherwise the order will be rejected."
// - Timing security: "if (timestamp < (serverTime + 1 second) && (serverTime - timestamp) <= recvWindow)
//   { … serverTime = getCurrentTime(); if (serverTime - timestamp) <= recvWindow { forward request to
//   Matching Engine } else { reject } }"; recvWindow defaults to 5000 and is at most 60000.
const { sim, server } = useTestStack({ simulator: true, temporal: false });

/** A driven-clock account with an hour of market behind it and the keys a non-Keel client would have. */
function account(overrides: Parameters<typeof newSimAccount>[1] = {}): Promise<SimAccount> {
  return newSimAccount(sim, { balances: { USDT: 1_000_000, BTC: 10 }, ...overrides }, { ownKeys: true });
}

/** POST /api/v3/order signed by hand, so the test owns timestamp and recvWindow. */
async function signedOrder(
  spec: SimAccount,
  params: Record<string, string>,
): Promise<{ status: number; body: { code?: number; msg?: string; orderId?: number } }> {
  const query = new URLSearchParams({
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    quantity: '0.001',
    ...params,
  }).toString();
  const signature = createHmac('sha256', spec.apiSecret).update(query).digest('hex');
  const response = await fetch(`${server.url}/api/v3/order?${query}&signature=${signature}`, {
    method: 'POST',
    headers: { 'X-MBX-APIKEY': spec.apiKey },
  });
  return { status: response.status, body: (await response.json()) as never };
}

async function ordersWithClientId(spec: SimAccount, clientOrderId: string) {
  return (await spec.venue.allOrders('BTCUSDT')).filter((order) => order.clientOrderId === clientOrderId);
}

describe("Binance's client order id rule: unique among open orders only", () => {
  it('an id in use by an open order is refused (-2010 Duplicate order sent.), and nothing changes', async () => {
    const spec = await account();
    const last = await spec.venue.lastPrice('BTCUSDT');
    await spec.venue.placeOrder(limitOrder('open-1', 'buy', 0.001, Math.round(last * 0.9)));
    const before = await sim.admin<{ orders: number }>('GET', `/sim/accounts/${spec.name}`);
    const error = await venueError(spec.venue.placeOrder(marketOrder('open-1', 'buy', 0.001)));
    expect({ outcome: error.outcome, reason: error.reason }).toEqual({
      outcome: 'final',
      reason: 'DUPLICATE_CLIENT_ORDER_ID',
    });
    expect(error.message).toContain('Duplicate order sent.');
    expect((await sim.admin('GET', `/sim/accounts/${spec.name}`)).body).toEqual(before.body);
  });

  it('once the earlier order is FILLED, the same id is accepted as a second order: a blind re-send doubles a market order', async () => {
    const spec = await account();
    const first = await spec.venue.placeOrder(marketOrder('reuse-filled', 'buy', 0.001));
    await sim.advance(spec.name, { by: 120_000 });
    expect((await spec.venue.getOrderByClientId('BTCUSDT', 'reuse-filled'))?.status).toBe('closed');

    const second = await spec.venue.placeOrder(marketOrder('reuse-filled', 'buy', 0.001));
    expect(second.venueOrderId).not.toBe(first.venueOrderId);
    await sim.advance(spec.name, { by: 120_000 });
    // The look-up by origClientOrderId answers with the latest; allOrders shows both.
    expect((await spec.venue.getOrderByClientId('BTCUSDT', 'reuse-filled'))?.venueOrderId).toBe(
      second.venueOrderId,
    );
    expect((await ordersWithClientId(spec, 'reuse-filled')).map((o) => [o.venueOrderId, o.status])).toEqual([
      [first.venueOrderId, 'closed'],
      [second.venueOrderId, 'closed'],
    ]);
    expect(new Set((await spec.venue.fillsSince('BTCUSDT', 0)).map((f) => f.venueOrderId)).size).toBe(2);
  });

  it('once the earlier order is CANCELED or EXPIRED, the same id is accepted again', async () => {
    const spec = await account();
    const last = await spec.venue.lastPrice('BTCUSDT');
    await spec.venue.placeOrder(limitOrder('reuse-canceled', 'buy', 0.001, Math.round(last * 0.9)));
    await spec.venue.cancelOrder('BTCUSDT', 'reuse-canceled');
    const again = await spec.venue.placeOrder(
      limitOrder('reuse-canceled', 'buy', 0.001, Math.round(last * 0.9)),
    );
    expect(again.status).toBe('open');
    expect((await ordersWithClientId(spec, 'reuse-canceled')).map((o) => o.status)).toEqual([
      'canceled',
      'open',
    ]);

    // An IOC limit far from the market cannot fill: it ends EXPIRED, and its id is free.
    await spec.venue.placeOrder({
      ...limitOrder('reuse-expired', 'buy', 0.001, Math.round(last * 0.9)),
      timeInForce: 'IOC',
    });
    await sim.advance(spec.name, { by: 120_000 });
    expect((await spec.venue.getOrderByClientId('BTCUSDT', 'reuse-expired'))?.status).toBe('expired');
    await spec.venue.placeOrder(marketOrder('reuse-expired', 'buy', 0.001));
    expect((await ordersWithClientId(spec, 'reuse-expired')).map((o) => o.status)).toEqual([
      'expired',
      'open',
    ]);
  });

  it('a refused order (REJECTED: insufficient funds) leaves no order behind, so its id is free', async () => {
    const spec = await account({ balances: { USDT: 10 } });
    expect((await venueError(spec.venue.placeOrder(marketOrder('reuse-rejected', 'buy', 1)))).outcome).toBe(
      'final',
    );
    expect(await spec.venue.getOrderByClientId('BTCUSDT', 'reuse-rejected')).toBeNull();
    expect((await spec.venue.placeOrder(marketOrder('reuse-rejected', 'buy', 0.0001))).clientOrderId).toBe(
      'reuse-rejected',
    );
  });
});

describe("Binance's recvWindow", () => {
  it('a timestamp older than recvWindow is refused with -1021 (default 5,000 ms); recvWindow above 60,000 is -1131', async () => {
    const spec = await account();
    const now = Date.now();
    expect((await signedOrder(spec, { timestamp: String(now - 5_500) })).body.code).toBe(-1021);
    expect((await signedOrder(spec, { timestamp: String(now - 5_500), recvWindow: '10000' })).status).toBe(
      200,
    );
    expect((await signedOrder(spec, { timestamp: String(now), recvWindow: '60001' })).body.code).toBe(-1131);
    expect((await signedOrder(spec, { timestamp: String(now + 1_500) })).body.code).toBe(-1021);
    expect(await ordersWithClientId(spec, '')).toEqual([]);
    expect((await spec.venue.allOrders('BTCUSDT')).length).toBe(1);
  });

  it('strict (the default): an order held up past its window before matching is refused, and not placed', async () => {
    const spec = await account();
    await sim.fault(spec.name, { kind: 'latency', endpoint: 'order.create', count: 1, latencyMs: 1_500 });
    const held = await signedOrder(spec, {
      timestamp: String(Date.now()),
      recvWindow: '1000',
      newClientOrderId: 'held-up',
    });
    expect(held.body).toEqual({
      code: -1021,
      msg: 'Timestamp for this request is outside of the recvWindow.',
    });
    expect(await spec.venue.getOrderByClientId('BTCUSDT', 'held-up')).toBeNull();
  });

  it("'arrival': the window is checked on arrival only, so the same held-up order executes late", async () => {
    const spec = await account({ recvWindow: 'arrival' });
    await sim.fault(spec.name, { kind: 'latency', endpoint: 'order.create', count: 1, latencyMs: 1_500 });
    const held = await signedOrder(spec, {
      timestamp: String(Date.now()),
      recvWindow: '1000',
      newClientOrderId: 'held-up',
    });
    expect(held.status).toBe(200);
    expect((await spec.venue.getOrderByClientId('BTCUSDT', 'held-up'))?.clientOrderId).toBe('held-up');
  });
});
