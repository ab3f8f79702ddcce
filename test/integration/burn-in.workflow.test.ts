import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { burnInHeartbeats } from '../../activities/burn-in/heartbeats.js';
import { VenueRegistry } from '../../venues/venue-registry.js';
import { generateSpotBars } from '../../domain/market-data/synthetic-spot.js';
import type { BurnInConfigInput } from '../../contracts/burn-in/burn-in-config.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { withWorker } from '../helpers/in-process-worker.js';
import { testConfig, testEnv, uniqueTaskQueue, useTestStack } from '../helpers/test-stack.js';
import { useHistoryRecorder } from '../helpers/history-recorder.js';
import { sleep, waitFor } from '../helpers/wait-for.js';
import {
  BURN_IN_WORKFLOW,
  type BurnInFinish,
  burnInStatusQuery,
  type BurnInInput,
  type BurnInProgress,
} from '../../contracts/burn-in/burn-in-workflow.js';
import { haltSignal, resumeSignal } from '../../contracts/desk.js';
import { planBurnInRun } from '../../client/burn-in/plan-burn-in.js';
import { skippedDecisionPoints, type TruthReport } from '../../domain/report/truth-report.js';

const { pool, client, server, terminateAtEnd } = useTestStack({ simulator: true });
const recordedHistories = useHistoryRecorder(client, 'burn-in');

const ALL_ACTIVITIES = [TASK_QUEUES.orders, TASK_QUEUES.desk, TASK_QUEUES.reconcile, TASK_QUEUES.burnIn];

function burnInConfig(overrides: Partial<BurnInConfigInput> = {}): BurnInConfigInput {
  const account = `bi-${Math.random().toString(36).slice(2, 10)}`;
  // Only this file's desks: other files' tests run at the same time.
  terminateAtEnd(`desk-${account}`);
  return {
    account,
    strategies: [{ name: 'donchian' }, { name: 'probabilityEdge' }],
    market: { start: '2026-01-03T00:00:00Z', days: 30, intervalMs: 3_600_000, warmupBars: 48 },
    seed: 7,
    ...overrides,
  };
}

/** The burn-in workers' configuration: this file's simulator, a breaker check every second. */
const burnInWorkerConfig = () =>
  testConfig(testEnv({ KEEL_VENUE_BASE_URL: server.url, KEEL_RISK_CHECK_INTERVAL_SECONDS: '1' }));

/** One in-process worker on a private queue hosting everything a burn-in needs, for `body`. */
async function withBurnInWorker<T>(body: (queue: string) => Promise<T>): Promise<T> {
  const queue = uniqueTaskQueue('burn-in');
  return withWorker(burnInWorkerConfig(), { taskQueue: queue, activitiesOf: ALL_ACTIVITIES, pool }, () =>
    body(queue),
  );
}

async function startRun(config: BurnInConfigInput, queue: string) {
  const runId = `test-${config.account}`;
  const input: BurnInInput = {
    runId,
    plan: planBurnInRun(runId, config).plan,
    ordersTaskQueue: queue,
    reconcileTaskQueue: queue,
    deskTaskQueue: queue,
  };
  const handle = await client.workflow.start(BURN_IN_WORKFLOW, {
    workflowId: `burn-in-${runId}`,
    taskQueue: queue,
    args: [input],
  });
  return { runId, handle };
}

async function runToEnd(config: BurnInConfigInput, queue: string) {
  const { runId, handle } = await startRun(config, queue);
  const result = (await handle.result()) as BurnInFinish;
  const status = await handle.query(burnInStatusQuery);
  return { runId, result, status, workflowId: handle.workflowId };
}

async function waitForStatus(
  workflowId: string,
  accept: (status: BurnInProgress) => boolean,
  timeoutMs = 120_000,
): Promise<BurnInProgress> {
  const handle = client.workflow.getHandle(workflowId);
  return waitFor(
    `${workflowId} to reach the expected status`,
    async () => {
      const status = await handle.query(burnInStatusQuery).catch(() => undefined);
      return status && accept(status) ? status : undefined;
    },
    timeoutMs,
    200,
  );
}

async function tradesOf(runId: string) {
  const { rows } = await pool.query<{
    symbol: string;
    kind: string;
    strategy: string;
    entry_time: Date;
    exit_time: Date;
    entry_price: string;
    exit_price: string;
    quantity: string;
    net_pnl: string;
    exit_kind: string;
    outcome: number | null;
    regime: Record<string, string>;
    entry_client_order_id: string;
    exit_client_order_id: string | null;
    run_id: string;
    account: string;
  }>('SELECT * FROM trades WHERE run_id = $1 ORDER BY exit_time, symbol, entry_time', [runId]);
  return rows;
}

describe('burn-in on the live order path', () => {
  it('an accelerated 30-day run over 3 spot instruments and 50 binary markets in 4 categories trades only through order workflows', async () => {
    const config = burnInConfig();
    const { runId, result, status } = await withBurnInWorker(async (queue) => {
      const run = await runToEnd(config, queue);
      // The worker's /healthz shows the same heartbeat the query does.
      expect(
        burnInHeartbeats().some((beat) => beat.runId === run.runId) || run.status.heartbeat !== null,
      ).toBe(true);
      return run;
    });
    expect(['PASS', 'FAIL']).toContain(result.status);
    expect(status.progress).toBe(1);
    expect(status.heartbeat).toMatchObject({ runId, dataFeed: 'ok' });

    const trades = await tradesOf(runId);
    expect(trades.length).toBe(result.trades);
    expect(
      new Set(trades.filter((t) => t.kind === 'binary').map((t) => t.regime.category)).size,
    ).toBeGreaterThanOrEqual(3);
    expect(trades.some((t) => t.kind === 'spot')).toBe(true);
    expect(trades.some((t) => t.exit_kind === 'settlement')).toBe(true);

    // Every order of the run went through its own order workflow and a recorded risk decision.
    const { rows: orders } = await pool.query<{
      client_order_id: string;
      workflow_id: string;
      decision: string | null;
      status: string;
    }>(
      `SELECT o.client_order_id, o.workflow_id, d.decision, o.status FROM orders o
       LEFT JOIN risk_decisions d USING (client_order_id) WHERE o.run_id = $1`,
      [runId],
    );
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) {
      expect(order.workflow_id).toBe(`order-${order.client_order_id}`);
      expect(order.decision).not.toBeNull();
      expect(['FILLED', 'EXPIRED', 'DENIED', 'REJECTED', 'CANCELED']).toContain(order.status);
    }
    const entryAndExitIds = trades.flatMap((t) => [t.entry_client_order_id, t.exit_client_order_id]);
    const orderIds = new Set(orders.map((o) => o.client_order_id));
    for (const id of entryAndExitIds)
      if (id && !id.startsWith('settle-')) expect(orderIds.has(id)).toBe(true);

    // Ledger fills equal venue fills, and the venue holds exactly one order per client order id.
    const venue = (await (await fetch(`${server.url}/sim/accounts/${config.account}`)).json()) as {
      trades: number;
      orders: number;
    };
    const { rows: fills } = await pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM fills WHERE account = $1',
      [config.account],
    );
    expect(Number(fills[0]!.n)).toBe(venue.trades);
    const { rows: sent } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM orders WHERE account = $1 AND venue_order_id IS NOT NULL`,
      [config.account],
    );
    expect(Number(sent[0]!.n)).toBe(venue.orders);

    // One equity mark per calendar day, whatever the decision cursor did: orders straddling midnight
    // (the clock moved past the midnight point while they filled) skip decision points, never a mark.
    const truth = JSON.parse(readFileSync(path.join(result.reportDir, 'report.json'), 'utf8')) as TruthReport;
    const DAY = 86_400_000;
    expect(truth.equity.map((point) => point.time)).toEqual(
      Array.from({ length: 31 }, (_, k) => Date.parse('2026-01-03T00:00:00Z') + k * DAY),
    );
    expect(truth.periodReturns).toHaveLength(30);
    for (const period of truth.periodReturns) expect(period.time - period.periodStart).toBe(DAY);
    const points = truth.decisionPoints;
    const skipped = skippedDecisionPoints(points);
    expect(points.scheduled).toBe(30 * 24 + 1);
    expect(skipped).toBeGreaterThan(0);
    expect(points.evaluated + skipped + points.notReached).toBe(points.scheduled);
    expect(points.notReached).toBe(0);
    const { rows: skippedMidnights } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM burn_in_decision_points
        WHERE run_id = $1 AND outcome = 'skipped' AND extract(hour FROM time AT TIME ZONE 'UTC') = 0`,
      [runId],
    );
    expect(Number(skippedMidnights[0]!.n), 'a run whose orders straddle midnight').toBeGreaterThan(0);
    // Gates against the trades table, computed by hand.
    const gate = (name: string) => result.gates.find((g) => g.name.startsWith(name))!;
    expect(gate('roundTrips').value).toBe(trades.length);
    // Resolved positions: binary positions held to their market's resolution (settled, outcome known).
    const resolved = trades.filter(
      (t) => t.kind === 'binary' && t.exit_kind === 'settlement' && t.outcome !== null,
    );
    expect(resolved.length).toBeGreaterThan(0);
    expect(resolved.length).toBeLessThan(trades.length);
    expect(gate('marketCategories').value).toBe(new Set(resolved.map((t) => t.regime.category)).size);
    const report = JSON.parse(
      readFileSync(path.join(result.reportDir, 'report.json'), 'utf8'),
    ) as TruthReport;
    expect(report.gateProfile).toBe('default');
    expect(report.metrics.resolvedPositions!.value).toBe(resolved.length);
    expect(report.execution).toMatchObject({ latencyMs: 100, slippage: { kind: 'fixedBps', bps: 1 } });
    const wins = trades.filter((t) => Number(t.net_pnl) > 0).length;
    expect(gate('winRate').value).toBeCloseTo(wins / trades.length, 12);
    expect(result.netPnl).toBeCloseTo(
      trades.reduce((sum, t) => sum + Number(t.net_pnl), 0),
      6,
    );
  }, 600_000);

  it('the same seed, data and config give identical trades and an identical report hash', async () => {
    const base = {
      market: { start: '2026-01-03T00:00:00Z', days: 5, intervalMs: 3_600_000, warmupBars: 48 },
      seed: 11,
    };
    const [first, second] = await withBurnInWorker(async (queue) => [
      await runToEnd(burnInConfig(base), queue),
      await runToEnd(burnInConfig(base), queue),
    ]);
    const strip = (rows: Awaited<ReturnType<typeof tradesOf>>) =>
      rows.map(
        ({ entry_client_order_id: _e, exit_client_order_id: _x, run_id: _r, account: _a, ...trade }) => trade,
      );
    const [a, b] = [strip(await tradesOf(first.runId)), strip(await tradesOf(second.runId))];
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(second.result.reportHash).toBe(first.result.reportHash);
    const other = await withBurnInWorker((queue) => runToEnd(burnInConfig({ ...base, seed: 12 }), queue));
    expect(other.result.reportHash).not.toBe(first.result.reportHash);
    recordedHistories.push(['five-days', first.workflowId]);
  }, 600_000);

  it('a desk halt mid-run holds the run (no order is sent) and a resume lets it continue to its end', async () => {
    const config = burnInConfig({
      market: { start: '2026-01-03T00:00:00Z', days: 12, intervalMs: 3_600_000, warmupBars: 48 },
    });
    const { runId, result } = await withBurnInWorker(async (queue) => {
      const { runId, handle } = await startRun(config, queue);
      await waitForStatus(handle.workflowId, (s) => s.progress > 0.15 && s.orders.started > 0);
      // The same signal an operator sends from the Temporal UI.
      const desk = client.workflow.getHandle(`desk-${config.account}`);
      await desk.signal(haltSignal, { reason: 'test: halt mid-run', actor: 'test' });
      const paused = await waitForStatus(handle.workflowId, (s) => s.status === 'PAUSED');
      await sleep(4_000);
      const during = await handle.query(burnInStatusQuery);
      expect(during.status).toBe('PAUSED');
      expect(during.deskMode).toBe('HALTED');
      expect(during.orders.started).toBe(paused.orders.started);
      expect(during.cursor).toBe(paused.cursor);
      await desk.signal(resumeSignal, { reason: 'test: resume', actor: 'test' });
      await waitForStatus(handle.workflowId, (s) => s.status !== 'PAUSED');
      const finished = (await handle.result()) as BurnInFinish;
      const after = await handle.query(burnInStatusQuery);
      expect(after.orders.started).toBeGreaterThan(during.orders.started);
      expect(after.progress).toBe(1);
      return { runId, result: finished };
    });
    expect(['PASS', 'FAIL']).toContain(result.status);
    // No decision taken under the halt became an order.
    const { rows: halted } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM strategy_decisions WHERE run_id = $1 AND desk_mode = 'HALTED' AND client_order_id IS NOT NULL`,
      [runId],
    );
    expect(Number(halted[0]!.n)).toBe(0);
  }, 600_000);

  it('a halt that lands while an order awaits its risk decision: denied DESK_HALTED, placed again after the resume, and the run trades as if there had been no halt', async () => {
    const base = {
      market: { start: '2026-01-03T00:00:00Z', days: 5, intervalMs: 3_600_000, warmupBars: 48 },
      seed: 11,
    };
    const unhalted = await withBurnInWorker((queue) => runToEnd(burnInConfig(base), queue));
    const config = burnInConfig(base);
    const workerConfig = burnInWorkerConfig();
    const venues = new VenueRegistry(workerConfig);
    const queue = uniqueTaskQueue('burn-in-halt');
    const ordersQueue = uniqueTaskQueue('burn-in-halt-orders');
    const runId = `test-${config.account}`;
    const handle = await client.workflow.start(BURN_IN_WORKFLOW, {
      workflowId: `burn-in-${runId}`,
      taskQueue: queue,
      args: [
        {
          runId,
          plan: planBurnInRun(runId, config).plan,
          ordersTaskQueue: ordersQueue,
          reconcileTaskQueue: queue,
          deskTaskQueue: queue,
        } satisfies BurnInInput,
      ],
    });
    const desk = client.workflow.getHandle(`desk-${config.account}`);
    let firstOrder = '';
    try {
      const { finished: result, status } = await withWorker(
        workerConfig,
        {
          taskQueue: queue,
          activitiesOf: [TASK_QUEUES.desk, TASK_QUEUES.reconcile, TASK_QUEUES.burnIn],
          pool,
          venues,
        },
        async () => {
          // No worker polls the orders' queue yet: the run's first order waits for its risk decision.
          await waitForStatus(handle.workflowId, (s) => s.orders.started === 1);
          await desk.signal(haltSignal, {
            reason: 'test: halt between a decision and its order',
            actor: 'test',
          });
          await expect
            .poll(
              async () =>
                (
                  await pool.query<{ mode: string }>('SELECT mode FROM desk_state WHERE account = $1', [
                    config.account,
                  ])
                ).rows[0]?.mode,
              { timeout: 30_000, interval: 100 },
            )
            .toBe('HALTED');
          return withWorker(
            workerConfig,
            { taskQueue: ordersQueue, activitiesOf: TASK_QUEUES.orders, pool, venues },
            async () => {
              const held = await waitForStatus(
                handle.workflowId,
                (s) => s.status === 'PAUSED' && (s.orders.placedAgain ?? 0) === 1,
              );
              expect(held.orders.started).toBe(1);
              const { rows: denied } = await pool.query<{ client_order_id: string; codes: string[] }>(
                `SELECT client_order_id, codes FROM risk_decisions WHERE account = $1 AND decision = 'DENY'`,
                [config.account],
              );
              expect(denied).toHaveLength(1);
              expect(denied[0]!.codes).toEqual(['DESK_HALTED']);
              firstOrder = denied[0]!.client_order_id;
              await sleep(3_000);
              expect((await handle.query(burnInStatusQuery)).orders.started).toBe(1);
              await desk.signal(resumeSignal, { reason: 'test: resume', actor: 'test' });
              const finished = (await handle.result()) as BurnInFinish;
              return { finished, status: await handle.query(burnInStatusQuery) };
            },
          );
        },
      );
      expect(result.reportHash).toBe(unhalted.result.reportHash);
      expect(status.orders.placedAgain).toBe(1);
      expect(status.orders.filled + status.orders.denied + status.orders.other).toBe(
        status.orders.started - 1,
      );
    } finally {
      await venues.close();
    }
    const strip = (rows: Awaited<ReturnType<typeof tradesOf>>) =>
      rows.map(
        ({ entry_client_order_id: _e, exit_client_order_id: _x, run_id: _r, account: _a, ...trade }) => trade,
      );
    expect(strip(await tradesOf(runId))).toEqual(strip(await tradesOf(unhalted.runId)));
    // The order placed again is the same intent under the next id; it was allowed.
    const { rows: again } = await pool.query<{ decision: string; symbol: string; quantity: string }>(
      `SELECT r.decision, o.symbol, o.quantity FROM risk_decisions r JOIN orders o USING (client_order_id)
       WHERE o.client_order_id = ANY($1)`,
      [[firstOrder, `${firstOrder}.h1`]],
    );
    expect(again.map((row) => row.decision).sort()).toEqual(['ALLOW', 'DENY']);
    expect(new Set(again.map((row) => `${row.symbol} ${row.quantity}`)).size).toBe(1);
    // Every order of the run, and its start-up reconciliation, can be listed by the run's id in the UI.
    const { rows: ledger } = await pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM orders WHERE run_id = $1',
      [runId],
    );
    const listed = async (query: string) => {
      const ids: string[] = [];
      for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
      return ids.sort();
    };
    await expect
      .poll(() => listed(`KeelKind = "order" AND KeelRunId = "${runId}"`).then((ids) => ids.length), {
        timeout: 30_000,
        interval: 500,
      })
      .toBe(Number(ledger[0]!.n));
    await expect
      .poll(() => listed(`KeelKind = "order" AND KeelStatus = "DENIED" AND KeelRunId = "${runId}"`), {
        timeout: 30_000,
        interval: 500,
      })
      .toContain(`order-${firstOrder}`);
    await expect
      .poll(
        () =>
          listed(`KeelKind = "reconcile" AND KeelRunId = "${runId}" AND KeelAccount = "${config.account}"`),
        {
          timeout: 30_000,
          interval: 500,
        },
      )
      .toEqual([`reconcile-burn-in-${runId}`]);
    recordedHistories.push(['halt-placed-again', handle.workflowId]);
  }, 600_000);

  it('runs on spot data from CSV files, described by a manifest with the rows the loader rejected', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keel-burn-in-csv-'));
    const files: Record<string, string> = {};
    const opens = new Map<string, number>();
    for (const [symbol, startPrice] of [
      ['BTCUSDT', 60_000],
      ['ETHUSDT', 3_000],
    ] as const) {
      const bars = generateSpotBars({
        symbol,
        startTime: Date.parse('2026-01-01T00:00:00Z'),
        intervalMs: 3_600_000,
        count: 24 * 8,
        startPrice,
        seed: 99,
        annualVolatility: 0.6,
        baseVolume: 500,
        tickDecimals: 2,
      });
      for (const bar of bars) opens.set(`${symbol}@${bar.openTime}`, bar.open);
      const lines = bars.map((b) => `${b.openTime},${b.open},${b.high},${b.low},${b.close},${b.volume}`);
      lines.splice(10, 0, 'not-a-time,1,1,1,1,1'); // one bad row: rejected with its reason, not fatal
      files[symbol] = path.join(dir, `${symbol}.csv`);
      writeFileSync(files[symbol], ['timestamp,open,high,low,close,volume', ...lines].join('\n'));
    }
    const config = burnInConfig({
      strategies: [{ name: 'maCrossover' }],
      spot: ['BTCUSDT', 'ETHUSDT'],
      binaryMarkets: { count: 0 },
      market: {
        start: '2026-01-03T00:00:00Z',
        days: 4,
        intervalMs: 3_600_000,
        warmupBars: 48,
        csv: { format: 'ohlcv', files },
      },
      gates: [{ metric: 'maxDrawdownPct', op: '<=', threshold: 0.5 }],
      // Not the default 1 bps: the run's account fills 50 bps off the open.
      execution: { slippage: { kind: 'fixedBps', bps: 50 } },
    });
    const { runId, result } = await withBurnInWorker((queue) => runToEnd(config, queue));
    expect(result.status).toBe('PASS');
    const report = JSON.parse(
      readFileSync(path.join(result.reportDir, 'report.json'), 'utf8'),
    ) as TruthReport;
    expect(report.gateProfile).toBe('custom');
    expect(report.execution.slippage).toEqual({ kind: 'fixedBps', bps: 50 });
    // Every fill (a market order, taker) is the bar's open moved 50 bps against the taker, to the tick.
    const { rows: fills } = await pool.query<{ symbol: string; side: string; price: string; time: Date }>(
      'SELECT symbol, side, price, time FROM fills WHERE account = $1',
      [config.account],
    );
    expect(fills.length).toBeGreaterThan(0);
    for (const fill of fills) {
      const open = opens.get(`${fill.symbol}@${fill.time.getTime()}`)!;
      expect(open).toBeDefined();
      const expected = open * (fill.side === 'buy' ? 1.005 : 0.995);
      expect(Math.abs(Number(fill.price) - expected)).toBeLessThanOrEqual(0.01 + 1e-9);
    }
    const { rows } = await pool.query<{
      dataset: {
        source: string;
        rows: number;
        validation: { symbol: string; rejectCounts: Record<string, number> }[];
      };
    }>('SELECT dataset FROM burn_in_runs WHERE run_id = $1', [runId]);
    const manifest = rows[0]!.dataset;
    expect(manifest.source).toBe('csv');
    expect(manifest.rows).toBe(2 * 24 * 8);
    for (const check of manifest.validation)
      expect(Object.values(check.rejectCounts).reduce((a, b) => a + b, 0)).toBe(1);
  }, 300_000);

  it('a degenerate strategy (no trades, flat equity) reports FAIL with the reason', async () => {
    const config = burnInConfig({
      strategies: [{ name: 'noTrade' }],
      binaryMarkets: { count: 0 },
      market: { start: '2026-01-03T00:00:00Z', days: 3, intervalMs: 3_600_000, warmupBars: 0 },
    });
    const { result } = await withBurnInWorker((queue) => runToEnd(config, queue));
    expect(result.status).toBe('FAIL');
    expect(result.trades).toBe(0);
    const roundTrips = result.gates.find((g) => g.name.startsWith('roundTrips'))!;
    expect(roundTrips).toMatchObject({ value: 0, result: 'FAIL' });
    const sharpe = result.gates.find((g) => g.name.startsWith('sharpePerTrade'))!;
    expect(sharpe).toMatchObject({ value: null, result: 'FAIL' });
    expect(sharpe.reason).toMatch(/undefined|trades/);
    expect(result.statusReason).toMatch(/roundTrips/);
  }, 300_000);
});
