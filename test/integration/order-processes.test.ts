import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTerminalStatus } from '../../domain/orders/state-machine.js';
import type { OrderIntent, OrderState } from '../../domain/orders/types.js';
import { startOrder } from '../../client/orders/start-order.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { placeOrderArgs, runKeel, startKeel, type KeelProcess } from '../helpers/run-keel.js';
import { testEnv, useTestStack } from '../helpers/test-stack.js';
import { accountSpec } from '../helpers/venue-sim.js';
import { newSimAccount } from '../helpers/sim-accounts.js';
import { orderStateQuery } from '../../contracts/orders.js';

// The only test file that runs `keel worker` on the real keel-orders (and keel-burn-in) task queues:
// its orders must reach this file's simulator, so no other file may poll those queues.
const { pool, client, sim, server } = useTestStack({ simulator: true });
let env: Record<string, string>;
const workers: KeelProcess[] = [];

async function startWorker(): Promise<KeelProcess> {
  const worker = startKeel(
    [
      'worker',
      '--task-queues',
      [TASK_QUEUES.orders, TASK_QUEUES.desk, TASK_QUEUES.reconcile, TASK_QUEUES.burnIn].join(','),
    ],
    env,
  );
  workers.push(worker);
  await worker.waitForLine((line) => line.includes('"worker running"'), 120_000);
  return worker;
}

/** A realtime account whose market moves 600× faster than the wall clock: orders fill within ~0.1 s. */
async function fastAccount(overrides: Parameters<typeof accountSpec>[0] = {}) {
  return newSimAccount(
    sim,
    {
      clock: { mode: 'realtime', speed: 600 },
      balances: { USDT: 1e9, BTC: 1_000, ETH: 10_000 },
      models: { participationRate: 1 },
      ...overrides,
    },
    { advanceBy: 0 },
  );
}

beforeAll(async () => {
  env = testEnv({
    KEEL_VENUE_BASE_URL: server.url,
    KEEL_SHUTDOWN_GRACE_MS: '5000',
    // The crash test sends many equal intents and resting orders 15 % away on purpose: these two
    // rules would deny them (they have their own tests).
    KEEL_RISK_DUPLICATE_WINDOW_SECONDS: '0',
    KEEL_RISK_PRICE_COLLAR_BPS: '2000',
    // Each kill leaves submissions in flight whose outcome is unknown until looked up, and the
    // error-rate breaker counts those (11 in a passing run; under load, more than its 20 a minute):
    // it would halt the desk and deny the later orders. The breaker has its own tests.
    KEEL_RISK_MAX_ERRORS_PER_MINUTE: 'unlimited',
  });
  await startWorker();
});

afterAll(() => {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
});

describe('keel order, end to end through the CLI', () => {
  it('place --wait --json, show, list, positions', async () => {
    const account = await fastAccount();
    const placed = await runKeel(
      placeOrderArgs(
        { account: account.name, symbol: 'ETHUSDT', side: 'buy', type: 'market', qty: '0.5' },
        '--run',
        `cli-${account.name}`,
        '--wait',
        '--json',
      ),
      env,
    );
    expect(placed.code, placed.stderr).toBe(0);
    const order = JSON.parse(placed.stdout) as Record<string, unknown>;
    expect(order).toMatchObject({
      status: 'FILLED',
      filledQty: 0.5,
      account: account.name,
      symbol: 'ETHUSDT',
    });
    expect(typeof order.avgPrice).toBe('number');
    expect(order.url).toContain(`/workflows/order-${String(order.clientOrderId)}`);

    const shown = JSON.parse(
      (await runKeel(['order', 'show', String(order.clientOrderId), '--json'], env)).stdout,
    ) as Record<string, unknown>;
    expect(shown).toMatchObject({
      clientOrderId: order.clientOrderId,
      status: 'FILLED',
      filledQty: 0.5,
      risk: { decision: 'ALLOW', codes: [] },
    });
    expect((shown.fills as unknown[]).length).toBeGreaterThan(0);
    expect((shown.events as { type: string }[]).map((e) => e.type)).toEqual([
      'RISK_ALLOWED',
      'SUBMIT_SENT',
      'ACCEPTED',
      'FILL',
    ]);
    expect((shown.tca as Record<string, unknown>).fillRate).toBe(1);

    const listed = JSON.parse(
      (await runKeel(['order', 'list', '--run', `cli-${account.name}`, '--json'], env)).stdout,
    ) as { orders: { clientOrderId: string }[] };
    expect(listed.orders.map((o) => o.clientOrderId)).toEqual([order.clientOrderId]);

    const positions = JSON.parse(
      (await runKeel(['positions', '--account', account.name, '--json'], env)).stdout,
    ) as { positions: Record<string, unknown>[] };
    expect(positions.positions).toEqual([
      expect.objectContaining({ symbol: 'ETHUSDT', quantity: 0.5, entryPrice: order.avgPrice }),
    ]);

    // The venue and the ledger agree: a clean reconciliation (its first run takes the balance baseline).
    const reconciled = await runKeel(['reconcile', '--account', account.name, '--json'], env);
    expect(reconciled.code, reconciled.stderr).toBe(0);
    expect(JSON.parse(reconciled.stdout)).toMatchObject({
      status: 'CLEAN',
      drifts: [],
      actions: [],
      deskHalted: false,
      baselineTaken: true,
    });
    const text = await runKeel(['reconcile', '--account', account.name], env);
    expect(text.stdout).toContain(`reconciliation of ${account.name}: CLEAN`);

    // The worker keeps the profile account under a reconciliation Schedule (default every 5 minutes).
    const schedule = await client.schedule.getHandle('reconcile-paper').describe();
    expect(schedule.spec.intervals).toEqual([expect.objectContaining({ every: 300_000 })]);
    expect(schedule.action).toMatchObject({ workflowType: 'reconcile', taskQueue: TASK_QUEUES.reconcile });
  });

  it('cancel answers with the new status; a second cancel is refused', async () => {
    const account = await fastAccount();
    const last = await sim.venue({ ...accountSpec(), ...account }).lastPrice('BTCUSDT');
    const placed = await runKeel(
      placeOrderArgs(
        { account: account.name, symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '0.01' },
        '--price',
        String(Math.round(last * 0.85)),
        '--client-order-id',
        `cxl-${account.name}`,
        '--json',
      ),
      env,
    );
    expect(placed.code, placed.stderr).toBe(0);
    const handle = client.workflow.getHandle(`order-cxl-${account.name}`);
    await expect
      .poll(async () => (await handle.query(orderStateQuery)).status, { timeout: 30_000 })
      .toBe('ACCEPTED');
    const cancelled = await runKeel(
      ['order', 'cancel', `cxl-${account.name}`, '--reason', 'operator test', '--json'],
      env,
    );
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(['PENDING_CANCEL', 'CANCELED']).toContain(
      (JSON.parse(cancelled.stdout) as { status: string }).status,
    );
    expect(((await handle.result()) as OrderState).status).toBe('CANCELED');
    const again = await runKeel(['order', 'cancel', `cxl-${account.name}`, '--reason', 'again'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already CANCELED');
  });

  it('an id derived from run, strategy and sequence makes a repeated placement join the first', async () => {
    const account = await fastAccount();
    const args = placeOrderArgs(
      { account: account.name, symbol: 'ETHUSDT', side: 'buy', type: 'market', qty: '0.1' },
      '--run',
      `seq-${account.name}`,
      '--strategy',
      'manual',
      '--sequence',
      '7',
      '--json',
    );
    const first = JSON.parse((await runKeel(args, env)).stdout) as { clientOrderId: string };
    expect(first.clientOrderId).toMatch(/^k-[0-9a-z]+-7$/);
    const second = await runKeel(args, env);
    expect(second.stderr).toContain('already exists: joined it');
    expect((JSON.parse(second.stdout) as { clientOrderId: string }).clientOrderId).toBe(first.clientOrderId);
    await client.workflow.getHandle(`order-${first.clientOrderId}`).result();
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM orders WHERE run_id = $1', [
      `seq-${account.name}`,
    ]);
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('bad input is refused with the flag named, and nothing is placed', async () => {
    const result = await runKeel(
      placeOrderArgs(
        { account: 'paper', symbol: 'BTCUSDT', side: 'buy', type: 'limit', qty: '-3' },
        '--client-order-id',
        'bad-input-1',
      ),
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--qty');
    expect(result.stderr).toContain('--price');
    expect(result.stderr).toContain('nothing was sent');
    const { rows } = await pool.query("SELECT 1 FROM orders WHERE client_order_id = 'bad-input-1'");
    expect(rows).toEqual([]);
  });
});

describe('crash test: 200 orders in flight while the worker is killed with SIGKILL ten times', () => {
  it('every start-up reconciliation finds no orphan; every intent ends terminal; one venue order per client order id; ledger fills equal venue fills', async () => {
    const account = await fastAccount();
    const venue = sim.venue({ ...accountSpec(), ...account });
    const btc = await venue.lastPrice('BTCUSDT');
    const eth = await venue.lastPrice('ETHUSDT');
    const intents: OrderIntent[] = Array.from({ length: 200 }, (_, i) => {
      const symbol = i % 2 ? 'BTCUSDT' : 'ETHUSDT';
      const last = symbol === 'BTCUSDT' ? btc : eth;
      const kind = i % 4;
      return {
        clientOrderId: `crash-${account.name}-${i}`,
        account: account.name,
        symbol,
        side: i % 3 ? 'buy' : 'sell',
        type: kind === 0 ? 'limit' : 'market',
        quantity: symbol === 'BTCUSDT' ? 0.001 : 0.01,
        // Every fourth order rests far from the market and must expire.
        ...(kind === 0 ? { price: Math.round(last * (i % 3 ? 0.85 : 1.15)), expireAfterMs: 4_000 } : {}),
        timeInForce: 'GTC',
        decisionTime: Date.now(),
        runId: `crash-${account.name}`,
      };
    });
    // Restarted workers reconcile this account at start (and desk-control it).
    env.KEEL_RECONCILE_ACCOUNTS = account.name;
    const startupRuns = async () =>
      (
        await pool.query<{ run_id: string; status: string }>(
          `SELECT run_id, status FROM reconcile_runs WHERE account = $1 AND trigger = 'startup' ORDER BY started_at`,
          [account.name],
        )
      ).rows;

    // Ten times: 20 more orders, then kill the worker at a random moment while they are in flight,
    // restart it, and check what its start-up reconciliation found.
    const findings: string[] = [];
    for (let cycle = 0; cycle < 10; cycle++) {
      await Promise.all(
        intents.slice(cycle * 20, cycle * 20 + 20).map((intent) => startOrder(client, intent)),
      );
      await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1_500));
      const victim = workers.at(-1)!;
      victim.child.kill('SIGKILL');
      await victim.exited;
      await startWorker();
      let runs = await startupRuns();
      for (let wait = 0; wait < 600 && (runs.length <= cycle || runs[cycle]!.status === 'RUNNING'); wait++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        runs = await startupRuns();
      }
      expect(runs[cycle]?.status, `start-up reconciliation after kill ${cycle + 1}`).toMatch(/CLEAN|DRIFT/);
      const { rows: drifts } = await pool.query<{ kind: string; severity: string; detail: string }>(
        'SELECT kind, severity, detail FROM reconcile_drifts WHERE run_id = $1',
        [runs[cycle]!.run_id],
      );
      findings.push(
        ...drifts.map((drift) => `kill ${cycle + 1}: ${drift.kind} ${drift.severity}: ${drift.detail}`),
      );
    }
    // In flight, the ledger may trail the venue (missed fills, lookups, balances): that is expected
    // and repaired. Never an orphan, a phantom fill, or anything critical.
    expect(findings.filter((finding) => /ORPHAN_VENUE_ORDER|PHANTOM_FILL|critical/.test(finding))).toEqual(
      [],
    );

    const states = await Promise.all(
      intents.map(
        (intent) =>
          client.workflow.getHandle(`order-${intent.clientOrderId}`).result() as Promise<OrderState>,
      ),
    );
    expect(states.filter((state) => !isTerminalStatus(state.status))).toEqual([]);
    const byStatus = states.reduce<Record<string, number>>(
      (counts, state) => ({ ...counts, [state.status]: (counts[state.status] ?? 0) + 1 }),
      {},
    );
    // Every end status with a reason seen, so a failure says why orders did not fill.
    const reasons = [
      ...new Set(
        states
          .filter((state) => state.status !== 'FILLED')
          .map((state) => `${state.status}: ${state.reason ?? ''}`.slice(0, 160)),
      ),
    ];
    expect(byStatus.FILLED, `${JSON.stringify(byStatus)}\n${reasons.join('\n')}`).toBeGreaterThan(100);
    expect(byStatus.EXPIRED).toBe(50);

    // The venue: exactly one order per client order id, never a second.
    const venueOrders = await Promise.all(
      intents.map((intent) => venue.getOrderByClientId(intent.symbol, intent.clientOrderId)),
    );
    // Named with their final state, so a failure says why an order never reached the venue.
    expect(
      intents
        .map((intent, index) => ({ intent, state: states[index]!, order: venueOrders[index] }))
        .filter(({ order }) => order === null)
        .map(({ intent, state }) => `${intent.clientOrderId}: ${state.status} ${state.reason ?? ''}`),
    ).toEqual([]);
    expect(new Set(venueOrders.map((order) => order!.venueOrderId)).size).toBe(200);
    const account_ = (await sim.admin<{ orders: number }>('GET', `/sim/accounts/${account.name}`)).body;
    expect(account_.orders).toBe(200);

    // Ledger fills = venue fills, by trade id; every order's terminal status is in the ledger.
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const venueFills = (await venue.fillsSince(symbol, 0)).map((fill) => fill.tradeId).sort();
      const { rows } = await pool.query<{ trade_id: string }>(
        'SELECT trade_id FROM fills WHERE account = $1 AND symbol = $2 ORDER BY trade_id',
        [account.name, symbol],
      );
      expect(rows.map((row) => row.trade_id).sort()).toEqual(venueFills);
    }
    const { rows: ledger } = await pool.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM orders WHERE account = $1 GROUP BY status ORDER BY status',
      [account.name],
    );
    expect(Object.fromEntries(ledger.map((row) => [row.status, row.n]))).toEqual(byStatus);
  }, 600_000);
});

describe('keel burn-in through the CLI, with the worker SIGKILLed mid-run', () => {
  it('start --json, status --json while running, a kill and restart that loses and duplicates nothing, report --out', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keel-burn-in-cli-'));
    const configFile = path.join(dir, 'burn-in.json');
    const id = `cli-${Date.now().toString(36)}`;
    const account = `burn-${id}`;
    writeFileSync(
      configFile,
      JSON.stringify({
        account,
        strategies: [{ name: 'donchian' }, { name: 'probabilityEdge' }],
        binaryMarkets: { count: 20 },
        market: { start: '2026-01-03T00:00:00Z', days: 10 },
        seed: 5,
      }),
    );
    const bad = await runKeel(['burn-in', 'start', '--config', configFile, '--id', 'Bad Id'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--id');

    const started = await runKeel(
      ['burn-in', 'start', '--config', configFile, '--id', id, '--accelerated', '--json'],
      env,
    );
    expect(started.code, started.stderr).toBe(0);
    expect(JSON.parse(started.stdout)).toMatchObject({ id, account, workflowId: `burn-in-${id}` });

    const status = async () => {
      const result = await runKeel(['burn-in', 'status', id, '--json'], env);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as {
        status: string;
        progress: number;
        pnl: { trades: number };
        gates: unknown[];
      };
    };
    let current = await status();
    for (let i = 0; i < 600 && current.progress < 0.3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      current = await status();
    }
    expect(current.status).toMatch(/RUNNING|PAUSED/);
    expect(current.gates.length).toBeGreaterThan(0);

    const victim = workers.at(-1)!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    await startWorker();

    for (let i = 0; i < 1200 && !['PASS', 'FAIL', 'ERROR', 'CANCELED'].includes(current.status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      current = await status();
    }
    expect(['PASS', 'FAIL']).toContain(current.status);
    expect(current.progress).toBe(1);

    // Nothing lost, nothing sent twice: one venue order per ledger order that reached the venue,
    // ledger fills equal venue fills, every run order terminal.
    const venueAccount = (
      await sim.admin<{ orders: number; trades: number; openOrders: number }>(
        'GET',
        `/sim/accounts/${account}`,
      )
    ).body;
    const { rows } = await pool.query<{ sent: string; fills: string; open: string }>(
      `SELECT (SELECT count(*) FROM orders WHERE account = $1 AND venue_order_id IS NOT NULL) AS sent,
              (SELECT count(*) FROM fills WHERE account = $1) AS fills,
              (SELECT count(*) FROM orders WHERE run_id = $2 AND status NOT IN ('FILLED','EXPIRED','DENIED','REJECTED','CANCELED')) AS open`,
      [account, id],
    );
    expect(Number(rows[0]!.sent)).toBe(venueAccount.orders);
    expect(Number(rows[0]!.fills)).toBe(venueAccount.trades);
    expect(Number(rows[0]!.open)).toBe(0);
    expect(venueAccount.openOrders).toBe(0);

    const out = path.join(dir, 'report');
    const report = await runKeel(['burn-in', 'report', id, '--out', out, '--json'], env);
    expect(report.code, report.stderr).toBe(0);
    const written = JSON.parse(report.stdout) as {
      jsonPath: string;
      htmlPath: string;
      reportHash: string;
      status: string;
    };
    expect(written.status).toBe(current.status);
    const json = JSON.parse(readFileSync(written.jsonPath, 'utf8')) as {
      gates: { name: string; result: string }[];
      periodReturns: unknown[];
    };
    expect(json.gates.length).toBeGreaterThan(0);
    expect(json.periodReturns.length).toBeGreaterThan(5);
    expect(readFileSync(written.htmlPath, 'utf8')).toContain('<svg');
    const { rows: stored } = await pool.query<{ report_hash: string }>(
      'SELECT report_hash FROM burn_in_runs WHERE run_id = $1',
      [id],
    );
    expect(written.reportHash).toBe(stored[0]!.report_hash);
  }, 600_000);
});
