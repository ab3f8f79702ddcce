import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { OrderIntent, OrderState } from '../../domain/orders/types.js';
import { ensureDesk } from '../../client/desk/desk-workflow.js';
import { startOrder } from '../../client/orders/start-order.js';
import { requireTemporalBinary } from '../../stack/temporal-binary.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { withWorker } from '../helpers/in-process-worker.js';
import { runKeel } from '../helpers/run-keel.js';
import { testConfig, testEnv, uniqueTaskQueue, useTestStack } from '../helpers/test-stack.js';
import { accountSpec } from '../helpers/venue-sim.js';
import { useHistoryRecorder } from '../helpers/history-recorder.js';
import { orderWorkflows } from '../helpers/order-workflows.js';
import { intentMaker, sequentialIds } from '../helpers/order-intents.js';
import { newSimAccount, placeByHand, type SimAccount } from '../helpers/sim-accounts.js';
import { sleep, waitFor } from '../helpers/wait-for.js';
import { useWebhookReceiver } from '../helpers/webhook-receiver.js';
import { cancelOrderUpdate } from '../../contracts/orders.js';
import {
  deskStatusQuery,
  haltSignal,
  haltUpdate,
  reconciliationBreakerSignal,
  resumeSignal,
} from '../../contracts/desk.js';

const { pool, client, sim, server, terminateAtEnd } = useTestStack({ simulator: true });
// The alert receiver an operator would run: it keeps every JSON alert it is sent.
const webhook = useWebhookReceiver();
const alerts = webhook.received;
/** [label, workflowId]: each desk history, saved as test-artifacts/histories/desk-<label>.json. */
const recordedHistories = useHistoryRecorder(client, 'desk');
const { waitForStatus, placeAndFill } = orderWorkflows(client, sim);

const newAccount = (overrides: Parameters<typeof accountSpec>[0] = {}) => newSimAccount(sim, overrides);
type Account = SimAccount;
const intentFor = intentMaker(sequentialIds('desk-it'));

/** The environment of the worker and of the CLI: this run's servers, this file's simulator and webhook. */
function deskEnv(extra: Record<string, string> = {}): Record<string, string> {
  return testEnv({
    KEEL_VENUE_BASE_URL: server.url,
    KEEL_ALERT_WEBHOOK_URL: `${webhook.url}/alerts`,
    KEEL_RISK_CHECK_INTERVAL_SECONDS: '0.3',
    ...extra,
  });
}

/** An in-process worker hosting the order and desk activities on a private queue; the account's desk runs on it. */
async function withDesk<T>(
  account: Account,
  label: string,
  body: (taskQueue: string, desk: WorkflowHandle) => Promise<T>,
  extra: Record<string, string> = {},
  deskOptions: { historyLimit?: number } = {},
): Promise<T> {
  const taskQueue = uniqueTaskQueue('desk');
  const config = testConfig(deskEnv(extra));
  return withWorker(
    config,
    { taskQueue, activitiesOf: [TASK_QUEUES.orders, TASK_QUEUES.desk], pool },
    async () => {
      const desk = await ensureDesk(client, account.name, { taskQueue, ...deskOptions });
      recordedHistories.push([label, desk.workflowId]);
      terminateAtEnd(desk.workflowId);
      return body(taskQueue, client.workflow.getHandle(desk.workflowId));
    },
  );
}

async function keel(args: string[], extra: Record<string, string> = {}) {
  return runKeel(args, deskEnv(extra));
}

async function place(intent: OrderIntent, taskQueue: string): Promise<OrderState> {
  const { handle } = await startOrder(client, intent, { taskQueue });
  return handle.result();
}

async function deskRow(account: string) {
  const { rows } = await pool.query<{
    mode: string;
    reason: string;
    actor: string;
    breakers: { name: string }[];
  }>('SELECT mode, reason, actor, breakers FROM desk_state WHERE account = $1', [account]);
  return rows[0];
}

describe('desk control: halt, close-only, resume through the CLI, the temporal CLI and updates', () => {
  it('halt via CLI → new orders DENIED (DESK_HALTED), cancel still works, explain shows every rule, resume trades again; the webhook gets every change', async () => {
    const account = await newAccount();
    const last = await sim.venue({ ...accountSpec(), ...account }).lastPrice('BTCUSDT');
    await withDesk(account, 'halt-resume', async (taskQueue) => {
      const resting = intentFor(account.name, { type: 'limit', price: Math.round(last * 0.97) });
      await startOrder(client, resting, { taskQueue });
      await waitForStatus(resting.clientOrderId, ['ACCEPTED']);

      const halted = await keel([
        'desk',
        'halt',
        '--account',
        account.name,
        '--reason',
        'operator test halt',
        '--json',
      ]);
      expect(halted.code, halted.stderr).toBe(0);
      expect(JSON.parse(halted.stdout)).toMatchObject({
        state: { mode: 'HALTED', reason: 'operator test halt' },
        cancelled: null,
      });
      // Persisted before it was acknowledged.
      expect(await deskRow(account.name)).toMatchObject({ mode: 'HALTED' });

      const denied = intentFor(account.name);
      const deniedState = await place(denied, taskQueue);
      expect(deniedState).toMatchObject({ status: 'DENIED' });
      expect(deniedState.reason).toContain('DESK_HALTED');
      expect(
        await sim.venue({ ...accountSpec(), ...account }).getOrderByClientId('BTCUSDT', denied.clientOrderId),
      ).toBeNull();

      // Cancelling is not trading: it works while halted.
      const cancelled = await client.workflow
        .getHandle(`order-${resting.clientOrderId}`)
        .executeUpdate(cancelOrderUpdate, { args: [{ reason: 'flatten while halted' }] });
      expect(['PENDING_CANCEL', 'CANCELED']).toContain(cancelled);
      await waitForStatus(resting.clientOrderId, ['CANCELED']);

      const explained = await keel(['risk', 'explain', denied.clientOrderId, '--json']);
      expect(explained.code, explained.stderr).toBe(0);
      const explanation = JSON.parse(explained.stdout) as {
        decision: string;
        results: { rule: string; verdict: string; code: string | null }[];
        integrity: Record<string, boolean>;
      };
      expect(explanation.decision).toBe('DENY');
      expect(explanation.results).toHaveLength(16);
      expect(explanation.results.find((result) => result.rule === 'deskMode')).toMatchObject({
        verdict: 'DENY',
        code: 'DESK_HALTED',
      });
      expect(explanation.integrity).toEqual({ snapshotDigestMatches: true, recomputedDecisionMatches: true });
      const text = await keel(['risk', 'explain', denied.clientOrderId]);
      expect(text.stdout).toMatch(/deskMode\s+DENY/);

      const noReason = await keel(['desk', 'resume', '--account', account.name, '--reason', ' ']);
      expect(noReason.code).toBe(2);
      expect(noReason.stderr).toContain('--reason');

      const resumed = await keel(['desk', 'resume', '--account', account.name, '--reason', 'checks done']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain('ACTIVE');
      const after = await placeAndFill(account, intentFor(account.name, { quantity: 0.002 }), taskQueue);
      expect(after.status).toBe('FILLED');

      const status = await keel(['desk', 'status', '--account', account.name, '--json']);
      const desk = JSON.parse(status.stdout) as { mode: string; events: { kind: string; newMode: string }[] };
      expect(desk.mode).toBe('ACTIVE');
      expect(desk.events.map((event) => [event.kind, event.newMode])).toEqual([
        ['MODE_CHANGED', 'HALTED'],
        ['MODE_CHANGED', 'ACTIVE'],
      ]);
    });
    const mine = alerts.filter((alert) => alert.account === account.name);
    expect(mine.map((alert) => [alert.kind, alert.oldMode, alert.newMode])).toEqual([
      ['desk.mode_changed', 'ACTIVE', 'HALTED'],
      ['desk.mode_changed', 'HALTED', 'ACTIVE'],
    ]);
    for (const alert of mine) {
      expect(typeof alert.reason).toBe('string');
      expect(String(alert.actor)).toMatch(/^cli:/);
      expect(Date.parse(alert.time as string)).not.toBeNaN();
      expect(alert.receivedKey).toBe(alert.idempotencyKey);
    }
  });

  it('close-only admits a reducing order and denies an increasing or a flipping one', async () => {
    const account = await newAccount();
    await withDesk(account, 'close-only', async (taskQueue) => {
      expect(
        (await placeAndFill(account, intentFor(account.name, { quantity: 0.02 }), taskQueue)).status,
      ).toBe('FILLED');
      const closeOnly = await keel([
        'desk',
        'close-only',
        '--account',
        account.name,
        '--reason',
        'wind down',
      ]);
      expect(closeOnly.code, closeOnly.stderr).toBe(0);

      const increase = await place(intentFor(account.name, { quantity: 0.005 }), taskQueue);
      expect(increase.status).toBe('DENIED');
      expect(increase.reason).toContain('DESK_CLOSE_ONLY');
      const flip = await place(intentFor(account.name, { side: 'sell', quantity: 0.03 }), taskQueue);
      expect(flip.status).toBe('DENIED');
      expect(flip.reason).toContain('DESK_CLOSE_ONLY');
      const reduce = await placeAndFill(
        account,
        intentFor(account.name, { side: 'sell', quantity: 0.01 }),
        taskQueue,
      );
      expect(reduce.status).toBe('FILLED');
    });
    const { rows } = await pool.query<{ quantity: string }>(
      `SELECT quantity FROM positions WHERE account = $1 AND symbol = 'BTCUSDT'`,
      [account.name],
    );
    expect(Number(rows[0]!.quantity)).toBeCloseTo(0.01, 9);
  });

  it('a halt signal sent with the temporal CLI (as the UI sends it) takes effect; a signal without a reason is refused and audited', async () => {
    const account = await newAccount();
    const config = testConfig();
    const temporal = (args: string[]) =>
      promisify(execFile)(requireTemporalBinary(), [
        ...args,
        '--address',
        config.temporal.address,
        '--namespace',
        config.temporal.namespace,
      ]);
    const signal = (name: string, ...input: string[]) =>
      temporal(['workflow', 'signal', '--workflow-id', `desk-${account.name}`, '--name', name, ...input]);
    await withDesk(account, 'signals', async (taskQueue) => {
      await signal(
        haltSignal.name,
        '--input',
        JSON.stringify({ reason: 'halted from the UI', actor: 'ops@ui' }),
      );
      await waitFor('the halt', async () =>
        (await deskRow(account.name))?.mode === 'HALTED' ? true : undefined,
      );
      const denied = await place(intentFor(account.name), taskQueue);
      expect(denied.reason).toContain('DESK_HALTED');

      await signal(resumeSignal.name);
      const refused = await waitFor('the refusal', async () => {
        const { rows } = await pool.query<{ reason: string }>(
          `SELECT reason FROM desk_events WHERE account = $1 AND kind = 'REQUEST_REFUSED'`,
          [account.name],
        );
        return rows[0];
      });
      expect(refused.reason).toContain('needs a reason');
      expect(await deskRow(account.name)).toMatchObject({ mode: 'HALTED', actor: 'ops@ui' });
      const query = await client.workflow.getHandle(`desk-${account.name}`).query(deskStatusQuery);
      expect(query.state?.mode).toBe('HALTED');
      const description = await client.workflow.getHandle(`desk-${account.name}`).describe();
      expect(description.searchAttributes).toMatchObject({ KeelKind: ['desk'], KeelStatus: ['HALTED'] });
    });
  });

  it('a breaker check that cannot reach the venue does not end the desk: status shows why, and a halt still takes effect', async () => {
    const account = await newAccount();
    // Nothing listens there: every breaker check fails to reach the venue.
    const unreachableVenue = { KEEL_VENUE_BASE_URL: 'http://127.0.0.1:1' };
    await withDesk(
      account,
      'check-failing',
      async (_taskQueue, desk) => {
        const failing = await waitFor('a failed breaker check', async () => {
          const status = await desk.query(deskStatusQuery);
          return status.lastCheckError ? status : undefined;
        });
        expect(failing.lastCheckAt).toBeNull();
        // Several more intervals (0.3 s each, 3 attempts per check): the desk keeps running.
        await sleep(6_000);
        expect((await desk.describe()).status.name).toBe('RUNNING');
        const answer = await desk.executeUpdate(haltUpdate, {
          args: [{ reason: 'venue unreachable', actor: 'test' }],
        });
        expect(answer.state.mode).toBe('HALTED');
        expect(await deskRow(account.name)).toMatchObject({ mode: 'HALTED', reason: 'venue unreachable' });
        expect((await desk.query(deskStatusQuery)).lastCheckError).toBeTruthy();
      },
      unreachableVenue,
    );
  });

  it('the drawdown breaker trips by itself, refuses a resume while it holds, and clears once equity recovers', async () => {
    // 50 bps of slippage on a small book: buying ~450 USDT of BTC costs ~0.25 % of equity at once,
    // far more than a minute's price move could hide. Trips at 0.1 %, clears below 0.05 %.
    const account = await newAccount({ models: { slippage: { kind: 'fixedBps', bps: 50 } } });
    const venue = sim.venue({ ...accountSpec(), ...account });
    const limits = {
      KEEL_RISK_STARTING_EQUITY: '1000',
      KEEL_RISK_MAX_DRAWDOWN_PCT: '0.1',
      KEEL_RISK_DRAWDOWN_RESUME_PCT: '0.05',
    };
    await withDesk(
      account,
      'drawdown-breaker',
      async (taskQueue) => {
        const bought = await placeAndFill(account, intentFor(account.name, { quantity: 0.005 }), taskQueue);
        expect(bought.status).toBe('FILLED');
        const tripped = await waitFor('the breaker', async () => {
          const row = await deskRow(account.name);
          return row?.breakers.some((breaker) => breaker.name === 'drawdown') ? row : undefined;
        });
        expect(tripped).toMatchObject({ mode: 'HALTED', actor: 'breaker:drawdown' });

        const refused = await keel(['desk', 'resume', '--account', account.name, '--reason', 'try'], limits);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain('breakers still hold: drawdown');

        // Move the market until the position is worth more than it cost.
        const entry = bought.averagePrice!;
        await waitFor(
          'a recovery',
          async () => {
            await sim.advance(account.name, { by: 1_800_000 });
            // Above the entry, the position's gain covers the ~0.3 USDT fee within the 0.5 USDT
            // (0.05 %) the drawdown must fall below.
            return (await venue.lastPrice('BTCUSDT')) > entry ? true : undefined;
          },
          120_000,
        );
        await waitFor('the breaker to clear', async () => {
          const row = await deskRow(account.name);
          return row && row.breakers.length === 0 ? row : undefined;
        });
        const { rows } = await pool.query<{ reason: string }>(
          `SELECT reason FROM desk_events WHERE account = $1 AND kind = 'BREAKER_CLEARED'`,
          [account.name],
        );
        expect(rows[0]!.reason).toMatch(/< 0\.05%/);
        // Cleared is not resumed: an operator decides.
        expect(await deskRow(account.name)).toMatchObject({ mode: 'HALTED' });
        const resumed = await keel(
          ['desk', 'resume', '--account', account.name, '--reason', 'recovered'],
          limits,
        );
        expect(resumed.code, resumed.stderr).toBe(0);
      },
      limits,
    );
    expect(alerts.filter((alert) => alert.account === account.name).map((alert) => alert.kind)).toEqual([
      'desk.breaker_tripped',
      'desk.breaker_cleared',
      'desk.mode_changed',
    ]);
  });

  it('halt --cancel-open leaves no open order at the venue: Keel orders through their workflows, an orphan directly', async () => {
    const account = await newAccount();
    const venue = sim.venue({ ...accountSpec(), ...account });
    const last = await venue.lastPrice('BTCUSDT');
    await withDesk(account, 'cancel-open', async (taskQueue) => {
      const resting = [0.001, 0.002, 0.003].map((quantity) =>
        intentFor(account.name, { type: 'limit', price: Math.round(last * 0.97), quantity }),
      );
      for (const intent of resting) await startOrder(client, intent, { taskQueue });
      for (const intent of resting) await waitForStatus(intent.clientOrderId, ['ACCEPTED']);
      await placeByHand(venue, 'placed-by-hand', Math.round(last * 0.9));

      const kill = await keel([
        'desk',
        'halt',
        '--account',
        account.name,
        '--reason',
        'kill switch',
        '--cancel-open',
        '--json',
      ]);
      expect(kill.code, kill.stderr).toBe(0);
      const report = (
        JSON.parse(kill.stdout) as {
          cancelled: Record<string, { clientOrderId: string; status?: string; result?: string }[]>;
        }
      ).cancelled;
      expect(report.viaWorkflows!.map((order) => [order.clientOrderId, order.status]).sort()).toEqual(
        resting.map((intent) => [intent.clientOrderId, 'CANCELED']).sort(),
      );
      expect(report.atVenue).toEqual([
        { clientOrderId: 'placed-by-hand', symbol: 'BTCUSDT', result: 'canceled' },
      ]);
      expect(report.stillOpen).toEqual([]);
      expect(await venue.openOrders()).toEqual([]);
    });
  });

  it('a halt acknowledged while orders are being placed: no order started after the acknowledgement reaches the venue', async () => {
    const account = await newAccount();
    const venue = sim.venue({ ...accountSpec(), ...account });
    const last = await venue.lastPrice('BTCUSDT');
    await withDesk(
      account,
      'halt-under-load',
      async (taskQueue) => {
        const started: { intent: OrderIntent; at: number }[] = [];
        let acknowledgedAt = Number.POSITIVE_INFINITY;
        // Orders keep starting, one every 40 ms, until 15 have started after the acknowledgement.
        const placing = (async () => {
          while (started.filter((order) => order.at > acknowledgedAt).length < 15 && started.length < 300) {
            const intent = intentFor(account.name, {
              type: 'limit',
              price: Math.round(last * 0.97),
              quantity: 0.001,
            });
            started.push({ intent, at: Date.now() });
            await startOrder(client, intent, { taskQueue });
            await sleep(40);
          }
        })();
        await sleep(600);
        await client.workflow
          .getHandle(`desk-${account.name}`)
          .executeUpdate(haltUpdate, { args: [{ reason: 'halt under load', actor: 'test' }] });
        acknowledgedAt = Date.now();
        await placing;

        const after = started.filter((order) => order.at > acknowledgedAt);
        const before = started.filter((order) => order.at <= acknowledgedAt);
        expect(after.length).toBe(15);
        expect(before.length).toBeGreaterThan(3);
        for (const { intent } of after) {
          const state = (await client.workflow
            .getHandle(`order-${intent.clientOrderId}`)
            .result()) as OrderState;
          expect(state.status, intent.clientOrderId).toBe('DENIED');
          expect(state.reason).toContain('DESK_HALTED');
          expect(await venue.getOrderByClientId('BTCUSDT', intent.clientOrderId)).toBeNull();
        }
      },
      // Equal resting orders on purpose: the duplicate rule is not under test here.
      { KEEL_RISK_DUPLICATE_WINDOW_SECONDS: '0' },
    );
  });
  it('the reconciliation hook trips and clears its breaker; the desk keeps its state across continue-as-new', async () => {
    const account = await newAccount();
    await withDesk(
      account,
      'reconciliation-continue-as-new',
      async (_taskQueue, desk) => {
        const firstRun = (await desk.describe()).runId;
        await desk.signal(reconciliationBreakerSignal, {
          tripped: true,
          reason: 'critical drift: orphan order',
        });
        await waitFor('the reconciliation breaker', async () => {
          const row = await deskRow(account.name);
          return row?.breakers.some((breaker) => breaker.name === 'reconciliation') ? row : undefined;
        });
        const refused = await keel(['desk', 'resume', '--account', account.name, '--reason', 'looks fine']);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain('reconciliation (critical drift: orphan order)');

        // The breaker checks fill the history quickly: the desk continues as new, still halted.
        await waitFor('a continue-as-new', async () =>
          (await desk.describe()).runId !== firstRun ? true : undefined,
        );
        const carried = await desk.query(deskStatusQuery);
        expect(carried.state).toMatchObject({ mode: 'HALTED', breakers: [{ name: 'reconciliation' }] });

        await desk.signal(reconciliationBreakerSignal, { tripped: false, reason: 'clean reconciliation' });
        await waitFor('the clear', async () =>
          (await deskRow(account.name))?.breakers.length === 0 ? true : undefined,
        );
        expect(await deskRow(account.name)).toMatchObject({ mode: 'HALTED' });
        const resumed = await keel(['desk', 'resume', '--account', account.name, '--reason', 'reconciled']);
        expect(resumed.code, resumed.stderr).toBe(0);
      },
      {},
      { historyLimit: 60 },
    );
  });
});
