import type { Client } from '@temporalio/client';
import type { Pool } from '../../store/db.js';
import type { KeelConfig } from '../../config/schema.js';
import { daysHolding } from '../../domain/burn-in/run-calendar.js';
import {
  skippedDecisionPoints,
  type ReportGate,
  type TruthReport,
} from '../../domain/report/truth-report.js';
import { readReport } from '../../store/burn-in/run-store.js';
import { countDecisionOutcomes } from '../../store/risk/risk-decisions.js';
import { startBurnIn } from '../../client/burn-in/burn-in-runs.js';
import { planBurnInRun } from '../../client/burn-in/plan-burn-in.js';
import { startOrder } from '../../client/orders/start-order.js';
import { runDailyExport } from '../../client/export/export-runs.js';
import { runReconcile } from '../../client/reconcile/reconcile-runs.js';
import { workflowUiUrl } from '../../client/temporal-client.js';
import { type BurnInFinish, burnInStatusQuery } from '../../contracts/burn-in/burn-in-workflow.js';
import { haltSignal, resumeSignal } from '../../contracts/desk.js';

export interface DemoOptions {
  days: number;
  seed: number;
  /** Progress lines (stderr); the summary is returned. */
  progress: (line: string) => void;
}

/**
 * What the demo shows at its end. Everything but `halt` and `links` follows from the seed and the
 * days: when the scripted halt lands depends on the machine, and an order it catches between its
 * decision and the risk gate is placed again after the resume (the run's clock is held meanwhile), so
 * it changes nothing the run trades; `halt.ordersPlacedAgain` counts those orders.
 */
export interface DemoSummary {
  seed: number;
  marketDays: number;
  verdict: BurnInFinish['status'];
  /** The named set of gates the run was judged by (its report says the same). */
  gateProfile: string;
  gates: { name: string; value: number | null; threshold: string; result: 'PASS' | 'FAIL' }[];
  trades: number;
  netPnl: number;
  sharpe: number | null;
  brier: number | null;
  /** The run's decision points: scheduled on its cadence, evaluated, skipped (the clock moved past while orders finished). */
  decisionPoints: { scheduled: number; evaluated: number; skipped: number };
  /** Orders the risk gate allowed on the demo's account. */
  ordersSent: number;
  /** Orders the risk gate denied, without the ones the halt denied and the run placed again. */
  ordersDenied: number;
  halt: { pausedAtProgress: number; resumed: boolean; ordersPlacedAgain: number };
  driftsFound: number;
  packagesPublished: number;
  packagesVerified: number;
  links: {
    burnIn: string;
    desk: string;
    deniedOrder: string | null;
    reportHtml: string;
    publishRoot: string;
    temporalUi: string;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keel's main job end to end on the running stack: a paper desk through `days` market days on the
 * bundled synthetic data (a burn-in: start-up reconciliation, every order an order workflow through
 * the risk gate), an operator halt half-way through — the desk's `halt` signal, the one the Temporal
 * UI sends — and a resume, one published and verified export package per day the run touches (the
 * day its end instant opens included), a final reconciliation, and the truth report.
 */
export async function runDemo(
  client: Client,
  pool: Pool,
  config: KeelConfig,
  options: DemoOptions,
): Promise<DemoSummary> {
  const runId = `demo-${options.seed}-${Date.now().toString(36)}`;
  const market = { start: '2026-01-01T00:00:00Z', days: options.days, intervalMs: 3_600_000, warmupBars: 48 };
  const marketStartMs = Date.parse(market.start);
  const { plan } = planBurnInRun(runId, {
    account: `burn-${runId}`,
    strategies: [{ name: 'donchian' }, { name: 'probabilityEdge' }],
    market,
    seed: options.seed,
    mode: 'accelerated',
    // Judged by the desk's go-live gates, so the demo says how far a month of the baseline
    // strategies is from them (a month cannot hold 200 resolved positions).
    gateProfile: 'predictionMarket',
  });
  const started = await startBurnIn(client, plan);
  const account = started.config.account;
  const handle = client.workflow.getHandle(started.workflowId);
  const desk = client.workflow.getHandle(`desk-${account}`);
  options.progress(`burn-in ${runId}: ${options.days} market days on account ${account}`);

  const halt = { pausedAtProgress: 0, resumed: false, ordersPlacedAgain: 0 };
  let lastShown = -1;
  let finished = false;
  const result = handle.result() as Promise<BurnInFinish>;
  void result.then(
    () => (finished = true),
    () => (finished = true),
  );
  while (!finished) {
    const status = await handle.query(burnInStatusQuery).catch(() => null);
    if (status) {
      const percent = Math.floor(status.progress * 100);
      if (percent >= lastShown + 10) {
        lastShown = percent - (percent % 10);
        options.progress(
          `  ${String(percent).padStart(3)} %  ${status.status}  orders ${status.orders.started} (filled ${status.orders.filled}, denied ${status.orders.denied})`,
        );
      }
      if (!halt.pausedAtProgress && status.progress >= 0.5) {
        options.progress('  operator halt (desk signal "halt", as from the Temporal UI) …');
        await desk.signal(haltSignal, { reason: 'demo: scripted operator halt', actor: 'demo-operator' });
        halt.pausedAtProgress = await waitForPause(handle);
        options.progress(`  run PAUSED at ${Math.round(halt.pausedAtProgress * 100)} %: no order, no clock`);
        await sleep(2_000);
        await desk.signal(resumeSignal, { reason: 'demo: resume after the drill', actor: 'demo-operator' });
        halt.resumed = true;
        options.progress('  resumed (desk signal "resume")');
      }
    }
    await Promise.race([result.catch(() => undefined), sleep(500)]);
  }
  const verdict = await result;
  options.progress(
    `burn-in ${verdict.status}: ${verdict.trades} trades, net P&L ${verdict.netPnl.toFixed(2)}`,
  );

  // A fat-finger order as an operator might mistype it: the risk gate must deny it (maxOrderQuantity).
  const fatFinger = await startOrder(client, {
    clientOrderId: `ff-${runId}`.slice(0, 36),
    account,
    symbol: 'BTCUSDT',
    side: 'buy',
    type: 'market',
    quantity: 5_000,
    timeInForce: 'GTC',
    decisionTime: marketStartMs + options.days * 86_400_000 - 1,
  });
  const fatFingerState = await fatFinger.handle.result();
  options.progress(`fat-finger order (5,000 BTC): ${fatFingerState.status} by the risk gate`);

  // Every day holding an instant of the run, the one its end instant opens included: each of its
  // orders, fills and decisions is in exactly one package.
  const dates = daysHolding(plan.from, plan.to);
  let published = 0;
  let verified = 0;
  for (const date of dates) {
    const { result: exported } = await runDailyExport(client, { account, date });
    published += 1;
    if (exported.verified) verified += 1;
  }
  options.progress(
    `exports: ${published} daily packages published and verified under ${config.export.publishRoot}`,
  );

  const { report: reconciliation } = await runReconcile(client, account, 'manual');
  options.progress(`final reconciliation: ${reconciliation.status}, ${reconciliation.drifts.length} drifts`);

  const report = (await readReport(pool, runId)) as TruthReport | null;
  if (!report) throw new Error(`burn-in ${runId} finished without a stored report`);
  const counts = await countDecisionOutcomes(pool, account);
  halt.ordersPlacedAgain = report.counts.haltDenials ?? 0;
  const metric = (name: string) => {
    const value = report.metrics[name];
    return value?.defined ? (value.value ?? null) : null;
  };
  return {
    seed: options.seed,
    marketDays: options.days,
    verdict: verdict.status,
    gateProfile: report.gateProfile,
    gates: report.gates.map((gate: ReportGate) => ({
      name: gate.name,
      value: gate.value,
      threshold: `${gate.op} ${gate.threshold}`,
      result: gate.result,
    })),
    trades: verdict.trades,
    netPnl: Math.round(verdict.netPnl * 100) / 100,
    sharpe: metric('sharpe'),
    brier: metric('brier'),
    decisionPoints: {
      scheduled: report.decisionPoints.scheduled,
      evaluated: report.decisionPoints.evaluated,
      skipped: skippedDecisionPoints(report.decisionPoints),
    },
    ordersSent: counts.allowed,
    ordersDenied: counts.denied - halt.ordersPlacedAgain,
    halt,
    driftsFound: reconciliation.drifts.length,
    packagesPublished: published,
    packagesVerified: verified,
    links: {
      burnIn: workflowUiUrl(config, started.workflowId),
      desk: workflowUiUrl(config, `desk-${account}`),
      // The fat-finger order: denied by a limit, the same on every run.
      deniedOrder:
        fatFingerState.status === 'DENIED' ? workflowUiUrl(config, fatFinger.handle.workflowId) : null,
      reportHtml: `${verdict.reportDir}/report.html`,
      publishRoot: `${config.export.publishRoot}/${account}`,
      temporalUi: config.temporal.uiUrl,
    },
  };
}

async function waitForPause(handle: ReturnType<Client['workflow']['getHandle']>): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const status = await handle.query(burnInStatusQuery).catch(() => null);
    if (status?.status === 'PAUSED') return status.progress;
    await sleep(250);
  }
  throw new Error('the burn-in did not pause within 60 s of the desk halt');
}
