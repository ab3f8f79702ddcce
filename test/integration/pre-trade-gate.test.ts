import { describe, expect, it } from 'vitest';
import { readPositions } from '../../store/ledger/positions.js';
import { insertOrderIntent, recordOrderProgress } from '../../store/ledger/order-ledger.js';
import { runPreTradeGate } from '../../activities/risk/pre-trade-gate.js';
import type { CcxtVenue } from '../../venues/ccxt-venue.js';
import { newOrderState } from '../../domain/orders/state-machine.js';
import type { OrderIntent } from '../../domain/orders/types.js';
import { testConfig, useTestStack } from '../helpers/test-stack.js';
import { JAN_1_2026 } from '../helpers/venue-sim.js';
import { intentMaker, sequentialIds } from '../helpers/order-intents.js';
import { newSimAccount } from '../helpers/sim-accounts.js';

const { pool, sim } = useTestStack({ simulator: true, temporal: false });

const newAccount = () => newSimAccount(sim);

const intentFor = intentMaker(sequentialIds('gate'), 0.001);

/** Records the intent as the workflow does, then runs the gate with the paper profile plus `env`. */
async function gate(venue: CcxtVenue, intent: OrderIntent, env: Record<string, string> = {}) {
  await insertOrderIntent(pool, intent, 'simulator', `order-${intent.clientOrderId}`);
  return runPreTradeGate({ pool, venue, config: testConfig(env) }, intent);
}

/** Puts a filled order with these fills in the ledger (as the order workflow would record it). */
async function filledOrder(
  account: string,
  side: 'buy' | 'sell',
  fills: { price: number; quantity: number; time: number }[],
) {
  const quantity = fills.reduce((sum, fill) => sum + fill.quantity, 0);
  const intent = intentFor(account, { side, quantity });
  await insertOrderIntent(pool, intent, 'simulator', `order-${intent.clientOrderId}`);
  // Twice, as a replayed activity would: the second changes nothing.
  for (let attempt = 0; attempt < 2; attempt++) await record(intent, quantity, fills);
}

async function record(
  intent: OrderIntent,
  quantity: number,
  fills: { price: number; quantity: number; time: number }[],
) {
  await recordOrderProgress(pool, {
    clientOrderId: intent.clientOrderId,
    venue: 'simulator',
    events: [],
    fills: fills.map((fill, index) => ({
      tradeId: `${intent.clientOrderId}-${index}`,
      price: fill.price,
      quantity: fill.quantity,
      fee: 0.1,
      feeAsset: 'USDT',
      isMaker: false,
      time: fill.time,
    })),
    update: {
      state: { ...newOrderState(intent), status: 'FILLED', filledQuantity: quantity, leavesQuantity: 0 },
      arrivalPrice: null,
      tca: {
        fillVwap: null,
        fillRate: null,
        slippageBpsVsDecision: null,
        slippageBpsVsArrival: null,
        implementationShortfallBps: null,
      },
    },
  });
}

describe('the pre-trade gate against PostgreSQL and the simulator', () => {
  it('records the snapshot and every verdict; a retry returns the first decision even if limits changed', async () => {
    const { name, venue } = await newAccount();
    const intent = intentFor(name);
    const first = await gate(venue, intent);
    expect(first).toMatchObject({ decision: 'ALLOW', codes: [] });
    expect(first.results).toHaveLength(16);
    const again = await runPreTradeGate(
      { pool, venue, config: testConfig({ KEEL_RISK_MAX_ORDER_QUANTITY: '0' }) },
      intent,
    );
    expect(again).toEqual(first);
    const { rows } = await pool.query<{ snapshot: { now: number; deskMode: string }; venue_time: Date }>(
      'SELECT snapshot, venue_time FROM risk_decisions WHERE client_order_id = $1',
      [intent.clientOrderId],
    );
    // Venue time is the account's market time, not the wall clock.
    expect(rows[0]!.snapshot).toMatchObject({ now: JAN_1_2026 + 3_600_000, deskMode: 'ACTIVE' });
    expect(rows[0]!.venue_time.getTime()).toBe(JAN_1_2026 + 3_600_000);
  });

  it('an equal intent inside the duplicate window is denied and names the first; outside it is allowed', async () => {
    const { name, venue } = await newAccount();
    const first = intentFor(name, { type: 'limit', price: 90_000 });
    expect((await gate(venue, first, { KEEL_RISK_PRICE_COLLAR_BPS: 'unlimited' })).decision).toBe('ALLOW');
    const copy = await gate(
      venue,
      { ...first, clientOrderId: `${first.clientOrderId}-copy` },
      {
        KEEL_RISK_PRICE_COLLAR_BPS: 'unlimited',
      },
    );
    expect(copy.codes).toEqual(['DUPLICATE_INTENT']);
    expect(copy.findings[0]!.detail).toContain(first.clientOrderId);
    const other = await gate(
      venue,
      { ...first, clientOrderId: `${first.clientOrderId}-other`, quantity: 0.002 },
      {
        KEEL_RISK_PRICE_COLLAR_BPS: 'unlimited',
      },
    );
    expect(other.decision).toBe('ALLOW');
    await sim.advance(name, { by: 120_000 }); // past the 30 s window (market time)
    const later = await gate(
      venue,
      { ...first, clientOrderId: `${first.clientOrderId}-later` },
      {
        KEEL_RISK_PRICE_COLLAR_BPS: 'unlimited',
      },
    );
    expect(later.decision).toBe('ALLOW');
  });

  it('counts allowed orders per minute and per venue day', async () => {
    const { name, venue } = await newAccount();
    const limits = { KEEL_RISK_MAX_ORDERS_PER_MINUTE: '2', KEEL_RISK_DUPLICATE_WINDOW_SECONDS: '0' };
    expect((await gate(venue, intentFor(name), limits)).decision).toBe('ALLOW');
    expect((await gate(venue, intentFor(name), limits)).decision).toBe('ALLOW');
    expect((await gate(venue, intentFor(name), limits)).codes).toEqual(['ORDER_RATE']);

    const daily = { KEEL_RISK_MAX_TRADES_PER_DAY: '2', KEEL_RISK_DUPLICATE_WINDOW_SECONDS: '0' };
    expect((await gate(venue, intentFor(name), daily)).codes).toEqual(['TRADES_PER_DAY']);
    await sim.advance(name, { to: JAN_1_2026 + 86_400_000 + 60_000 }); // the next venue day
    expect((await gate(venue, intentFor(name), daily)).decision).toBe('ALLOW');
  });

  it('a last price older than the limit is stale market data', async () => {
    const { name, venue } = await newAccount();
    // Half-way through a one-minute bar: the last price is the previous close, 30 s old.
    await sim.advance(name, { by: 30_000 });
    const stale = await gate(venue, intentFor(name), { KEEL_RISK_MAX_MARKET_DATA_AGE_SECONDS: '10' });
    expect(stale.codes).toEqual(['STALE_MARKET_DATA']);
    expect(stale.findings[0]!.detail).toMatch(/30/);
    const fresh = await gate(venue, intentFor(name, { quantity: 0.002 }), {
      KEEL_RISK_MAX_MARKET_DATA_AGE_SECONDS: '60',
    });
    expect(fresh.decision).toBe('ALLOW');
  });

  it('positions are kept from fills exactly once; equity, its peak and a losing trade drive the loss rules', async () => {
    const { name, venue } = await newAccount();
    const last = await venue.lastPrice('BTCUSDT');
    const now = JAN_1_2026 + 3_600_000;
    await filledOrder(name, 'buy', [{ price: last * 1.02, quantity: 0.01, time: now - 60_000 }]);
    await filledOrder(name, 'sell', [{ price: last, quantity: 0.005, time: now - 30_000 }]); // a loss
    const { rows } = await pool.query<{
      quantity: string;
      cash_delta: string;
      last_loss_at: Date;
      fills: number;
    }>(
      `SELECT quantity, cash_delta, last_loss_at, fills FROM positions WHERE account = $1 AND symbol = 'BTCUSDT'`,
      [name],
    );
    const derived = (await readPositions(pool, name)).find((position) => position.symbol === 'BTCUSDT')!;
    expect(Number(rows[0]!.quantity)).toBeCloseTo(derived.quantity, 12);
    expect(Number(rows[0]!.cash_delta)).toBeCloseTo(derived.cashDelta, 6);
    expect(rows[0]!.fills).toBe(2);
    expect(rows[0]!.last_loss_at.getTime()).toBe(now - 30_000);

    const cooldown = { KEEL_RISK_LOSS_COOLDOWN_SECONDS: '300', KEEL_RISK_STARTING_EQUITY: '1000' };
    expect((await gate(venue, intentFor(name), cooldown)).codes).toContain('LOSS_COOLDOWN');
    // Reducing is still allowed during the cooldown.
    expect((await gate(venue, intentFor(name, { side: 'sell', quantity: 0.001 }), cooldown)).decision).toBe(
      'ALLOW',
    );
    // Equity 1000 + cash + position × mark: a 2 % loss on 0.005 BTC plus fees is a drawdown from the 1000 peak.
    const drawdown = await gate(venue, intentFor(name), {
      KEEL_RISK_STARTING_EQUITY: '1000',
      KEEL_RISK_MAX_DRAWDOWN_PCT: '0.01',
      KEEL_RISK_DRAWDOWN_RESUME_PCT: '0.005',
      KEEL_RISK_DUPLICATE_WINDOW_SECONDS: '0',
    });
    expect(drawdown.codes).toContain('DRAWDOWN_LIMIT');
    const { rows: marks } = await pool.query<{
      start_equity: string;
      peak_equity: string;
      last_equity: string;
    }>('SELECT start_equity, peak_equity, last_equity FROM equity_marks WHERE account = $1', [name]);
    expect(Number(marks[0]!.peak_equity)).toBeGreaterThan(Number(marks[0]!.last_equity));
  });
});
