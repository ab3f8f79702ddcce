import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import type { OrderState } from '../../domain/orders/types.js';
import { startOrder } from '../../client/orders/start-order.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { sharedBundle, withWorker } from '../helpers/in-process-worker.js';
import { testConfig, uniqueTaskQueue, useTestStack } from '../helpers/test-stack.js';
import { accountSpec } from '../helpers/venue-sim.js';
import { useHistoryRecorder } from '../helpers/history-recorder.js';
import { intentMaker } from '../helpers/order-intents.js';
import { newSimAccount } from '../helpers/sim-accounts.js';
import { waitFor } from '../helpers/wait-for.js';
import { cancelOrderUpdate, fillReportSignal, orderStateQuery } from '../../contracts/orders.js';

const { pool, client, sim, server } = useTestStack({ simulator: true });
/**
 * [label, workflowId]: each path's history, saved as test-artifacts/histories/order-<label>.json;
 * test/histories/ holds the committed ones.
 */
const recordedHistories = useHistoryRecorder(client, 'order');

/** A driven-clock account whose keys follow the simulator convention the worker derives. */
const newAccount = (overrides: Parameters<typeof accountSpec>[0] = {}) => newSimAccount(sim, overrides);

const intentFor = intentMaker(() => `it-${Math.random().toString(36).slice(2, 12)}`);

/** Runs `body` with an in-process order worker on a private queue. */
async function withOrderWorker<T>(
  body: (taskQueue: string) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const taskQueue = uniqueTaskQueue('orders');
  const workerConfig = testConfig({ KEEL_VENUE_BASE_URL: server.url, ...env });
  return withWorker(workerConfig, { taskQueue, activitiesOf: TASK_QUEUES.orders, pool }, () =>
    body(taskQueue),
  );
}

const whileAdvancing = <T>(account: string, until: Promise<T>) => sim.whileAdvancing(account, until);

async function venueOrdersFor(
  account: { apiKey: string; apiSecret: string },
  clientOrderId: string,
  symbol = 'BTCUSDT',
) {
  const venue = sim.venue({ ...accountSpec(), ...account });
  return venue.getOrderByClientId(symbol, clientOrderId);
}

async function ledgerRow(clientOrderId: string) {
  const { rows } = await pool.query('SELECT * FROM orders WHERE client_order_id = $1', [clientOrderId]);
  return rows[0] as Record<string, unknown> | undefined;
}

async function ledgerEvents(clientOrderId: string): Promise<string[]> {
  const { rows } = await pool.query<{ type: string }>(
    'SELECT type FROM order_events WHERE client_order_id = $1 ORDER BY seq',
    [clientOrderId],
  );
  return rows.map((row) => row.type);
}

describe('orderLifecycle through Temporal, the simulator and PostgreSQL', () => {
  it('market order: risk allowed → submitted → accepted → filled; ledger, fills, TCA and search attributes agree', async () => {
    const account = await newAccount();
    const intent = intentFor(account.name, { decisionPrice: 60_000 });
    const state = await withOrderWorker(async (taskQueue) => {
      const { handle } = await startOrder(client, intent, { taskQueue });
      recordedHistories.push(['market-filled', handle.workflowId]);
      return whileAdvancing(account.name, handle.result());
    });
    expect(state).toMatchObject({ status: 'FILLED', filledQuantity: 0.01, riskDecision: 'ALLOWED' });
    expect(await ledgerEvents(intent.clientOrderId)).toEqual([
      'RISK_ALLOWED',
      'SUBMIT_SENT',
      'ACCEPTED',
      'FILL',
    ]);
    const row = (await ledgerRow(intent.clientOrderId))!;
    expect(row).toMatchObject({ status: 'FILLED', workflow_id: `order-${intent.clientOrderId}` });
    expect(Number(row.filled_quantity)).toBe(0.01);
    expect(Number(row.fill_rate)).toBe(1);
    expect(row.slippage_bps_decision).not.toBeNull();
    expect(row.arrival_price).not.toBeNull();
    for (const column of ['submitted_at', 'accepted_at', 'first_fill_at', 'last_fill_at', 'terminal_at'])
      expect(row[column]).toBeInstanceOf(Date);
    // The submission's venue round trip, on the worker's wall clock (accepted_at is market time).
    const roundTrip = (row.acked_wall_at as Date).getTime() - (row.sent_wall_at as Date).getTime();
    expect(roundTrip).toBeGreaterThanOrEqual(0);
    expect(roundTrip).toBeLessThan(20_000);
    const venueFills = await sim.venue({ ...accountSpec(), ...account }).fillsSince('BTCUSDT', 0);
    const { rows: ledgerFills } = await pool.query<{ trade_id: string }>(
      'SELECT trade_id FROM fills WHERE client_order_id = $1',
      [intent.clientOrderId],
    );
    expect(ledgerFills.map((f) => f.trade_id)).toEqual(venueFills.map((f) => f.tradeId));
    const { rows: risk } = await pool.query(
      'SELECT decision, codes FROM risk_decisions WHERE client_order_id = $1',
      [intent.clientOrderId],
    );
    expect(risk).toEqual([{ decision: 'ALLOW', codes: [] }]);
    const description = await client.workflow.getHandle(`order-${intent.clientOrderId}`).describe();
    expect(description.searchAttributes).toMatchObject({
      KeelStatus: ['FILLED'],
      KeelKind: ['order'],
      KeelAccount: [account.name],
      KeelSymbol: ['BTCUSDT'],
    });
    expect(description.memo).toMatchObject({
      side: 'buy',
      symbol: 'BTCUSDT',
      quantity: 0.01,
      type: 'market',
    });
  });

  it('limit order partially filled, then cancelled by update; a fill report by signal is de-duplicated', async () => {
    const account = await newAccount({ models: { participationRate: 0.002 } });
    const last = await sim.venue({ ...accountSpec(), ...account }).lastPrice('BTCUSDT');
    const intent = intentFor(account.name, { type: 'limit', price: Math.round(last * 1.05), quantity: 0.5 });
    const state = await withOrderWorker(async (taskQueue) => {
      const { handle } = await startOrder(client, intent, { taskQueue });
      recordedHistories.push(['limit-partial-cancel', handle.workflowId]);
      await whileAdvancing(
        account.name,
        // No limit of its own: the test's timeout is the limit.
        waitFor(
          'a first fill',
          async () => {
            const current = await handle.query(orderStateQuery);
            return current.filledQuantity > 0 ? current : undefined;
          },
          Number.POSITIVE_INFINITY,
        ),
      );
      const seen = await handle.query(orderStateQuery);
      await handle.signal(fillReportSignal, seen.fills[0]!); // the same trade again, as a feed would send it
      const status = await handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'test cancel' }] });
      expect(['PENDING_CANCEL', 'CANCELED']).toContain(status);
      return handle.result();
    });
    expect(state.status).toBe('CANCELED');
    expect(state.filledQuantity).toBeGreaterThan(0);
    expect(state.filledQuantity).toBeLessThan(0.5);
    const { rows } = await pool.query<{ n: number; total: string }>(
      'SELECT count(*)::int AS n, sum(quantity) AS total FROM fills WHERE client_order_id = $1',
      [intent.clientOrderId],
    );
    expect(rows[0]!.n).toBe(state.fills.length);
    expect(Number(rows[0]!.total)).toBeCloseTo(state.filledQuantity, 10);
    expect((await venueOrdersFor(account, intent.clientOrderId))!.status).toBe('canceled');
    expect(await ledgerEvents(intent.clientOrderId)).toEqual(
      expect.arrayContaining(['CANCEL_REQUESTED', 'CANCELED']),
    );
  });

  it('an order that must not rest forever expires and is cancelled at the venue', async () => {
    const account = await newAccount();
    const last = await sim.venue({ ...accountSpec(), ...account }).lastPrice('BTCUSDT');
    const intent = intentFor(account.name, {
      type: 'limit',
      // Inside the 5 % price collar; the driven clock never reaches it.
      price: Math.round(last * 0.96),
      expireAfterMs: 1_500,
    });
    const { state, restedMs } = await withOrderWorker(async (taskQueue) => {
      const { handle } = await startOrder(client, intent, { taskQueue });
      recordedHistories.push(['expiry', handle.workflowId]);
      const result = await handle.result();
      const { rows } = await pool.query<{ at: Date }>(
        // Both on the workflow's clock: sent before the venue accepted, expired after its rest.
        `SELECT at FROM order_events WHERE client_order_id = $1 AND type IN ('SUBMIT_SENT', 'EXPIRED') ORDER BY seq`,
        [intent.clientOrderId],
      );
      return { state: result, restedMs: rows.at(-1)!.at.getTime() - rows[0]!.at.getTime() };
    });
    expect(state).toMatchObject({ status: 'EXPIRED', filledQuantity: 0 });
    // It rested its 1.5 s, counted on the workflow's clock: the venue's acceptance time is the driven
    // market clock, months behind, and counting from it expired the order at once.
    expect(restedMs).toBeGreaterThanOrEqual(1_500);
    expect((await venueOrdersFor(account, intent.clientOrderId))!.status).toBe('canceled');
  });

  it('a venue refusal ends REJECTED with the venue reason; nothing rests at the venue', async () => {
    const account = await newAccount({ balances: { USDT: 100 } });
    const intent = intentFor(account.name, { quantity: 0.1 });
    const state = await withOrderWorker(async (taskQueue) => {
      const { handle } = await startOrder(client, intent, { taskQueue });
      recordedHistories.push(['venue-reject', handle.workflowId]);
      return handle.result();
    });
    const { rows: story } = await pool.query(
      'SELECT payload FROM order_events WHERE client_order_id = $1 ORDER BY seq',
      [intent.clientOrderId],
    );
    expect(state.status, JSON.stringify(story)).toBe('REJECTED');
    expect(state.reason).toContain('INSUFFICIENT_FUNDS');
    expect(await venueOrdersFor(account, intent.clientOrderId)).toBeNull();
  });

  it('a risk deny is final and recorded; the venue never sees the order', async () => {
    const account = await newAccount();
    const intent = intentFor(account.name, { quantity: 1 });
    const state = await withOrderWorker(
      async (taskQueue) => {
        const { handle } = await startOrder(client, intent, { taskQueue });
        recordedHistories.push(['risk-deny', handle.workflowId]);
        return handle.result();
      },
      { KEEL_RISK_MAX_ORDER_NOTIONAL: '1000' },
    );
    expect(state).toMatchObject({ status: 'DENIED', riskDecision: 'DENIED' });
    expect(state.reason).toContain('MAX_ORDER_NOTIONAL');
    const { rows } = await pool.query(
      'SELECT decision, codes FROM risk_decisions WHERE client_order_id = $1',
      [intent.clientOrderId],
    );
    // Every rule that denies is reported, in rule order: 1 BTC is also over the position cap.
    expect(rows).toEqual([{ decision: 'DENY', codes: ['MAX_ORDER_NOTIONAL', 'POSITION_LIMIT'] }]);
    expect(await venueOrdersFor(account, intent.clientOrderId)).toBeNull();
    expect(await ledgerEvents(intent.clientOrderId)).toEqual(['RISK_DENIED']);
  });

  it('a second start with the same client order id joins the first: one order', async () => {
    const account = await newAccount();
    const intent = intentFor(account.name);
    await withOrderWorker(async (taskQueue) => {
      const first = await startOrder(client, intent, { taskQueue });
      const second = await startOrder(client, intent, { taskQueue });
      expect([first.started, second.started]).toEqual([true, false]);
      await whileAdvancing(account.name, first.handle.result());
      const third = await startOrder(client, intent, { taskQueue }); // after completion: still refused
      expect(third.started).toBe(false);
    });
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM orders WHERE client_order_id = $1', [
      intent.clientOrderId,
    ]);
    expect(rows[0]).toEqual({ n: 1 });
  });
});

describe('faults: each ends with exactly one venue order', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    [
      'a 429 storm',
      { kind: 'rate_limit', endpoint: 'order.create', count: 4, retryAfterSeconds: 0 },
      ['RISK_ALLOWED', 'SUBMIT_SENT', 'ACCEPTED', 'FILL'],
    ],
    [
      '5xx on submit (not processed)',
      { kind: 'server_error', endpoint: 'order.create', count: 1 },
      [
        'RISK_ALLOWED',
        'SUBMIT_SENT',
        'SUBMIT_OUTCOME_UNKNOWN',
        'NOT_AT_VENUE',
        'SUBMIT_SENT',
        'ACCEPTED',
        'FILL',
      ],
    ],
    [
      'a response lost after acceptance',
      { kind: 'lost_response', endpoint: 'order.create', count: 1 },
      ['RISK_ALLOWED', 'SUBMIT_SENT', 'SUBMIT_OUTCOME_UNKNOWN', 'ACCEPTED', 'FILL'],
    ],
  ];
  it.each(cases)('%s', async (name, fault, expectedEvents) => {
    const account = await newAccount();
    await sim.fault(account.name, fault);
    const intent = intentFor(account.name);
    const state: OrderState = await withOrderWorker(async (taskQueue) => {
      const { handle } = await startOrder(client, intent, { taskQueue });
      recordedHistories.push([`fault-${name.replace(/[^a-z0-9]+/gi, '-')}`, handle.workflowId]);
      return whileAdvancing(account.name, handle.result());
    });
    const { rows: story } = await pool.query(
      'SELECT type, payload FROM order_events WHERE client_order_id = $1 ORDER BY seq',
      [intent.clientOrderId],
    );
    expect(state.status, JSON.stringify(story)).toBe('FILLED');
    expect(await ledgerEvents(intent.clientOrderId)).toEqual(expectedEvents);
    const venue = sim.venue({ ...accountSpec(), ...account });
    const open = await venue.openOrders();
    const fills = await venue.fillsSince('BTCUSDT', 0);
    expect(open).toEqual([]);
    expect(new Set(fills.map((fill) => fill.venueOrderId)).size).toBe(1); // one venue order
    expect(fills.reduce((sum, fill) => sum + fill.quantity, 0)).toBeCloseTo(intent.quantity, 10);
  });
});

describe('recorded histories replay against the current workflow code', () => {
  it('every history of this file replays deterministically', async () => {
    const histories = await Promise.all(
      recordedHistories.map(async ([, workflowId]) => ({
        workflowId,
        history: await client.workflow.getHandle(workflowId).fetchHistory(),
      })),
    );
    expect(histories.length).toBeGreaterThanOrEqual(8);
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: await sharedBundle() },
      histories,
    )) {
      expect(result.error, `${result.workflowId}: ${String(result.error)}`).toBeUndefined();
    }
  });
});
