import { describe, expect, it } from 'vitest';
import { ensureDesk } from '../../client/desk/desk-workflow.js';
import { startOrder } from '../../client/orders/start-order.js';
import { runReconcile } from '../../client/reconcile/reconcile-runs.js';
import { actOnDrift } from '../../activities/reconcile/reconcile-actions.js';
import type { Drift } from '../../domain/reconcile/types.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { withVenues, withWorker } from '../helpers/in-process-worker.js';
import { runKeel } from '../helpers/run-keel.js';
import { testConfig, testEnv, useTestStack } from '../helpers/test-stack.js';
import { useHistoryRecorder } from '../helpers/history-recorder.js';
import { orderWorkflows } from '../helpers/order-workflows.js';
import { intentMaker, sequentialIds } from '../helpers/order-intents.js';
import { newSimAccount, placeByHand } from '../helpers/sim-accounts.js';
import { sleep } from '../helpers/wait-for.js';
import { useWebhookReceiver } from '../helpers/webhook-receiver.js';

const { pool, client, sim, server, terminateAtEnd } = useTestStack({ simulator: true });
const webhook = useWebhookReceiver();
const alerts = webhook.received;
const recordedHistories = useHistoryRecorder(client, 'reconcile');
const { waitForStatus, placeAndFill } = orderWorkflows(client, sim);

async function newAccount() {
  const full = await newSimAccount(sim);
  // Only this file's desks: other files' tests run at the same time.
  terminateAtEnd(`desk-${full.name}`);
  return full;
}
type Account = Awaited<ReturnType<typeof newAccount>>;

const intentFor = intentMaker(sequentialIds('rec'));

const env = (extra: Record<string, string> = {}) =>
  testEnv({ KEEL_VENUE_BASE_URL: server.url, KEEL_ALERT_WEBHOOK_URL: `${webhook.url}/alerts`, ...extra });

/**
 * In-process workers on private queues: `orders` hosts order lifecycles, `control` the desk and
 * reconciliation. Tests stop the orders worker to make the ledger fall behind the venue.
 */
async function withWorkers<T>(
  queues: { orders?: string; control: string },
  body: () => Promise<T>,
  extra: Record<string, string> = {},
): Promise<T> {
  const config = testConfig(env({ KEEL_RISK_CHECK_INTERVAL_SECONDS: '0.5', ...extra }));
  return withVenues(config, (venues) => {
    const control = () =>
      withWorker(
        config,
        { taskQueue: queues.control, activitiesOf: [TASK_QUEUES.desk, TASK_QUEUES.reconcile], pool, venues },
        body,
      );
    return queues.orders
      ? withWorker(
          config,
          { taskQueue: queues.orders, activitiesOf: TASK_QUEUES.orders, pool, venues },
          control,
        )
      : control();
  });
}

const queueNames = () => {
  const suffix = Math.random().toString(36).slice(2, 10);
  return { orders: `test-rec-orders-${suffix}`, control: `test-rec-control-${suffix}` };
};

async function reconcileNow(account: Account, queues: { orders: string; control: string }, label?: string) {
  const { workflowId, report } = await runReconcile(client, account.name, 'manual', {
    taskQueue: queues.control,
    ordersTaskQueue: queues.orders,
    deskTaskQueue: queues.control,
  });
  if (label) recordedHistories.push([label, workflowId]);
  return report;
}

async function deskMode(account: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ mode: string }>('SELECT mode FROM desk_state WHERE account = $1', [
    account,
  ]);
  return rows[0]?.mode;
}

describe('reconciliation against the simulator', () => {
  it('a clean reconciliation changes nothing and says so; its run is stored', async () => {
    const account = await newAccount();
    const queues = queueNames();
    await withWorkers(queues, async () => {
      await ensureDesk(client, account.name, { taskQueue: queues.control });
      expect((await placeAndFill(account, intentFor(account.name), queues.orders)).status).toBe('FILLED');
      const first = await reconcileNow(account, queues, 'clean');
      expect(first).toMatchObject({
        status: 'CLEAN',
        drifts: [],
        actions: [],
        deskHalted: false,
        baselineTaken: true,
      });
      const second = await reconcileNow(account, queues);
      expect(second).toMatchObject({ status: 'CLEAN', drifts: [], baselineTaken: false });
      const { rows } = await pool.query(
        'SELECT status, drift_count FROM reconcile_runs WHERE account = $1 ORDER BY started_at',
        [account.name],
      );
      expect(rows).toEqual([
        { status: 'CLEAN', drift_count: 0 },
        { status: 'CLEAN', drift_count: 0 },
      ]);
      expect(await deskMode(account.name)).toBe('ACTIVE');
    });
  });

  it('an order placed directly at the venue is an orphan: cancelled, the desk halted; a clean run lets an operator resume', async () => {
    const account = await newAccount();
    const queues = queueNames();
    await withWorkers(queues, async () => {
      await ensureDesk(client, account.name, { taskQueue: queues.control });
      await reconcileNow(account, queues); // the balance baseline
      const last = await account.venue.lastPrice('BTCUSDT');
      await placeByHand(account.venue, 'by-hand-1', Math.round(last * 0.9));
      const report = await reconcileNow(account, queues, 'orphan');
      expect(
        report.drifts.map((drift) => [drift.kind, drift.severity, drift.action, drift.clientOrderId]),
      ).toEqual([['ORPHAN_VENUE_ORDER', 'critical', 'CANCEL_AT_VENUE', 'by-hand-1']]);
      expect(report.actions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'ORPHAN_VENUE_ORDER', outcome: 'cancelled at the venue' }),
        ]),
      );
      expect(report.deskHalted).toBe(true);
      expect(
        alerts.find((alert) => alert.kind === 'reconcile.drift' && alert.account === account.name),
      ).toMatchObject({
        severity: 'critical',
        runId: report.runId,
        drifts: [{ kind: 'ORPHAN_VENUE_ORDER', severity: 'critical' }],
      });
      for (let i = 0; i < 50 && (await deskMode(account.name)) !== 'HALTED'; i++) await sleep(100);
      expect(await deskMode(account.name)).toBe('HALTED');
      expect(await account.venue.openOrders()).toEqual([]);

      const refused = await runKeel(
        ['desk', 'resume', '--account', account.name, '--reason', 'checked'],
        env(),
      );
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('reconciliation');
      expect((await reconcileNow(account, queues)).status).toBe('CLEAN');
      let resumed = await runKeel(
        ['desk', 'resume', '--account', account.name, '--reason', 'clean again'],
        env(),
      );
      for (let i = 0; i < 20 && resumed.code !== 0; i++) {
        await sleep(200); // the clear signal may still be on its way to the desk
        resumed = await runKeel(
          ['desk', 'resume', '--account', account.name, '--reason', 'clean again'],
          env(),
        );
      }
      expect(resumed.code, resumed.stderr).toBe(0);
    });
  });

  it('a changed balance is critical drift and halts the desk; restored, the next run is clean', async () => {
    const account = await newAccount();
    const queues = queueNames();
    await withWorkers(queues, async () => {
      await ensureDesk(client, account.name, { taskQueue: queues.control });
      expect((await reconcileNow(account, queues)).status).toBe('CLEAN');
      await sim.admin('POST', `/sim/accounts/${account.name}/balances`, { asset: 'USDT', free: 90_000 });
      const report = await reconcileNow(account, queues, 'balance');
      expect(report.drifts.map((drift) => [drift.kind, drift.severity, drift.asset])).toEqual([
        ['BALANCE_MISMATCH', 'critical', 'USDT'],
      ]);
      expect(report.deskHalted).toBe(true);
      await sim.admin('POST', `/sim/accounts/${account.name}/balances`, { asset: 'USDT', free: 100_000 });
      expect((await reconcileNow(account, queues)).status).toBe('CLEAN');
    });
  });

  it('behind the worker’s back — an order cancelled at the venue, fills the worker never saw — is classified, acted on, and converges', async () => {
    const account = await newAccount();
    const queues = queueNames();
    const last = await account.venue.lastPrice('BTCUSDT');
    const resting = intentFor(account.name, {
      type: 'limit',
      price: Math.round(last * 0.97),
      quantity: 0.002,
    });
    // Marketable: it fills on the next bar, which only comes once the worker is gone.
    const filling = intentFor(account.name, {
      type: 'limit',
      price: Math.round(last * 1.03),
      quantity: 0.003,
    });
    await withWorkers(queues, async () => {
      await ensureDesk(client, account.name, { taskQueue: queues.control });
      await reconcileNow(account, queues);
      for (const intent of [resting, filling]) await startOrder(client, intent, { taskQueue: queues.orders });
      for (const intent of [resting, filling]) await waitForStatus(intent.clientOrderId, ['ACCEPTED']);
    });
    // The orders worker is gone: its workflows wait. Meanwhile the venue moves on.
    await withWorkers({ control: queues.control }, async () => {
      await account.venue.cancelOrder('BTCUSDT', resting.clientOrderId);
      await sim.advance(account.name, { by: 300_000 });
      expect((await account.venue.getOrderByClientId('BTCUSDT', filling.clientOrderId))?.status).toBe(
        'closed',
      );
      const report = await reconcileNow(account, queues, 'behind-the-back');
      const found = report.drifts.map((drift) => `${drift.kind} ${drift.clientOrderId ?? drift.asset}`);
      expect(found).toEqual(
        expect.arrayContaining([
          `STATUS_MISMATCH ${resting.clientOrderId}`,
          `STATUS_MISMATCH ${filling.clientOrderId}`,
          `MISSED_FILL ${filling.clientOrderId}`,
        ]),
      );
      expect(report.drifts.filter((drift) => drift.kind === 'ORPHAN_VENUE_ORDER')).toEqual([]);
      // The missed fills go to the order's own (running) workflow; the lookups are its to finish.
      for (const action of report.actions.filter((a) => a.kind === 'MISSED_FILL'))
        expect(action.outcome).toBe('reported to its running order workflow');
      for (const action of report.actions.filter((a) => a.kind === 'STATUS_MISMATCH'))
        expect(action.outcome).toContain('running');
      // Explained by the missed fills, the balance differences do not halt the desk.
      expect(report.deskHalted).toBe(false);
    });
    // Back online: each order workflow brings the ledger in line with the venue; a run is clean.
    await withWorkers(queues, async () => {
      expect((await waitForStatus(resting.clientOrderId, ['CANCELED'])).status).toBe('CANCELED');
      expect((await waitForStatus(filling.clientOrderId, ['FILLED'])).filledQuantity).toBeCloseTo(0.003, 9);
      const venueFills = await account.venue.fillsSince('BTCUSDT', 0);
      const { rows } = await pool.query<{ trade_id: string }>(
        'SELECT trade_id FROM fills WHERE account = $1 ORDER BY trade_id',
        [account.name],
      );
      expect(rows.map((row) => row.trade_id).sort()).toEqual(venueFills.map((fill) => fill.tradeId).sort());
      const after = await reconcileNow(account, queues);
      expect(after.drifts).toEqual([]);
    });
  });
  it('with adoption on, an orphan with a Keel client order id is adopted through a normal order workflow, risk gate included', async () => {
    const account = await newAccount();
    const queues = queueNames();
    const adopted = `m-${Date.now().toString(36)}-a1b2c3`;
    await withWorkers(
      queues,
      async () => {
        await ensureDesk(client, account.name, { taskQueue: queues.control });
        await reconcileNow(account, queues);
        const last = await account.venue.lastPrice('BTCUSDT');
        await placeByHand(account.venue, adopted, Math.round(last * 0.98));
        const report = await reconcileNow(account, queues, 'adopt');
        expect(report.drifts.map((drift) => [drift.kind, drift.action])).toEqual([
          ['ORPHAN_VENUE_ORDER', 'ADOPT_ORDER'],
        ]);
        expect(report.actions[0]!.outcome).toContain(`order workflow order-${adopted} started`);
        const state = await waitForStatus(adopted, ['ACCEPTED']);
        expect(state.riskDecision).toBe('ALLOWED');
        // One order at the venue, now the ledger's: the next run is clean but for the desk it halted.
        expect((await account.venue.openOrders()).map((order) => order.clientOrderId)).toEqual([adopted]);
        const after = await reconcileNow(account, queues);
        expect(after.drifts).toEqual([]);
      },
      { KEEL_RECONCILE_ADOPT_KEEL_ORDERS: 'true' },
    );
  });

  it('an order adopted after it filled at the venue is found, not sent again: one venue order (Binance takes a re-sent filled id)', async () => {
    const account = await newAccount();
    const queues = queueNames();
    const adopted = `m-${Date.now().toString(36)}-f1e2d3`;
    await withWorkers(queues, async () => {
      const last = await account.venue.lastPrice('BTCUSDT');
      // Seen open by a reconciliation, then filled before its adoption's workflow submits.
      const seen = await placeByHand(account.venue, adopted, Math.round(last * 1.05));
      await sim.advance(account.name, { by: 120_000 });
      expect((await account.venue.getOrderByClientId('BTCUSDT', adopted))?.status).toBe('closed');
      const drift: Drift = {
        kind: 'ORPHAN_VENUE_ORDER',
        severity: 'warn',
        detail: 'test: an orphan with a Keel client order id',
        action: 'ADOPT_ORDER',
        clientOrderId: adopted,
        symbol: 'BTCUSDT',
        tradeId: null,
        asset: null,
        facts: { venue: { side: 'buy', quantity: seen.quantity, price: seen.price } },
      };
      const outcome = await actOnDrift(
        { pool, venue: account.venue, client, venueName: 'simulator' },
        account.name,
        drift,
        { ordersTaskQueue: queues.orders },
      );
      expect(outcome).toContain('started');
      const state = await waitForStatus(adopted, ['FILLED']);
      expect(state.venueOrderId).toBe(seen.venueOrderId);
      const atVenue = (await account.venue.allOrders('BTCUSDT')).filter((o) => o.clientOrderId === adopted);
      expect(atVenue.map((order) => order.venueOrderId)).toEqual([seen.venueOrderId]);
    });
  });
});
