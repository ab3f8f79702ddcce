import type { Client } from '@temporalio/client';
import type { Pool } from '../../store/db.js';
import { readRun, readEquity, type RunRow } from '../../store/burn-in/run-store.js';
import { evaluateGates, type GateOutcome } from '../../domain/gates/index.js';
import { burnInMetrics, type MetricsTrade } from '../../domain/burn-in/run-metrics.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import type { BurnInInput, BurnInProgress } from '../../workflows/burn-in.js';
import { parseBurnInConfig, type BurnInConfig } from '../../contracts/burn-in/burn-in-config.js';
import { planBurnIn } from '../../contracts/burn-in/burn-in-plan.js';

export const burnInWorkflowId = (runId: string): string => `burn-in-${runId}`;

/** Validates the config (errors name the field) and starts the run's workflow; an existing id is refused. */
export async function startBurnIn(
  client: Client,
  runId: string,
  rawConfig: unknown,
  options: { taskQueue?: string } = {},
): Promise<{ runId: string; workflowId: string; config: BurnInConfig; configHash: string }> {
  const config = parseBurnInConfig(rawConfig);
  const plan = planBurnIn(runId, config);
  const input: BurnInInput = { runId, config };
  const workflowId = burnInWorkflowId(runId);
  await client.workflow.start('burnIn', {
    workflowId,
    taskQueue: options.taskQueue ?? TASK_QUEUES.burnIn,
    args: [input],
  });
  return { runId, workflowId, config, configHash: plan.configHash };
}

export interface BurnInStatusView {
  id: string;
  status: string;
  statusReason: string | null;
  progress: number;
  account: string;
  marketTime: { from: number; to: number; cursor: number | null };
  orders: BurnInProgress['orders'] | null;
  pnl: { realized: number; trades: number };
  openPositions: { symbol: string; quantity: number; entryPrice: number | null }[];
  gates: GateOutcome[];
  heartbeat: BurnInProgress['heartbeat'] | null;
  reportHash: string | null;
}

/**
 * Where a run stands: the workflow's own view when it answers, the database's otherwise, with PnL,
 * open positions and the gates evaluated on what has closed so far.
 */
export async function burnInStatus(
  client: Client,
  pool: Pool,
  runId: string,
): Promise<BurnInStatusView | null> {
  const run = await readRun(pool, runId);
  if (!run) return null;
  const live = await client.workflow
    .getHandle(burnInWorkflowId(runId))
    .query<BurnInProgress>('status')
    .catch(() => null);
  const trades = await closedTrades(pool, runId);
  const config = parseBurnInConfig(run.config);
  const metrics = burnInMetrics(await readEquity(pool, runId), trades);
  const { rows: positions } = await pool.query<{
    symbol: string;
    quantity: string;
    entry_price: string | null;
  }>(
    'SELECT symbol, quantity, entry_price FROM positions WHERE account = $1 AND quantity > 0 ORDER BY symbol',
    [run.account],
  );
  const finished = ['PASS', 'FAIL', 'CANCELED', 'ERROR'].includes(run.status);
  return {
    id: runId,
    status: finished ? run.status : live && ['PAUSED'].includes(live.status) ? 'PAUSED' : run.status,
    statusReason: live?.statusReason ?? run.status_reason,
    progress: finished && run.status !== 'CANCELED' && run.status !== 'ERROR' ? 1 : (live?.progress ?? 0),
    account: run.account,
    marketTime: {
      from: run.market_from.getTime(),
      to: run.market_to.getTime(),
      cursor: live?.cursor ?? null,
    },
    orders: live?.orders ?? null,
    pnl: { realized: trades.reduce((sum, trade) => sum + trade.netPnl, 0), trades: trades.length },
    openPositions: positions.map((row) => ({
      symbol: row.symbol,
      quantity: Number(row.quantity),
      entryPrice: row.entry_price === null ? null : Number(row.entry_price),
    })),
    gates: evaluateGates(config.gates, metrics).gates,
    heartbeat: live?.heartbeat ?? null,
    reportHash: run.report_hash,
  };
}

async function closedTrades(pool: Pool, runId: string): Promise<MetricsTrade[]> {
  const { rows } = await pool.query<{
    net_pnl: string;
    fees: string;
    return_pct: number;
    strategy: string;
    regime: Record<string, string>;
    probability: number | null;
    outcome: number | null;
  }>(
    `SELECT net_pnl, fees, return_pct, strategy, regime, probability, outcome FROM trades
     WHERE run_id = $1 ORDER BY exit_time, symbol`,
    [runId],
  );
  return rows.map((row) => ({
    netPnl: Number(row.net_pnl),
    fees: Number(row.fees),
    returnPct: row.return_pct,
    strategy: row.strategy,
    regime: row.regime,
    probability: row.probability,
    outcome: row.outcome === null ? null : (row.outcome as 0 | 1),
  }));
}

export type { RunRow };
